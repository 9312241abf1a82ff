"""The mini base model's three-stage recipe (the slow cell of `nbs/11_minimodel.ipynb`: same calls, same seeds) on a GPU: wall time
and final loss per stage, then the population mix of the result.

Run on a CUDA machine: `python dev/gpu_base_model.py OUT_DIR`. Measured (2026-11-30, the lent NVIDIA H200, 16 CPU cores that render
the training images): stage 1 226.4 s (final loss 0.0130; 35.6 min and 0.0131 on one CPU thread), stage 2 134.4 s (0.0115; 17.0 min
and 0.0116 on the CPU). Stage 3 did not fit in the lease (the device time of a session is 15 min); at stage 1's rate (3,000 steps of
32 in 226 s) it takes about 4 min, so the recipe runs in about 10 min on that GPU against 82 min on one CPU thread.
"""
import json, sys, tarfile, time
from pathlib import Path
import numpy as np, torch
from w2w.minimodel import train_base_model, MINI_ETA
from w2w.analyzer import load_analyzer
from w2w.world import sample_identities

out = Path(sys.argv[1]); out.mkdir(parents=True, exist_ok=True)
s1, s2, s3 = out / 'stage1', out / 'stage2', out / 'minimodel'
t0 = time.time()
stages = [(s1, dict(steps=3000, batch_size=32, lr=1e-3, seed=0, n_identities=20000, caption_drop=0.3, save_every=250)),
          (s2, dict(steps=1800, batch_size=32, lr=5e-4, warmup=100, seed=1, n_identities=20000, caption_drop=0.3, save_every=250, init_from=s1)),
          (s3, dict(steps=3000, batch_size=32, lr=3e-4, warmup=100, seed=2, identity_start=2_000_000, n_identities=20000, caption_drop=0.3,
                    save_every=200, init_from=s2, prediction_type='v_prediction'))]
for d, kw in stages:
    t = time.time(); pipe = train_base_model(d, device='cuda', progress=False, **kw)
    log = json.loads((d / 'train_log.json').read_text())
    print(f"{d.name}: {time.time() - t:.1f} s wall, final loss {log['final_loss']:.4f}, device {log['device']}", flush=True)
print(f'three stages: {(time.time() - t0) / 60:.2f} min', flush=True)
an = load_analyzer(); pop = np.mean([i.vector() for i in sample_identities(5000)], 0)
def gen(prompt, n, g, batch=128):
    ims = [pipe(prompt, num_images_per_prompt=min(batch, n - s), generator=torch.Generator('cuda').manual_seed(k), num_inference_steps=25,
                guidance_scale=g, eta=MINI_ETA, output_type='np').images for k, s in enumerate(range(0, n, batch))]
    return (np.concatenate(ims) * 255).round().astype(np.uint8)
print('world', np.round(pop, 3))
for p, g in [('a photo of a person', 1.0), ('a photo of a person', 3.0), ('a photo of a man with a beard', 3.0)]:
    r = (an.attributes(gen(p, 256, g)) > 0.5).mean(0); print(f'{p} g={g}: {np.round(r, 3)} max gap {np.abs(r - pop).max():.3f}', flush=True)
