#%%
#| default_exp merging
#%% md
# Continual LoRA merging

> Tasks arrive one at a time and only the model (or the model plus one adapter) passes between them: naive continual fine-tuning, merge & re-init, orthogonal init, magnitude-based merging (MagMax), and the task-arithmetic, TIES and DARE references — with the score matrix, average score and forgetting.

#%% md
Staniszewski, Zaleska & Deja study continual personalisation of a diffusion model with LoRA under the strict regime where a task sees only
the model left by the previous one. With W₀ the base weights and ΔW = (alpha/r)·B·A:

| method | start of task t | model after task t |
|---|---|---|
| `naive` | the previous task's A, B (one adapter for the whole sequence) | W₀ + ΔW_t |
| `merge_reinit` | a fresh LoRA on the merged model W^(t−1) | W^(t) = W^(t−1) + ΔW_t |
| `ortho_init` | as merge & re-init, but the rows of the new A orthogonal to every previous task's A (the paper's A_t = ⊥(A_{t−1})) | W^(t−1) + ΔW_t |
| `magmax` | as merge & re-init | W₀ + τ, τ = per element the larger-magnitude of (W^(t−1) − W₀) and ΔW_t |
| `task_arithmetic` (reference) | a fresh LoRA on W₀ (tasks trained independently) | W₀ + λ Σ ΔW_i |
| `ties`, `dare` (references) | as task arithmetic | W₀ + peft's TIES / DARE-linear merge of the ΔW_i |

The source code's orthogonal init orthogonalised each *column* of A against the summed previous A's, and saved the sum of factors
(ΣB)(ΣA) — cross terms included; we follow the paper's description (row space of A, Σ B_i A_i), which also works at rank 1 where the
column version degenerates.

After each task j the model is scored on every task i: M[i, j]. **Average score** = mean_i M[i, T]; **average forgetting** =
mean_i (max_{j≥i} M[i, j] − M[i, T]).

#%%
#| export
from __future__ import annotations
import math
from dataclasses import dataclass, field, replace
from typing import Callable, Sequence

import numpy as np
import pandas as pd
import torch
from tqdm.auto import tqdm

from w2w.layout import LoraLayout
from w2w.train import LoraTrainConfig, train_loras, init_vector

#%%
#| hide
from fastcore.test import *

#%% md
## Tasks and weight deltas

#%%
#| export
TASK_TOKENS = ('sks', 'zwz', 'sbu', 'uwu', 'pdw', 'twt', 'zsn', 'ofl', 'psq', 'cws')   # the source's rare tokens, in order

@dataclass
class Task:
    "One personalisation task: training images and prompt; `meta` carries what its evaluator needs."
    name: str
    kind: str                  # 'subject' or 'style'
    images: np.ndarray         # uint8 (n,H,W,3) training images
    prompt: str                # training prompt, e.g. 'a photo of zwz person'
    meta: dict = field(default_factory=dict)

def lora_deltas(layout:LoraLayout, vec:torch.Tensor)->dict[str, torch.Tensor]:
    "Dense ΔW = scale·B·A of every module of a LoRA vector."
    out = {}
    for m in layout.modules:
        a, b = layout.tensor(f'{m}.lora_A.weight'), layout.tensor(f'{m}.lora_B.weight')
        out[m] = layout.scale * vec[b.offset:b.stop].view(b.shape) @ vec[a.offset:a.stop].view(a.shape)
    return out

class BaseWeights:
    "The adapted modules' base weights W₀ of a UNet: set W₀ + Δ for any dict of deltas, restore W₀ exactly."
    def __init__(self, unet, layout:LoraLayout):
        mods = dict(unet.named_modules())
        self.mods = {m: mods[m] for m in layout.modules}
        self.w0 = {m: mod.weight.detach().clone() for m, mod in self.mods.items()}
    @torch.no_grad()
    def set(self, deltas:dict[str, torch.Tensor]|None=None):
        for m, mod in self.mods.items():
            mod.weight.copy_(self.w0[m] + deltas[m].to(mod.weight) if deltas and m in deltas else self.w0[m])
    def restore(self): self.set(None)

#%% md
## Orthogonal initialisation

#%%
#| export
def ortho_init(layout:LoraLayout, start:torch.Tensor, previous:Sequence[torch.Tensor])->torch.Tensor:
    "`start` with each module's A rows projected off the row space of the previous tasks' A (norms kept)."
    v = start.clone()
    if not previous: return v
    for m in layout.modules:
        a = layout.tensor(f'{m}.lora_A.weight')
        A = v[a.offset:a.stop].view(a.shape)
        P = torch.cat([p[a.offset:a.stop].view(a.shape) for p in previous]).double()      # (t·r, in)
        if P.shape[0] >= P.shape[1]: raise ValueError(f'{m}: {P.shape[0]} previous A rows fill its {P.shape[1]}-dim input space')
        Q = torch.linalg.qr(P.T).Q                                                        # (in, t·r)
        An = A.double() - (A.double() @ Q) @ Q.T
        An = An / An.norm(dim=1, keepdim=True) * A.double().norm(dim=1, keepdim=True)
        v[a.offset:a.stop] = An.float().reshape(-1)
    return v

#%%
lay = LoraLayout({'a.to_q': (6, 4), 'b.to_v': (5, 3)}, rank=2)
v0, v1 = init_vector(lay, 0), init_vector(lay, 1)
o = ortho_init(lay, v1, [v0])
for m in lay.modules:
    a = lay.tensor(f'{m}.lora_A.weight')
    test_close(o[a.offset:a.stop].view(a.shape) @ v0[a.offset:a.stop].view(a.shape).T, torch.zeros(2, 2), eps=1e-5)
    test_close(o[a.offset:a.stop].view(a.shape).norm(dim=1), v1[a.offset:a.stop].view(a.shape).norm(dim=1), eps=1e-5)
d = lora_deltas(lay, torch.randn(lay.n_params)); test_eq(d['a.to_q'].shape, (4, 6))
test_fail(lambda: ortho_init(lay, v1, [v0, v1, v0]), contains='fill its')

#%% md
## Merging rules

#%%
#| export
def magmax(prev:dict[str, torch.Tensor], new:dict[str, torch.Tensor])->dict[str, torch.Tensor]:
    "Per element the larger-magnitude of two deltas (ties go to the new task)."
    return {m: torch.where(new[m].abs() >= prev[m].abs(), new[m], prev[m]) if m in prev else new[m] for m in new}

def merge_deltas(deltas:Sequence[dict[str, torch.Tensor]], method:str='task_arithmetic', lam:float=1.0, density:float=0.5,
                 seed:int=0)->dict[str, torch.Tensor]:
    "Merge independently trained deltas: λ·sum, or peft's TIES / DARE-linear per module."
    from peft.utils import merge_utils as mu
    w = torch.full((len(deltas),), float(lam))
    torch.manual_seed(seed)
    out = {}
    for m in deltas[0]:
        ts = [d[m] for d in deltas]
        if method == 'task_arithmetic': out[m] = lam * torch.stack(ts).sum(0)
        elif method == 'ties': out[m] = mu.ties(ts, w, density)
        elif method == 'dare': out[m] = mu.dare_linear(ts, w, density)
        else: raise ValueError(f"unknown merge {method!r}: 'task_arithmetic', 'ties' or 'dare'")
    return out

#%%
p, n = {'x': torch.tensor([1., -3., 2.])}, {'x': torch.tensor([-2., 1., 2.])}
test_eq(magmax(p, n)['x'], torch.tensor([-2., -3., 2.]))
test_eq(merge_deltas([p, n], 'task_arithmetic', 0.5)['x'], torch.tensor([-0.5, -1., 2.]))
test_eq(merge_deltas([p, n], 'ties', 1.0, density=1.0)['x'], torch.tensor([-2., -3., 2.]))   # elected sign, then the mean of the agreeing entries

#%% md
## Running a sequence

`run_continual` trains the tasks in order with one method and scores the model on every task after each one. `score(pipe, task)` is
the caller's evaluator (in the mini world: the analyzer's ID score for subjects, a style classifier for styles).

#%%
#| export
METHODS = ('naive', 'merge_reinit', 'ortho_init', 'magmax', 'task_arithmetic', 'ties', 'dare')

def run_continual(pipe, tasks:Sequence[Task], method:str, score:Callable, cfg:LoraTrainConfig=LoraTrainConfig(),
                  seed:int=0, lam:float=1.0, density:float=0.5, progress:bool=True)->np.ndarray:
    "Score matrix M[i, j]: task i scored after training task j (T×T)."
    if method not in METHODS: raise ValueError(f'unknown method {method!r}; choose from {METHODS}')
    unet = pipe.unet
    layout = LoraLayout.from_unet(unet, cfg.targets, cfg.rank, cfg.alpha)
    base = BaseWeights(unet, layout)
    T = len(tasks); M = np.full((T, T), np.nan)
    vec, merged, prev_vecs, indep = None, {}, [], []
    try:
        for j, task in enumerate(tqdm(tasks, disable=not progress, desc=method)):
            start = init_vector(layout, cfg.init_seed + (j if method != 'naive' else 0))
            if method == 'naive' and vec is not None: start = vec
            if method == 'ortho_init': start = ortho_init(layout, start, prev_vecs)
            independent = method in ('task_arithmetic', 'ties', 'dare')
            base.set(None if method == 'naive' or independent else merged)
            W, _ = train_loras(pipe, [task.images], [seed * 1000 + j], cfg, progress=False, init=start, prompts=[task.prompt])
            vec = W[0]; prev_vecs.append(vec); d = lora_deltas(layout, vec)
            if method == 'naive': merged = d
            elif method in ('merge_reinit', 'ortho_init'): merged = {m: merged.get(m, 0) + d[m] for m in d}
            elif method == 'magmax': merged = magmax(merged, d)
            else: indep.append(d); merged = merge_deltas(indep, 'task_arithmetic' if method == 'task_arithmetic' else method, lam, density, seed)
            base.set(merged)
            for i, t in enumerate(tasks): M[i, j] = score(pipe, t)
    finally: base.restore()
    return M

def summarize(M:np.ndarray)->dict:
    "Average score and average forgetting of a score matrix."
    T = M.shape[0]
    final = M[:, -1]
    forget = [np.nanmax(M[i, i:]) - M[i, -1] for i in range(T - 1)]
    return dict(avg_score=float(np.nanmean(final)), avg_forgetting=float(np.mean(forget)) if forget else 0.0)

#%%
M = np.array([[0.9, 0.7, 0.6], [0.2, 0.8, 0.7], [0.1, 0.2, 0.9]])
test_close(summarize(M)['avg_score'], (0.6 + 0.7 + 0.9) / 3); test_close(summarize(M)['avg_forgetting'], ((0.9 - 0.6) + (0.8 - 0.7)) / 2)

#%% md
Mechanics on the tiny SD pipeline (3 tasks of flat-coloured images, scored by how close the images generated with the task's prompt
come to the task's colour): every method runs, W₀ is restored exactly, and the merged methods keep task 0 better than naive
fine-tuning, which keeps only the last adapter.

#%%
from w2w.pipeline import tiny_sd_pipeline, generate
pipe = tiny_sd_pipeline()
cols = [(230, 40, 40), (40, 230, 40), (40, 40, 230)]
tasks = [Task(f'c{i}', 'subject', np.tile(np.array(c, np.uint8), (4, 64, 64, 1)), f'a photo of {TASK_TOKENS[i]} person', {'color': c})
         for i, c in enumerate(cols)]
def colour_score(pipe, task):
    im = generate(pipe, task.prompt, seed=0, steps=2, guidance=1.0).astype(float)
    return -float(np.abs(im.mean((0, 1, 2)) - np.array(task.meta['color'])).mean())
w0 = {k: v.clone() for k, v in pipe.unet.state_dict().items()}
cfg = LoraTrainConfig(steps=15, lr=3e-2, rank=2)
res = {m: run_continual(pipe, tasks, m, colour_score, cfg, progress=False) for m in METHODS}
test_eq(all(torch.equal(pipe.unet.state_dict()[k], w0[k]) for k in w0), True)
test_eq(all(np.isfinite(M).all() and M.shape == (3, 3) for M in res.values()), True)
pd.DataFrame({m: summarize(M) for m, M in res.items()}).T

#%% md
## The mini world

Tasks: **subjects** are held-out identities (train: 8 photos, prompt `a photo of <token> person`; score: the analyzer's ID score of
images generated with that prompt against the person's renders) and **styles** are renderer variants (train: 8 identities drawn in the
style, prompt `a photo of a person in <token> style`; score: a style classifier's probability of that style on generated images).
Sequences of 5 tasks, in two orders; the full run is a slow cell.

#%%
import os
from sklearn.linear_model import LogisticRegression
from w2w.world import sample_identities, photo_set, render, STYLES
from w2w.minimodel import load_mini_pipeline
from w2w.analyzer import load_analyzer
SMALL = bool(os.environ.get('IN_TEST'))
mini, an = load_mini_pipeline(), load_analyzer()

def _style_features(ims): return np.asarray(ims, np.float32).reshape(len(ims), 8, 4, 8, 4, 3).mean((2, 4)).reshape(len(ims), -1) / 255
pool = sample_identities(300, seed=8, start_id=3 * 10**6)
style_clf = LogisticRegression(max_iter=2000).fit(
    np.concatenate([_style_features(render(pool, seed=1, style=st)) for st in STYLES]), np.repeat(np.arange(len(STYLES)), len(pool)))

def mini_score(pipe, task, seeds=(0, 1)):
    ims = np.concatenate([generate(pipe, task.prompt, seed=s) for s in seeds])
    if task.kind == 'subject': return an.id_score(ims, task.meta['reference'])
    return float(style_clf.predict_proba(_style_features(ims))[:, STYLES.index(task.meta['style'])].mean())

subjects = [Task(f'person {i.id}', 'subject', photo_set(i, 8, seed=i.id), f'a photo of {TASK_TOKENS[j + 1]} person', {'reference': photo_set(i, 8, seed=99)})
            for j, i in enumerate(sample_identities(5, seed=9, start_id=4 * 10**6))]
styles = [Task(st, 'style', render(sample_identities(8, seed=10 + j, start_id=5 * 10**6), seed=j, style=st), f'a photo of a person in {TASK_TOKENS[6 + j]} style', {'style': st})
          for j, st in enumerate(STYLES[1:])]
sequences = {'subjects': subjects, 'mixed': [subjects[0], styles[0], subjects[1], styles[1], styles[2]]}
ccfg = LoraTrainConfig(steps=4 if SMALL else 80, lr=5e-3, rank=1, instances_per_step=2, weight_decay=0.0)
orders = [list(range(5)), [4, 2, 0, 3, 1]][:1 if SMALL else 2]
methods = ('naive', 'merge_reinit') if SMALL else METHODS
results = []
for seq_name, seq in sequences.items():
    if SMALL and seq_name != 'subjects': continue
    for o, order in enumerate(orders):
        tasks_o = [seq[i] for i in order][:3 if SMALL else 5]
        for m in methods:
            M = run_continual(mini, tasks_o, m, mini_score, ccfg, seed=o, progress=False)
            results.append(dict(sequence=seq_name, order=o, method=m, M=M, **summarize(M)))
res = pd.DataFrame(results)
table = res.groupby(['sequence', 'method'], sort=False)[['avg_score', 'avg_forgetting']].agg(['mean', 'std']).round(3)
table

#%%
import matplotlib.pyplot as plt
fig, axs = plt.subplots(1, len(res['sequence'].unique()), figsize=(5 * len(res['sequence'].unique()), 3.5), squeeze=False)
for ax, (seq_name, g) in zip(axs[0], res.groupby('sequence', sort=False)):
    for m, gm in g.groupby('method', sort=False):
        curve = np.mean([[np.mean(M[:j + 1, j]) for j in range(M.shape[0])] for M in gm['M']], 0)
        ax.plot(range(1, len(curve) + 1), curve, marker='o', label=m)
    ax.set_title(f'{seq_name}: mean score on tasks seen so far'); ax.set_xlabel('after task'); ax.legend(fontsize=7)
plt.tight_layout()
