"""Inversion against single-image DreamBooth on a GPU: `bench_inversion` (the `make bench` row) at the shipped 30 steps × 2 draws and
at 16 draws per step, then the ID score of the 16-draw setting there (the UNet runs in bfloat16 autocast on CUDA).

On the 2-core CPU (`dev/inversion_draws_probe.py`), 30 steps × 16 draws reach ID 0.505 against DreamBooth's 0.499, but take 3.95 s
against its 3.14 s: a CPU pays for every draw. A GPU runs this 1.7 M-parameter UNet at about the same cost per step for 2 or 16
draws, so the time is the steps': 30 against DreamBooth's 100.

Run on a CUDA machine: `python dev/gpu_inversion_bench.py` (a few minutes). Not yet measured: no GPU was lent since this was written.
"""
import torch
from w2w.bench import bench_inversion
from w2w.session import W2W
from inversion_draws_probe import id_scores

assert torch.cuda.is_available(), 'this probe measures the GPU'
print(torch.cuda.get_device_name())
for kw in ({}, dict(draws=16), dict(draws=16, steps=24), dict(draws=32)): print(kw, bench_inversion(repeat=3, **kw), flush=True)
id_scores(W2W.mini(), [dict(steps=30, draws=2), dict(steps=30, draws=16), dict(steps=30, draws=32)])
