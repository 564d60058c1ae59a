"""The notebooks' API: `microneedling_course` names every function they call and imports lazily."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import microneedling_course

REPO_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("*.ipynb"))
# MyST Markdown pages with executable cells (```{code-cell}```), e.g. book/my-progress.md.
CODE_CELL_PAGES = sorted(
    path
    for path in (REPO_ROOT / "book").glob("*.md")
    if "```{code-cell}" in path.read_text(encoding="utf-8")
)


def notebook_code(path: Path) -> list[str]:
    """The source of every code cell of a notebook or of a MyST page with code cells."""
    if path.suffix == ".ipynb":
        cells = nbformat.read(path, as_version=4).cells
        return [cell.source for cell in cells if cell.cell_type == "code"]
    text = path.read_text(encoding="utf-8")
    blocks = text.split("```{code-cell}")[1:]
    sources = []
    for block in blocks:
        body = block.split("```", 1)[0].split("\n", 1)[1]
        sources.append("\n".join(line for line in body.splitlines() if not line.startswith(":")))
    return sources


def imported_names(source: str) -> list[tuple[str, str]]:
    """(module, name) for every `from module import name` and ("module", "") for `import m`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            found += [(node.module or "", alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(alias.name, "") for alias in node.names]
    return found


@pytest.mark.parametrize("path", NOTEBOOKS + CODE_CELL_PAGES, ids=lambda path: path.name)
def test_code_cells_import_only_the_public_api(path):
    """Does every code cell import only names that `microneedling_course` itself offers?"""
    assert notebook_code(path), f"{path.name} has no code cell"
    for source in notebook_code(path):
        for module, name in imported_names(source):
            assert module == "microneedling_course", f"{path.name}: imports from {module}"
            assert name in microneedling_course.__all__, f"{path.name}: {name} is not public API"


def test_code_cell_pages_are_found():
    """Is the progress page (a MyST page with a code cell) among the pages checked above?"""
    assert REPO_ROOT / "book" / "my-progress.md" in CODE_CELL_PAGES


@pytest.mark.parametrize("name", microneedling_course.__all__)
def test_every_public_name_resolves_to_a_callable(name):
    """Does each name of the public API import from the module the table names, as a function?"""
    assert callable(getattr(microneedling_course, name))


def test_unknown_name_is_an_attribute_error():
    """Does a name outside the API raise AttributeError (so hasattr and typos behave)?"""
    with pytest.raises(AttributeError, match="no attribute 'show_everything'"):
        microneedling_course.show_everything  # noqa: B018


def run_fresh(code: str) -> subprocess.CompletedProcess:
    """Run Python code in a fresh interpreter of this venv, outside the repository folder."""
    return subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(sys.executable).parent,
        check=False,
        timeout=120,
    )


def test_package_import_stays_quiet_and_light():
    """In a fresh interpreter, does `import microneedling_course` warn about nothing, print nothing
    and load none of the heavy libraries (ipywidgets, yaml, matplotlib) or its own subpackages?"""
    heavy = ["ipywidgets", "anywidget", "yaml", "matplotlib", "pybtex"]
    result = run_fresh(
        "import json, sys; import microneedling_course; "
        f"heavy = {heavy!r}; "
        "own = sorted(m for m in sys.modules if m.startswith('microneedling_course.')); "
        "print(json.dumps({'heavy': [m for m in heavy if m in sys.modules], 'own': own}))"
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert json.loads(result.stdout) == {"heavy": [], "own": []}


def test_lesson_api_import_stays_quiet():
    """In a fresh interpreter, does importing a lesson function (ipywidgets and all) raise no
    warning, with warnings turned into errors?"""
    result = run_fresh("from microneedling_course import show_quiz, show_depth_explorer")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
