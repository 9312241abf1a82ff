"""How the DreamBooth baselines of `nbs/inversion_real.ipynb` depend on their step budget (the notebook uses the zoo's 100 steps).

Run: `OMP_NUM_THREADS=1 .venv/bin/python dev/dreambooth_budget_probe.py 20` (about 17 min on one CPU thread).
Same 20 held-out identities, photos, reference renders and scoring as the notebook's evaluation (ID score of 4 seeds' renders vs 8
reference renders). Measured (2026-11-30, v-prediction mini model):

    multi 200    mean id 0.473 ± 0.136  9.7 s
    multi 400    mean id 0.444 ± 0.178  19.6 s
    single 400   mean id 0.588 ± 0.139  19.9 s

With the zoo's 100 steps the notebook measured multi-image 0.350 and single-image 0.499 (5.1–5.2 s): the 8-photo run is under-trained
at 100 steps (each photo is seen ~25 times) and peaks near 0.47; the single-image run keeps improving with more steps.
"""
import sys, time
from dataclasses import replace
import numpy as np, torch
torch.set_num_threads(1)
from w2w.session import W2W
from w2w.analyzer import load_analyzer
from w2w.world import sample_identities, photo_set
from w2w.train import train_loras
from w2w.zoo import mini_zoo_job

s, an = W2W.mini(), load_analyzer(); db = mini_zoo_job().cfg
ids = sample_identities(int(sys.argv[1]) if len(sys.argv) > 1 else 20, seed=3, start_id=10**6); seeds = (0, 1, 2, 3)
variants = {'multi 200': replace(db, steps=200), 'multi 400': replace(db, steps=400), 'single 400': replace(db, steps=400)}
res, tim = {k: [] for k in variants}, {k: [] for k in variants}
for ident in ids:
    photos = photo_set(ident, 8, seed=ident.id); ref = photo_set(ident, 8, seed=99)
    for name, cfg in variants.items():
        ims = photos if name.startswith('multi') else photos[:1]
        s.adapter.clear()
        t = time.perf_counter(); W, _ = train_loras(s.pipe, [ims], [ident.id], cfg, progress=False); tim[name].append(time.perf_counter() - t)
        res[name].append(an.id_score(s.render_batch(W, seeds)[0], ref))
        print(ident.id, name, f'{res[name][-1]:.3f} {tim[name][-1]:.1f}s', flush=True)
for k, v in res.items(): print(f'{k:12s} mean id {np.mean(v):.3f} ± {np.std(v):.3f}  {np.mean(tim[k]):.1f} s')
