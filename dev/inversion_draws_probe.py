"""Draws per step of the 30-step inversion: on a CPU a step of 8 draws costs far less than 4 steps of 2 (the UNet's fixed
per-call cost is shared), so fewer, fuller steps buy more draws per second.

Usage: OMP_NUM_THREADS=1 .venv/bin/python dev/inversion_draws_probe.py [time|id] STEPSxDRAWS@LR ...
  time: seconds per inversion (best of 3, one held-out identity);  id: ID score over the 20 held-out identities of inversion_real.

Measured 2026-12-01 (k = 1,154, whitened, lr 0.15 unless given, prior 1e-4; ID: 4 seeds' renders vs 8 reference renders, ± its
standard error over the 20 identities; time on one idle thread, best of 3):

    steps×draws   ID            seconds         steps×draws   ID            seconds
    30×2 (bench)  0.406 ± .037  0.98            12×8          0.341 ± .038
    20×4          0.400 ± .039  0.95            15×8          0.364 ± .036  1.11
    22×4          0.435 ± .040                  20×8          0.418 ± .039  1.42
    24×4          0.461 ± .036  1.15            30×8          0.437 ± .033
    20×4 @ 0.2    0.423 ± .040                  40×8          0.465 ± .033
    15×8 @ 0.25   0.381 ± .035                  10×16         0.391 ± .032  1.35
    12×8 @ 0.25   0.354 ± .039                  24×16         0.475 ± .032
                                                30×16         0.505 ± .022  3.95 (bench_inversion; DreamBooth 3.14 s)

A step of 8 draws costs ~2.2× a step of 2 on this CPU, one of 16 ~4× (per draw 16 → 9 → 8 ms), so fuller steps are cheaper per
draw, but the number of steps matters more than the draws: at ~1 s nothing passes 0.46. 30 steps of 16 draws reach single-image
DreamBooth's 0.499, in 3.95 s against its 3.14 s here. On a GPU, where a step of this 1.7 M-parameter UNet costs about the same at 2 or 16
draws, the same 30 steps would stand against DreamBooth's 100: `dev/gpu_inversion_bench.py` measures that when a GPU is lent.
"""
import sys, time
from dataclasses import replace
import numpy as np, torch
from w2w.session import W2W
from w2w.analyzer import load_analyzer
from w2w.world import sample_identities, photo_set
from w2w.inversion import InversionConfig
from w2w.bench import INVERSION_BENCH

def parse(a):
    sd, _, lr = a.partition('@'); st, dr = sd.split('x')
    return dict(steps=int(st), draws=int(dr), **({'lr': float(lr)} if lr else {}))

def id_scores(s, variants, n:int=20):
    "Mean ID score (and its standard error) of each variant over the first `n` held-out identities of inversion_real."
    an, base = load_analyzer(), InversionConfig(k=s.k, **INVERSION_BENCH)
    for v in variants:
        sc = []
        for ident in sample_identities(n, seed=3, start_id=10**6):
            c, _ = s.invert(photo_set(ident, 8, seed=ident.id)[0], cfg=replace(base, **v), progress=False)
            sc.append(an.id_score(s.render_batch(c[None], (0, 1, 2, 3))[0], photo_set(ident, 8, seed=99)))
        print(v, f'ID {np.mean(sc):.3f} ± {np.std(sc) / np.sqrt(len(sc)):.3f}', flush=True)

if __name__ == '__main__':
    mode, variants = sys.argv[1], [parse(a) for a in sys.argv[2:]]
    s = W2W.mini()
    if mode == 'time':
        base = InversionConfig(k=s.k, **INVERSION_BENCH)
        ident = sample_identities(1, seed=3, start_id=10**6)[0]
        img = photo_set(ident, 8, seed=ident.id)[0]; s.invert(img, cfg=base, progress=False)
        for v in variants:
            ts = [s.invert(img, cfg=replace(base, **v), progress=False)[1]['seconds'] for _ in range(3)]
            print(v, f'{min(ts):.3f} s', flush=True)
    else: id_scores(s, variants)
