"""Frames per second of real-video preparation (`tccp.prepare`), per landmark backend and detection interval.

The sample clip is first re-encoded at 360p (short side 360, 25 fps, H.264/AAC) in a temp folder, so the figure is for
360p input as the goal states (>= 25 fps, real time, with the offline default). Each row times the *full* preparation
of that file in one process: decode + 25 fps resampling, audio, shot cuts, detection every k frames with landmark
tracking in between, speaker choice, smoothing, masks, crops, landmark images, and writing the shards. A `workers=2`
row runs `prepare_folder` on two copies of the file (this machine has 2 cores). The machine is shared, so each row
reports the fastest of `--repeat` runs.

    python benchmarks/prepare_fps.py                          # dlib at k = 1, 4, 8, 16, face_alignment, 2 workers
    python benchmarks/prepare_fps.py --sample talk_en_male_office_suit_01.mp4 --seconds 6 --preset paper
    python benchmarks/prepare_fps.py --fan-timing-weights    # face_alignment installed: time SFD+FAN, random weights

The face_alignment row needs `pip install face-alignment` and its weights in torch hub's checkpoints folder (the
backend's error says which files and where). Without internet, `--fan-timing-weights` times the same networks with
random weights in a temp folder: the compute per frame is the same, the landmarks are meaningless.
"""
from __future__ import annotations
import argparse, contextlib, itertools, os, shutil, sys, tempfile, time
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
    from tccp.clips import ClipWriter
    backend = get_backend(cfg.backend)                                       # model loading is not timed
    out = tmp / f'out-{time.time_ns()}'
    t0 = time.perf_counter()
    with ClipWriter(out) as w: row = prepare_file(path, cfg, w.add, backend=backend)
    dt = time.perf_counter() - t0
    shutil.rmtree(out)
    return dt, row['frames'], len(row['clips'])


@contextlib.contextmanager
def fan_timing_weights(tmp: Path, on: bool):
    "With `on`: point TORCH_HOME at a temp folder holding randomly initialised SFD and 2D-FAN weights (timing only)"
    if not on: yield; return
    import torch
    from face_alignment.detection.sfd.net_s3fd import s3fd
    from face_alignment.models import FAN
    from tccp.prepare import fan_weight_files
    old = torch.hub.get_dir(); torch.hub.set_dir(str(tmp / 'hub')); d = tmp / 'hub' / 'checkpoints'; d.mkdir(parents=True)
    sfd_name, fan_name = list(fan_weight_files())
    torch.save(s3fd().state_dict(), d / sfd_name)
    if fan_name.endswith('.zip'): torch.jit.script(FAN(4).eval()).save(str(d / fan_name))   # face-alignment 1.4
    else: torch.save(FAN(4).state_dict(), d / fan_name)                                       # 1.5
    try: yield
    finally: torch.hub.set_dir(old)


def time_fan(path: Path, cfg, tmp: Path, random_weights: bool):
    "Like `time_file`; with random weights SFD finds boxes everywhere, so keep only its single best box per frame"
    from tccp.prepare import get_backend, prepare_file
    from tccp.clips import ClipWriter
    be = get_backend('face_alignment')
    if random_weights:
        det = be.detect
        def top1(img):
            b, s = det(img); k = s.argsort()[-1:]
            return b[k], s[k]
        be.detect = top1
    out = tmp / f'out-{time.time_ns()}'
    t0 = time.perf_counter()
    with ClipWriter(out) as w: row = prepare_file(path, cfg, w.add, backend=be)
    return time.perf_counter() - t0, row['frames'], len(row['clips'])


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
    ap.add_argument('--fan-timing-weights', action='store_true', help='time face_alignment with randomly initialised '
                    'SFD/FAN of the real architectures (same compute; the real weights cannot be downloaded offline)')
    ap.add_argument('--fan-seconds', type=float, default=2.0, help='seconds of input for the face_alignment row (slow on CPU)')
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
        print(f"{'what':<52} {'seconds':>8} {'frames':>7} {'clips':>6} {'fps':>8}")
        dt, m = min(time_decode(clip, preset().work_short_side) for _ in range(a.repeat))
        print(f"{'decode + resample + audio only':<52} {dt:8.2f} {m:7d} {'':>6} {m / dt:8.1f}")
        for k in [int(x) for x in a.detect_every.split(',')]:
            cfg = preset(backend='dlib', detect_every=k)
            dt, m, c = min(time_file(clip, cfg, tmp) for _ in range(a.repeat))
            print(f"{f'dlib, detect every {k}' + (' (default)' if k == 8 else ''):<52} {dt:8.2f} {m:7d} {c:6d} {m / dt:8.1f}")
        try:
            label = 'face_alignment (SFD + FAN), detect every 8'
            if a.fan_timing_weights: label = label.replace('(', '(random weights, ')
            with fan_timing_weights(tmp, a.fan_timing_weights):
                fa_clip = tmp / 'input_fan.mp4'
                m = make_360p(clip, fa_clip, a.fan_seconds, a.short_side)
                dt, m, c = time_fan(fa_clip, preset(backend='face_alignment'), tmp, a.fan_timing_weights)
            print(f"{label:<52} {dt:8.2f} {m:7d} {c:6d} {m / dt:8.1f}")
        except (MissingWeightsError, ImportError) as e:
            print(f"{'face_alignment (SFD + FAN)':<52} not run: {str(e)[:300]}")
        if not a.no_workers:
            src = tmp / 'two'; src.mkdir()
            for i in range(2): shutil.copy(clip, src / f'copy{i}.mp4')
            t0 = time.perf_counter()
            rows = prepare_folder(src, tmp / 'folder_out', preset(), workers=2, progress=False)
            dt = time.perf_counter() - t0; m = sum(r.get('frames', 0) for r in rows)
            print(f"{'dlib, k=8, prepare_folder 2 files, workers=2':<52} {dt:8.2f} {m:7d} "
                  f"{sum(len(r['clips']) for r in rows):6d} {m / dt:8.1f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
