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

The full zoo (all 2,000 identities of `mini_zoo_job`, A frozen through `LoraTrainConfig.lr_a = 0`; 22.8 min on both cores), its space
fitted like the shipped one, then the notebooks' own evaluations:

    OMP_NUM_THREADS=1 .venv/bin/python dev/frozen_a_zoo_probe.py fullbuild 0 &    # and `fullbuild 1`: two array tasks, one store
    OMP_NUM_THREADS=1 .venv/bin/python dev/frozen_a_zoo_probe.py full edits        # or sampling, fidelity, inversion

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

Measured 2026-12-01, full zoo (2,000 identities; build 1,369 s / 1,358 s for the two shards, one core each). Its spectrum is steeper
(A carries no variance): 100 PCs explain 48.4%, 500 85.3%, 1,000 97.6%; 95% needs k = 819 (shipped: 1,154). Against the shipped
figures of `identity_editing` and `inversion_real` (same models, seeds, identities and settings):

    edits (100 sampled models, 100-PC directions, lstsq debiased)   Beard   Old    Bald   Eyeglasses  Chubby   ID kept (Old)
    frozen +2                                                       .149    .659   0      .031        .071     .90-.96 (.48)
    shipped +2                                                      .041    .433   0      0           .080     .92-.96 (.57)
    frozen +4                                                       .394    .902   .030   .153        .214     .71-.90 (.28)
    sampling: ID consistency across 4 seeds, sampled / zoo models   frozen .315 / .434   shipped .225 / .468 (valid faces .998 / 1.000)
    zoo fidelity (100 models): recon .983, own .420, self .437      shipped recon .980, own .459, self .48
    inversion (20 held-out): 30 steps .379 (k = 819), 100 x 4 .465   shipped .406 (k = 1,154), .531; single-image DreamBooth .499

A slowed A instead (`W2W_LR_A=0.0625` for `fullbuild` and `full`: A at 1/16 of B's learning rate, LoRA+'s ratio; build 1,354 s /
1,357 s; 95% at k = 1,032):

    edits +2: Beard .185, Old .541, Bald 0, Eyeglasses 0, Chubby .050; ID kept .87-.97 (Old .50)
    edits +4: Beard .370, Old .906, Bald .010, Eyeglasses .121, Chubby .220
    sampling: ID consistency across 4 seeds, sampled / zoo models .310 / .431 (valid faces .992 / .995)
    inversion: 30 steps .390 (k = 1,032), 100 x 4 .476

A frozen-A zoo makes edits 1.5-3.6x more effective (Old at +4 units 90%) and sampled models more consistent, but its LoRAs hold a
little less identity and inversion in its space falls 0.03-0.07. Slowing A (1/16) lands between the two: edits like the frozen
zoo's, inversion still 0.02-0.06 below the shipped space. Neither meets the 90% goal at +2. Not shipped.
"""
import os, sys, dataclasses
import numpy as np, pandas as pd, torch
torch.set_num_threads(1)

OUT = '/tmp/w2w_frozen_a_zoo_{}'

def frozen_job(store:str, n:int=2000, start:int=0, lr_a:float=0.):
    "The shipped zoo's job with A frozen (`LoraTrainConfig.lr_a = 0`) or slowed (0 < `lr_a` < 1)."
    from w2w.zoo import mini_zoo_job
    job = dataclasses.replace(mini_zoo_job(store, n), start_id=start)
    job.cfg = dataclasses.replace(job.cfg, lr_a=lr_a); return job

def build(start:int, n:int):
    from w2w.zoo import run_zoo_job
    run_zoo_job(frozen_job(OUT.format(start), n, start))

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

LR_A = float(os.environ.get('W2W_LR_A', 0))     # the full zoo's A learning rate (0: frozen)
FULL = f'/tmp/w2w_zoo_a{LR_A:g}'

def full_session(which:str):
    "A `W2W.mini` session on the full frozen-A zoo (space fitted like the shipped one: k at 95% explained variance) or the shipped files."
    from pathlib import Path
    from w2w.session import W2W
    from w2w.world import files_dir
    from w2w.zoo import fit_store_space, choose_k
    if which == 'shipped': return W2W.mini()
    root = Path(FULL + '_root')
    if not (root / 'space').exists():
        root.mkdir(exist_ok=True)
        for name, target in (('minimodel', files_dir() / 'minimodel'), ('zoo', Path(FULL))):
            if not (root / name).exists(): (root / name).symlink_to(target)
        full = fit_store_space(FULL, None, k=1680, progress=False)    # numerical rank ~1,685: A is constant
        evr = full.explained_variance_ratio; cum = torch.cumsum(evr, 0)
        print(f'k at 95%: {choose_k(evr, 0.95)}; 100 PCs {cum[99]:.3f}, 500 {cum[499]:.3f}, 1000 {cum[999]:.3f}')
        sp = full.first(choose_k(evr, 0.95)); sp.meta['evr_curve'] = cum[::10].tolist(); sp.save(root / 'space', dtype='float16')
    return W2W.mini(root)

def full_eval(which:str, part:str):
    "identity_editing's table (lstsq debiased, 100 sampled models, seeds 0 and 1), sampling_eval, zoo_fidelity or inversion_real's table."
    from dataclasses import replace
    from w2w.analyzer import load_analyzer
    from w2w.evaluate import edit_eval, analyze, sampling_eval, inversion_eval
    s, an = full_session(which), load_analyzer()
    if part == 'edits':
        s.fit_directions(); models = s.sample(100, seed=7); base = analyze(an, s.render_batch(models, (0, 1)))
        for st in (2.0, 4.0): print(f'+{st}:', edit_eval(s, an, models, ('Beard', 'Old', 'Bald', 'Eyeglasses', 'Chubby'), st, (0, 1), base).round(3).to_string())
    elif part == 'sampling': print(sampling_eval(s, an, n=100, seeds=(0, 1, 2, 3)).round(3).to_string())
    elif part == 'fidelity':
        from w2w.zoo import zoo_fidelity
        from w2w.store import ZooStore
        from w2w.world import files_dir
        st = ZooStore(FULL if which == 'frozen' else files_dir() / 'zoo')
        print(zoo_fidelity(s.pipe, st, s.space, an, n=100, progress=False).describe().loc[['mean', 'std']].round(3).to_string())
    else:
        from w2w.inversion import InversionConfig
        from w2w.bench import INVERSION_BENCH
        from w2w.zoo import mini_zoo_job
        from w2w.world import sample_identities
        cfg = InversionConfig(k=s.k, **INVERSION_BENCH)
        print(inversion_eval(s, an, sample_identities(20, seed=3, start_id=10**6), ks=(s.k,), inv_cfg=cfg, db_cfg=mini_zoo_job().cfg,
                             variants={'100 steps x 4 draws': replace(cfg, steps=100, draws=4, lr=0.1)}, progress=False)[0].round(3).to_string())

if __name__ == '__main__':
    if sys.argv[1] == 'fullbuild':
        from w2w.zoo import run_zoo_job
        run_zoo_job(frozen_job(FULL, lr_a=LR_A), shard=(int(sys.argv[2]), 2)); sys.exit()
    if sys.argv[1] == 'full': full_eval('frozen', sys.argv[2]); sys.exit()
    if sys.argv[1] == 'linearity': linearity()
    elif sys.argv[1] == 'build': build(int(sys.argv[2]), int(sys.argv[3]))
    else: evaluate(*sys.argv[2:4])
