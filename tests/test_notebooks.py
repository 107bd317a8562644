"""Run every notebook in nbs/ as one pytest test (nbdev's own runner, same flags as `nbdev_test`).

Each notebook runs in a fresh Python process, as it would in its own Jupyter kernel: notebooks may set process-wide
state (`torch.set_grad_enabled(False)`, thread counts) that must not leak into the next one.
Cells flagged with a `tst_flags` flag from settings.ini (`slow`, `notest`) are skipped unless their flag is listed in
$TCCP_TEST_FLAGS (e.g. `TCCP_TEST_FLAGS=slow pytest tests`), exactly as `nbdev_test --flags slow` would run them.
"""
import configparser, os, subprocess, sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_cfg = configparser.ConfigParser(); _cfg.read(ROOT / 'settings.ini')
SKIP_FLAGS = _cfg['DEFAULT'].get('tst_flags', '').split()
FORCE_FLAGS = os.environ.get('TCCP_TEST_FLAGS', '').split()
NOTEBOOKS = sorted(p for p in (ROOT / 'nbs').glob('*.ipynb') if not p.name.startswith('_'))
RUNNER = """
import sys
from pathlib import Path
from nbdev.test import test_nb
ok, secs = test_nb(Path(sys.argv[1]), skip_flags=sys.argv[2].split(), force_flags=sys.argv[3].split(), basepath=sys.argv[4])
print(f'{Path(sys.argv[1]).name}: {"ok" if ok else "FAILED"} in {secs:.1f}s')
sys.exit(0 if ok else 1)
"""


@pytest.mark.parametrize('nb', NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook(nb):
    r = subprocess.run([sys.executable, '-c', RUNNER, str(nb), ' '.join(SKIP_FLAGS), ' '.join(FORCE_FLAGS), str(ROOT)],
                       capture_output=True, text=True)
    print(r.stdout[-2000:])
    assert r.returncode == 0, f"{nb.name} failed:\n{r.stderr[-6000:]}"
