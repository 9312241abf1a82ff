"""Optimiser and noise-draw variants of the 2-second w2w inversion of `nbs/inversion_real.ipynb` (30 steps × 2 draws, lr 0.15, whitened).

Run: `OMP_NUM_THREADS=1 .venv/bin/python dev/inversion_optimizer_probe.py 20 ref cos.4 lion.06 ...` (names below; about 1.5 s per
inversion plus scoring). Same 20 held-out identities, input render, reference renders and scoring as the notebook (ID score of 4
seeds' renders vs 8 reference renders); one run also scores the averaged iterates (EMA 0.7/0.8/0.9 of z, mean of the last third).
Measured (2026-11-30, two runs side by side on the 2-core VM):

    ref 0.406 | cos.25 0.353  cos.4 0.325  cos.6 0.143  lin.3 0.348 | lion.03 0.365  lion.06 0.408  lion.1 0.373
    adam.9.9 0.407  adam.8.95 0.417 | t0-500 0.190  t0-700 0.252  t100-700 0.306 | anti 0.382
    24x4 0.461 (1.9 s): anti 0.397, stratified+anti 0.427, cos.4 0.363
    averaged iterates, 30x2: EMA .7/.8/.9 0.401/0.399/0.394, last third 0.394; 24x4: 0.442/0.434/0.419, 0.420 (last iterate 0.461)
    adamg (one second moment for the whole vector, keeping the gradient's relative sizes across PCs; 2026-12-01):
    lr .15 0.280 | .3 0.194 | .6 -0.009 | 1.2 -0.023 (EMA 0.9 of the iterates at .15: 0.295)

Nothing beats the last iterate of constant-lr Adam: the run is still travelling when the budget ends.
"""
import math, sys, time
import numpy as np, torch
torch.set_num_threads(1)
from w2w.session import W2W
from w2w.analyzer import load_analyzer
from w2w.world import sample_identities, photo_set
from w2w.inversion import _encode_target, _check_space, differentiable_weights, _masked_loss, ddpm_scheduler
from w2w.train import MultiLoRA

class Lion(torch.optim.Optimizer):
    "Sign of an interpolated momentum (Chen et al. 2023): every coordinate moves by lr each step."
    def __init__(self, params, lr, betas=(0.9, 0.99)): super().__init__(params, dict(lr=lr, betas=betas))
    @torch.no_grad()
    def step(self):
        for g in self.param_groups:
            b1, b2 = g['betas']
            for p in g['params']:
                m = self.state[p].setdefault('m', torch.zeros_like(p))
                p.add_(torch.sign(b1 * m + (1 - b1) * p.grad), alpha=-g['lr']); m.mul_(b2).add_(p.grad, alpha=1 - b2)

class AdamG(torch.optim.Optimizer):
    """Adam with one second moment for the whole vector (the mean square of the gradient): the step keeps the gradient's relative
    sizes across PCs (PCs that barely change the loss barely move) while its overall length stays ~lr·√k per step."""
    def __init__(self, params, lr, betas=(0.9, 0.999), eps=1e-12): super().__init__(params, dict(lr=lr, betas=betas, eps=eps))
    @torch.no_grad()
    def step(self):
        for g in self.param_groups:
            b1, b2 = g['betas']
            for p in g['params']:
                st = self.state[p]; st['t'] = st.get('t', 0) + 1; t = st['t']
                m = st.setdefault('m', torch.zeros_like(p)); m.mul_(b1).add_(p.grad, alpha=1 - b1)
                st['v'] = b2 * st.get('v', 0.0) + (1 - b2) * float(p.grad.square().mean())
                p.add_(m / (1 - b1 ** t) / (math.sqrt(st['v'] / (1 - b2 ** t)) + g['eps']), alpha=-g['lr'])

# name: steps, draws, lr, optimiser, betas, lr schedule, timestep range, noise kind
V = dict(steps=30, draws=2, lr=0.15, opt='adam', betas=(0.9, 0.999), sched='const', t=(0, 1000), noise='iid')
VARIANTS = {'ref': {}, 'cos.25': dict(lr=.25, sched='cos'), 'cos.4': dict(lr=.4, sched='cos'), 'cos.6': dict(lr=.6, sched='cos'),
            'lin.3': dict(lr=.3, sched='lin'), 'lion.03': dict(lr=.03, opt='lion', betas=(.9, .99)),
            'lion.06': dict(lr=.06, opt='lion', betas=(.9, .99)), 'lion.1': dict(lr=.1, opt='lion', betas=(.9, .99)),
            'adam.9.9': dict(betas=(.9, .9)), 'adam.8.95': dict(betas=(.8, .95)), 't0-500': dict(t=(0, 500)), 't0-700': dict(t=(0, 700)),
            't100-700': dict(t=(100, 700)), 'anti': dict(noise='anti'), '24x4': dict(steps=24, draws=4),
            '24x4.anti': dict(steps=24, draws=4, noise='anti'), '24x4.sa': dict(steps=24, draws=4, noise='strat_anti'),
            '24x4.cos.4': dict(steps=24, draws=4, lr=.4, sched='cos'),
            'adamg.15': dict(opt='adamg', lr=.15), 'adamg.3': dict(opt='adamg', lr=.3), 'adamg.6': dict(opt='adamg', lr=.6),
            'adamg1.2': dict(opt='adamg', lr=1.2), 'sgdm': dict(opt='sgdm', lr=1.0)}

def draws(z0, n, lo, hi, kind, g):
    "`n` (timestep, noise) pairs: iid, antithetic (±noise at one timestep) or stratified timesteps with antithetic noise."
    m = n // 2 if kind in ('anti', 'strat_anti') else n
    if kind == 'strat_anti': t = (lo + (hi - lo) / m * (torch.arange(m) + torch.rand(m, generator=g))).long()
    else: t = torch.randint(lo, hi, (m,), generator=g)
    e = torch.randn((m, *z0.shape[1:]), generator=g)
    return (t.repeat(2), torch.cat([e, -e])) if m < n else (t, e)

def invert_variant(s, image, v, prior=1e-4, seed=0):
    "Coefficients after the last step, and the averaged iterates."
    pipe, space = s.pipe, s.space; k = space.k; pipe.unet.requires_grad_(False); layout = _check_space(pipe, space)
    z0, M, emb = _encode_target(pipe, image, None, 'a photo of sks person', None)
    basis = space.basis_t[:k].float(); sd = space.coefficient_stats()[1].float().clamp_min(1e-12)
    u = torch.nn.Parameter(torch.zeros(k))
    opt = (Lion([u], v['lr'], v['betas']) if v['opt'] == 'lion' else AdamG([u], v['lr'], v['betas']) if v['opt'] == 'adamg' else
           torch.optim.SGD([u], v['lr'], momentum=0.9) if v['opt'] == 'sgdm' else torch.optim.Adam([u], v['lr'], betas=v['betas']))
    f = {'const': lambda i: 1.0, 'cos': lambda i: 0.5 * (1 + math.cos(math.pi * i / v['steps'])), 'lin': lambda i: 1 - i / v['steps']}[v['sched']]
    emas, tail = {b: torch.zeros(k) for b in (.7, .8, .9)}, []
    ml = MultiLoRA(pipe.unet, layout, differentiable_weights(space, torch.zeros(k), basis)[None])
    g, sch = torch.Generator().manual_seed(seed), ddpm_scheduler(pipe)
    try:
        for step in range(v['steps']):
            for pg in opt.param_groups: pg['lr'] = v['lr'] * f(step)
            ml.W = differentiable_weights(space, u * sd, basis)[None]
            loss = _masked_loss(pipe, sch, z0, M, emb, *draws(z0, v['draws'], *v['t'], v['noise'], g)) + prior * u.square().mean()
            opt.zero_grad(); loss.backward(); opt.step()
            with torch.no_grad():
                for b, e in emas.items(): e.mul_(b).add_(u, alpha=1 - b)
                if step >= v['steps'] * 2 // 3: tail.append(u.detach().clone())
    finally: ml.remove()
    out = {'': u.detach().clone(), ' last third': torch.stack(tail).mean(0)} | {f' ema{b}': e / (1 - b ** v['steps']) for b, e in emas.items()}
    return {n: z * sd for n, z in out.items()}

if __name__ == '__main__':
    n, names = int(sys.argv[1]), sys.argv[2:] or ['ref']
    s, an = W2W.mini(), load_analyzer()
    ids = sample_identities(n, seed=3, start_id=10**6); seeds = (0, 1, 2, 3)
    res, tim = {}, {}
    for ident in ids:
        img = photo_set(ident, 1, seed=ident.id)[0]; ref = photo_set(ident, 8, seed=99)
        for name in names:
            t = time.perf_counter(); out = invert_variant(s, img, V | VARIANTS[name]); tim.setdefault(name, []).append(time.perf_counter() - t)
            for suffix, c in out.items(): res.setdefault(name + suffix, []).append(an.id_score(s.render_batch(c[None], seeds)[0], ref))
        print(ident.id, ' '.join(f'{k}:{v[-1]:.3f}' for k, v in res.items() if k in names), flush=True)
    for k, v in res.items(): print(f'{k:22s} mean id {np.mean(v):.3f} ± {np.std(v):.3f}' + (f'  {np.mean(tim[k]):.2f} s' if k in tim else ''))
