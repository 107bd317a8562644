"""Convergence at equal CPU time: the cpu preset's loss against the paper's and the usual remedies.

Each arm trains the landmark stage's diffusion branch on single frames (the first-frame task) for the same number of
steps from the same seed; the arms cost the same per step, so equal steps are equal CPU time. Then, on fixed held-out
frames, each is scored with numbers every parameterisation shares:
  - the one-step x0 error (latent MSE) at noise levels t, against the mean frame's error (a network worse than the
    mean frame at some t sends a sampler off the data there);
  - the ε-MSE (v-networks converted to ε) over uniform t, whole crop and lips' box;
  - the audio gap in the lips' box (held-out loss with another window's audio over the true one, minus 1).
Intervals: 95% normal, over held-out samples (x0) or batches (the rest).

    python benchmarks/convergence.py --data runs/synth1k --cache runs/shipped/cache/landmark_image \
        --ae runs/shipped/ae_landmark/vae --out runs/convergence --steps 600
Arms already trained in --out are reused (each run resumes), so the command can be rerun after a kill.
"""
import argparse, os
os.environ.setdefault('OMP_NUM_THREADS', '1')
import numpy as np, torch
from safetensors.torch import load_file
from tccp.train import TrainConfig, train, build_fresh, batch_inputs, mouth_box, _val_batches
from tccp.mvcontrolnet import model_spec
from tccp.ddpm import DDPMSchedule, noisy_window, weighted_loss, as_epsilon, predict_x0

ARMS = {  # overrides of TrainConfig.cpu()
    'cpu':    dict(),                                                                  # the shipped recipe (v, min-SNR 5)
    'eps':    dict(prediction_type='epsilon'),                                          # the same with the paper's ε
    'paper':  dict(prediction_type='epsilon', lr=2e-4, warmup_steps=0, min_snr_gamma=None, mouth_weight=0.0),
    'eps_no_snr': dict(prediction_type='epsilon', min_snr_gamma=None),
}
T_PROBE = (100, 300, 500, 700, 900)

def train_arm(a, name):
    cfg = TrainConfig.cpu(model='landmark_branch', data_root=a.data, ae_dir=a.ae, latent_cache=a.cache, out_dir=f'{a.out}/{name}',
                          max_steps=a.steps, batch_size=16, p_single=1.0, sample_every=0, save_every=200, val_every=0,
                          log_with=None, seed=0, turn_weight=0.0, **ARMS[name])   # single frames: the turn draw as measured, off
    train(cfg, progress=False)
    return cfg

def load_arm(a, name) -> torch.nn.Module:
    m = build_fresh('landmark_branch', 'cpu')
    m.load_state_dict(load_file(f'{a.out}/{name}/checkpoints/step_{a.steps:08d}/model.safetensors'))   # raw weights, no EMA
    return m.eval()

def eps_of(m, cond, sched, pt):
    "The branch `m` as an ε function of (x_t, t), whatever it predicts"
    return as_epsilon(lambda x_t, t: m(x_t, t, cond, None), sched, pt)

@torch.no_grad()
def x0_errors(m, pt, x_0, cond, sched, seed=0):
    "{t: per-sample x0 latent MSE}"
    g, res = torch.Generator().manual_seed(seed), {}
    for t0 in T_PROBE:
        t = torch.full((x_0.shape[0],), t0); noise = torch.randn(x_0.shape, generator=g)
        x_t = noisy_window(x_0, t, noise, sched.alpha_bar, 0)
        res[t0] = (predict_x0(x_t, t, eps_of(m, cond, sched, pt)(x_t, t), sched) - x_0).pow(2).flatten(1).mean(1)
    return res

@torch.no_grad()
def eps_scores(m, pt, batch, spec, sched, seed, shuffle=None):
    "(ε-MSE, ε-MSE in the lips' box) on one batch at uniform t, optionally with `shuffle`'s condition from another window"
    x_0, _, cond = batch_inputs(batch, spec, None)
    g = torch.Generator().manual_seed(seed)
    t = torch.randint(0, sched.n_steps, (x_0.shape[0],), generator=g); noise = torch.randn(x_0.shape, generator=g)
    if shuffle: cond = {**cond, shuffle: cond[shuffle][torch.roll(torch.arange(x_0.shape[0]), 1)]}
    x_t = noisy_window(x_0, t, noise, sched.alpha_bar, 0)
    eps = eps_of(m, cond, sched, pt)(x_t, t)
    box = mouth_box(batch['landmarks'][:, :x_0.shape[2]], *x_0.shape[-2:])
    return weighted_loss(eps, noise).item(), weighted_loss(eps, noise, region=box / box.mean()).item()

ci = lambda v: f"{np.mean(v):.3f} ± {1.96 * np.std(v, ddof=1) / np.sqrt(len(v)):.3f}"

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', required=True); p.add_argument('--cache', required=True); p.add_argument('--ae', required=True)
    p.add_argument('--out', default='runs/convergence'); p.add_argument('--steps', type=int, default=600)
    p.add_argument('--arms', nargs='*', default=list(ARMS)); p.add_argument('--batches', type=int, default=16)
    a = p.parse_args(); torch.set_num_threads(1)
    spec, sched = model_spec('landmark_first'), DDPMSchedule.linear(1000)
    vcfg = TrainConfig.cpu(model='landmark_first', data_root=a.data, latent_cache=a.cache, batch_size=32)
    val = _val_batches(vcfg, spec, 'cpu', a.batches)
    x_0, _, cond = batch_inputs(_val_batches(vcfg, spec, "cpu", 1)[0], spec, None)
    print(f"mean frame's x0 MSE: {(x_0 - x_0.mean(0, keepdim=True)).pow(2).mean().item():.3f}")
    print('| arm | ' + ' | '.join(f'x0 MSE t={t}' for t in T_PROBE) + ' | ε-MSE | ε-MSE lips | audio gap lips % |')
    print('|---' * (len(T_PROBE) + 4) + '|')
    for name in a.arms:
        cfg = train_arm(a, name); m, pt = load_arm(a, name), cfg.prediction_type
        x0 = x0_errors(m, pt, x_0, cond, sched)
        r = np.array([eps_scores(m, pt, b, spec, sched, i) for i, b in enumerate(val)])
        s = np.array([eps_scores(m, pt, b, spec, sched, i, 'audio') for i, b in enumerate(val)])
        gap = (s[:, 1] / r[:, 1] - 1) * 100
        print(f"| {name} | " + ' | '.join(ci(x0[t].numpy()) for t in T_PROBE) + f" | {ci(r[:, 0])} | {ci(r[:, 1])} | {ci(gap)} |", flush=True)

if __name__ == '__main__': main()
