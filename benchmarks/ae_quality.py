"""Is the autoencoder still the bottleneck? Reconstruction quality of a stage's VAE on SynthTalk test clips.

Faces: PSNR / SSIM of posterior-mean reconstructions (the shipped-models floor: >= 30 dB).
Landmark images: the 68 points fitted back (tccp.pipeline.fit_landmarks) to reconstructions vs fitted to the originals,
and both vs the exact SynthTalk landmarks (floor: reconstructions fit back within 0.5 px of the originals).

    python benchmarks/ae_quality.py --face-vae runs/shipped/ae_face/vae --landmark-vae runs/shipped/ae_landmark/vae \
        --data runs/synth1k --clips 20
"""
from __future__ import annotations
import argparse, json, os, sys

os.environ.setdefault('HF_HUB_OFFLINE', '1')


def frames(root, clips: int, stride: int):
    "(clip, frame indices) of the first `clips` test clips, every `stride`-th frame"
    from tccp.clips import read_index, load_clip
    ids = [e['clip_id'] for e in read_index(root) if e['split'] == 'test'][:clips]
    return [(c, list(range(0, c.n_frames, stride))) for c in (load_clip(root, i) for i in ids)]


def face_quality(vae, clips) -> dict:
    import torch
    from tccp.autoencoder import encode_video, decode_video, psnr, ssim
    p, s = [], []
    with torch.no_grad():
        for c, idx in clips:
            x = torch.from_numpy(c.face[idx]).permute(0, 3, 1, 2).float() / 127.5 - 1          # n 3 S S
            y = decode_video(vae, encode_video(vae, x, mode='mean')).clamp(-1, 1)
            p.append(psnr(x, y)); s.append(ssim(x, y))
    p, s = torch.cat(p), torch.cat(s)
    return {'psnr': p.mean().item(), 'psnr_min': p.min().item(), 'ssim': s.mean().item(), 'n': len(p)}


def landmark_quality(vae, clips) -> dict:
    import numpy as np, torch
    from tccp.autoencoder import encode_video, decode_video
    from tccp.core import to_uint8
    from tccp.pipeline import fit_landmarks
    from tccp.synthtalk import lmd
    rec_vs_orig, rec_vs_gt, orig_vs_gt = [], [], []
    for c, idx in clips:
        x = torch.from_numpy(c.landmark_image[idx]).permute(0, 3, 1, 2).float() / 127.5 - 1
        with torch.no_grad(): y = decode_video(vae, encode_video(vae, x, mode='mean')).clamp(-1, 1)
        rec = np.stack([to_uint8(im) for im in y])                                                # n S S 3
        f_rec, f_orig, gt = fit_landmarks(rec), fit_landmarks(c.landmark_image[idx]), c.landmarks[idx]   # n 68 2 each
        rec_vs_orig.append(lmd(f_rec, f_orig)); rec_vs_gt.append(lmd(f_rec, gt)); orig_vs_gt.append(lmd(f_orig, gt))
    m = lambda v: float(np.mean(v))
    return {'lmd_fit_recon_vs_fit_orig': m(rec_vs_orig), 'lmd_fit_recon_vs_gt': m(rec_vs_gt),
            'lmd_fit_orig_vs_gt': m(orig_vs_gt), 'clips': len(clips)}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--face-vae'); p.add_argument('--landmark-vae')
    p.add_argument('--data', default='runs/synth1k', help='SynthTalk folder with a test split')
    p.add_argument('--clips', type=int, default=20); p.add_argument('--stride', type=int, default=5)
    a = p.parse_args(argv)
    from tccp.autoencoder import load_vae
    clips = frames(a.data, a.clips, a.stride)
    out = {}
    if a.face_vae: out['face'] = face_quality(load_vae(a.face_vae).eval(), clips)
    if a.landmark_vae: out['landmark'] = landmark_quality(load_vae(a.landmark_vae).eval(), clips)
    print(json.dumps(out, indent=1))
    return 0


if __name__ == '__main__':
    sys.exit(main())
