"""The shipped mini zoo's job (`mini_zoo_job`: 2,000 identities, 100 steps, the same seeds) built on a GPU, 128 identities per batch,
and compared with the CPU-built rows in `files/zoo`.

Run on a CUDA machine: `python dev/gpu_zoo_build.py`. Measured (2026-11-30, the lent NVIDIA H200, torch 2.11 + cu130):

    GPU zoo: 2000 LoRAs in 81.2 s = 88695 LoRAs/h (batch 128, 100 steps, NVIDIA H200)
    vs the shipped CPU-built rows: relative difference median 0.067, cosine (centred) median 0.998

(The shipped zoo took 43.8 min as two one-thread processes on the 2-core CPU.) The rows are the same LoRAs up to float noise: Adam's
normalised steps turn rounding differences in near-zero gradients into differences of up to the learning rate per step.
"""
import time, tempfile
from dataclasses import replace
import numpy as np, torch
from w2w.zoo import mini_zoo_job, run_zoo_job
from w2w.store import ZooStore

job = replace(mini_zoo_job(tempfile.mkdtemp() + '/zoo'), batch=128, device='cuda')
t = time.time(); st = run_zoo_job(job, progress=False); wall = time.time() - t
print(f'GPU zoo: {len(st)} LoRAs in {wall:.1f} s = {len(st) / wall * 3600:.0f} LoRAs/h (batch 128, 100 steps, {torch.cuda.get_device_name()})', flush=True)
ship = ZooStore('files/zoo'); a, b = st[:len(st)], ship[:len(st)]
assert (st.records['id'].to_numpy() == ship.records['id'].to_numpy()[:len(st)]).all()
rel = np.linalg.norm(a - b, axis=1) / np.linalg.norm(b - b.mean(0), axis=1)
cos = ((a - a.mean(0)) * (b - b.mean(0))).sum(1) / np.linalg.norm(a - a.mean(0), axis=1) / np.linalg.norm(b - b.mean(0), axis=1)
print(f'vs the shipped CPU-built rows: relative difference median {np.median(rel):.3f}, cosine (centred) median {np.median(cos):.3f}')
