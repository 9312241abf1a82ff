"""Edit success with a difference-of-class-means direction (no covariance correction), jointly debiased like `fit_directions`.

Run: `OMP_NUM_THREADS=1 .venv/bin/python dev/edit_direction_probe.py` (about 3 min on one CPU thread).
Measured (2026-11-30, v-prediction mini model, 40 sampled models seed 7, seeds 0 and 1, +2 units):

    Male unit 4.99 | Beard 3.84 | Old 5.4 | Bald 3.53 | Eyeglasses 3.38 | Chubby 4.99
    attribute   n  success  id_kept  others_flip  others_flip_max worst_other
        Beard  38    0.053    0.929        0.011            0.053        Male
          Old  37    0.108    0.823        0.070            0.243        Male
         Bald  40    0.000    0.967        0.005            0.025        Male
   Eyeglasses  40    0.000    0.965        0.020            0.050        Male
       Chubby  40    0.100    0.889        0.035            0.125        Male

Against the least-squares directions of `nbs/identity_editing.ipynb` (100 models: Beard 0.010, Old 0.056, others 0.000): about twice
the success for Old and Chubby, still far from the 90% goal.
"""
import numpy as np, torch
torch.set_num_threads(1)
from w2w.session import W2W
from w2w.analyzer import load_analyzer
from w2w.world import ATTRIBUTES
from w2w.edit import Direction, debias
from w2w.evaluate import edit_eval
s, an = W2W.mini(), load_analyzer()
P = torch.as_tensor(s.space.scores).double()
labels = {n: s.records[n].to_numpy(float) for n in ATTRIBUTES}
Pc = P - P.mean(0)
raw = {n: Pc.T @ torch.as_tensor(y - y.mean()) for n, y in labels.items()}      # difference of class means (up to scale)
dirs = {}
for n in ATTRIBUTES:
    v = debias(raw[n], [raw[o] for o in ATTRIBUTES if o != n]); v = v / v.norm()
    dirs[n] = Direction(n, v, float((P @ v).std()), 'mean_diff', tuple(o for o in ATTRIBUTES if o != n))
    print(n, 'unit', round(dirs[n].unit, 2))
models = s.sample(40, seed=7)
s.directions = dirs
print(edit_eval(s, an, models, attrs=('Beard', 'Old', 'Bald', 'Eyeglasses', 'Chubby'), strength=2.0, seeds=(0, 1)).round(3).to_string())
