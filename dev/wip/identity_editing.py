#%% md
# Identity editing

> Attribute directions in the weight space: fit them, debias them jointly, edit any model in population units, inject late — and measure that edits do what they claim.

#%%
import os, tempfile
import numpy as np, pandas as pd, torch
from fastcore.test import *
from w2w.session import W2W
from w2w.analyzer import load_analyzer
from w2w.world import ATTRIBUTES
from w2w.pipeline import image_grid
from w2w.edit import fit_direction
from w2w.evaluate import edit_eval, edit_variants, sampling_eval, analyze
SMALL = bool(os.environ.get('IN_TEST'))   # tests run small; executing the notebook runs the full evaluation

#%%
s, an = W2W.mini(), load_analyzer()
dirs = s.fit_directions()
dirs

#%% md
## Directions and their entanglement

Raw least-squares directions inherit the population's correlations (beards go with men, baldness with age); joint debiasing makes
each direction orthogonal to all the others' raw directions at once.

#%%
P = s.space.scores; labels = {n: s.records[n].to_numpy(float) for n in ATTRIBUTES}
raw = {n: fit_direction(P, y) for n, y in labels.items()}
cos = lambda d: pd.DataFrame([[float(d[a] @ d[b] / (d[a].norm() * d[b].norm())) for b in ATTRIBUTES] for a in ATTRIBUTES], ATTRIBUTES, ATTRIBUTES).round(2)
print('raw directions, cosine:'); display(cos(raw))
print('debiased directions, cosine with the other raw directions:')
pd.DataFrame([[float(dirs[a].vector @ raw[b] / raw[b].norm()) for b in ATTRIBUTES] for a in ATTRIBUTES], ATTRIBUTES, ATTRIBUTES).round(3)

#%% md
## One edit, several strengths

Rows: models; columns: Beard at −2, −1, 0, +1, +2, +3 population units.

#%%
ms = s.sample(4, seed=11)
strengths = [-2, -1, 0, 1, 2, 3]
image_grid(np.concatenate([s.render_batch(torch.stack([s.edit(m, Beard=a) for a in strengths]), seeds=(0,))[:, 0] for m in ms]), ncols=6, scale=3)

#%% md
Age (`Old`):

#%%
image_grid(np.concatenate([s.render_batch(torch.stack([s.edit(m, Old=a) for a in strengths]), seeds=(0,))[:, 0] for m in ms]), ncols=6, scale=3)

#%% md
## Delayed injection

The unedited model for timesteps t > T, the edited one for t ≤ T (columns: original, then T = 200, 400, 600, 800, 1000 with Beard +3):
smaller T keeps more of the original image, larger T gives the full edit.

#%%
m = ms[0]
row = [s.render(m)] + [s.render(m, edits={'Beard': 3.}, T=T) for T in (200, 400, 600, 800, 1000)]
image_grid(np.concatenate(row), ncols=6, scale=4)

#%% md
## Any model

Edits apply to sampled models, zoo models, inverted models (see `inversion_real`), and LoRA files from anywhere — a kohya file here,
edited exactly in weight space:

#%%
with tempfile.TemporaryDirectory() as tmp:
    f = s.save(s.zoo_model(5), f'{tmp}/zoo5_kohya.safetensors', 'kohya')
    w = s.load(f)                                    # full weight vector
    test_eq(w.shape, (s.layout.n_params,))
    image_grid(np.concatenate([s.render(w), s.render(s.edit(w, Beard=2.)), s.render(s.edit(w, Old=2.))]), ncols=3, scale=4)

#%% md
## Do edits do what they claim?

Over sampled models (100 in the full run): for each attribute, among models without it, the share that gain it at +2 units (goal ≥ 90%),
the ID score edited vs original (goal ≥ 0.8), and how often other attributes flip (goal ≤ 10%) — for least squares vs logistic
directions, with and without joint debiasing.

#%%
n_models, seeds = (12, (0,)) if SMALL else (100, (0, 1))
models = s.sample(n_models, seed=7)
tab = edit_variants(s, an, models, attrs=('Beard', 'Old', 'Bald', 'Eyeglasses', 'Chubby') if not SMALL else ('Beard',), seeds=seeds)
tab.round(3)

#%% md
## Sampled models

ID consistency across seeds (a sampled model should render one identity) against zoo models, and the share of samples the analyzer reads
as a valid face:

#%%
sampling_eval(s, an, n=12 if SMALL else 100, seeds=(0, 1) if SMALL else (0, 1, 2, 3)).round(3)
