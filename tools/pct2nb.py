#!/usr/bin/env python3
"""Convert a 'percent' script to a Jupyter notebook, and back.
Cells: a line `#%% md` starts a markdown cell, a line `#%%` starts a code cell; text until the next marker is the cell.
Usage: pct2nb.py SRC.py DST.ipynb      |   pct2nb.py --back SRC.ipynb DST.py
"""
import json, sys

def pct2nb(src, dst):
    cells, kind, buf, seen = [], None, [], set()
    def flush():
        if kind is None: return
        while buf and not buf[-1].strip(): buf.pop()
        while buf and not buf[0].strip(): buf.pop(0)
        text = '\n'.join(buf)
        import hashlib
        cid = hashlib.sha1(text.encode()).hexdigest()[:8]
        while cid in seen: cid = hashlib.sha1((cid + text).encode()).hexdigest()[:8]
        seen.add(cid)
        c = {'cell_type': kind, 'id': cid, 'metadata': {}, 'source': text}
        if kind == 'code': c.update(execution_count=None, outputs=[])
        cells.append(c)
    for line in open(src).read().split('\n'):
        s = line.strip()
        if s in ('#%% md', '# %% [markdown]'): flush(); kind, buf = 'markdown', []; continue
        if s in ('#%%', '# %%'): flush(); kind, buf = 'code', []; continue
        buf.append(line)
    flush()
    nb = {'cells': cells, 'metadata': {'kernelspec': {'display_name': 'python3', 'language': 'python', 'name': 'python3'}},
          'nbformat': 4, 'nbformat_minor': 5}
    json.dump(nb, open(dst, 'w'), indent=1)

def nb2pct(src, dst):
    nb = json.load(open(src)); out = []
    for c in nb['cells']:
        src_ = c['source'] if isinstance(c['source'], str) else ''.join(c['source'])
        out += ['#%% md' if c['cell_type'] == 'markdown' else '#%%', src_, '']
    open(dst, 'w').write('\n'.join(out))

if __name__ == '__main__':
    if sys.argv[1] == '--back': nb2pct(sys.argv[2], sys.argv[3])
    else: pct2nb(sys.argv[1], sys.argv[2])
