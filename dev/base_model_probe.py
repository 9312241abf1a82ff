"""The acceptance probe for a mini base model: does it sample the population, and do zoo-recipe LoRAs carry identity into images?

For a model (`shipped` = files/minimodel, a `train_base_model` checkpoint `.pt` (its EMA weights), or a MiniPipeline folder):
attribute rates of 128 images of 'a photo of a person' vs the world's; then rank-1 LoRAs for 16 held-out identities (8 photos each,
100 steps, lr from $LR, default the zoo's), 4 images each, retrieved among the 16 from renders of each identity (analyzer ID; chance
top-1 0.06) and their attributes compared with the renders'. NOBASE=1 skips the base rates.

    LR=5e-3 OMP_NUM_THREADS=1 .venv/bin/python dev/base_model_probe.py shipped

Measured 2026-11-30 (CPU, one thread; world: Male .43 Beard .20 Old .23 Bald .07 Eyeglasses .10 Chubby .08):
- stage-2 model (epsilon; LR=1e-2, the old zoo recipe): base DDIM 25 Male .65 Beard .34 Old .38 Bald .19 Eyeglasses .29 Chubby .35;
  LoRAs DDIM 25 own 0.001 / other -0.013, top-1 0.06 (chance); DDIM 50 eta 1 0.099 / 0.013, top-1 0.19.
- stage 3 (v-prediction, shipped; LR=5e-3): base DDIM 25 Male .59 Beard .15 Old .20 Bald .01 Eyeglasses .03 Chubby .10;
  LoRAs DDIM 25 own 0.309 / other 0.032, top-1 0.50; DDIM 25 eta 1 0.499 / 0.046, top-1 0.75; DDIM 50 eta 1 0.501 / 0.050, top-1 0.69.
- stage 3 after 600 steps, LoRA lr: 2e-2 top-1 (DDIM 25 eta 1) 0.19, 1e-2 0.38 (DDIM 25 eta 0), 5e-3 0.75, 2.5e-3 0.69."""
import os, sys, time, torch, numpy as np
torch.set_num_threads(1)
from diffusers import UNet2DConditionModel, DDIMScheduler
from w2w.minimodel import load_mini_pipeline, mini_unet_config, mini_scheduler_config, MiniPipeline
from w2w.analyzer import load_analyzer
from w2w.world import sample_identities, photo_set, ATTRIBUTES
from w2w.train import train_loras, LoraTrainConfig
from w2w.session import render_weights
from w2w.layout import LoraLayout
src = sys.argv[1]; an = load_analyzer()
if src == 'shipped': pipe = load_mini_pipeline()
elif src.endswith('.pt'):
    v1 = load_mini_pipeline(); st = torch.load(src, weights_only=True)   # a checkpoint of a v-prediction stage
    lv = 3 if any('down_blocks.1.attentions' in k for k in st['unet']) else 2
    unet = UNet2DConditionModel(**mini_unet_config(attn_levels=lv)); sd = dict(unet.state_dict()); sd.update(st['ema']['shadow']['unet']); unet.load_state_dict(sd)
    te = v1.text_encoder; sd = dict(te.state_dict()); sd.update(st['ema']['shadow']['text_encoder']); te.load_state_dict(sd)
    pipe = MiniPipeline(unet=unet.eval(), text_encoder=te.eval(), tokenizer=v1.tokenizer, scheduler=DDIMScheduler(**mini_scheduler_config('v_prediction')))
    print('checkpoint step', st['step'], flush=True)
else: pipe = load_mini_pipeline(src)
pipe.set_progress_bar_config(disable=True)
K = 16; ids = sample_identities(K, seed=3, start_id=10**6)
photos = [photo_set(i, 8, seed=i.id) for i in ids]; refs = [photo_set(i, 8, seed=99) for i in ids]
R = np.stack([an.embed(r).mean(0) for r in refs]); R /= np.linalg.norm(R, axis=1, keepdims=True)
pr = an.attributes(np.concatenate(refs)).reshape(K, 8, -1).mean(1) > .5
def render(W, layout, steps, eta, guidance=3.0, seeds=(0, 1, 2, 3), prompt='a photo of sks person'):
    return render_weights(pipe, layout, W, seeds, prompt, steps=steps, guidance=guidance, eta=eta)
def score(G, name):
    E = an.embed(G.reshape(-1, 32, 32, 3)).reshape(K, -1, R.shape[1]).mean(1); E /= np.linalg.norm(E, axis=1, keepdims=True)
    S = E @ R.T; own = np.diag(S).mean(); oth = (S.sum() - np.trace(S)) / (K * (K - 1))
    P = an.attributes(G.reshape(-1, 32, 32, 3)).reshape(K, -1, len(ATTRIBUTES)).mean(1) > .5
    print(f'{name:28s} own {own:.3f} other {oth:.3f} top1 {(S.argmax(1)==np.arange(K)).mean():.2f} attr-agree ' + ' '.join(f'{a[:4]} {v:.2f}' for a, v in zip(ATTRIBUTES, (P == pr).mean(0))), flush=True)
lay = LoraLayout.from_unet(pipe.unet)
for steps, eta in (() if os.environ.get('NOBASE') else ((25, 0.0), (50, 1.0))):
    G = render(torch.zeros(1, lay.n_params), lay, steps, eta, seeds=tuple(range(128)), prompt='a photo of a person')[0]
    print(f'base DDIM {steps} eta {eta} a photo of a person:', ' '.join(f'{a[:4]} {v:.2f}' for a, v in zip(ATTRIBUTES, (an.attributes(G) > .5).mean(0))), '(world Male .43 Bear .20 Old .23 Bald .07 Eyeg .10 Chub .08)', flush=True)
cfg = LoraTrainConfig(steps=int(os.environ.get('STEPS', 100)), lr=float(os.environ.get('LR', 5e-3)), weight_decay=0.0, instances_per_step=2, clip=1.0, init_seed=0)
t = time.time(); W, loss = train_loras(pipe, photos, [i.id for i in ids], cfg, progress=False)
print(f'zoo-recipe LoRAs: {lay.n_params:,} params, {time.time()-t:.0f}s, loss {loss.mean():.4f}', flush=True)
for steps, eta in ((25, 0.0), (25, 1.0), (50, 1.0)): score(render(W, lay, steps, eta), f'LoRA DDIM {steps} eta {eta}')
