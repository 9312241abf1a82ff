#%% md
<!-- study section: append these cells to nbs/continual_merging.ipynb once files/zoo exists -->

#%% md
## The mini world

Tasks: **subjects** are held-out identities (train: 8 photos, prompt `a photo of <token> person`; score: the analyzer's ID score of
images generated with that prompt against the person's renders) and **styles** are renderer variants (train: 8 identities drawn in the
style, prompt `a photo of a person in <token> style`; score: a style classifier's probability of that style on generated images).
Sequences of 5 tasks, in two orders; the full run is a slow cell.

#%%
import os
from sklearn.linear_model import LogisticRegression
from w2w.world import sample_identities, photo_set, render, STYLES
from w2w.minimodel import load_mini_pipeline
from w2w.analyzer import load_analyzer
SMALL = bool(os.environ.get('IN_TEST'))
mini, an = load_mini_pipeline(), load_analyzer()

def _style_features(ims): return np.asarray(ims, np.float32).reshape(len(ims), 8, 4, 8, 4, 3).mean((2, 4)).reshape(len(ims), -1) / 255
pool = sample_identities(300, seed=8, start_id=3 * 10**6)
style_clf = LogisticRegression(max_iter=2000).fit(
    np.concatenate([_style_features(render(pool, seed=1, style=st)) for st in STYLES]), np.repeat(np.arange(len(STYLES)), len(pool)))

def mini_score(pipe, task, seeds=(0, 1)):
    ims = np.concatenate([generate(pipe, task.prompt, seed=s) for s in seeds])
    if task.kind == 'subject': return an.id_score(ims, task.meta['reference'])
    return float(style_clf.predict_proba(_style_features(ims))[:, STYLES.index(task.meta['style'])].mean())

subjects = [Task(f'person {i.id}', 'subject', photo_set(i, 8, seed=i.id), f'a photo of {TASK_TOKENS[j + 1]} person', {'reference': photo_set(i, 8, seed=99)})
            for j, i in enumerate(sample_identities(5, seed=9, start_id=4 * 10**6))]
styles = [Task(st, 'style', render(sample_identities(8, seed=10 + j, start_id=5 * 10**6), seed=j, style=st), f'a photo of a person in {TASK_TOKENS[6 + j]} style', {'style': st})
          for j, st in enumerate(STYLES[1:])]
sequences = {'subjects': subjects, 'mixed': [subjects[0], styles[0], subjects[1], styles[1], styles[2]]}
ccfg = LoraTrainConfig(steps=4 if SMALL else 80, lr=5e-3, rank=1, instances_per_step=2, weight_decay=0.0)
orders = [list(range(5)), [4, 2, 0, 3, 1]][:1 if SMALL else 2]
methods = ('naive', 'merge_reinit') if SMALL else METHODS
results = []
for seq_name, seq in sequences.items():
    if SMALL and seq_name != 'subjects': continue
    for o, order in enumerate(orders):
        tasks_o = [seq[i] for i in order][:3 if SMALL else 5]
        for m in methods:
            M = run_continual(mini, tasks_o, m, mini_score, ccfg, seed=o, progress=False)
            results.append(dict(sequence=seq_name, order=o, method=m, M=M, **summarize(M)))
res = pd.DataFrame(results)
table = res.groupby(['sequence', 'method'], sort=False)[['avg_score', 'avg_forgetting']].agg(['mean', 'std']).round(3)
table

#%%
import matplotlib.pyplot as plt
fig, axs = plt.subplots(1, len(res['sequence'].unique()), figsize=(5 * len(res['sequence'].unique()), 3.5), squeeze=False)
for ax, (seq_name, g) in zip(axs[0], res.groupby('sequence', sort=False)):
    for m, gm in g.groupby('method', sort=False):
        curve = np.mean([[np.mean(M[:j + 1, j]) for j in range(M.shape[0])] for M in gm['M']], 0)
        ax.plot(range(1, len(curve) + 1), curve, marker='o', label=m)
    ax.set_title(f'{seq_name}: mean score on tasks seen so far'); ax.set_xlabel('after task'); ax.legend(fontsize=7)
plt.tight_layout()
