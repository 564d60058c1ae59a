"""Strict Jupyter Book builds: a raising notebook or a broken reference fails; the course passes."""

from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.build

FIXTURE_BOOKS = Path(__file__).parent / "fixtures" / "books"


def toc_docnames(toc: dict) -> list[str]:
    """Every document named in a jb-book `_toc.yml`, root first, in reading order."""
    names = [toc["root"]]

    def walk(entries):
        for entry in entries:
            if "file" in entry:
                names.append(entry["file"])
            for key in ("parts", "chapters", "sections"):
                walk(entry.get(key, []))

    walk([toc])
    return names


def test_clean_fixture_book_builds(build_strict_book, tmp_path):
    """Does a strict build of a small book whose notebook runs cleanly succeed (the control)?"""
    build = build_strict_book(FIXTURE_BOOKS / "clean", tmp_path)
    assert build.returncode == 0, build.log
    assert build.warnings == []
    assert (build.html_dir / "runs.html").is_file()


def test_failing_notebook_fails_the_build(build_strict_book, tmp_path):
    """Does a notebook that raises make the strict build exit non-zero?"""
    build = build_strict_book(FIXTURE_BOOKS / "failing-notebook", tmp_path)
    assert build.returncode != 0, build.log
    assert any("Executing notebook failed" in line for line in build.warnings)


def test_broken_reference_fails_the_build(build_strict_book, tmp_path):
    """Does a reference to a label that does not exist make the strict build exit non-zero?"""
    build = build_strict_book(FIXTURE_BOOKS / "broken-reference", tmp_path)
    assert build.returncode != 0, build.log
    assert any("no-such-label" in line for line in build.warnings)


def test_course_builds_without_warnings(course_build):
    """Does the course build from scratch, every notebook executed, with exit 0 and no warning?"""
    assert course_build.warnings == []
    assert course_build.returncode == 0, course_build.log[-4000:]
    assert "build succeeded" in course_build.log


def test_every_toc_entry_has_a_page(course_build, repo_root):
    """Does every document in _toc.yml come out as an HTML page of the built course?"""
    toc = yaml.safe_load((repo_root / "_toc.yml").read_text(encoding="utf-8"))
    missing = [
        docname
        for docname in toc_docnames(toc)
        if not (course_build.html_dir / f"{docname}.html").is_file()
    ]
    assert missing == []
