"""Why the mini base model under-samples rare attributes, and whether a short extra stage fixes it.

Captions drop attribute phrases at random. A caption without "old" is then mostly about a young person, because the phrase was
absent. Only some of those captions come from dropping. So *a photo of a man* is trained mostly on men with few attributes. The
exact generic caption is drawn apart from dropping (`generic_frac`), but nearby captions still pull it.

This probe does two things:
- `mix MODEL [PROMPTS]`: attribute rates of 256 images (DDIM 25, η 0, guidance 1) per prompt, against the world's rates over all
  people, men and women.
- `tune ctrl|neg|plain|plainneg STEPS`: a 4th stage from the shipped model: v-prediction, lr 2e-4, seed 3, new identity pool.
  `ctrl` keeps the shipped captions. `neg` states absent attributes too ('young', 'slim', 'with hair', 'without a beard'), so that a
  dropped phrase says nothing about the attribute. `plain` and `plainneg` are `ctrl` and `neg` with plain v-MSE (`snr_gamma=None`)
  instead of min-SNR-5 weighting, which for v-prediction weights a step by min(SNR, 5)/(SNR + 1), about SNR at high noise, where
  global attributes are decided.
- `mix1024 MODEL`: the generic prompt with 1,024 images (standard error 0.8–1.5 points).
- `obey MODEL`: attribute rates of captions that test obedience (128 images each at guidance 3, 5 and 7.5, η 1).
- `full ctrl|neg|adj OUT`: the shipped three-stage recipe from scratch with these captions.

    OMP_NUM_THREADS=1 .venv/bin/python dev/caption_bias_probe.py mix shipped "a photo of a man|a photo of a woman|a photo of a person"
    OMP_NUM_THREADS=1 .venv/bin/python dev/caption_bias_probe.py tune ctrl 1500 &   # 13 min each, one core
    OMP_NUM_THREADS=1 .venv/bin/python dev/caption_bias_probe.py tune neg 1500
    OMP_NUM_THREADS=1 .venv/bin/python dev/caption_bias_probe.py mix1024 /tmp/w2w_caption_stage_neg

Measured 2026-11-30 (attributes Male Beard Old Bald Eyeglasses Chubby):

    world all   .430 .204 .233 .074 .096 .083
    world men   1    .440 .300 .160 .125 .112
    world women 0    .026 .183 .009 .074 .061
    shipped 'a photo of a man'     .922 .297 .066 .055 .039 .043
    shipped 'a photo of a woman'   .066 .023 .039 .004 .020 .039
    1,024 images of 'a photo of a person' (max gap to the world):
    shipped .493 .168 .157 .028 .062 .058  (0.076, Old)
    ctrl    .512 .162 .184 .041 .062 .060  (0.082, Male)   1,500 steps, 782 s, final loss 0.0104
    neg     .494 .149 .197 .045 .072 .070  (0.065, Male)   1,500 steps, 772 s, final loss 0.0104
    measured 2026-12-01 (`mix1024`, same seeds):
    plain    .549 .160 .176 .050 .075 .059 (0.119, Male)   1,500 steps, 734 s; 'a photo of a man with a beard' g 3: beards 1.000
    plainneg .508 .143 .162 .042 .086 .063 (0.078, Male)   1,500 steps, 731 s; beards 0.992

Gendered prompts are strongly biased: Old is 0.066 for "a man" against 0.30 in the world's men. A 1,500-step stage leaves the generic
mix about where it was. Negated captions end a little closer to the world (0.065 vs 0.082 for the control, Old 0.197). That is about one
standard error per attribute, so not a clear effect, and still not within 5 points. At 256 images both stages looked within 5 points (0.044 / 0.045). That was sampling noise, and the 1,024-image run shows it.
Up-weighting the high-noise steps (plain v-MSE) does not help either: it adds men (.549) and leaves Old at .16–.18. The deficit is
not in the loss weighting. A full retrain with negated captions from the start is the remaining test.

`full ctrl|neg|adj OUT`: that full retrain, on the CPU (W2W_THREADS=2 uses both cores). `adj` states absence only for age, build
and hair, in whole-word tokens ('young', 'slim', 'with hair'), because `neg`'s 'without' is five letter tokens and its longest
captions pass the 16-token limit. Measured 2026-12-01, both cores, then `mix1024` and `obey` (128 images per prompt and guidance, η 1):

    neg  stages 1046 / 591 / 987 s (43.7 min), losses .0132 / .0117 / .0108
         1,024 images .478 .151 .191 .034 .087 .055 (0.053, Beard); 'a man with a beard' beards .570 / .727 / .828 at g 3 / 5 / 7.5
         'a man without a beard' .46-.53 beards; 'an old person' glasses .34-.70
    adj  stages 991 / 610 / 944 s (42.4 min)
         1,024 images .450 .113 .181 .036 .059 .056 (0.091, Beard); 'a man with a beard' beards 1.000 at g 3 / 5 / 7.5
         'a woman with glasses' old .90-.98

Neither meets the goal. `neg` comes closest on the mix but no longer obeys beard captions; `adj` obeys them and has a wider gap.
The gap moves by 0.04 between retrains that differ only in captions, so a single retrain cannot tell a caption effect from a
different draw. Both fit the CPU hour with two threads (the shipped recipe took 82 min on one).
"""
import json, os, sys, time
from pathlib import Path
import numpy as np, torch
torch.set_num_threads(int(os.environ.get('W2W_THREADS', 1)))
import w2w.minimodel as mm
from w2w.world import files_dir, sample_identities, ATTRIBUTES

OUT = '/tmp/w2w_caption_stage_{}'
_NEG = {'Old': 'young', 'Chubby': 'slim'}

def caption_negated(ident, drop:float, rng, style:str, without:bool=True)->str:
    """A caption where every attribute, present or absent, is stated unless its phrase is dropped (prob. `drop`, independent of it).
    `without=False` (the `adj` captions) states absence only for age, build and hair; beards and glasses only when present, as shipped."""
    keep = lambda: rng.random() >= drop
    noun = ('man' if ident.attrs['Male'] else 'woman') if keep() else 'person'
    adj, wth, wo = [], [], []
    for a, word in (('Old', 'old'), ('Chubby', 'chubby'), ('Bald', 'bald')):
        if not keep(): continue
        if ident.attrs[a]: adj.append(word)
        elif a in _NEG: adj.append(_NEG[a])
        else: wth.append('hair')
    for a, phrase in (('Beard', 'a beard'), ('Eyeglasses', 'glasses')):
        if without:
            if keep(): (wth if ident.attrs[a] else wo).append(phrase)
        elif ident.attrs[a] and keep(): wth.append(phrase)
    words = adj + [noun]
    s = f"a {style} of {'an' if words[0][0] in 'aeiou' else 'a'} {' '.join(words)}"
    return s + (' with ' + ' and '.join(wth) if wth else '') + (' without ' + ' and '.join(wo) if wo else '')

def caption_adjectives(ident, drop:float, rng, style:str)->str: return caption_negated(ident, drop, rng, style, without=False)

def draw_negated(ident, style, rng, drop, empty_frac, generic_frac, how=caption_negated)->str:
    u = rng.random()
    if u < empty_frac: return ''
    if u < empty_frac + generic_frac: return f'a {style} of a person'
    return how(ident, drop, rng, style)

def tune(kind:str, steps:int):
    if kind in ('neg', 'plainneg'): mm._draw_caption = draw_negated
    mm.train_base_model(OUT.format(kind), steps=steps, batch_size=32, lr=2e-4, warmup=50, seed=3, identity_start=3_000_000,
                        n_identities=20000, caption_drop=0.3, save_every=100, init_from=files_dir() / 'minimodel',
                        prediction_type='v_prediction', snr_gamma=None if kind.startswith('plain') else 5.0, progress=False)

def full(kind:str, out:str):
    "`train_mini_recipe` (the shipped model's three stages) from scratch, captions `kind` (ctrl|neg|adj)."
    if kind == 'neg': mm._draw_caption = draw_negated
    if kind == 'adj':
        mm.BASE_WORDS = (*mm.BASE_WORDS, 'slim', 'hair')     # whole-word tokens for the new words
        mm._draw_caption = lambda *a: draw_negated(*a, how=caption_adjectives)
    out, t0 = Path(out), time.time()
    mm.train_mini_recipe(out / 'stage3', stage_dir=out, progress=False)
    dirs = [out / 'w2w_minimodel_stage1', out / 'w2w_minimodel_stage2', out / 'stage3']   # (the 2026-12-01 runs named them stage1, stage2)
    walls = [json.loads((d / 'train_log.json').read_text())['wall_s'] for d in dirs]
    print(f'{kind}: stages {[round(w) for w in walls]} s, total {sum(walls) / 60:.1f} min on {torch.get_num_threads()} threads '
          f'(this call {time.time() - t0:.0f} s)')

OBEY_PROMPTS = ('a photo of a man with a beard', 'a photo of a man without a beard', 'a photo of a woman with glasses',
                'a photo of an old person', 'a photo of a bald man')

def rates(pipe, analyzer, prompt:str, n:int, seed:int=0, guidance:float=1.0, eta:float=0.0)->np.ndarray:
    ims = [pipe(prompt, num_images_per_prompt=64, generator=torch.Generator().manual_seed(seed + k), num_inference_steps=25,
                guidance_scale=guidance, eta=eta, output_type='np').images for k in range(n // 64)]
    return (analyzer.attributes((np.concatenate(ims) * 255).round().astype(np.uint8)) > 0.5).mean(0)

if __name__ == '__main__':
    cmd = sys.argv[1]
    if cmd == 'tune': tune(sys.argv[2], int(sys.argv[3])); sys.exit()
    if cmd == 'full': full(sys.argv[2], sys.argv[3]); sys.exit()
    from w2w.analyzer import load_analyzer
    an = load_analyzer(); pipe = mm.load_mini_pipeline() if sys.argv[2] == 'shipped' else mm.load_mini_pipeline(sys.argv[2])
    V = np.array([i.vector() for i in sample_identities(5000)]); male = V[:, 0] > 0.5; pop = V.mean(0)
    print(ATTRIBUTES); print('world all  ', np.round(pop, 3)); print('world men  ', np.round(V[male].mean(0), 3)); print('world women', np.round(V[~male].mean(0), 3))
    if cmd == 'obey':
        for p in OBEY_PROMPTS:
            for g in (3.0, 5.0, 7.5): print(f'{p!r:36} g {g}', np.round(rates(pipe, an, p, 128, seed=5000, guidance=g, eta=1.0), 3), flush=True)
    elif cmd == 'mix':
        for p in (sys.argv[3] if len(sys.argv) > 3 else 'a photo of a person').split('|'): print(f'{p!r:28}', np.round(rates(pipe, an, p, 256), 3), flush=True)
    else:
        r = rates(pipe, an, 'a photo of a person', 1024, seed=1000)
        print('1024 images', np.round(r, 3), f'max gap {np.abs(r - pop).max():.3f} ({ATTRIBUTES[int(np.abs(r - pop).argmax())]})')
        b = rates(pipe, an, 'a photo of a man with a beard', 128, seed=5000, guidance=3.0, eta=1.0)
        print("'a photo of a man with a beard' (128 images, g 3, η 1): beards", b[ATTRIBUTES.index('Beard')])
