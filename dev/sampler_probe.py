"""Which sampler lets the mini zoo's LoRAs show their identity?

For 20 zoo models (every 100th): 3 images each with a sampler, the analyzer embedding of their mean against renders of the model's identity;
own vs other identities and retrieval top-1 among the 20 (chance 0.05).

    OMP_NUM_THREADS=1 .venv/bin/python dev/sampler_probe.py

Measured 2026-11-30 (CPU, one thread): DDIM 25 steps eta 0 (the default) own 0.024 / other 0.019, top-1 0.05; DDIM 50 eta 1 0.137 / 0.040,
top-1 0.25; DDIM 100 eta 1 0.100 / 0.025, top-1 0.15. On a fully fine-tuned UNet (one identity, 300 steps at lr 1e-4; ID vs its renders):
DDIM 25 0.124, DDIM 25 eta 1 0.295, DDIM 50 eta 1 0.378, DDPM 1000 ancestral 0.433; without clip_sample the deterministic sampler
diverges (pixel RMSE 123): the model's high-noise predictions are poor and stochastic sampling corrects them.

These figures are for the stage-2 (epsilon) base model and the zoo built on it; the fix was v-prediction (see base_model_probe.py)."""
import torch, numpy as np
torch.set_num_threads(1)
from w2w.store import ZooStore; from w2w.world import files_dir, sample_identities, photo_set
from w2w.minimodel import load_mini_pipeline; from w2w.analyzer import load_analyzer
from w2w.adapter import W2WAdapter; from w2w.layout import LoraLayout; from w2w.pipeline import generate
pipe, an = load_mini_pipeline(), load_analyzer(); st = ZooStore(files_dir()/'zoo'); rec = st.records
ids = {i.id: i for i in sample_identities(2000, seed=1)}
ad = W2WAdapter(pipe, LoraLayout.from_unet(pipe.unet))
idx = list(range(0, 2000, 100))
R = np.stack([an.embed(photo_set(ids[int(rec['id'][i])], 8, seed=99)).mean(0) for i in idx]); R /= np.linalg.norm(R, axis=1, keepdims=True)
for name, kw in (('DDIM 25 eta 0', dict(steps=25)), ('DDIM 50 eta 1', dict(steps=50, eta=1.0)), ('DDIM 100 eta 1', dict(steps=100, eta=1.0))):
    E = []
    for i in idx:
        ad.set(torch.as_tensor(st[i])); g = np.concatenate([generate(pipe, 'a photo of sks person', seed=s, **kw) for s in (0, 1, 2)])
        e = an.embed(g).mean(0); E.append(e / np.linalg.norm(e))
    S = np.stack(E) @ R.T
    print(f"{name}: own {np.diag(S).mean():.3f} other {(S.sum()-np.trace(S))/(len(S)*(len(S)-1)):.3f} top1 {(S.argmax(1)==np.arange(len(S))).mean():.2f}", flush=True)
