"""Move import lines of non-exported code cells into the notebook's hidden `from fastcore.test import *` cell.

nbdev's docs processing executes every non-exported cell that contains an import; such a cell fails when it also uses names
defined by cells nbdev does not run. Keeping imports in the hidden cell avoids it. Usage: python tools/hoist_imports.py nbs/X.ipynb …
Imports nested in blocks are moved too when the block keeps at least one statement."""
import json, re, sys

IMPORT = re.compile(r'^(\s*)(import \S|from \S+ import )')

def hoist(path):
    nb = json.load(open(path))
    cells = nb['cells']
    hid = next(i for i, c in enumerate(cells) if c['cell_type'] == 'code' and 'from fastcore.test import' in ''.join(c['source']))
    hidden = ''.join(cells[hid]['source']).splitlines()
    moved = 0
    for i, c in enumerate(cells):
        src = ''.join(c['source'])
        if i == hid or c['cell_type'] != 'code' or src.startswith('#| export') or '#| exporti' in src: continue
        lines, keep = src.splitlines(), []
        for j, l in enumerate(lines):
            m = IMPORT.match(l)
            if m and '(' not in l and not l.rstrip().endswith('\\'):
                ind = len(m.group(1))
                rest = [x for x in lines[j + 1:] if x.strip()]
                if ind and not (rest and len(rest[0]) - len(rest[0].lstrip()) >= ind): keep.append(l); continue
                if l.strip() not in (h.strip() for h in hidden): hidden.append(l.strip())
                moved += 1; continue
            keep.append(l)
        c['source'] = '\n'.join(keep)
    cells[hid]['source'] = '\n'.join(hidden)
    json.dump(nb, open(path, 'w'), indent=1, ensure_ascii=False); open(path, 'a').write('\n')
    print(f'{path}: moved {moved} import line(s)')

for p in sys.argv[1:]: hoist(p)
