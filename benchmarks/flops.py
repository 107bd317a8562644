"""What real-time generation needs: FLOPs per generated frame of the paper preset, counted, not timed.

Counts (torch.utils.flop_counter, on CPU, no GPU needed) the floating-point operations of every network the pipeline
runs at inference, at the paper's sizes: 256x256 frames, f16 VAE (16x16x4 latents), 8-frame windows of which 7 frames
are new, both stages' sequence MVControlNets (Supplementary Table 3), the lip-reference generator, two VAE decodes per
frame (landmark image and face). From those it prints the FLOPs per output frame for a given solver step count and the
sustained throughput 25 frames/s needs. It measures no speed: divide by a GPU's achieved bf16 throughput to estimate
frames/s, and confirm with `benchmarks/generate.py --device cuda` on the GPU.

    python benchmarks/flops.py                       # 20 steps per stage, no guidance
    python benchmarks/flops.py --steps 20 50 --guidance   # classifier-free guidance doubles the denoiser's batch
"""
from __future__ import annotations
import argparse, os, sys, tempfile
os.environ.setdefault('HF_HUB_OFFLINE', '1')
import torch
from torch.utils.flop_counter import FlopCounterMode


def count(fn) -> float:
    "FLOPs of one call of `fn()` (a multiply-add counts 2)"
    with torch.no_grad(), FlopCounterMode(display=False) as fc: fn()
    return float(fc.get_total_flops())


def paper_model(stage: str, tmp: str):
    "The paper-preset sequence MVControlNet of `stage`, built the way `tccp train` builds it (random weights)"
    from tccp.train import TrainConfig, build_model
    bdir = os.path.join(tmp, f'{stage}_branch')
    build_model(TrainConfig.paper(model=f'{stage}_branch'), 16).save_pretrained(bdir)
    return build_model(TrainConfig.paper(model=f'{stage}_sequence', branch_dir=bdir), 16).eval()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--steps', type=int, nargs='+', default=[20], help='solver steps per window and stage (default 20)')
    p.add_argument('--guidance', action='store_true', help='count classifier-free guidance (two denoiser passes per step)')
    a = p.parse_args(argv)
    torch.set_num_threads(max(1, (os.cpu_count() or 2) // 2))
    from tccp.autoencoder import AEConfig, make_vae
    from tccp.audio_lips import LipGenerator
    S, f, new = 256, 8, 7
    t = torch.full((1,), 500)
    first = torch.randn(1, 4, 1, 16, 16)
    mel, ident = torch.randn(1, f, 80, 16), torch.randn(1, 3, S, S)
    per = {}
    with tempfile.TemporaryDirectory() as tmp:
        lm = paper_model('landmark', tmp)
        per['landmark MVControlNet step'] = count(lambda: lm(torch.randn(1, 4, f, 16, 16), t, {'audio': mel},
                                                            torch.randn(1, 4, f, S, S), first))
        n_params = {'landmark': sum(q.numel() for q in lm.parameters())}; del lm
        fm = paper_model('face', tmp)
        per['face MVControlNet step'] = count(lambda: fm(torch.randn(1, 4, f, 16, 16), t,
                                                        {'lip_ref': torch.randn(1, 3, f, S // 2, S), 'identity': ident},
                                                        torch.randn(1, 3, f, S, S), first))
        n_params['face'] = sum(q.numel() for q in fm.parameters()); del fm
    lip = LipGenerator.paper().eval()
    per['lip references (window)'] = count(lambda: lip.lip_reference(mel, ident))
    vae = make_vae(AEConfig.paper(16)).eval()
    per['VAE decode (frame)'] = count(lambda: vae.decode(torch.randn(1, 4, 16, 16)).sample)

    print(f"paper preset, {S}x{S}, f16 latents 4x16x16, {f}-frame windows ({new} new frames each); "
          f"MVControlNet parameters: landmark {n_params['landmark'] / 1e6:.1f} M, face {n_params['face'] / 1e6:.1f} M\n")
    for k, v in per.items(): print(f"{k:32s} {v / 1e9:10.1f} GFLOP")
    cfg = 2 if a.guidance else 1
    print(f"\n{'steps':>6s} {'GFLOP/frame':>12s} {'TFLOP/s for 25 fps':>19s}   (guidance {'on' if a.guidance else 'off'})")
    for k in a.steps:
        per_window = k * cfg * (per['landmark MVControlNet step'] + per['face MVControlNet step']) + per['lip references (window)']
        per_frame = per_window / new + 2 * per['VAE decode (frame)']
        print(f"{k:6d} {per_frame / 1e9:12.1f} {per_frame * 25 / 1e12:19.2f}")
    return 0


if __name__ == '__main__': sys.exit(main())
