"""One autoencoder for face crops + landmark images, or one each? Train the tiny preset three ways on the same
SynthTalk clips for the same number of steps and print held-out PSNR/SSIM side by side.

    python benchmarks/ae_shared_vs_separate.py --root DATA --out runs/ae_bench --steps 1500

(Resumable: each run keeps its checkpoints under OUT/<name>.)"""
import argparse, json, time
from pathlib import Path

import torch

from tccp.autoencoder import AETrainConfig, evaluate_reconstruction, train_autoencoder


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--root', required=True); p.add_argument('--out', default='runs/ae_bench')
    p.add_argument('--steps', type=int, default=1500); p.add_argument('--batch-size', type=int, default=16)
    p.add_argument('--factor', type=int, default=16); p.add_argument('--threads', type=int, default=1)
    p.add_argument('--split', default='val')
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    # the shared AE sees each image type half as often, so it also runs to 2x steps (resumed from its own
    # checkpoint): equal steps per model, then equal total compute to the two separate AEs together
    runs = {'shared': (('face', 'landmark_image'), a.steps), 'face_only': (('face',), a.steps),
            'landmark_only': (('landmark_image',), a.steps), 'shared_2x': (('face', 'landmark_image'), 2 * a.steps)}
    rows = {}
    for name, (keys, steps) in runs.items():
        cfg = AETrainConfig.tiny(a.factor, root=a.root, out_dir=f"{a.out}/{name.replace('_2x', '')}", keys=keys,
                                 max_steps=steps, batch_size=a.batch_size, save_every=a.steps // 2, log_with=None)
        t0 = time.time(); vae = train_autoencoder(cfg, progress=False); dt = time.time() - t0
        rows[name] = {'seconds': round(dt), **evaluate_reconstruction(vae, a.root, a.split, keys)}
        print(name, json.dumps(rows[name]), flush=True)
    print(f"\nheld-out '{a.split}' reconstructions, tiny f{a.factor}, {a.steps} steps x batch {a.batch_size} (shared_2x: twice that)")
    print(f"{'run':15s} {'face PSNR':>10s} {'face SSIM':>10s} {'lmk PSNR':>10s} {'lmk SSIM':>10s} {'train s':>8s}")
    for name, r in rows.items():
        f, l = r.get('face', {}), r.get('landmark_image', {})
        fmt = lambda d, k, w: f"{d[k]:{w}}" if k in d else ' ' * 10
        print(f"{name:15s} {fmt(f, 'psnr', '10.2f')} {fmt(f, 'ssim', '10.4f')} {fmt(l, 'psnr', '10.2f')} {fmt(l, 'ssim', '10.4f')} {r['seconds']:8d}")
    Path(a.out).mkdir(parents=True, exist_ok=True); (Path(a.out) / 'results.json').write_text(json.dumps(rows, indent=1))


if __name__ == '__main__':
    main()
