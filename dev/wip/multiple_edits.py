#%% md
# Multiple edits

> Compose edits: several attributes at once, progressive edits, and a grid of two attributes against each other.

#%%
import numpy as np, torch
from fastcore.test import *
from w2w.session import W2W
from w2w.pipeline import image_grid

#%%
s = W2W.mini(); s.fit_directions();
ms = s.sample(3, seed=21)

#%% md
## Several at once

Debiased, population-unit directions simply add: w′ = w + Σ aₖ·σₖ·dₖ. Columns: original, +Beard, +Age, +Glasses, all three.

#%%
combos = [{}, {'Beard': 2.}, {'Old': 2.}, {'Eyeglasses': 2.}, {'Beard': 2., 'Old': 2., 'Eyeglasses': 2.}]
both = s.edit(ms[0], Beard=2., Old=2.)
test_close(both, s.edit(s.edit(ms[0], Beard=2.), Old=2.), eps=1e-5)     # edits commute
image_grid(np.concatenate([s.render_batch(torch.stack([s.edit(m, e) for e in combos]), seeds=(0,))[:, 0] for m in ms]), ncols=5, scale=4)

#%% md
## Progressive edits

Each step edits the result of the previous one (w₁ = edit(w₀), w₂ = edit(w₁), …), here adding age then a beard then glasses, with
delayed injection (T = 800) so that each step keeps the previous image's layout:

#%%
edits = ({'Old': 1.5}, {'Beard': 2.}, {'Eyeglasses': 2.})
steps = [ms[1]]
for e in edits: steps.append(s.edit(steps[-1], e))
ims = [s.render(steps[0])] + [s.render(steps[i], edits=e, T=800) for i, e in enumerate(edits)]
image_grid(np.concatenate(ims), ncols=4, scale=4)

#%% md
## Two attributes against each other

Rows: Age from −2 to +2; columns: Beard from −2 to +2.

#%%
vals = [-2, -1, 0, 1, 2]
grid = torch.stack([s.edit(ms[2], Old=a, Beard=b) for a in vals for b in vals])
image_grid(s.render_batch(grid, seeds=(0,))[:, 0], ncols=5, scale=3)
