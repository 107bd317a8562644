"""Forward+backward time and peak memory of MVControlNet vs diffusers' UNet3DConditionModel, side by side.

The diffusers model is sized to within 10% of MVControlNet's parameter count (all three parts: U-Net, control branch,
condition encoder) and gets the same work: latent video `b 4 f 16 16`, the same number of condition tokens of the same
size. Each model is measured in its own fresh subprocess so peak memory is not shared.

    python benchmarks/model_step.py --preset tiny                  # CPU, seconds
    python benchmarks/model_step.py --preset paper --device cuda --bf16 --channels-last --batch 8

Peak memory: on CUDA `torch.cuda.max_memory_allocated` during the timed steps minus what was allocated before them;
on CPU the growth of the process's resident-set high-water mark (ru_maxrss) over its size before the first (warm-up)
step, a coarser measure (the allocator keeps freed memory).
"""
from __future__ import annotations
import argparse, json, multiprocessing as mp, os, queue, resource, statistics, sys, time

os.environ.setdefault('HF_HUB_OFFLINE', '1')


def build_mvcontrolnet(preset: str):
    from tccp.mvcontrolnet import MVControlNet
    return MVControlNet.tiny(('audio',), video_cond_channels=4) if preset == 'tiny' else MVControlNet.paper(('audio',), video_cond_channels=4)


def unet3d_config(preset: str, widths: tuple[int, int, int]) -> dict:
    "UNet3DConditionModel with MVControlNet's layout: 3 scales, 2 layers per block, cross-attention at every scale"
    tiny = preset == 'tiny'
    return dict(sample_size=16, in_channels=4, out_channels=4,
                down_block_types=('CrossAttnDownBlock3D',) * 3, up_block_types=('CrossAttnUpBlock3D',) * 3,
                block_out_channels=tuple(widths), layers_per_block=2,
                norm_num_groups=2 if tiny else 16, cross_attention_dim=16 if tiny else 128,
                attention_head_dim=2 if tiny else 8)   # diffusers' UNet3D reads this as the number of heads


def n_params(m) -> int: return sum(p.numel() for p in m.parameters())


def matched_widths(preset: str, target: int) -> tuple[tuple[int, int, int], int]:
    "Widths (c, 2c, 4c) of the UNet3DConditionModel closest to `target` parameters; if none is within 10%, vary the last"
    import torch
    from diffusers import UNet3DConditionModel
    def count(w):
        with torch.device('meta'): return n_params(UNet3DConditionModel(**unet3d_config(preset, w)))
    step = 2 if preset == 'tiny' else 16                # multiples of the GroupNorm groups and head count
    cands = [((c, 2 * c, 4 * c), count((c, 2 * c, 4 * c))) for c in range(step, (64 if preset == 'tiny' else 512) + 1, step)]
    best = min(cands, key=lambda wn: abs(wn[1] - target))
    if abs(best[1] - target) > 0.05 * target:
        c = best[0][0]
        more = [((c, 2 * c, c3), count((c, 2 * c, c3))) for c3 in range(2 * c, 6 * c + 1, step)]
        best = min(cands + more, key=lambda wn: abs(wn[1] - target))
    return best


def _rss_bytes() -> int:
    with open('/proc/self/statm') as f: return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE')


def measure(which: str, args: dict, q) -> None:
    "Build one model in this (fresh) process, run warm-up + timed forward/backward steps, put results on `q`"
    import torch
    torch.manual_seed(0)
    if args['threads']: torch.set_num_threads(args['threads'])
    dev = torch.device(args['device'])
    b, f, preset = args['batch'], args['frames'], args['preset']
    x_t = torch.randn(b, 4, f, 16, 16, device=dev)
    t = torch.randint(0, 1000, (b,), device=dev)
    if which == 'mvcontrolnet':
        model = build_mvcontrolnet(preset)
        a = model.control.config.ae_factor
        cond = {'audio': torch.randn(b, f, 80, 16, device=dev)}
        video_cond = torch.randn(b, 4, f, 16 * a, 16 * a, device=dev)
        fn = lambda: model(x_t, t, cond, video_cond, first_frame=x_t[:, :, :1])
    else:
        from diffusers import UNet3DConditionModel
        model = UNet3DConditionModel(**unet3d_config(preset, args['unet3d_widths']))
        n_tok, d = (2, 16) if preset == 'tiny' else (4, 128)            # the same tokens MVControlNet's audio encoder makes
        ehs = torch.randn(b, n_tok, d, device=dev)
        fn = lambda: model(x_t, t, ehs).sample
    model.to(dev).train()
    if args['channels_last']:                                          # 2-D conv weights only (UNet3D also has Conv3d)
        for m in model.modules():
            if isinstance(m, torch.nn.Conv2d): m.to(memory_format=torch.channels_last)
    ac = torch.autocast(dev.type, dtype=torch.bfloat16, enabled=args['bf16'])
    sync = torch.cuda.synchronize if dev.type == 'cuda' else (lambda: None)

    def step():
        with ac: out = fn()
        out.float().square().mean().backward()
        model.zero_grad(set_to_none=True)

    rss_before = _rss_bytes()                                          # CPU: before any step, warm-up included
    for _ in range(args['warmup']): step()
    sync()
    if dev.type == 'cuda': torch.cuda.reset_peak_memory_stats(); base_mem = torch.cuda.memory_allocated()
    else: base_mem = rss_before
    times = []
    for _ in range(args['steps']):
        t0 = time.perf_counter(); step(); sync(); times.append(time.perf_counter() - t0)
    peak = (torch.cuda.max_memory_allocated() if dev.type == 'cuda'
            else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024) - base_mem
    q.put(dict(model=which, params=n_params(model), step_s=statistics.median(times), peak_mb=peak / 2**20))


def run_isolated(which: str, args: dict) -> dict:
    ctx = mp.get_context('spawn'); q = ctx.Queue()
    p = ctx.Process(target=measure, args=(which, args, q)); p.start()
    while True:
        try: res = q.get(timeout=5); break
        except queue.Empty:
            if not p.is_alive(): raise SystemExit(f"measuring {which} failed (exit code {p.exitcode}); see its traceback above")
    p.join()
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog='model_step.py', description=__doc__.split('\n')[0])
    ap.add_argument('--preset', choices=['tiny', 'paper'], default='tiny')
    ap.add_argument('--device', default='cpu', help="'cpu' or 'cuda'")
    ap.add_argument('--batch', type=int, default=2)
    ap.add_argument('--frames', type=int, default=8)
    ap.add_argument('--steps', type=int, default=5, help='timed steps (median reported)')
    ap.add_argument('--warmup', type=int, default=2)
    ap.add_argument('--threads', type=int, default=1, help='torch CPU threads (0 = torch default)')
    ap.add_argument('--bf16', action='store_true', help='bf16 autocast')
    ap.add_argument('--channels-last', action='store_true', help='convert conv weights to channels-last')
    ap.add_argument('--json', action='store_true', help='also print the results as one JSON line')
    a = ap.parse_args(argv)
    import torch
    with torch.device('meta'): target = n_params(build_mvcontrolnet(a.preset))
    widths, n3d = matched_widths(a.preset, target)
    if abs(n3d - target) > 0.1 * target: raise SystemExit(f"no UNet3DConditionModel within 10%: {n3d:,} vs {target:,}")
    args = dict(vars(a), unet3d_widths=widths)
    dev_name = torch.cuda.get_device_name() if a.device == 'cuda' else f"CPU ({a.threads or torch.get_num_threads()} thread(s))"
    print(f"preset={a.preset} device={dev_name} batch={a.batch} frames={a.frames} latent=4x16x16 "
          f"bf16={a.bf16} channels_last={a.channels_last} torch={torch.__version__}")
    print(f"UNet3DConditionModel widths {widths}: {n3d:,} params vs MVControlNet {target:,} ({n3d / target - 1:+.1%})")
    res = [run_isolated(w, args) for w in ('mvcontrolnet', 'unet3d')]
    print(f"{'model':14s} {'params':>12s} {'fwd+bwd s':>10s} {'peak MiB':>9s}")
    for r in res: print(f"{r['model']:14s} {r['params']:12,d} {r['step_s']:10.4f} {r['peak_mb']:9.1f}")
    mv, u3 = res
    print(f"ratio MVControlNet / UNet3DConditionModel: time {mv['step_s'] / u3['step_s']:.2f}, peak memory {mv['peak_mb'] / max(u3['peak_mb'], 1e-9):.2f}")
    if a.json: print(json.dumps(dict(args=args, results=res)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
