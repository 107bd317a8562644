"""SynthTalk generation and loading speed on one CPU core.

    python benchmarks/synth_speed.py [--clips 4]

Prints frames/s of `make_clip` (everything a clip stores, audio included) per face-crop size, side by side, and
8-frame windows/s read back by `ClipWindows`. The goal: >= 100 frames/s at 64 x 64 crops (the data should never be what training waits for).
"""
import argparse, os, tempfile, time

os.environ.setdefault('OMP_NUM_THREADS', '1')
import torch
from tccp.clips import ClipWindows
from tccp.synthtalk import SynthConfig, generate_synthtalk, make_clip


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--clips', type=int, default=4, help='clips per setting')
    a = p.parse_args()
    torch.set_num_threads(1)
    make_clip(0)                                                               # warm up imports
    print(f"{'setting':<34}{'frames/s':>10}{'ms/clip':>10}")
    for size, people in [(64, 2), (64, 3), (128, 3), (256, 3)]:
        cfg = SynthConfig(size=size, n_people=people)
        t0 = time.perf_counter(); n = sum(make_clip(i, cfg).n_frames for i in range(a.clips)); dt = time.perf_counter() - t0
        print(f"{f'make_clip S={size} scene={cfg.scene_hw} {people}p':<34}{n / dt:>10.0f}{1000 * dt / a.clips:>10.0f}")
    with tempfile.TemporaryDirectory() as d:
        generate_synthtalk(d, 10, SynthConfig(), progress=False)
        ds = ClipWindows(d, 'train'); t0 = time.perf_counter()
        for i in range(len(ds)): ds[i]
        dt = time.perf_counter() - t0
        print(f"{'ClipWindows read S=64, 8 frames':<34}{len(ds) / dt:>10.0f}{'windows/s':>10}")


if __name__ == '__main__':
    main()
