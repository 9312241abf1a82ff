"""Does fine-tuning carry identity into generation on the mini base model?

For 6 held-out identities (8 photos each): train with the zoo recipe for N steps (`loraN`) or fine-tune the whole UNet (`full`, 300
steps, lr 2e-4), generate 4 images of `a photo of sks person`, and retrieve each identity among the 6 from its renders (analyzer ID
and a 4x4-pixel colour feature; chance top-1 = 0.17). The acceptance test a mini base model v2 must pass.

    OMP_NUM_THREADS=1 .venv/bin/python dev/identity_probe.py lora100 full lora400 lora800

Measured 2026-11-30 on the shipped base model (CPU, one thread): lora100 own 0.126 / other 0.131, top-1 0.17; full 0.217 / 0.130,
top-1 0.33; lora400 0.074 / 0.028, top-1 0.50; lora800 -0.011 / 0.022, top-1 0.17 (pixel top-1 <= 0.17 everywhere).

These figures are for the stage-2 (epsilon) base model; the fix was v-prediction (see base_model_probe.py)."""
import torch, numpy as np, time, copy, sys
torch.set_num_threads(1)
from w2w.minimodel import load_mini_pipeline; from w2w.analyzer import load_analyzer
from w2w.world import sample_identities, photo_set
from w2w.train import encode_images, encode_prompts, ddpm_scheduler, diffusion_target, train_loras, LoraTrainConfig
from w2w.pipeline import generate
from w2w.adapter import W2WAdapter; from w2w.layout import LoraLayout
pipe, an = load_mini_pipeline(), load_analyzer()
ids = sample_identities(6, seed=3, start_id=10**6)
photos = [photo_set(i, 8, seed=i.id) for i in ids]; refs = [photo_set(i, 8, seed=99) for i in ids]
R = np.stack([an.embed(r).mean(0) for r in refs]); R /= np.linalg.norm(R, axis=1, keepdims=True)
def pix(x): return x.astype(np.float32).mean(0).reshape(4, 8, 4, 8, 3).mean((1, 3)).ravel()
PR = np.stack([pix(r) for r in refs])
def score(gens, name):
    E = np.stack([an.embed(g).mean(0) for g in gens]); E /= np.linalg.norm(E, axis=1, keepdims=True)
    S = E @ R.T; own = np.diag(S).mean(); oth = (S.sum() - np.trace(S)) / (len(S) * (len(S) - 1))
    PG = np.stack([pix(g) for g in gens]); D = -((PG[:, None] - PR[None]) ** 2).sum(-1)
    print(f'{name:28s} ID own {own:.3f} other {oth:.3f} top1 {(S.argmax(1) == np.arange(len(S))).mean():.2f} | pixel top1 {(D.argmax(1) == np.arange(len(S))).mean():.2f}', flush=True)
gen = lambda: np.concatenate([generate(pipe, 'a photo of sks person', seed=s) for s in range(4)])
sched = ddpm_scheduler(pipe); emb = encode_prompts(pipe, ['a photo of sks person']).detach()
def full_ft(ph, steps, lr):
    base = copy.deepcopy(pipe.unet.state_dict())
    u = pipe.unet; u.requires_grad_(True); u.train()
    opt = torch.optim.AdamW(u.parameters(), lr=lr, weight_decay=0); z = encode_images(pipe, ph).float(); g = torch.Generator().manual_seed(0)
    for _ in range(steps):
        idx = torch.randint(len(z), (4,), generator=g); x0 = z[idx]; n = torch.randn(x0.shape, generator=g); t = torch.randint(1000, (4,), generator=g)
        loss = (u(sched.add_noise(x0, n, t), t, encoder_hidden_states=emb.expand(4, -1, -1)).sample - diffusion_target(sched, x0, n, t)).square().mean()
        opt.zero_grad(); loss.backward(); opt.step()
    u.eval(); u.requires_grad_(False)
    with torch.no_grad(): out = gen()
    u.load_state_dict(base); return out
which = sys.argv[1:] or ['lora100', 'lora400', 'full']
lay = LoraLayout.from_unet(pipe.unet)
for w in which:
    t0 = time.time()
    if w.startswith('lora'):
        steps = int(w[4:]); cfg = LoraTrainConfig(steps=steps, lr=1e-2, weight_decay=0.0, instances_per_step=2, clip=1.0, init_seed=0)
        W, _ = train_loras(pipe, photos, [i.id for i in ids], cfg, progress=False)
        ad = W2WAdapter(pipe, lay); gens = []
        for k in range(len(ids)): ad.set(W[k]); gens.append(gen())
        ad.remove()
    else:                                            # full, or fullSTEPS_LR (e.g. full1000_1e-3)
        steps, lr = (300, 2e-4) if w == 'full' else (int(w[4:].split('_')[0]), float(w.split('_')[1]))
        gens = [full_ft(ph, steps, lr) for ph in photos]
    score(gens, f'{w} ({time.time() - t0:.0f} s)')
