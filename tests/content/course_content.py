"""What the content checks read: the real course's bank, lessons, glossary and bibliography.

The content suite checks the course an author writes, so it always reads this clone's own files
(never MNC_COURSE_ROOT or MNC_BANK_DIR, which the product tests point at fixtures).
"""

import re
from functools import cache
from pathlib import Path

import nbformat

from microneedling_course.bank import load_bank
from microneedling_course.bank.references import bibliography_keys

REPO_ROOT = Path(__file__).resolve().parents[2]
BIBLIOGRAPHY = REPO_ROOT / "book" / "references.bib"
# module id -> lesson notebook, lessons 1 to 7 in course order
LESSONS = {
    "skin-and-depth": "notebooks/01-skin-and-depth.ipynb",
    "collagen-induction": "notebooks/02-collagen-induction.ipynb",
    "devices-and-technique": "notebooks/03-devices-and-technique.ipynb",
    "aftercare": "notebooks/04-aftercare.ipynb",
    "risks-and-contraindications": "notebooks/05-risks-and-contraindications.ipynb",
    "regulation-and-safe-practice": "notebooks/06-regulation-and-safe-practice.ipynb",
    "myths-and-evidence": "notebooks/07-myths-and-evidence.ipynb",
}
CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
TERM_ROLE = re.compile(r"\{term\}`([^`]+)`")
LABEL = re.compile(r"^\(([A-Za-z0-9_-]+)\)=\s*$", re.MULTILINE)


@cache
def course_bank():
    """The course's own question bank (quizzes/), validated with its own bibliography."""
    return load_bank(REPO_ROOT / "quizzes", bibliography=BIBLIOGRAPHY)


def known_keys() -> frozenset[str]:
    """Every key of book/references.bib."""
    return bibliography_keys(BIBLIOGRAPHY)


def lesson_notebook(module: str):
    """The lesson notebook of a module, as committed."""
    return nbformat.read(REPO_ROOT / LESSONS[module], as_version=4)


def lesson_markdown(module: str) -> str:
    """Every Markdown cell of a lesson, joined."""
    cells = lesson_notebook(module).cells
    return "\n".join(cell.source for cell in cells if cell.cell_type == "markdown")


def code_cells(module: str) -> list:
    """The code cells of a lesson."""
    return [cell for cell in lesson_notebook(module).cells if cell.cell_type == "code"]


def cite_keys(text: str) -> set[str]:
    """The keys of every {cite}, {cite:p} or {cite:t} role in a text."""
    return {key.strip() for group in CITE_ROLE.findall(text) for key in group.split(",")}


def term_targets(text: str) -> set[str]:
    """The lower-cased glossary terms a text links to with {term}."""
    targets = set()
    for role in TERM_ROLE.findall(text):
        target = role.rsplit("<", 1)[1].rstrip(">") if "<" in role else role
        targets.add(target.strip().lower())
    return targets


def glossary_terms() -> set[str]:
    """The lower-cased terms defined in book/glossary.md."""
    text = (REPO_ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    body = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    return {
        line.strip().lower()
        for line in body.splitlines()
        if line.strip() and not line.startswith((" ", ":"))
    }


def all_questions(module: str) -> list:
    """Every question of a module, case parts included."""
    return [part for q in course_bank().modules[module].questions for part in (q, *q.parts)]
