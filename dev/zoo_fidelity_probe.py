"""Are the zoo's LoRAs under-trained? Attribute fidelity and identity of zoo-recipe LoRAs against their training length.

In `identity_editing` the zoo models that have an attribute render it in only 29% (Eyeglasses) to 94% (Old) of their images, and
`dreambooth_budget_probe` found 8-photo DreamBooth under-trained at the zoo's 100 steps. This probe trains zoo identities that carry
the rare attributes with the shipped zoo recipe (`mini_zoo_job().cfg`) at several step counts, renders each LoRA with 4 seeds
(DDIM 25, η = 1, as `W2W.mini`), and reports per attribute the share of images that show it (among identities that have it), the
ID score of the renders against 8 other photos of the identity, and the final training loss.

    OMP_NUM_THREADS=1 .venv/bin/python dev/zoo_fidelity_probe.py 100 300 600     # step counts to compare (STEPS@LR for another lr, @fa to freeze A, @a=0.0625 for A's relative lr)

Measured 2026-12-01 (31 identities, 8 per attribute; one core, beside other work):

       steps  seconds   loss  own_id  Beard    Old   Bald  Eyeglasses  Chubby
         100     43.1  0.060   0.304  0.600  0.953  0.375       0.278   0.844     (the shipped zoo's recipe)
         300    128.5  0.065   0.340  0.725  0.906  0.562       0.250   0.750
         600    258.7  0.064   0.379  0.900  0.906  0.438       0.472   0.812

A larger learning rate with A trained (`100@0.01`, `100@0.02`; measured 2026-12-01) does not buy the longer runs' fidelity, it loses the identity:

       steps     lr   loss  own_id  Beard    Old   Bald  Eyeglasses  Chubby
         100   1e-2  0.069   0.220  0.575  0.719  0.406       0.111   0.625
         100   2e-2  0.202   0.008  0.350  0.422  0.250       0.722   0.688

With A frozen (`@fa`, `LoraTrainConfig.lr_a = 0`), same identities:

       steps     lr  own_id  Beard    Old   Bald  Eyeglasses  Chubby
         100   5e-3   0.270  0.625  0.906  0.438       0.194   0.656
         100   1e-2   0.186  0.600  0.859  0.406       0.194   0.562
         100   2e-2   0.079  0.750  0.797  0.219       0.111   0.656
         200   1e-2   0.267  0.700  0.922  0.500       0.278   0.656

A slowed instead of frozen (`@a=LR_A`, `lr_a`: A's learning rate as a fraction of B's, 100 steps at 5e-3):

        lr_a  own_id  Beard    Old   Bald  Eyeglasses  Chubby
        1/16   0.286  0.650  0.922  0.438       0.167   0.688
         1/4   0.275  0.675  0.938  0.406       0.139   0.812

Freezing A costs some identity at the zoo's lr (0.27 against 0.30), and a larger lr does not buy it back: it loses identity fast.
Longer training helps slowly: at 6x the zoo's cost beards reach 90% and glasses 47%, and identity rises from 0.30 to 0.38.
Glasses and baldness stay below half. Rank-1 LoRAs at the zoo's learning rate carry these small features only partly. More steps
alone do not justify a CPU rebuild (the 2,000-LoRA zoo would take 6x its ~50 core-minutes).
"""
import sys, time, dataclasses
import numpy as np, pandas as pd, torch
torch.set_num_threads(1)

ATTRS = ('Beard', 'Old', 'Bald', 'Eyeglasses', 'Chubby')

def pick(n_per:int=8):
    "Zoo identities (population seed 1) that carry each rare attribute, `n_per` per attribute, in id order."
    from w2w.world import sample_identities
    pool, out = sample_identities(2000, seed=1), {}
    for a in ATTRS:
        for i in [i for i in pool if i.attrs[a]][:n_per]: out[i.id] = i
    return [out[k] for k in sorted(out)]

def run(steps:int, idents, pipe, an, **cfg_kw):
    from w2w.zoo import mini_zoo_job
    from w2w.train import train_loras
    from w2w.world import photo_set, ATTRIBUTES
    from w2w.session import render_weights
    from w2w.layout import LoraLayout
    cfg = dataclasses.replace(mini_zoo_job().cfg, steps=steps, **cfg_kw)
    t = time.time()
    W, loss = train_loras(pipe, [photo_set(i, 8, seed=i.id) for i in idents], [i.id for i in idents], cfg, progress=False)
    secs = time.time() - t
    imgs = render_weights(pipe, LoraLayout.from_unet(pipe.unet), W, (0, 1, 2, 3), eta=1.0)      # (K, 4, H, W, 3)
    p = an.attributes(imgs.reshape(-1, *imgs.shape[2:])).reshape(len(idents), 4, -1)
    row = dict(steps=steps, **cfg_kw, seconds=round(secs, 1), loss=float(loss.mean()),
               own_id=float(np.mean([an.id_score(im, photo_set(i, 8, seed=99)) for im, i in zip(imgs, idents)])))
    for a in ATTRS:
        has = np.array([bool(i.attrs[a]) for i in idents])
        row[a] = float((p[has, :, ATTRIBUTES.index(a)] > 0.5).mean())
    return row

if __name__ == '__main__':
    from w2w.minimodel import load_mini_pipeline
    from w2w.analyzer import load_analyzer
    pipe, an, idents = load_mini_pipeline(), load_analyzer(), pick()
    print(f'{len(idents)} identities', flush=True)
    rows = []
    for a in sys.argv[1:]:
        steps, *rest = a.split('@')                      # STEPS[@LR][@fa | @a=LR_A]: fa freezes A (LoRA-FA), a= sets A's relative lr
        kw = {}
        for r in rest: kw.update({'lr_a': 0.} if r == 'fa' else {'lr_a': float(r[2:])} if r.startswith('a=') else {'lr': float(r)})
        rows.append(run(int(steps), idents, pipe, an, **kw))
        print(pd.DataFrame(rows).round(3).to_string(), flush=True)
