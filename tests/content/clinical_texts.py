"""Read the course's real clinical text (lessons, quizzes, claims, data) for the content tests.

The content tests check the live course, not fixtures: that is their job. This module only reads;
it knows where each kind of text lives and splits it into the units the tests reason about
(a lesson line, a lesson block, a question, a claim's evidence item).
"""

import json
import re
from functools import cache
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
CITE = re.compile(r"\{cite:[pt]\}`([^`]+)`")
LESSON_NUMBERS = range(1, 8)


def read_yaml(relative: str):
    """A YAML file of the repository, parsed."""
    return yaml.safe_load((REPO / relative).read_text(encoding="utf-8"))


def cited_keys(text: str) -> set[str]:
    """Every key in the {cite} roles of a text."""
    return {key.strip() for match in CITE.finditer(text) for key in match.group(1).split(",")}


@cache
def lesson_path(number: int) -> Path:
    """notebooks/0N-*.ipynb for a lesson number 1-7."""
    (path,) = sorted((REPO / "notebooks").glob(f"{number:02d}-*.ipynb"))
    return path


@cache
def lesson_cells(number: int) -> tuple[str, ...]:
    """The Markdown cells of a lesson, as text, in order."""
    notebook = json.loads(lesson_path(number).read_text(encoding="utf-8"))
    return tuple(
        "".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "markdown"
    )


def lesson_lines(number: int) -> list[str]:
    """Every Markdown line of a lesson outside code fences (one sentence per line)."""
    lines = []
    for cell in lesson_cells(number):
        fenced = False
        for line in cell.split("\n"):
            if line.strip().startswith("```"):
                fenced = not fenced
            elif not fenced and line.strip():
                lines.append(line.strip())
    return lines


def blocks(text: str) -> list[str]:
    """Paragraphs and lists of a Markdown text: runs of lines between blank lines."""
    return [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]


def lesson_blocks(number: int) -> list[str]:
    """Every paragraph or list of a lesson's Markdown cells."""
    return [block for cell in lesson_cells(number) for block in blocks(cell)]


def keys_taught_up_to(number: int) -> set[str]:
    """Every reference key cited in lessons 1..number."""
    keys: set[str] = set()
    for lesson in range(1, number + 1):
        for cell in lesson_cells(lesson):
            keys |= cited_keys(cell)
    return keys


@cache
def quiz(number: int) -> dict:
    """quizzes/0N-*.yml for a lesson number 1-7, parsed."""
    (path,) = sorted((REPO / "quizzes").glob(f"{number:02d}-*.yml"))
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def questions(number: int) -> list[dict]:
    """The questions of a lesson's quiz (cases with their parts inside)."""
    return quiz(number)["questions"]


def question_text(question: dict) -> str:
    """All the words a trainee can see in a question: prompt, story, options, feedback, parts."""
    pieces = [
        question.get(key, "")
        for key in (
            "vignette",
            "prompt",
            "hint",
            "explanation",
            "feedback_if_true",
            "feedback_if_false",
            "feedback_correct",
            "feedback_incorrect",
        )
    ]
    for option in question.get("options") or []:
        pieces += [option.get("text", ""), option.get("feedback", "")]
    for pair in question.get("pairs") or []:
        pieces += [pair.get("left", ""), pair.get("right", ""), pair.get("feedback", "")]
    pieces += list(question.get("items") or []) + list(question.get("distractors") or [])
    pieces += [question_text(part) for part in question.get("parts") or []]
    return "\n".join(str(piece) for piece in pieces if piece)


def question_references(question: dict) -> set[str]:
    """Every reference key a question cites, its parts' own included."""
    keys = set(question.get("references") or [])
    for part in question.get("parts") or []:
        keys |= set(part.get("references") or [])
    return keys


def all_questions() -> list[tuple[int, dict]]:
    """(lesson number, question) for every question of lessons 1-7."""
    return [(number, question) for number in LESSON_NUMBERS for question in questions(number)]


def claim_items() -> list[tuple[int, str]]:
    """(claim number, evidence sentence) for every evidence item of data/claims/claims.yml."""
    return [
        (claim["number"], item)
        for claim in read_yaml("data/claims/claims.yml")["claims"]
        for item in claim["evidence"]
    ]


def book_blocks(name: str) -> list[str]:
    """The paragraphs and lists of a page in book/."""
    return blocks((REPO / "book" / name).read_text(encoding="utf-8"))
