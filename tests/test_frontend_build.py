"""The shipped front-end is what its source builds: rebuilding gives byte-identical files, and the
constants the bundles take from Python are current."""

import os
import shutil
import subprocess

import pytest

from microneedling_course.sphinx.frontend_constants import CONSTANTS_FILE, constants_text

REPO = CONSTANTS_FILE.parents[3]


def test_generated_constants_match_python():
    """Is frontend/src/generated/course-constants.json what Python's names and texts give today?"""
    assert CONSTANTS_FILE.read_text(encoding="utf-8") == constants_text(), (
        "run: .venv/bin/python -m microneedling_course.sphinx.frontend_constants && npm run build"
    )


def test_rebuilding_the_front_end_gives_the_shipped_files():
    """Does `npm run check` (esbuild over frontend/src) reproduce static/ byte for byte?"""
    node = shutil.which("node")
    if node is None or not (REPO / "node_modules" / "esbuild").is_dir():
        reason = "node_modules is missing: run `npm ci` (and install Debian's nodejs)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; the rebuild check may not skip in CI", pytrace=False)
        pytest.skip(reason)
    result = subprocess.run(
        [node, "frontend/build.mjs", "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_shipped_bundles_are_self_contained():
    """Does every shipped module run without imports (anywidget loads it from a string)?"""
    for path in (REPO / "microneedling_course" / "static").glob("*.js"):
        text = path.read_text(encoding="utf-8")
        assert not text.startswith("import") and "import(" not in text, path.name
