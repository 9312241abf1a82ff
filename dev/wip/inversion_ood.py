#%% md
# Inversion of an out-of-distribution image

> A drawing — another style, or your own 32×32 sketch — inverted into the space comes back as a realistic identity.

#%% md
The space only contains models of realistic (here: photo-style) identities, so inverting an image from outside that distribution
projects it onto the closest realistic identity. Following the original, out-of-distribution inversions use fewer PCs (the prominent
features) and a larger learning rate.

#%%
import os
import numpy as np, torch
from fastcore.test import *
from w2w.session import W2W
from w2w.analyzer import load_analyzer
from w2w.world import sample_identities, render, photo_set, STYLES
from w2w.pipeline import image_grid
from w2w.inversion import invert, InversionConfig
SMALL = bool(os.environ.get('IN_TEST'))

#%%
s, an = W2W.mini(), load_analyzer()
OOD = InversionConfig(k=min(100, s.k), steps=10 if SMALL else 150, lr=0.2, draws=8, prior=1e-4)

#%% md
## Other drawing styles

Each row: a held-out identity drawn as a sketch, in pastel and as a cartoon → renders of the inverted models → the identity's photo render.

#%%
ident = sample_identities(1, seed=4, start_id=2 * 10**6)[0]
rows = []
for style in STYLES[1:]:
    drawing = render(ident, n=1, seed=1, style=style)[0]
    c, log = invert(s.pipe, s.space, drawing, cfg=OOD, progress=False)
    gen = s.render_batch(c[None], seeds=range(3))[0]
    print(f'{style:8s}: ID(inverted model, photo renders) = {an.id_score(gen, photo_set(ident, 8, seed=99)):.3f}')
    rows += [drawing, *gen, photo_set(ident, 1, seed=5)[0]]
image_grid(np.stack(rows), ncols=5, scale=4)

#%% md
## Your own drawing

A hand-made 32×32 face: flat colours, no shading, built pixel by pixel (or load yours with `w2w.inversion.load_image`), with a mask on
the head.

#%%
d = np.full((32, 32, 3), 235, np.uint8)
yy, xx = np.mgrid[:32, :32]
face = ((xx - 16) / 8) ** 2 + ((yy - 15) / 10) ** 2 < 1
d[face] = (240, 200, 160)
d[((xx - 16) / 9) ** 2 + ((yy - 8) / 5) ** 2 < 1] = (60, 40, 20)                        # hair
for x in (13, 19): d[13:15, x:x + 2] = (30, 30, 120)                                   # eyes
d[21:22, 13:20] = (180, 40, 40)                                                        # mouth
mask = (((xx - 16) / 11) ** 2 + ((yy - 15) / 13) ** 2 < 1).astype(np.float32)
c, log = invert(s.pipe, s.space, d, mask, cfg=OOD, progress=False)
print(f"loss {np.mean(log['loss'][:5]):.4f} → {np.mean(log['loss'][-5:]):.4f}")
image_grid(np.concatenate([d[None], s.render_batch(c[None], seeds=range(5))[0]]), ncols=6, scale=4)
