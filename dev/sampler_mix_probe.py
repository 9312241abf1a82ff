"""Is the population mix of *a photo of a person* a sampler effect? The shipped base model sampled with more DDIM steps and η 0 or 1
(1,024 images, guidance 1, batch seeds 1000…1015, as `caption_bias_probe.py mix1024`), and the analyzer's reading of world renders.

    OMP_NUM_THREADS=1 .venv/bin/python dev/sampler_mix_probe.py world
    OMP_NUM_THREADS=1 .venv/bin/python dev/sampler_mix_probe.py gen 25,1 100,1 250,1     # STEPS,ETA ...

Measured 2026-12-01 (attributes Male Beard Old Bald Eyeglasses Chubby; one core per run):

    world, 4,096 identities (seed 7): truth    .418 .192 .229 .069 .089 .080
                                      analyzer .425 .193 .229 .070 .091 .088   (accuracy .989-1.000: the analyzer is not the gap)
    world population (5,000, seed 0)           .430 .204 .233 .074 .096 .083
     25 steps, η 0   .493 .168 .157 .028 .062 .058          (`caption_bias_probe.py mix1024 shipped`, stop 18)
     25 steps, η 1   .461 .117 .157 .020 .039 .045     81 s
     50 steps, η 0   .487 .174 .161 .029 .062 .061    159 s
    100 steps, η 0   .485 .175 .162 .031 .062 .062    357 s
    100 steps, η 1   .433 .149 .200 .015 .038 .050    345 s
    250 steps, η 1   .433 .127 .208 .016 .053 .052    863 s

More steps with fresh noise (η 1) bring men and age to the world's rates (Old .200-.208 against .233), but beards, baldness and glasses
stay 4-8 points under; η 0 keeps beards, baldness and glasses closer and leaves men 6 points over and age 7 under. No sampler setting
puts all six within 5 points: the rare attributes are under-represented in the model's own distribution.
"""
import sys, time
import numpy as np, torch
import w2w.minimodel as mm
from w2w.analyzer import load_analyzer
from w2w.world import sample_identities, render

if __name__ == '__main__':
    an = load_analyzer()
    if sys.argv[1] == 'world':
        ids = sample_identities(4096, seed=7); V = np.array([i.vector() for i in ids])
        p = an.attributes(render(ids, n=1, seed=0)) > 0.5
        print('truth   ', np.round(V.mean(0), 3)); print('analyzer', np.round(p.mean(0), 3)); print('accuracy', np.round((p == (V > 0.5)).mean(0), 3))
    else:
        pipe = mm.load_mini_pipeline()
        for steps, eta in [tuple(map(float, a.split(','))) for a in sys.argv[2:]]:
            t = time.perf_counter()
            ims = [pipe('a photo of a person', num_images_per_prompt=64, generator=torch.Generator().manual_seed(1000 + k),
                        num_inference_steps=int(steps), guidance_scale=1.0, eta=eta, output_type='np').images for k in range(16)]
            r = (an.attributes((np.concatenate(ims) * 255).round().astype(np.uint8)) > 0.5).mean(0)
            print(int(steps), eta, np.round(r, 3), f'{time.perf_counter() - t:.0f}s', flush=True)
