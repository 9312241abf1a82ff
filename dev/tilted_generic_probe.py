"""Can the generic caption's mix be corrected by what it is trained on? The shipped model under-samples the rare attributes of
*a photo of a person* by a steady factor (1,024 images: beards ×0.82, age ×0.67, baldness ×0.38, glasses ×0.65, build ×0.70, men
×1.15). Here a 4th stage as `caption_bias_probe.py tune ctrl` (1,500 steps from the shipped model, v-prediction, lr 2e-4, seed 3, a
new identity pool) gives the generic caption to each training identity with a probability tilted by those factors (to the power
`POWER`; raked so that all six rates move at once), so that its images over-represent what the model under-samples; the overall share of generic captions stays 15%, and
every other caption is drawn as shipped.

    OMP_NUM_THREADS=1 .venv/bin/python dev/tilted_generic_probe.py tune 1 &     # ~9 min on one core; names: 1, 1.5, iter2 (RATIOS)
    OMP_NUM_THREADS=1 .venv/bin/python dev/tilted_generic_probe.py tune iter2
    OMP_NUM_THREADS=1 .venv/bin/python dev/caption_bias_probe.py mix1024 /tmp/w2w_tilt_1

`tune iter2` is a second step of that fixed point: it starts again from the shipped model, with the ratios multiplied by the world's
rates over the power-1 stage's output.

Measured 2026-12-01 (each stage ~545 s on one core, final loss 0.0103; attributes Male Beard Old Bald Eyeglasses Chubby; world
.430 .204 .233 .074 .096 .083). The generic caption's training mix is .370 .248 .347 .195 .149 .123 at power 1 and .320 .325 .281 .202
.145 .131 for iter2. Rates of 1,024 images at g 1, η 0 (seeds 1000…, as `mix1024`), then 512 at η 1 (seeds 2000…):

                      g 1, η 0                            max gap   g 1, η 1                   g 3, η 1                   g 5, η 1
    shipped           .493 .168 .157 .028 .062 .058      .076      .469 .121 .172 .029 .041 .049   .529 .088 .217 .018 .031 .041   .650 .076 .256 .018 .025 .045
    power 1           .495 .153 .284 .069 .096 .075      .066      .451 .119 .361 .084 .076 .088   .391 .090 .602 .068 .123 .074   .336 .055 .732 .053 .152 .057
    power 1.5         .468 .146 .337 .097 .098 .082      .104
    iter2             .451 .157 .254 .062 .093 .083      .047      .383 .129 .322 .078 .064 .076   .303 .137 .436 .057 .117 .072   .318 .154 .566 .051 .172 .064
    iter2, seeds 3000 .427 .157 .260 .055 .094 .100      .047

'a photo of a man with a beard' (g 3, η 1) still gives beards in 99-100% of images. So the tilted stage puts all six rates of the
generic caption within 5 points of the world's, on fresh seeds too, but only for the sampler it was calibrated with (g 1, η 0). With
fresh noise at each step (η 1), age is 9 points over. With the guidance the sessions use (3), it is 20 points over and men 13 under,
because guidance extrapolates from the unconditional model, which the tilt leaves alone. A correction that holds for one sampler is a fit to
the measurement, not a better model of the world. Not shipped.
"""
import sys
import numpy as np, torch
torch.set_num_threads(1)
import w2w.minimodel as mm
from w2w.world import files_dir, ATTRIBUTES

WORLD = np.array([.430, .204, .233, .074, .096, .083])     # world population (5,000 identities)
SHIPPED = np.array([.493, .168, .157, .028, .062, .058])   # the shipped model, 1,024 images of the generic caption (g 1, η 0)
TILT1 = np.array([.495, .153, .284, .069, .096, .075])     # after the power-1 stage, the same measurement
RATIOS = {'1': WORLD / SHIPPED, '1.5': (WORLD / SHIPPED) ** 1.5,
          'iter2': WORLD / SHIPPED * WORLD / TILT1}       # a second step of the fixed point: correct the first stage's residual

def tilt_weights(pool, ratio, sweeps:int=100)->dict:
    """Importance weight per identity id (mean 1 over `pool`) that moves the pool's attribute rates p to p·ratio,
    all six at once: raking (iterative proportional fitting), since the attributes are correlated (tilting baldness alone adds men)."""
    V = np.array([i.vector() for i in pool]) > 0.5
    target = np.clip(V.mean(0) * ratio, 0.01, 0.95)
    w = np.ones(len(pool))
    for _ in range(sweeps):
        for a in range(V.shape[1]):
            cur = w[V[:, a]].sum() / w.sum()
            w[V[:, a]] *= target[a] / cur; w[~V[:, a]] *= (1 - target[a]) / (1 - cur)
    return dict(zip((i.id for i in pool), w / w.mean()))

def tilted(ratio, pool):
    weight = tilt_weights(pool, ratio)
    base = mm._draw_caption
    def draw(ident, style, rng, drop, empty_frac, generic_frac):
        u = rng.random()
        if u < empty_frac: return ''
        if rng.random() < generic_frac * (weight[ident.id] if style == 'photo' else 1): return f'a {style} of a person'
        return base(ident, style, rng, drop, 0.0, 0.0)      # a partial caption as shipped (never the generic one)
    return draw

def tune(name:str, steps:int=1500):
    from w2w.world import sample_identities
    pool = sample_identities(20000, seed=3, start_id=3_000_000)
    mm._draw_caption = tilted(RATIOS[name], pool)
    mm.train_base_model(f'/tmp/w2w_tilt_{name}', steps=steps, batch_size=32, lr=2e-4, warmup=50, seed=3, identity_start=3_000_000,
                        n_identities=20000, caption_drop=0.3, save_every=100, init_from=files_dir() / 'minimodel',
                        prediction_type='v_prediction', snr_gamma=5.0, progress=False)

if __name__ == '__main__':
    tune(sys.argv[2])
