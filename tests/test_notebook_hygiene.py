"""Lesson notebooks as committed: no outputs, short hidden code, in the toc, disclaimer linked."""

import re
from pathlib import Path

import nbformat
import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("*.ipynb"))
HIDING_TAGS = {"remove-input", "hide-input"}
MAX_CODE_LINES = 3
# A Markdown link or a {doc} role whose target is the disclaimer page.
DISCLAIMER_LINK = re.compile(r"\]\([^)]*disclaimer(\.md)?\)|\{doc\}`[^`]*disclaimer>?`")


def toc_files() -> set[str]:
    """Every `file:` (and the root) named in _toc.yml, as written there (no suffix)."""
    toc = yaml.safe_load((REPO_ROOT / "_toc.yml").read_text(encoding="utf-8"))
    names = {toc["root"]}

    def walk(entries):
        for entry in entries:
            if "file" in entry:
                names.add(entry["file"])
            for key in ("parts", "chapters", "sections"):
                walk(entry.get(key, []))

    walk([toc])
    return names


def code_cells(notebook_path: Path) -> list:
    """The code cells of a notebook."""
    notebook = nbformat.read(notebook_path, as_version=4)
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def by_name(path: Path) -> str:
    """Test id: the notebook's file name, so a failure names the file."""
    return path.name


each_notebook = pytest.mark.parametrize("notebook_path", NOTEBOOKS, ids=by_name)


@each_notebook
def test_notebook_is_valid_nbformat(notebook_path):
    """Does the notebook validate against the nbformat 4 schema?"""
    notebook = nbformat.read(notebook_path, as_version=4)
    nbformat.validate(notebook)


@each_notebook
def test_notebook_has_no_outputs(notebook_path):
    """Is the notebook committed without outputs?"""
    with_outputs = [cell.get("id") for cell in code_cells(notebook_path) if cell.outputs]
    assert with_outputs == []


@each_notebook
def test_notebook_has_no_execution_counts(notebook_path):
    """Is the notebook committed without execution counts?"""
    counted = [
        cell.get("id") for cell in code_cells(notebook_path) if cell.execution_count is not None
    ]
    assert counted == []


@each_notebook
def test_notebook_kernel_is_python3(notebook_path):
    """Does the notebook name the `python3` kernel, the one the build and nbval start?"""
    notebook = nbformat.read(notebook_path, as_version=4)
    assert notebook.metadata.get("kernelspec", {}).get("name") == "python3"


@each_notebook
def test_code_cells_hide_their_input(notebook_path):
    """Is every code cell tagged remove-input or hide-input, so the site shows results, not code?"""
    untagged = [
        cell.get("id")
        for cell in code_cells(notebook_path)
        if not HIDING_TAGS & set(cell.metadata.get("tags", []))
    ]
    assert untagged == []


@each_notebook
def test_code_cells_are_short(notebook_path):
    """Is every code cell at most three non-empty lines (a call into the package, not a program)?"""
    long_cells = [
        cell.get("id")
        for cell in code_cells(notebook_path)
        if sum(1 for line in cell.source.splitlines() if line.strip()) > MAX_CODE_LINES
    ]
    assert long_cells == []


@each_notebook
def test_notebook_is_in_the_toc(notebook_path):
    """Is the notebook part of the course order in _toc.yml?"""
    assert f"notebooks/{notebook_path.stem}" in toc_files()


@each_notebook
def test_notebook_links_the_disclaimer(notebook_path):
    """Does a Markdown cell of the notebook link the disclaimer page?"""
    notebook = nbformat.read(notebook_path, as_version=4)
    markdown = [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]
    assert any(DISCLAIMER_LINK.search(text) for text in markdown), (
        f"{notebook_path.name}: no Markdown cell links the disclaimer, "
        "e.g. [disclaimer](../book/disclaimer.md)"
    )


@pytest.mark.parametrize(
    "docname", sorted(name for name in toc_files() if name.startswith("notebooks/"))
)
def test_toc_notebook_exists(docname):
    """Does every notebook named in _toc.yml exist as a .ipynb file?"""
    assert (REPO_ROOT / f"{docname}.ipynb").is_file()


@pytest.mark.parametrize(
    "docname",
    sorted(
        name
        for name in toc_files()
        if (REPO_ROOT / f"{name}.md").is_file() and name != "book/disclaimer"
    ),
)
def test_page_links_the_disclaimer(docname):
    """Does every Markdown page of the course (except the disclaimer itself) link the disclaimer?"""
    text = (REPO_ROOT / f"{docname}.md").read_text(encoding="utf-8")
    assert DISCLAIMER_LINK.search(text), f"{docname}.md: no link like [disclaimer](disclaimer.md)"
