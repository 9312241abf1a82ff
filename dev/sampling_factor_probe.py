"""Do shrunk samples (`factor` < 1, or only the leading PCs) make stronger identities? 50 models × 4 seeds each.

"Consistency" is the analyzer ID between one model's renders across seeds; "between models" the mean ID between different models'
renders (lower: more distinct); "valid" the share of renders the analyzer reads as a face.

    OMP_NUM_THREADS=1 .venv/bin/python dev/sampling_factor_probe.py     # about 4 min on one CPU thread

Measured 2026-11-30 (shipped mini space):

    zoo            consistency 0.434  between models 0.118  valid 0.995
    factor 1.0     consistency 0.234  between models 0.314  valid 1.000
    factor 0.75    consistency 0.205  between models 0.374  valid 1.000
    factor 0.5     consistency 0.147  between models 0.479  valid 1.000
    first 100 PCs  consistency 0.182  between models 0.382  valid 0.995
    first 300 PCs  consistency 0.226  between models 0.296  valid 1.000

Shrinking does not help: the samples drift toward the mean model, less consistent and less distinct.
"""
import numpy as np, torch
torch.set_num_threads(1)
from w2w.session import W2W
from w2w.analyzer import load_analyzer
from w2w.evaluate import seed_consistency, face_validity
s, an = W2W.mini(), load_analyzer()
n, seeds = 50, (0, 1, 2, 3)

def distinct(images)->float:
    "Mean ID score between the first renders of different models."
    e = an.embed(images[:, 0]); e = e / np.linalg.norm(e, axis=-1, keepdims=True); G = e @ e.T
    return (G.sum() - len(e)) / (len(e) * (len(e) - 1))

rows = [('zoo', torch.as_tensor(s.space.scores[np.linspace(0, len(s.space.scores) - 1, n).astype(int)]).float())]
for f in (1.0, 0.75, 0.5): rows.append((f'factor {f}', s.sample(n, factor=f, seed=0)))
for k in (100, 300):
    c = s.sample(n, seed=0); c[:, k:] = 0; rows.append((f'first {k} PCs', c))
for name, c in rows:
    ims = s.render_batch(c, seeds)
    v, _ = face_validity(an, ims.reshape(-1, *ims.shape[2:]))
    print(f'{name:14} consistency {seed_consistency(an, ims).mean():.3f}  between models {distinct(ims):.3f}  valid {v:.3f}', flush=True)
