"""Notebooks executed side by side before Sphinx reads them: same pages, same strictness."""

import json
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

FIXTURE = Path(__file__).parent / "fixtures" / "books" / "side-by-side"


@pytest.fixture
def book(tmp_path) -> Path:
    source = tmp_path / "book"
    shutil.copytree(FIXTURE, source)
    return source


def test_notebooks_run_side_by_side_and_pages_show_their_outputs(build_strict_book, book, tmp_path):
    """Does a strict build run both notebooks side by side (MyST-NB then finding both cached)
    and show each notebook's output on its page?"""
    build = build_strict_book(book, tmp_path / "out")
    assert build.returncode == 0, build.log[-3000:]
    assert "executing 2 notebooks, 2 at a time" in build.log
    assert build.log.count("Using cached notebook") == 2
    assert "first: 42" in (build.html_dir / "first.html").read_text(encoding="utf-8")
    assert "second: 1024" in (build.html_dir / "second.html").read_text(encoding="utf-8")


def test_a_notebook_that_fails_side_by_side_still_fails_the_build(
    build_strict_book, book, tmp_path
):
    """Is a raising notebook left uncached, run again by MyST-NB and reported, failing the build?"""
    path = book / "second.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    notebook["cells"][1]["source"] = ["raise ValueError('deliberate failure')"]
    path.write_text(json.dumps(notebook), encoding="utf-8")
    build = build_strict_book(book, tmp_path / "out")
    assert build.returncode != 0
    assert "failed side by side" in build.log
    assert any("Executing notebook failed" in line for line in build.warnings)
