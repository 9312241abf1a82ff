#%% md
# Inversion of a real image

> One photo of a person who is not in the zoo → a model of the w2w space that renders that person in any prompt and seed, and takes the sliders.

#%%
import os, time
import numpy as np, pandas as pd, torch
from fastcore.test import *
from w2w.session import W2W
from w2w.analyzer import load_analyzer
from w2w.world import sample_identities, photo_set
from w2w.pipeline import image_grid
from w2w.inversion import invert, InversionConfig
from w2w.train import LoraTrainConfig
from w2w.evaluate import inversion_eval
from w2w.bench import INVERSION_BENCH
from w2w.zoo import mini_zoo_job
SMALL = bool(os.environ.get('IN_TEST'))

#%%
s, an = W2W.mini(), load_analyzer()
s.fit_directions()
CFG = InversionConfig(k=s.k, **{**INVERSION_BENCH, **({'steps': 5} if SMALL else {})})   # the settings `make bench` times
CFG

#%% md
## A held-out identity

Identities of population seed 3 starting at id 10⁶ were never in the zoo (its identities are ids 0…1999 of seed 1). The input is one
render; the model's renders are compared with other renders of the same person.

#%%
ident = sample_identities(1, seed=3, start_id=10**6)[0]
img = photo_set(ident, 1, seed=ident.id)[0]
c, log = invert(s.pipe, s.space, img, cfg=CFG)
print(f"{log['steps']} steps in {log['seconds']:.1f} s, loss {np.mean(log['loss'][:5]):.4f} → {np.mean(log['loss'][-5:]):.4f}")
ref = photo_set(ident, 8, seed=99)
out = s.render_batch(c[None], seeds=range(8))[0]
print(f'ID score of the inverted model vs the person: {an.id_score(out, ref):.3f}')
print('input | renders of the inverted model (8 seeds) | other photos of the person')
image_grid(np.concatenate([img[None], out, ref[:3]]), ncols=12, scale=3)

#%% md
In other prompts:

#%%
prompts = ['a photo of sks person', 'a photo of sks person with glasses', 'a photo of old sks person']
image_grid(np.concatenate([s.render(c, prompt=p, seed=sd) for p in prompts for sd in range(4)]), ncols=4, scale=3)

#%% md
And the sliders work on it like on any model (columns: inverted, +Beard, +Age, −Age):

#%%
image_grid(np.concatenate([s.render(s.edit(c, e)) for e in ({}, {'Beard': 2.}, {'Old': 2.}, {'Old': -2.})]), ncols=4, scale=4)

#%% md
## Against DreamBooth

Over held-out identities (20 in the full run): ID score (renders of the result vs renders of the person) and wall time per identity,
for w2w inversion at several k (the paper's ablation: too few PCs underfit), single-image DreamBooth on the same image, and multi-image
DreamBooth on 8 photos (the ceiling). All on this CPU, one identity at a time.

#%%
ids = sample_identities(2 if SMALL else 20, seed=3, start_id=10**6)
ks = (s.k,) if SMALL else (20, 100, s.k)
db = mini_zoo_job().cfg                      # DreamBooth with the zoo's own settings
if SMALL: db.steps = 3
summary, per_id = inversion_eval(s, an, ids, ks=ks, inv_cfg=CFG, db_cfg=db, seeds=(0, 1) if SMALL else (0, 1, 2, 3))
summary.round(3)
