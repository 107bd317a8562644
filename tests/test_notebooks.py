"""Run every notebook in nbs/ as one pytest test (nbdev's own runner, same flags as `nbdev_test`).

Cells flagged with a `tst_flags` flag from settings.ini (`slow`, `notest`) are skipped unless their flag is listed in
$TCCP_TEST_FLAGS (e.g. `TCCP_TEST_FLAGS=slow pytest tests`), exactly as `nbdev_test --flags slow` would run them.
"""
import configparser, os
from pathlib import Path

import pytest
from nbdev.test import test_nb as _run_notebook   # renamed so pytest does not collect nbdev's function

ROOT = Path(__file__).resolve().parents[1]
_cfg = configparser.ConfigParser(); _cfg.read(ROOT / 'settings.ini')
SKIP_FLAGS = _cfg['DEFAULT'].get('tst_flags', '').split()
FORCE_FLAGS = os.environ.get('TCCP_TEST_FLAGS', '').split()
NOTEBOOKS = sorted(p for p in (ROOT / 'nbs').glob('*.ipynb') if not p.name.startswith('_'))


@pytest.mark.parametrize('nb', NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook(nb):
    ok, secs = _run_notebook(nb, skip_flags=SKIP_FLAGS, force_flags=FORCE_FLAGS, basepath=ROOT)
    assert ok, f"{nb.name} failed after {secs:.1f}s (its traceback is printed above)"
