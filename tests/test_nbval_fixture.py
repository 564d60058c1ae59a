"""nbval as the course runs it: a raising notebook fails, a clean one passes, in this venv."""

import os
import subprocess
import sys
from pathlib import Path

FIXTURE_NOTEBOOKS = Path(__file__).parent / "fixtures" / "notebooks"


def run_nbval(notebook: Path, repo_root: Path, **extra_env: str) -> subprocess.CompletedProcess:
    """Run pytest under nbval on one notebook from the repository root, as the README does."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax"]
        + ["--nbval-current-env", str(notebook)],
        cwd=repo_root,
        env={**os.environ, **extra_env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_raising_notebook_fails_under_nbval(repo_root):
    """Does nbval report a failure for a notebook whose cell raises?"""
    result = run_nbval(FIXTURE_NOTEBOOKS / "raises.ipynb", repo_root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "ZeroDivisionError" in result.stdout


def test_clean_notebook_passes_under_nbval(repo_root):
    """Does nbval pass a notebook whose cells all run (the control for the raising one)?"""
    result = run_nbval(FIXTURE_NOTEBOOKS / "clean.ipynb", repo_root)
    assert result.returncode == 0, result.stdout + result.stderr


def test_nbval_kernel_runs_the_venv_python(repo_root):
    """Does nbval with --nbval-current-env start its kernel with this test run's own Python?"""
    result = run_nbval(
        FIXTURE_NOTEBOOKS / "kernel-python.ipynb", repo_root, MNC_EXPECTED_PREFIX=sys.prefix
    )
    assert result.returncode == 0, result.stdout + result.stderr
