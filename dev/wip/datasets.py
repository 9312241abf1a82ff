#%% md
# Datasets

> The weights dataset: read LoRA rows and their attributes, turn a row back into a LoRA and render it — on the mini zoo, and with the same calls on the original release's files.

#%% md
A zoo is a `ZooStore`: sharded `.npy` rows (one flat LoRA per model, in the layout's order) with a record per row. Reads are
memory-mapped, so one row costs one row.

#%%
import os, tempfile
from pathlib import Path
import numpy as np, pandas as pd, torch
from fastcore.test import *
from w2w.world import files_dir, photo_set, sample_identities, ATTRIBUTES
from w2w.store import ZooStore, import_original, export_parquet
from w2w.layout import LoraLayout, sd15_layout, write_weight_dimensions
from w2w.pipeline import image_grid, generate
from w2w.adapter import W2WAdapter
from w2w.minimodel import load_mini_pipeline

#%%
st = ZooStore(files_dir() / 'zoo')
st

#%% md
## Rows and attributes

#%%
st.records.head()

#%%
st.records[list(ATTRIBUTES)].mean().round(3).to_frame('frequency').T

#%%
w = st[0]                  # one row: float32 (n_params,)
block = st[10:20]          # a slice
test_eq(w.shape, (st.n_params,)); test_eq(block.shape, (10, st.n_params))
n = sum(len(rows) for _, rows in st.chunks(512)); test_eq(n, len(st))
w.dtype, block.shape

#%% md
## A row is a LoRA

The layout turns a row into a state dict in any key format, and the adapter puts it into the base model's UNet:

#%%
pipe = load_mini_pipeline()
lay = LoraLayout.from_unet(pipe.unet)
test_eq(lay.hash, st.layout_hash)
sd = lay.unflatten(torch.as_tensor(w), 'diffusers')
list(sd.items())[:3]

#%%
ad = W2WAdapter(pipe, lay)
ident = {i.id: i for i in sample_identities(int(st.records['id'].max()) + 1, seed=st.manifest['settings']['seed'])}
rows = []
for i in range(4):
    ad.set(torch.as_tensor(st[i]))
    rows += [generate(pipe, 'a photo of sks person', seed=s)[0] for s in range(4)]
    rows += list(photo_set(ident[int(st.records['id'][i])], 2, seed=0))
ad.remove()
print('each row: 4 samples of the zoo model | 2 renders of its identity')
image_grid(np.stack(rows), ncols=6, scale=3)

#%% md
## Sharing: Parquet for 🤗 datasets

#%%
with tempfile.TemporaryDirectory() as tmp:
    small = ZooStore.create(f'{tmp}/small', lay, 'float16')
    small.write_shard('a', st[:64], st.records.iloc[:64].drop(columns=['_shard', '_row']).to_dict('records'))
    paths = export_parquet(small, f'{tmp}/hf', rows_per_file=32, progress=False)
    t = pd.read_parquet(paths[0]); print(t.columns.tolist()[:8], len(t), len(t['weights'][0]))
    test_close(np.stack(t['weights']).astype(np.float32), st[:32], eps=1e-3)
    # datasets.load_dataset('parquet', data_files=f'{tmp}/hf/*.parquet') reads the same files

#%% md
## The original release

The original zoo ships as `all_weights.pt` (one 25.9 GB pickle of a float32 tensor) + `identity_df.pt` (a pandas pickle). `import_original`
streams it into a store without loading it (`torch.load(mmap=True, weights_only=True)`), and unpickles the table only with
`trust_pickles=True`; `W2WSpace.from_original` maps `mean.pt`, `std.pt`, `V.pt`, `proj_1000pc.pt`. Set `W2W_ORIGINAL` to the release's
`weights_datasets/identities/` folder to run this on the real files; otherwise a miniature in the exact same formats (SD 1.5 layout,
99,648 values per row) is written and read.

#%%
orig = os.environ.get('W2W_ORIGINAL')
tmp = tempfile.TemporaryDirectory()
if orig is None:
    orig = Path(tmp.name) / 'identities'; orig.mkdir()
    W = torch.randn(12, 99_648) * 0.01
    torch.save(W, orig / 'all_weights.pt')
    torch.save(pd.DataFrame({'Male': [1, -1] * 6, 'Young': [-1] * 6 + [1] * 6, 'file': range(12)}, index=[f'{i}' for i in range(12)]), orig / 'identity_df.pt')
orig = Path(orig)
zoo = import_original(orig / 'all_weights.pt', Path(tmp.name) / 'store', orig / 'identity_df.pt', trust_pickles=True, progress=False)
print(zoo); zoo.records.head(3)

#%%
sd15 = sd15_layout()
lora = sd15.unflatten(torch.as_tensor(zoo[0]), 'kohya')     # a kohya/A1111 LoRA of the first model
test_eq(len(lora), 128 + 64); test_eq(zoo[0].shape, (99_648,))
tmp.cleanup()
