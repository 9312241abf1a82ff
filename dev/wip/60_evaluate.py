#%%
#| default_exp evaluate
#%% md
# Evaluation

> Measure with the analyzer whether methods did what they claim: edits flip their attribute and keep identity, sampled models are consistent valid faces.

#%% md
The analyzer plays the paper's face-ID network (ID score = cosine of identity embeddings) and attribute classifiers. Images are rendered
in batches (`W2W.render_batch`), several seeds per model; a model's attributes are the analyzer's probabilities averaged over its seeds,
and its identity the mean embedding.

#%%
#| export
from __future__ import annotations
from typing import Mapping, Sequence

import numpy as np
import pandas as pd
import torch

from w2w.world import ATTRIBUTES

#%%
#| hide
from fastcore.test import *

#%%
#| export
def analyze(analyzer, images:np.ndarray)->tuple[np.ndarray, np.ndarray]:
    "Per model (images (M,S,H,W,3)): attribute probabilities averaged over seeds (M,6) and the unit mean embedding (M,D)."
    M, S = images.shape[:2]
    flat = images.reshape(M * S, *images.shape[2:])
    p = analyzer.attributes(flat).reshape(M, S, -1).mean(1)
    e = analyzer.embed(flat).reshape(M, S, -1).mean(1)
    return p, e / np.linalg.norm(e, axis=1, keepdims=True)

def _cos(a, b): return (a * b).sum(1)

#%% md
## Edits

For each attribute: the models that do not show it (analyzer probability < 0.5) are moved by `+strength` population units; **success**
= share that show it afterwards, **ID kept** = cosine of identity embeddings before/after, **others flip** = share of the other
attributes' decisions that changed (mean over the other attributes, and the worst one).

#%%
#| export
def edit_eval(session, analyzer, models, attrs:Sequence[str]=('Beard', 'Old', 'Bald', 'Eyeglasses'), strength:float=2.0,
              seeds:Sequence[int]=(0, 1), base=None)->pd.DataFrame:
    "One row per attribute: eligible models, success, ID kept, others' flip rate (mean and max)."
    models = torch.as_tensor(models).float()
    p0, e0 = base if base is not None else analyze(analyzer, session.render_batch(models, seeds))
    rows = []
    for a in attrs:
        ai = ATTRIBUTES.index(a); elig = np.flatnonzero(p0[:, ai] < 0.5)
        if len(elig) == 0: rows.append(dict(attribute=a, n=0)); continue
        p1, e1 = analyze(analyzer, session.render_batch(session.edit(models[elig], {a: strength}), seeds))
        others = [j for j in range(len(ATTRIBUTES)) if j != ai]
        flips = ((p1[:, others] > 0.5) != (p0[elig][:, others] > 0.5)).mean(0)
        rows.append(dict(attribute=a, n=len(elig), success=float((p1[:, ai] > 0.5).mean()), id_kept=float(_cos(e0[elig], e1).mean()),
                         others_flip=float(flips.mean()), others_flip_max=float(flips.max()), worst_other=ATTRIBUTES[others[int(flips.argmax())]]))
    return pd.DataFrame(rows)

def edit_variants(session, analyzer, models, attrs=('Beard', 'Old', 'Bald', 'Eyeglasses'), strength:float=2.0, seeds=(0, 1),
                  variants:Mapping[str, dict]|None=None)->pd.DataFrame:
    "`edit_eval` for several ways of fitting the directions (least squares vs logistic, joint debiasing vs none)."
    variants = variants or {'lstsq, debiased': dict(method='lstsq', debias_against='all'), 'lstsq, raw': dict(method='lstsq', debias_against=None),
                            'logistic, debiased': dict(method='logistic', debias_against='all'), 'logistic, raw': dict(method='logistic', debias_against=None)}
    models = torch.as_tensor(models).float()
    base = analyze(analyzer, session.render_batch(models, seeds))
    out = []
    for name, kw in variants.items():
        session.fit_directions(**kw)
        out.append(edit_eval(session, analyzer, models, attrs, strength, seeds, base).assign(directions=name))
    session.fit_directions()
    return pd.concat(out, ignore_index=True)

#%% md
## Sampling

**ID consistency**: the mean cosine between a model's images under different seeds (is a sampled model one identity?), for sampled
models and for zoo models. **Valid faces**: the share of samples whose embedding lies as close to real renders as real renders do
(the nearest-render cosine is above the 1st percentile of held-out renders').

#%%
#| export
def seed_consistency(analyzer, images:np.ndarray)->np.ndarray:
    "Per model (images (M,S,...)): mean pairwise cosine of its per-seed embeddings."
    M, S = images.shape[:2]
    e = analyzer.embed(images.reshape(M * S, *images.shape[2:])).reshape(M, S, -1)
    e = e / np.linalg.norm(e, axis=-1, keepdims=True)
    G = np.einsum('msd,mtd->mst', e, e)
    return (G.sum((1, 2)) - S) / (S * (S - 1))

def face_validity(analyzer, images:np.ndarray, n_bank:int=2000, seed:int=0)->tuple[float, float]:
    "Share of `images` (N,H,W,3) that look like real renders to the analyzer, and the threshold used."
    from w2w.world import sample_identities, render
    bank = analyzer.embed(render(sample_identities(n_bank, seed=10_000 + seed, start_id=10**7), seed=seed))
    held = analyzer.embed(render(sample_identities(500, seed=20_000 + seed, start_id=2 * 10**7), seed=seed + 1))
    nn = lambda e: (e @ bank.T).max(1)
    tau = float(np.percentile(nn(held), 1))
    return float((nn(analyzer.embed(images)) >= tau).mean()), tau

def sampling_eval(session, analyzer, n:int=100, seeds:Sequence[int]=(0, 1, 2, 3), seed:int=0)->pd.DataFrame:
    "ID consistency across seeds of sampled vs zoo models, and the share of valid faces."
    cs = session.sample(n, seed=seed)
    zoo = torch.as_tensor(session.space.scores[np.linspace(0, len(session.space.scores) - 1, n).astype(int)]).float()
    si, zi = session.render_batch(cs, seeds), session.render_batch(zoo, seeds)
    vs, tau = face_validity(analyzer, si.reshape(-1, *si.shape[2:]))
    vz, _ = face_validity(analyzer, zi.reshape(-1, *zi.shape[2:]))
    return pd.DataFrame([dict(models='sampled', id_consistency=float(seed_consistency(analyzer, si).mean()), valid_faces=vs),
                         dict(models='zoo', id_consistency=float(seed_consistency(analyzer, zi).mean()), valid_faces=vz)])

#%% md
On the mini world (small settings here; the full evaluation is in `identity_editing.ipynb`):

#%%
from w2w.session import W2W
from w2w.analyzer import load_analyzer
s, an = W2W.mini(), load_analyzer()
s.fit_directions()
tab = edit_eval(s, an, s.sample(12, seed=3), attrs=('Beard',), seeds=(0,))
test_eq(tab['n'][0] > 0, True); test_eq(0 <= tab['success'][0] <= 1, True)
tab

#%% md
## Inversion

Over held-out identities (never in the zoo): the ID score between renders of the resulting model and renders of the identity, and the
wall time per identity, for w2w inversion (several k), single-image DreamBooth and multi-image DreamBooth on the identity's photo set.

#%%
#| export
def inversion_eval(session, analyzer, identities, ks:Sequence[int]=(100,), inv_cfg=None, db_cfg=None, n_photos:int=8,
                   seeds:Sequence[int]=(0, 1, 2, 3), ref_seed:int=99, progress:bool=True)->tuple[pd.DataFrame, pd.DataFrame]:
    "(summary per method, per-identity rows): ID score of renders vs the identity's renders, and seconds per identity."
    import time
    from dataclasses import replace
    from tqdm.auto import tqdm
    from w2w.world import photo_set
    from w2w.inversion import invert, InversionConfig
    from w2w.train import train_loras, LoraTrainConfig
    inv_cfg, db_cfg = inv_cfg or InversionConfig(steps=100, lr=0.1), db_cfg or LoraTrainConfig(steps=80, lr=5e-3)
    rows = []
    for ident in tqdm(identities, disable=not progress, desc='identities'):
        photos = photo_set(ident, n_photos, seed=ident.id); img = photos[0]
        ref = photo_set(ident, 8, seed=ref_seed)
        def score(model): return analyzer.id_score(session.render_batch(torch.as_tensor(model)[None], seeds)[0], ref)
        for k in ks:
            t = time.perf_counter(); c, _ = invert(session.pipe, session.space, img, cfg=replace(inv_cfg, k=k), progress=False)
            rows.append(dict(id=ident.id, method=f'w2w inversion, k={k}', seconds=time.perf_counter() - t, id_score=score(c)))
        for name, ims in (('DreamBooth, single image', img[None]), ('DreamBooth, multi-image', photos)):
            t = time.perf_counter(); W, _ = train_loras(session.pipe, [ims], [ident.id], db_cfg, progress=False)
            rows.append(dict(id=ident.id, method=name, seconds=time.perf_counter() - t, id_score=score(W[0])))
    df = pd.DataFrame(rows)
    summ = df.groupby('method', sort=False).agg(id_score=('id_score', 'mean'), id_std=('id_score', 'std'), seconds=('seconds', 'mean')).reset_index()
    return summ, df

#%%
from w2w.world import sample_identities
from w2w.inversion import InversionConfig
from w2w.train import LoraTrainConfig
summ, _ = inversion_eval(s, an, sample_identities(1, seed=3, start_id=10**6), ks=(20,), seeds=(0,),
                         inv_cfg=InversionConfig(steps=3), db_cfg=LoraTrainConfig(steps=2), progress=False)
test_eq(len(summ), 3); test_eq(summ['id_score'].between(-1, 1).all(), True)
summ
