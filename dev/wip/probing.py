#%% md
<!-- study section: append these cells to nbs/probing.ipynb once files/zoo exists -->

#%% md
## The mini zoo

Targets: each binary attribute, and identity clusters (k-means on the identities' continuous face parameters, 4 clusters). The full run
uses every zoo model and 5 splits; tests use a subset.

#%%
import os
from w2w.world import files_dir, sample_identities, PARAMS, ATTRIBUTES
from w2w.store import ZooStore
from w2w.space import W2WSpace
SMALL = bool(os.environ.get('IN_TEST'))
st = ZooStore(files_dir() / 'zoo'); sp = W2WSpace.load(files_dir() / 'space')
from w2w.minimodel import build_mini_components
zlay = LoraLayout.from_unet(build_mini_components()['unet']); test_eq(zlay.hash, st.layout_hash)
n = 400 if SMALL else len(st)
Wz = st[:n]
ids = {i.id: i for i in sample_identities(int(st.records['id'].max()) + 1, seed=st.manifest['settings']['seed'])}
from sklearn.cluster import KMeans
params = np.array([[ids[int(i)].params[p] for p in PARAMS] for i in st.records['id'][:n]])
clusters = KMeans(4, n_init=4, random_state=0).fit_predict((params - params.mean(0)) / params.std(0))
labels = {a: st.records[a][:n].to_numpy() for a in ATTRIBUTES} | {'identity cluster': clusters}
tab = probe_table(Wz, zlay, labels, modes=FEATURE_MODES, kinds=('linear',) if SMALL else ('linear', 'mlp'), space=sp,
                  runs=2 if SMALL else 5)
best = tab.loc[tab.groupby('target')['acc_mean'].idxmax(), ['target', 'features', 'classifier', 'acc_mean', 'f1_mean', 'auc_mean']]
best.round(3)

#%%
format_table(tab)

#%% md
### The prompt-leak control

In the source work each LoRA's prompt named its class, and `attn2.to_v`'s A reads the text embedding directly — a probe may read the
prompt rather than the image. Our zoo shares one prompt (`a photo of sks person`). A second, smaller zoo of the same identities trained
with prompts that **name the attributes** (`a photo of an old bald sks man with glasses`) shows how much a prompt leaks: compare probes
on the `attn2.to_v` tensors alone.

#%%
from w2w.zoo import ZooJob, run_zoo_job, mini_zoo_job
import tempfile, dataclasses
n_leak = 100 if SMALL else 600
tmp = tempfile.TemporaryDirectory()
base_job = mini_zoo_job(n=n_leak)
jobs = {mode: dataclasses.replace(base_job, store=f'{tmp.name}/{mode}', prompt_mode=mode,
                                  cfg=dataclasses.replace(base_job.cfg, steps=10 if SMALL else base_job.cfg.steps)) for mode in ('shared', 'caption')}
stores = {mode: run_zoo_job(j, progress=not SMALL) for mode, j in jobs.items()}
to_v = [t for t in zlay.tensors if t.module.endswith('attn2.to_v')]
sub = LoraLayout({m: v for m, v in zlay.modules.items() if m.endswith('attn2.to_v')}, zlay.rank, zlay.alpha)
cols = np.concatenate([np.arange(t.offset, t.stop) for t in to_v])
rows = []
for mode, z in stores.items():
    Wl, y = z[:], {a: z.records[a].to_numpy() for a in ('Male', 'Beard', 'Old')}
    for a, yy in y.items():
        for name, X in (('all tensors', features(Wl, zlay, 'stats')), ('attn2.to_v only', features(Wl[:, cols], sub, 'stats'))):
            rows.append(dict(prompt=mode, target=a, features=name, **probe(X, yy, 'linear', runs=2 if SMALL else 5)))
leak = pd.DataFrame(rows)
tmp.cleanup()
leak.pivot_table(index=['target', 'features'], columns='prompt', values='acc_mean').round(3)
