"""Render README.md from nbs/index.ipynb (what `nbdev_readme` does, without Quarto, which cannot install here).

Markdown cells are copied; code cells are shown as ```python blocks unless they carry a `#| hide` directive.
`python .ci/readme.py` writes README.md; `python .ci/readme.py --check` fails when README.md is out of date.
"""
import json, sys
from pathlib import Path

root = Path(__file__).resolve().parents[1]
nb = json.loads((root / 'nbs' / 'index.ipynb').read_text(encoding='utf-8'))
parts = []
for cell in nb['cells']:
    src = ''.join(cell['source']).strip()
    if not src: continue
    if cell['cell_type'] == 'markdown': parts.append(src)
    elif cell['cell_type'] == 'code' and not any(l.strip().startswith('#| hide') for l in src.splitlines()):
        parts.append('```python\n' + '\n'.join(l for l in src.splitlines() if not l.startswith('#|')) + '\n```')
text = '\n\n'.join(parts) + '\n'
readme = root / 'README.md'
if '--check' in sys.argv:
    if readme.read_text(encoding='utf-8') != text:
        sys.exit('README.md is out of date with nbs/index.ipynb: run `python .ci/readme.py` and commit')
    print('README.md matches nbs/index.ipynb')
else:
    readme.write_text(text, encoding='utf-8'); print(f'wrote {readme}')
