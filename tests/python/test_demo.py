"""`python -m corepy` runs, compares like with like, and works without NumPy."""
import os
import re
import subprocess
import sys

import pytest

import corepy

# the children import the same corepy as this process, not another installed copy
_PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(corepy.__file__)))


def _run_demo(code, extra_env=None, tmp_path=None):
    env = dict(os.environ, PYTHONPATH=_PACKAGE_ROOT)
    env.update(extra_env or {})
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          env=env, cwd=tmp_path)


_RUN = "import runpy; runpy.run_module('corepy', run_name='__main__')"


def test_demo_without_numpy_runs_and_says_how_to_compare(tmp_path):
    # numpy blocked: corepy must import and demo on its own
    proc = _run_demo("import sys; sys.modules['numpy'] = None; " + _RUN, tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "a + b     = " in proc.stdout
    assert ".[numpy]" in proc.stdout
    assert "numpy/corepy" not in proc.stdout


def test_demo_timing_rows_name_threads_and_what_they_measure(tmp_path):
    pytest.importorskip("numpy")
    proc = _run_demo(_RUN, {"OPENBLAS_CORETYPE": "Haswell"}, tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "BLAS:" in out
    assert re.search(r"warning: OPENBLAS_CORETYPE=Haswell is set", out)
    rows = [line for line in out.splitlines() if re.search(r"\d\.\d\dx$", line)]
    assert len(rows) >= 5, out
    # every elementwise/reduction row runs corepy on one thread, as NumPy does
    for line in rows:
        if not line.startswith("matmul"):
            assert re.search(r"\s1\s+[\d.]+\s+[\d.]+\s+[\d.]+x$", line), line
    assert any("into out=" in line for line in rows)
    assert any("fresh result" in line for line in rows)


def test_demo_without_forcing_variables_prints_no_warning(tmp_path):
    pytest.importorskip("numpy")
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    env["PYTHONPATH"] = _PACKAGE_ROOT
    proc = subprocess.run([sys.executable, "-c", _RUN], capture_output=True, text=True, timeout=300, env=env,
                          cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "warning:" not in proc.stdout
