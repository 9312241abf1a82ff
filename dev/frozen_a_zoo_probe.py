"""Do attribute edits work better when zoo LoRAs stay linear in the flattened vector? A zoo whose A factors stay at the shared init.

The w2w space is linear in the flattened (A, B) factors. A rank-1 update ΔW = s·B·A is linear in them only while A stays put. In the
shipped zoo, A moves far from its shared start: per layer, the median distance from the zoo mean is 20–91% of the mean's norm. For
the Beard class, mean(B·A) differs from mean(B)·mean(A) by 6–55% per layer. This probe builds the shipped zoo job's first N
identities with A frozen at the shared init (`init_seed` 0; only B trains), so that ΔW is exactly linear in the vector. It then fits
a space and directions on each zoo (frozen and the shipped rows of the same identities) and runs `edit_eval` on 40 of its own models.

    .venv/bin/python dev/frozen_a_zoo_probe.py linearity                           # the A drift figures below (seconds)
    OMP_NUM_THREADS=1 .venv/bin/python dev/frozen_a_zoo_probe.py build 0 200 &   # two halves, one core each (~7 min)
    OMP_NUM_THREADS=1 .venv/bin/python dev/frozen_a_zoo_probe.py build 200 200
    OMP_NUM_THREADS=1 .venv/bin/python dev/frozen_a_zoo_probe.py eval frozen &    # ~7 min each
    OMP_NUM_THREADS=1 .venv/bin/python dev/frozen_a_zoo_probe.py eval shipped
    OMP_NUM_THREADS=1 .venv/bin/python dev/frozen_a_zoo_probe.py eval frozen default   # directions on `direction_k`'s 100 PCs

Measured 2026-12-01 (400 identities, 300 PCs, lstsq debiased on all 300, seeds 0 and 1):
- Fit is unchanged. Final LoRA loss 0.0616 (frozen) vs 0.0621 (shipped rows). Own-identity ID of 4 renders vs 8 photos: 0.423 vs
  0.410.
- Success, +2 units: frozen Beard 0 / Old 0 / Bald 0 / Eyeglasses .025; shipped 0 / .032 / 0 / .050.
- Success, +4 units: frozen Beard .105 / Old .567 / Bald 0 / Eyeglasses .100; shipped .054 / .194 / 0 / .050.
- ID kept at +4: frozen .95 / .41 / .98 / .95; shipped .95 / .71 / .97 / .96.
So linear factors roughly double to triple the effect of a strong edit, but +2 units still flips almost nothing.
With directions on `direction_k`'s 100 PCs instead (`eval KIND default`, same models):
- Success, +2 units: frozen Beard .079 / Old .200 / Bald 0 / Eyeglasses .050; shipped .027 / .032 / 0 / .050.
- Success, +4 units: frozen Beard .158 / Old 1.000 / Bald 0 / Eyeglasses .100; shipped .054 / .419 / 0 / .050.
- ID kept at +2: frozen .98 / .81 / .99 / .98; shipped .98 / .92 / .98 / .97.
"""
import sys, dataclasses
import numpy as np, pandas as pd, torch
torch.set_num_threads(1)
import w2w.train as tr

OUT = '/tmp/w2w_frozen_a_zoo_{}'

class MultiLoRAFrozenA(tr.MultiLoRA):
    "MultiLoRA whose trainable weights get no gradient on the A (down) factors."
    def __init__(self, unet, layout, W):
        super().__init__(unet, layout, W)
        if isinstance(W, torch.nn.Parameter):
            mask = torch.zeros(layout.n_params)
            for t in layout.tensors:
                if t.factor == 'B': mask[t.offset:t.stop] = 1
            W.register_hook(lambda g: g * mask.to(g))

def build(start:int, n:int):
    from w2w.zoo import mini_zoo_job, run_zoo_job
    tr.MultiLoRA = MultiLoRAFrozenA
    run_zoo_job(dataclasses.replace(mini_zoo_job(), store=OUT.format(start), n=n, start_id=start))

def zoo(kind:str, n:int=400):
    "(weights, records) of the first `n` identities, sorted by id."
    from w2w.store import ZooStore
    if kind == 'shipped':
        from w2w.world import files_dir
        st = ZooStore(files_dir() / 'zoo'); idx = np.flatnonzero(st.records['id'].to_numpy() < n)
        W, rec = st.rows(idx), st.records.iloc[idx]
    else:
        parts = [ZooStore(OUT.format(s)) for s in (0, n // 2)]
        W, rec = np.concatenate([p.rows(np.arange(len(p))) for p in parts]), pd.concat([p.records for p in parts])
    rec = rec.drop(columns=['_shard', '_row']).reset_index(drop=True); order = np.argsort(rec['id'].to_numpy())
    return W[order], rec.iloc[order].reset_index(drop=True)

def evaluate(kind:str, pcs:str='all'):
    "`edit_eval` on 40 of the zoo's own models, directions on all 300 PCs or on `direction_k`'s default ('default')."
    from w2w.session import W2W
    from w2w.space import W2WSpace
    from w2w.analyzer import load_analyzer
    from w2w.world import sample_identities, photo_set
    from w2w.evaluate import edit_eval, analyze
    s, an = W2W.mini(), load_analyzer()
    W, rec = zoo(kind)
    s.space, s.records = W2WSpace.fit(torch.from_numpy(W), k=300, layout_hash=s.layout.hash, progress=False), rec
    s.fit_directions(k=None if pcs == 'default' else s.k)
    ids = {i.id: i for i in sample_identities(len(rec), seed=1)}
    test = np.arange(0, len(rec), 10); models = s.space.scores[test].float()
    own = np.mean([an.id_score(s.render_batch(models[j:j + 1], (0, 1, 2, 3))[0], photo_set(ids[int(rec['id'][t])], 8, seed=99))
                   for j, t in enumerate(test)])
    base = analyze(an, s.render_batch(models, (0, 1)))
    print(f'{kind}, directions on {len(s.directions["Old"].vector)} PCs: final LoRA loss {rec["loss"].mean():.4f}, own-identity ID {own:.3f}')
    for st in (2.0, 4.0): print(edit_eval(s, an, models, ('Beard', 'Old', 'Bald', 'Eyeglasses'), st, (0, 1), base).assign(strength=st).to_string())

def linearity(attr:str='Beard'):
    "Per layer in the shipped zoo: A's median drift from the zoo mean (relative), and |mean(BA) - mean(B)mean(A)| / |mean(BA)| for `attr`."
    from w2w.session import W2W
    s = W2W.mini(); W = s.weights(s.space.scores.float()).double(); has = torch.as_tensor(s.records[attr].to_numpy(float) > .5)
    B = {t.module: t for t in s.layout.tensors if t.factor == 'B'}
    for a in (t for t in s.layout.tensors if t.factor == 'A'):
        Aw, Bw = W[:, a.offset:a.stop], W[:, B[a.module].offset:B[a.module].stop]
        drift = ((Aw - Aw.mean(0)).norm(dim=1) / Aw.mean(0).norm()).median().item()
        pm = torch.einsum('no,ni->oi', Bw[has], Aw[has]) / int(has.sum()); mp = torch.outer(Bw[has].mean(0), Aw[has].mean(0))
        print(f'{a.module:60s} A drift {drift:.3f}  {attr} product-mean gap {((pm - mp).norm() / pm.norm()).item():.3f}')

if __name__ == '__main__':
    if sys.argv[1] == 'linearity': linearity()
    elif sys.argv[1] == 'build': build(int(sys.argv[2]), int(sys.argv[3]))
    else: evaluate(*sys.argv[2:4])
