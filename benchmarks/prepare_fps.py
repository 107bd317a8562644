"""Frames per second of real-video preparation (`tccp.prepare`), per landmark backend and detection interval.

The sample clip is first re-encoded at 360p (short side 360, 25 fps, H.264/AAC) in a temp folder, so the figure is for
360p input as the goal states (>= 25 fps, real time, with the offline default). Each row times the *full* preparation
of that file in one process: decode + 25 fps resampling, audio, shot cuts, detection every k frames with landmark
tracking in between, speaker choice, smoothing, masks, crops, landmark images, and writing the shards. A `workers=2`
row runs `prepare_folder` on two copies of the file (this machine has 2 cores). The machine is shared, so each row
reports the fastest of `--repeat` runs.

    python benchmarks/prepare_fps.py                          # dlib at k = 1, 4, 8, 16, face_alignment, 2 workers
    python benchmarks/prepare_fps.py --sample talk_en_male_office_suit_01.mp4 --seconds 6 --preset paper
"""
from __future__ import annotations
import argparse, itertools, os, shutil, sys, tempfile, time
from pathlib import Path

os.environ.setdefault('HF_HUB_OFFLINE', '1')


def make_360p(src: Path, dst: Path, seconds: float, short: int) -> int:
    "Re-encode the first `seconds` of `src` at short side `short`, 25 fps, H.264 + AAC mono 16 kHz; returns frames"
    import av, numpy as np
    from tccp.prepare import iter_frames, read_audio
    frames = list(itertools.islice(iter_frames(src, 25, short), int(seconds * 25)))
    audio = read_audio(src, 16000)[:int(len(frames) * 640)]
    H, W = frames[0].shape[:2]
    with av.open(str(dst), 'w') as c:
        v = c.add_stream('libx264', rate=25); v.width, v.height, v.pix_fmt = W, H, 'yuv420p'
        a = c.add_stream('aac', rate=16000)
        for f in frames: c.mux(v.encode(av.VideoFrame.from_ndarray(f, format='rgb24')))
        c.mux(v.encode(None))
        af = av.AudioFrame.from_ndarray(audio[None].astype(np.float32), format='flt', layout='mono'); af.sample_rate = 16000
        c.mux(a.encode(af)); c.mux(a.encode(None))
    return len(frames)


def time_file(path: Path, cfg, tmp: Path) -> tuple[float, int, int]:
    "Seconds, frames and clips for one full `prepare_file` run writing shards to a fresh folder"
    from tccp.prepare import get_backend, prepare_file
    from tccp.synthtalk import ClipWriter
    backend = get_backend(cfg.backend)                                       # model loading is not timed
    out = tmp / f'out-{time.time_ns()}'
    t0 = time.perf_counter()
    with ClipWriter(out) as w: row = prepare_file(path, cfg, w.add, backend=backend)
    dt = time.perf_counter() - t0
    shutil.rmtree(out)
    return dt, row['frames'], len(row['clips'])


def time_decode(path: Path, short: int) -> tuple[float, int]:
    from tccp.prepare import iter_frames, read_audio
    t0 = time.perf_counter(); n = sum(1 for _ in iter_frames(path, 25, short)); read_audio(path)
    return time.perf_counter() - t0, n


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--sample', default='talk_xx_male_kitchen_halfbody_05.mp4', help='file in the shared samples folder')
    ap.add_argument('--seconds', type=float, default=10.0)
    ap.add_argument('--short-side', type=int, default=360, help='input resolution (short side) of the re-encode')
    ap.add_argument('--preset', choices=['tiny', 'paper'], default='tiny')
    ap.add_argument('--detect-every', default='1,4,8,16', help='dlib rows: detection intervals k')
    ap.add_argument('--no-workers', action='store_true', help='skip the 2-worker folder row')
    ap.add_argument('--repeat', type=int, default=3, help='runs per row; the fastest is reported (the machine is shared)')
    a = ap.parse_args(argv)
    import cv2, torch
    from tccp.core import MissingWeightsError, shared_samples_dir
    from tccp.prepare import PrepareConfig, prepare_folder
    torch.set_num_threads(1)
    samples = shared_samples_dir()
    if samples is None or not (samples / a.sample).exists():
        print(f"SKIP: sample {a.sample} not found (set $TCCP_SAMPLES or add ../shared/samples)"); return 0
    tmp = Path(tempfile.mkdtemp())
    try:
        clip = tmp / 'input_360p.mp4'
        n = make_360p(samples / a.sample, clip, a.seconds, a.short_side)
        preset = PrepareConfig.paper if a.preset == 'paper' else PrepareConfig.tiny
        print(f"input: first {a.seconds:g} s of {a.sample} re-encoded at short side {a.short_side} ({n} frames, 25 fps); "
              f"preset {a.preset}; {os.cpu_count()} CPU cores, cv2 threads {cv2.getNumThreads()}, one process per row, "
              f"best of {a.repeat}\n")
        print(f"{'what':<44} {'seconds':>8} {'frames':>7} {'clips':>6} {'fps':>8}")
        dt, m = min(time_decode(clip, preset().work_short_side) for _ in range(a.repeat))
        print(f"{'decode + resample + audio only':<44} {dt:8.2f} {m:7d} {'':>6} {m / dt:8.1f}")
        for k in [int(x) for x in a.detect_every.split(',')]:
            cfg = preset(backend='dlib', detect_every=k)
            dt, m, c = min(time_file(clip, cfg, tmp) for _ in range(a.repeat))
            print(f"{f'dlib, detect every {k}' + (' (default)' if k == 8 else ''):<44} {dt:8.2f} {m:7d} {c:6d} {m / dt:8.1f}")
        try:
            dt, m, c = time_file(clip, preset(backend='face_alignment'), tmp)
            print(f"{'face_alignment (SFD + FAN), detect every 8':<44} {dt:8.2f} {m:7d} {c:6d} {m / dt:8.1f}")
        except (MissingWeightsError, ImportError) as e:
            print(f"{'face_alignment (SFD + FAN)':<44} not run: {str(e)[:160]}")
        if not a.no_workers:
            src = tmp / 'two'; src.mkdir()
            for i in range(2): shutil.copy(clip, src / f'copy{i}.mp4')
            t0 = time.perf_counter()
            rows = prepare_folder(src, tmp / 'folder_out', preset(), workers=2, progress=False)
            dt = time.perf_counter() - t0; m = sum(r.get('frames', 0) for r in rows)
            print(f"{'dlib, k=8, prepare_folder 2 files, workers=2':<44} {dt:8.2f} {m:7d} "
                  f"{sum(len(r['clips']) for r in rows):6d} {m / dt:8.1f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
