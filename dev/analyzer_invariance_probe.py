"""Can the analyzer's identity score be made blind to the edited attributes without retraining it? Issue 5 asks edits to keep
ID ≥ 0.8, but this analyzer scores a *perfect* edit (the world's own identity with one attribute flipped) at 0.16–0.56. Here the
embedding is projected off the directions that predict the attributes (least squares from embedding to attributes, then the
class-mean differences; fitted on 8,000 renders of 4,000 other identities), renormalised, and scored as `Analyzer.id_score` does.

    OMP_NUM_THREADS=2 .venv/bin/python dev/analyzer_invariance_probe.py      # about 1 min

Measured 2026-12-01 (verification: 300 identities, two photo sets each, against 600 pairs of different identities; perfect edit:
60 identities without the attribute, flipped, photo set seed 1 vs the original's seed 2):

    null rank 0 (as shipped): same 0.879 diff 0.027 AUC 1.0000 | perfect edit Beard 0.541 Old 0.169 Bald 0.333 Eyeglasses 0.558 Chubby 0.562
    null rank 6:              same 0.876 diff 0.020 AUC 1.0000 | perfect edit Beard 0.544 Old 0.158 Bald 0.320 Eyeglasses 0.565 Chubby 0.563
    null rank 12:             same 0.867 diff -0.002 AUC 1.0000 | perfect edit Beard 0.540 Old 0.157 Bald 0.312 Eyeglasses 0.584 Chubby 0.578

Nothing moves: an attribute does not shift the embedding along one shared direction; the network maps the flipped identity to
another person. A "kept identity" score needs an analyzer trained with flipped identities as positives (which changes every ID
figure of the project), not a projection.
"""
import numpy as np, torch
from sklearn.metrics import roc_auc_score
from w2w.analyzer import load_analyzer
from w2w.world import sample_identities, photo_set, render, ATTRIBUTES
an = load_analyzer()
fit = sample_identities(4000, seed=11, start_id=9 * 10**6)
E = an.embed(render(fit, n=2, seed=0)); V = np.repeat(np.array([i.vector() for i in fit]), 2, 0)
print('emb dim', E.shape)
def nuller(r):
    Ec = E - E.mean(0); Vc = V - V.mean(0)
    if r == 0: return lambda e: e
    # directions in embedding space that predict the attributes (least squares), and up to r per attribute via class-mean diffs
    W = np.linalg.lstsq(Ec, Vc, rcond=None)[0]                       # (D, 6)
    M = np.stack([E[V[:, j] > .5].mean(0) - E[V[:, j] < .5].mean(0) for j in range(6)], 1)
    B = np.concatenate([W, M], 1)[:, :r]
    Q = np.linalg.qr(B)[0]
    def f(e): e = e - (e @ Q) @ Q.T; return e / np.linalg.norm(e, axis=1, keepdims=True)
    return f
pool = sample_identities(400, seed=5, start_id=7 * 10**6)
ver = sample_identities(300, seed=6, start_id=8 * 10**6)
A1 = [an.embed(photo_set(i, 4, seed=1)) for i in ver]; A2 = [an.embed(photo_set(i, 4, seed=2)) for i in ver]
for r in (0, 6, 12):
    f = nuller(r)
    sc = lambda a, b: float(f(a).mean(0) @ f(b).mean(0))
    same = [sc(a, b) for a, b in zip(A1, A2)]
    diff = [sc(A1[i], A2[(i + 1) % len(A2)]) for i in range(len(A1))] + [sc(A1[i], A2[(i + 7) % len(A2)]) for i in range(len(A1))]
    auc = roc_auc_score([1] * len(same) + [0] * len(diff), same + diff)
    ceil = {}
    for a in ('Beard', 'Old', 'Bald', 'Eyeglasses', 'Chubby'):
        el = [i for i in pool if not i.attrs[a]][:60]
        ceil[a] = np.mean([sc(an.embed(photo_set(i.edit(**{a: True}), 4, seed=1)), an.embed(photo_set(i, 4, seed=2))) for i in el])
    print(f'null rank {r}: same {np.mean(same):.3f} diff {np.mean(diff):.3f} AUC {auc:.4f} | perfect edit ' + ' '.join(f'{a} {v:.3f}' for a, v in ceil.items()), flush=True)
