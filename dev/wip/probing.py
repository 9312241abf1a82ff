#%%
#| default_exp probe
#%% md
# Probing LoRA weights

> Predict what a LoRA encodes from its weights alone: feature modes of the weight-space classification work (flat vector, per-tensor statistics, PCA coefficients, statistics of each module's ΔW = B·A), linear and MLP probes, fixed-seed splits, mean ± std metrics.

#%% md
Duszenko et al. classify LoRAs of SD 1.5 by the concept they were trained on, from features of their weights. The same question in the
w2w zoo: can the attributes of an identity be read off its LoRA? Feature modes (one row per LoRA):

| mode | features | dim |
|---|---|---|
| `flat` | the flat vector | n_params |
| `stats` | mean, std, median, min, max of each tensor (A and B separately) | 5 × tensors |
| `pca` | the model's w2w PC coefficients | k |
| `delta` | mean, std, median, min, max of each module's ΔW = scale·B·A (invariant to the rank-1 symmetry (cB, A/c)) | 5 × modules |

Features are computed chunk by chunk from the store's memory-mapped rows (the source code re-formatted Arrow columns row by row and
grew its matrix by concatenation). Classifiers: logistic regression and an MLP (scikit-learn), on standardised features; each run is a
stratified split with its own fixed seed; we report accuracy, macro-F1 and ROC-AUC as mean ± std over runs.

#%%
#| export
from __future__ import annotations
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import torch
from tqdm.auto import tqdm

from w2w.layout import LoraLayout

#%%
#| hide
from fastcore.test import *

#%% md
## Features

#%%
#| export
FEATURE_MODES = ('flat', 'stats', 'pca', 'delta')

def _five(x:torch.Tensor)->torch.Tensor:
    "mean, std, median, min, max over the last dim: (..., 5)."
    return torch.stack([x.mean(-1), x.std(-1), x.median(-1).values, x.amin(-1), x.amax(-1)], -1)

def tensor_stats(W:torch.Tensor, layout:LoraLayout)->torch.Tensor:
    "(m, 5·tensors): five statistics of every A and B tensor."
    return torch.cat([_five(W[:, t.offset:t.stop]) for t in layout.tensors], 1)

def delta_stats(W:torch.Tensor, layout:LoraLayout)->torch.Tensor:
    "(m, 5·modules): five statistics of each module's full update ΔW = scale·B·A."
    by = {}
    for t in layout.tensors: by.setdefault(t.module, {})[t.factor] = t
    out = []
    for m, ts in by.items():
        A = W[:, ts['A'].offset:ts['A'].stop].view(len(W), layout.rank, -1)
        B = W[:, ts['B'].offset:ts['B'].stop].view(len(W), -1, layout.rank)
        out.append(_five((layout.scale * torch.bmm(B, A)).flatten(1)))
    return torch.cat(out, 1)

def features(W,                            # (m, n_params) rows (array, memmap or tensor)
             layout:LoraLayout,
             mode:str='stats',             # one of FEATURE_MODES
             space=None,                   # a W2WSpace, for mode 'pca'
             chunk:int=512)->np.ndarray:   # (m, d) float32
    "Feature matrix of LoRA rows, computed chunk by chunk."
    if mode not in FEATURE_MODES: raise ValueError(f'unknown feature mode {mode!r}; choose from {FEATURE_MODES}')
    if mode == 'pca' and space is None: raise ValueError("mode 'pca' needs a space")
    if W.shape[1] != layout.n_params: raise ValueError(f'rows have {W.shape[1]:,} values, the layout {layout.n_params:,}')
    f = {'flat': lambda x: x, 'stats': lambda x: tensor_stats(x, layout), 'delta': lambda x: delta_stats(x, layout),
         'pca': lambda x: space.project(x)}[mode]
    parts = [f(torch.as_tensor(np.asarray(W[a:a + chunk], dtype=np.float32))).float().numpy() for a in range(0, W.shape[0], chunk)]
    return np.concatenate(parts)

#%%
lay = LoraLayout({'a.to_q': (6, 4), 'b.to_v': (5, 3)}, alpha=2.)
g = torch.Generator().manual_seed(0)
W = torch.randn(10, lay.n_params, generator=g)
test_eq(features(W, lay, 'stats').shape, (10, 5 * 4)); test_eq(features(W, lay, 'delta').shape, (10, 5 * 2))
test_close(features(W, lay, 'stats', chunk=3), features(W, lay, 'stats'), eps=1e-6)
A, B = W[0, :6], W[0, 6:10]
d = (2. * torch.outer(B, A)).flatten()
test_close(features(W[:1], lay, 'delta')[0, :5], np.array([d.mean(), d.std(), d.median(), d.min(), d.max()]), eps=1e-5)
# ΔW features are invariant to the rank-1 symmetry (cB, A/c)
W2 = W.clone(); W2[:, :6] *= 3; W2[:, 6:10] /= 3
test_close(features(W2, lay, 'delta'), features(W, lay, 'delta'), eps=1e-4)
test_fail(lambda: features(W, lay, 'pca'), contains='needs a space')
test_fail(lambda: features(W, lay, 'dense'), contains='unknown feature mode')

#%% md
## Probes

#%%
#| export
def _classifier(kind:str, seed:int):
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier
    if kind == 'linear': return make_pipeline(StandardScaler(), LogisticRegression(C=0.1, max_iter=3000))
    if kind == 'mlp': return make_pipeline(StandardScaler(), MLPClassifier((256, 256), alpha=1e-3, early_stopping=True, max_iter=300, random_state=seed))
    raise ValueError(f"classifier must be 'linear' or 'mlp', got {kind!r}")

def probe(X:np.ndarray, y:Sequence, kind:str='linear', runs:int=5, test_size:float=0.25, seed:int=0)->dict:
    "Accuracy, macro-F1 and ROC-AUC (mean, std over `runs` stratified splits with seeds seed…seed+runs-1)."
    from sklearn.model_selection import train_test_split
    from sklearn.metrics import accuracy_score, f1_score, roc_auc_score
    y = np.asarray(y)
    if len(y) != len(X): raise ValueError(f'{len(y)} labels for {len(X)} rows')
    classes = np.unique(y)
    if len(classes) < 2: raise ValueError('a probe needs at least two classes')
    res = {'acc': [], 'f1': [], 'auc': []}
    for r in range(runs):
        Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=test_size, random_state=seed + r, stratify=y)
        clf = _classifier(kind, seed + r).fit(Xtr, ytr)
        p = clf.predict_proba(Xte)
        res['acc'].append(accuracy_score(yte, clf.predict(Xte))); res['f1'].append(f1_score(yte, clf.predict(Xte), average='macro'))
        res['auc'].append(roc_auc_score(yte, p[:, 1]) if len(classes) == 2 else roc_auc_score(yte, p, multi_class='ovr'))
    return {f'{k}_{s}': float(f(v)) for k, v in res.items() for s, f in (('mean', np.mean), ('std', np.std))}

def probe_table(W, layout:LoraLayout, labels:Mapping[str, Sequence], modes:Sequence[str]=FEATURE_MODES,
                kinds:Sequence[str]=('linear', 'mlp'), space=None, runs:int=5, seed:int=0, progress:bool=True)->pd.DataFrame:
    "One row per (target, feature mode, classifier) with mean ± std metrics."
    feats = {m: features(W, layout, m, space) for m in modes}
    rows = []
    for name, y in tqdm(list(labels.items()), disable=not progress, desc='probes'):
        for m in modes:
            for kd in kinds: rows.append({'target': name, 'features': m, 'classifier': kd, 'dim': feats[m].shape[1], **probe(feats[m], y, kd, runs, seed=seed)})
    return pd.DataFrame(rows)

def format_table(df:pd.DataFrame)->pd.DataFrame:
    "`acc`, `f1`, `auc` as 'mean ± std' strings."
    out = df[['target', 'features', 'classifier', 'dim']].copy()
    for k in ('acc', 'f1', 'auc'): out[k] = [f'{a:.3f} ± {b:.3f}' for a, b in zip(df[f'{k}_mean'], df[f'{k}_std'])]
    return out

#%% md
A planted signal: the label is carried by the sign of one B tensor's mean — per-tensor statistics find it, and a shuffled label gives
chance accuracy (so the probe can fail).

#%%
m = 400
y = (torch.rand(m, generator=g) > 0.5).long()
W = torch.randn(m, lay.n_params, generator=g)
W[:, 6:10] += (y[:, None] * 2 - 1) * 1.5
tab = probe_table(W.numpy(), lay, {'planted': y.numpy(), 'shuffled': y[torch.randperm(m, generator=g)].numpy()},
                  modes=('flat', 'stats'), kinds=('linear',), runs=3, progress=False)
acc = tab.set_index(['target', 'features'])['acc_mean']
test_eq(acc['planted', 'stats'] > 0.9, True); test_eq(abs(acc['shuffled', 'stats'] - 0.5) < 0.1, True)
test_fail(lambda: probe(np.zeros((4, 2)), [1, 1, 1, 1]), contains='two classes')
format_table(tab)

#%% md
## The mini zoo

Targets: each binary attribute, and identity clusters (k-means on the identities' continuous face parameters, 4 clusters). The full run
uses every zoo model and 5 splits; tests use a subset.

#%%
import os
from w2w.world import files_dir, sample_identities, PARAMS, ATTRIBUTES
from w2w.store import ZooStore
from w2w.space import W2WSpace
SMALL = bool(os.environ.get('IN_TEST'))
st = ZooStore(files_dir() / 'zoo'); sp = W2WSpace.load(files_dir() / 'space')
from w2w.minimodel import build_mini_components
zlay = LoraLayout.from_unet(build_mini_components()['unet']); test_eq(zlay.hash, st.layout_hash)
n = 400 if SMALL else len(st)
Wz = st[:n]
ids = {i.id: i for i in sample_identities(int(st.records['id'].max()) + 1, seed=st.manifest['settings']['seed'])}
from sklearn.cluster import KMeans
params = np.array([[ids[int(i)].params[p] for p in PARAMS] for i in st.records['id'][:n]])
clusters = KMeans(4, n_init=4, random_state=0).fit_predict((params - params.mean(0)) / params.std(0))
labels = {a: st.records[a][:n].to_numpy() for a in ATTRIBUTES} | {'identity cluster': clusters}
tab = probe_table(Wz, zlay, labels, modes=FEATURE_MODES, kinds=('linear',) if SMALL else ('linear', 'mlp'), space=sp,
                  runs=2 if SMALL else 5)
best = tab.loc[tab.groupby('target')['acc_mean'].idxmax(), ['target', 'features', 'classifier', 'acc_mean', 'f1_mean', 'auc_mean']]
best.round(3)

#%%
format_table(tab)

#%% md
### The prompt-leak control

In the source work each LoRA's prompt named its class, and `attn2.to_v`'s A reads the text embedding directly — a probe may read the
prompt rather than the image. Our zoo shares one prompt (`a photo of sks person`). A second, smaller zoo of the same identities trained
with prompts that **name the attributes** (`a photo of an old bald sks man with glasses`) shows how much a prompt leaks: compare probes
on the `attn2.to_v` tensors alone.

#%%
from w2w.zoo import ZooJob, run_zoo_job, mini_zoo_job
import tempfile, dataclasses
n_leak = 100 if SMALL else 600
tmp = tempfile.TemporaryDirectory()
base_job = mini_zoo_job(n=n_leak)
jobs = {mode: dataclasses.replace(base_job, store=f'{tmp.name}/{mode}', prompt_mode=mode,
                                  cfg=dataclasses.replace(base_job.cfg, steps=10 if SMALL else base_job.cfg.steps)) for mode in ('shared', 'caption')}
stores = {mode: run_zoo_job(j, progress=not SMALL) for mode, j in jobs.items()}
to_v = [t for t in zlay.tensors if t.module.endswith('attn2.to_v')]
sub = LoraLayout({m: v for m, v in zlay.modules.items() if m.endswith('attn2.to_v')}, zlay.rank, zlay.alpha)
cols = np.concatenate([np.arange(t.offset, t.stop) for t in to_v])
rows = []
for mode, z in stores.items():
    Wl, y = z[:], {a: z.records[a].to_numpy() for a in ('Male', 'Beard', 'Old')}
    for a, yy in y.items():
        for name, X in (('all tensors', features(Wl, zlay, 'stats')), ('attn2.to_v only', features(Wl[:, cols], sub, 'stats'))):
            rows.append(dict(prompt=mode, target=a, features=name, **probe(X, yy, 'linear', runs=2 if SMALL else 5)))
leak = pd.DataFrame(rows)
tmp.cleanup()
leak.pivot_table(index=['target', 'features'], columns='prompt', values='acc_mean').round(3)
