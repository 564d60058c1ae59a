"""The trainee edition of the whole course, as the strict site build writes it (_build/trainee)."""

import json
import posixpath
import re
from pathlib import Path

import pytest
import yaml

pytestmark = [pytest.mark.build, pytest.mark.slow]

REPO = Path(__file__).resolve().parent.parent
MYST_SYNTAX = re.compile(r"\{[a-z]+(?::[a-z]+)?\}`|^\([\w-]+\)=\s*$|^(?:```+|:::+)\s*\{", re.M)
MARKDOWN_LINK = re.compile(r"\]\((?P<href>[^()\s]+)(?: \"(?:[^\"\\]|\\.)*\")?\)")
ANCHOR = re.compile(r'<a id="([^"]+)"></a>')


@pytest.fixture(scope="module")
def edition(course_build) -> Path:
    if course_build.returncode != 0:
        pytest.fail(f"the course build failed:\n{course_build.log[-3000:]}", pytrace=False)
    return course_build.html_dir.parent / "trainee"


def notebooks(edition: Path) -> dict[str, dict]:
    return {
        path.relative_to(edition).as_posix(): json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(edition.rglob("*.ipynb"))
    }


def markdown(notebook: dict) -> str:
    return "\n\n".join(
        "".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "markdown"
    )


def test_every_course_page_has_an_edition_notebook(edition):
    """Is every page of the table of contents (less the redirected site-only pages) there?"""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    redirected = config["sphinx"]["config"]["trainee_edition_redirects"]
    pages = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    expected = sorted(f"{page}.ipynb" for page in pages if page not in redirected)
    assert sorted(notebooks(edition)) == expected


def test_no_myst_syntax_in_any_edition_notebook(edition):
    """Do the course's edition notebooks hold 0 roles, 0 label lines and 0 directive blocks?"""
    found = {
        name: MYST_SYNTAX.findall(markdown(notebook))
        for name, notebook in notebooks(edition).items()
    }
    assert {name: hits for name, hits in found.items() if hits} == {}


def test_every_link_between_edition_notebooks_resolves(edition):
    """Does every relative link lead to an edition notebook, and every fragment to an anchor or
    a cell id that exists there?"""
    books = notebooks(edition)
    problems = []
    for name, notebook in books.items():
        for href in MARKDOWN_LINK.findall(markdown(notebook)):
            if re.match(r"^[a-z]+:", href):
                continue
            path, _, fragment = href.partition("#")
            target = (
                posixpath.normpath(posixpath.join(posixpath.dirname(name), path)) if path else name
            )
            if target not in books:
                problems.append(f"{name}: {href} (no such notebook)")
            elif fragment.startswith("cell-id="):
                if fragment[8:] not in {cell["id"] for cell in books[target]["cells"]}:
                    problems.append(f"{name}: {href} (no such cell)")
            elif fragment and fragment not in ANCHOR.findall(markdown(books[target])):
                problems.append(f"{name}: {href} (no such anchor)")
    assert problems == []


def test_lessons_keep_their_code_collapsed_under_the_run_all_note(edition):
    """Does every notebook with code start with the Run All note and fold every code cell?"""
    for name, notebook in notebooks(edition).items():
        code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
        if not code:
            continue
        assert "Run > Run All Cells" in "".join(notebook["cells"][0]["source"]), name
        assert all(cell["metadata"]["jupyter"]["source_hidden"] for cell in code), name


def test_every_lesson_notebook_is_in_the_edition_with_all_its_code(edition):
    """Does each lesson keep every code cell of its source, in order?"""
    for source in sorted((REPO / "notebooks").glob("*.ipynb")):
        original = json.loads(source.read_text(encoding="utf-8"))
        built = notebooks(edition)[f"notebooks/{source.name}"]
        sources = [
            "".join(cell["source"]) for cell in original["cells"] if cell["cell_type"] == "code"
        ]
        kept = ["".join(cell["source"]) for cell in built["cells"] if cell["cell_type"] == "code"]
        assert kept == sources, source.name


def test_site_notebook_downloads_are_the_edition(course_build, edition):
    """Is every .ipynb the site offers for download a trainee-edition notebook?"""
    downloads = sorted((course_build.html_dir / "_sources").rglob("*.ipynb"))
    assert downloads
    for path in downloads:
        metadata = json.loads(path.read_text(encoding="utf-8"))["metadata"]
        assert metadata.get("microneedling_course", {}).get("edition") == "trainee", path.name
