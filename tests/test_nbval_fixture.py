"""nbval as the course runs it: a raising notebook fails, a clean one passes, in this venv.

The three fixture notebooks run in one nbval session (one pytest start-up instead of three); its
JUnit report says how each notebook's cells did.
"""

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

FIXTURE_NOTEBOOKS = Path(__file__).parent / "fixtures" / "notebooks"
NOTEBOOKS = ("raises.ipynb", "clean.ipynb", "kernel-python.ipynb")


@pytest.fixture(scope="module")
def nbval_outcomes(repo_root, tmp_path_factory) -> dict[str, list[str]]:
    """{notebook: [each cell's failure text, "" when it passed]} from one nbval run started at
    the repository root, as the README's test command does."""
    report = tmp_path_factory.mktemp("nbval") / "report.xml"
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax"]
        + ["--nbval-current-env", f"--junitxml={report}"]
        + [str(FIXTURE_NOTEBOOKS / name) for name in NOTEBOOKS],
        cwd=repo_root,
        env={**os.environ, "MNC_EXPECTED_PREFIX": sys.prefix},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    outcomes: dict[str, list[str]] = {name: [] for name in NOTEBOOKS}
    for case in ET.parse(report).getroot().iter("testcase"):
        # JUnit names a notebook's cells by a dotted class name ending in the file name.
        classname = case.get("classname", "")
        notebook = next((name for name in NOTEBOOKS if classname.endswith(name)), classname)
        failure = case.find("failure")
        if failure is None:
            failure = case.find("error")
        text = "" if failure is None else (failure.get("message", "") + (failure.text or ""))
        outcomes.setdefault(notebook, []).append(text)
    return outcomes


def test_raising_notebook_fails_under_nbval(nbval_outcomes):
    """Does nbval report a failure for a notebook whose cell raises?"""
    failures = [text for text in nbval_outcomes["raises.ipynb"] if text]
    assert failures and "ZeroDivisionError" in failures[0]


def test_clean_notebook_passes_under_nbval(nbval_outcomes):
    """Does nbval pass a notebook whose cells all run (the control for the raising one)?"""
    assert nbval_outcomes["clean.ipynb"] and not any(nbval_outcomes["clean.ipynb"])


def test_nbval_kernel_runs_the_venv_python(nbval_outcomes):
    """Does nbval with --nbval-current-env start its kernel with this test run's own Python?"""
    cells = nbval_outcomes["kernel-python.ipynb"]
    assert cells and not any(cells), cells
