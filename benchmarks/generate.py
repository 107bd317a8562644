"""Generation speed and memory (tccp.pipeline), measured side by side on this machine.

1. frames/s and peak memory vs video length (5 s vs 30 s): the context is streamed from mp4 files and the result
   written to mp4 (return_frames=False), each length in its own process so peak RSS is that run's alone.
2. The paper's 1000-step DDPM vs 20-step DPM-Solver++ (SDE), DDIM and DPM-Solver++ (both stages): wall time, frames/s and the exact
   SynthTalk metrics (landmarks fitted to the generated landmark images), via tccp.pipeline.compare_samplers, on
   --clips test clips x --seeds seeds.

Uses the trained pipeline at data/tccp-tiny when it exists, else a throwaway pipeline with random weights (speed and
memory are the same; the metrics then mean nothing, and the table says so).

    python benchmarks/generate.py                        # defaults: lengths 5 30, DPM++ (SDE) 4 steps for part 1
    python benchmarks/generate.py --steps 20 --ddpm-seconds 1.0 --device cuda
"""
from __future__ import annotations
import argparse, json, os, resource, subprocess, sys, tempfile, time
from pathlib import Path

os.environ.setdefault('HF_HUB_OFFLINE', '1')
import numpy as np
import torch


def throwaway_pipeline(out: Path) -> Path:
    "A pipeline folder with random-weight tiny models (the notebook's fake runs), for speed/memory only"
    from tccp.core import seed_everything
    from tccp.autoencoder import make_vae, AEConfig
    from tccp.train import TrainConfig, build_model
    from tccp.mvcontrolnet import MODELS, model_spec
    from tccp.pipeline import assemble_pipeline
    vae_dir, runs = out / 'vae', out / 'runs'
    seed_everything(0); make_vae(AEConfig.tiny(8)).save_pretrained(vae_dir)
    for i, m in enumerate(MODELS):
        seed_everything(i); spec = model_spec(m); bdir = runs / f"{spec['stage']}_branch" / 'final'
        if not (bdir / 'unet').is_dir(): build_model(TrainConfig.tiny(model=f"{spec['stage']}_branch"), 8).save_pretrained(bdir)
        net = build_model(TrainConfig.tiny(model=m, branch_dir=str(bdir)), 8)
        with torch.no_grad():
            for n, p in net.control.named_parameters():
                if 'zero' in n or n.startswith('hint.out'): p.normal_(0, 0.05)
        final = runs / m / 'final'; net.save_pretrained(final)
        (final / 'tccp_train.json').write_text(json.dumps({'model': m, 'spec': spec, 'step': 0, 'ae_dir': str(vae_dir), 'image_size': 64}))
    return assemble_pipeline(runs, vae_dir, out / 'pipe')


def write_context(clip, d: Path):
    "The clip's scene, mask video, identity and audio as files (so the run streams them)"
    import soundfile as sf
    from tccp.pipeline import VideoWriter
    with VideoWriter(d / 'scene.mp4') as w:
        for fr in clip.frames: w.write(fr)
    with VideoWriter(d / 'mask.mp4') as w:
        for m in clip.mask: w.write(np.repeat(m[..., None] * 255, 3, -1))
    sf.write(d / 'audio.wav', clip.audio, clip.sample_rate)
    np.save(d / 'identity.npy', clip.identity)


def child(args) -> dict:
    "One streamed run in this process: returns frames/s and peak RSS"
    torch.set_num_threads(args.threads)
    from tccp.pipeline import TCCPPipeline, Scene
    from tccp.audio_lips import load_audio
    d = Path(args.child)
    pipe = TCCPPipeline.from_pretrained(args.model, device=args.device)
    audio = load_audio(d / 'audio.wav')
    scene = Scene.from_masked_video(d / 'scene.mp4', d / 'mask.mp4')
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    r = pipe(audio, scene, np.load(d / 'identity.npy'), sampler=args.sampler, steps=args.steps,
             generator=torch.Generator().manual_seed(0), out=d / 'out.mp4', return_frames=False, progress=False)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return dict(frames=r.n_frames, seconds=r.seconds, fps=r.n_frames / r.seconds, peak_rss_mb=rss, rss_after_load_mb=rss0)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--lengths', type=float, nargs='+', default=[5.0, 30.0], help='video lengths in seconds (part 1)')
    p.add_argument('--sampler', default='dpm++sde'); p.add_argument('--steps', type=int, default=4, help='part 1 steps per window')
    p.add_argument('--ddpm-seconds', type=float, default=0.6, help='clip length for part 2 (DDPM-1000 is slow)')
    p.add_argument('--clips', type=int, nargs='+', default=[19], help='SynthTalk test clip indices for part 2 (default 19)')
    p.add_argument('--seeds', type=int, nargs='+', default=[0], help='seeds for part 2 (default 0)')
    p.add_argument('--solver-steps', type=int, default=20, help='steps of the fast solvers in part 2 (default 20)')
    p.add_argument('--skip-ddpm', action='store_true'); p.add_argument('--device', default='cpu')
    p.add_argument('--threads', type=int, default=1); p.add_argument('--model', default=None)
    p.add_argument('--child', default=None, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child: print(json.dumps(child(args))); return 0

    from tccp.core import data_dir
    from tccp.pipeline import TCCPPipeline, PIPELINE_FILE, compare_samplers, sampler_table, print_sampler_table
    from tccp.synthtalk import make_clip, SynthConfig
    torch.set_num_threads(args.threads)
    tmp = Path(tempfile.mkdtemp(prefix='tccp-bench-'))
    trained = args.model or (str(data_dir() / 'tccp-tiny') if (data_dir() / 'tccp-tiny' / PIPELINE_FILE).is_file() else None)
    args.model = trained or str(throwaway_pipeline(tmp))
    pipe = TCCPPipeline.from_pretrained(args.model, device=args.device)
    what = f"trained pipeline {args.model}" if trained else "throwaway random-weight tiny pipeline (metrics meaningless)"
    print(f"model: {what}; image {pipe.size}px; device {args.device}, torch threads {args.threads}, "
          f"{os.cpu_count()} CPUs; torch {torch.__version__}\n")

    print(f"1. length scaling ({args.sampler}, {args.steps} steps/window, context streamed from mp4, result written to mp4)")
    print(f"{'length':>8s} {'frames':>7s} {'wall s':>8s} {'frames/s':>9s} {'peak RSS MB':>12s} {'RSS after load MB':>18s}")
    for sec in args.lengths:
        d = tmp / f'len{sec:g}'; d.mkdir()
        write_context(make_clip(9, SynthConfig(size=pipe.size, seconds=sec), split='test'), d)
        cmd = [sys.executable, __file__, '--child', str(d), '--model', args.model, '--sampler', args.sampler,
               '--steps', str(args.steps), '--device', args.device, '--threads', str(args.threads)]
        out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode: print(out.stderr[-2000:]); return 1
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{sec:7.1f}s {r['frames']:7d} {r['seconds']:8.1f} {r['fps']:9.2f} {r['peak_rss_mb']:12.0f} {r['rss_after_load_mb']:18.0f}", flush=True)

    clips, seeds = args.clips, args.seeds
    print(f"\n2. samplers, both stages, on {len(clips)} SynthTalk test clip(s) x {len(seeds)} seed(s) of {args.ddpm_seconds:g} s: "
          f"wall time and the exact metrics vs ground truth (mean ± std over runs; LMD in crop px; (gap to DDPM-1000))")
    samplers = ([] if args.skip_ddpm else [('ddpm', 1000)]) + [(s, args.solver_steps) for s in ('dpm++sde', 'ddim', 'dpm++')]
    rows = compare_samplers(pipe, samplers, clips, seeds, args.ddpm_seconds, face=None, progress=False)
    print_sampler_table(sampler_table(rows))
    return 0


if __name__ == '__main__': sys.exit(main())
