#%% md
# Sampling

> Sample brand-new identity models from the w2w space, render them in several seeds and prompts, check they are new, save and export them — and slide Beard and Age.

#%% md
A new model is a draw of PC coefficients, each component independently Gaussian with the zoo's per-component mean and standard
deviation (`factor` scales the deviations: below 1 more typical, above 1 more diverse). Everything here runs on the mini world
(`W2W.mini()`); `W2W.real(sd_path, original_files)` runs the same cells on Stable Diffusion 1.5.

#%%
from pathlib import Path
import numpy as np
import torch
from w2w.pipeline import image_grid

#%%
#| hide
from fastcore.test import *
import tempfile, os
from w2w.session import W2W
from w2w.widgets import EditorUI

#%%
s = W2W.mini()
s

#%% md
## New models

#%%
c = s.sample(6, factor=1.0, seed=0)
ims = np.concatenate([s.render(ci, seed=0) for ci in c])
image_grid(ims, ncols=6, scale=4)

#%% md
The same models under other seeds (rows) — an identity stays itself across noise draws — and other prompts:

#%%
seeds = np.concatenate([s.render(ci, seed=sd) for sd in range(3) for ci in c[:4]])
image_grid(seeds, ncols=4, scale=3)

#%%
prompts = ['a photo of sks person', 'a photo of sks person with glasses', 'a photo of old sks person']
image_grid(np.concatenate([s.render(ci, prompt=p) for p in prompts for ci in c[:4]]), ncols=4, scale=3)

#%% md
`factor` trades typicality for diversity:

#%%
image_grid(np.concatenate([s.render(ci) for f in (0.5, 1.0, 1.5) for ci in s.sample(4, factor=f, seed=1)]), ncols=4, scale=3)

#%% md
## Are they new?

Beside each sample, its nearest zoo model (Euclidean distance in coefficient space) and the typical distance between zoo neighbours:

#%%
idx, dist = zip(*[s.nearest(ci, 1) for ci in c[:4]])
pairs = np.concatenate([np.concatenate([s.render(ci), s.render(s.zoo_model(int(i[0])))]) for ci, i in zip(c[:4], idx)])
P = torch.as_tensor(s.space.scores[:300]).float()
dz = torch.cdist(P, P).fill_diagonal_(float('inf')).min(1).values
print('sample → nearest zoo model:', np.round(np.concatenate(dist), 2), f'| zoo → nearest other zoo model: median {dz.median():.2f}')
image_grid(pairs, ncols=2, scale=3)

#%% md
## Save and export

A model travels as its coefficients (a few kB, tied to this space), or as a standard LoRA any diffusers / A1111 / ComfyUI user can load:

#%%
with tempfile.TemporaryDirectory() as tmp:
    paths = {fmt: s.save(c[0], f'{tmp}/model_{fmt}' + ('.safetensors' if fmt == 'w2w' else ''), fmt) for fmt in ('w2w', 'diffusers', 'kohya', 'peft')}
    for fmt, p in paths.items(): print(f'{fmt:>9}: {Path(p).name:40s} {Path(p).stat().st_size:8,d} bytes')
    test_close(s.load(paths['w2w']), c[0], eps=0)
    test_close(s.load(paths['kohya']), s.weights(c[0]), eps=1e-6)

#%% md
## Slide Beard and Age

The editor: **Sample** draws a new model; each slider moves the model along a debiased attribute direction in population units
(+1 = one population standard deviation); `T` delays the edit to the timesteps t ≤ T. In JupyterLab the sliders re-render on release.

#%%
ui = EditorUI(s, seed=0)
ui

#%%
#| hide
b0 = ui.after.value
ui.sliders['Beard'].value = 2.0
test_ne(ui.after.value, b0)

#%% md
## The demo sheet

`make demo` writes this sheet: rows are sampled identities; columns the original, +Beard, +Age, and both.

#%%
with tempfile.TemporaryDirectory() as tmp:
    from w2w.cli import demo
    p = demo(f'{tmp}/demo.png', n=2)
    from PIL import Image
    im = Image.open(p); test_eq(im.size[0] > im.size[1], True)
    display(im)
