"""The bank's data model: Question (every type), Option, Pair, Objective, Module and Bank."""

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

SCHEMA_VERSION = 1
QUESTION_TYPES = ("single", "multiple", "truefalse", "numeric", "ordering", "matching", "case")
DIFFICULTIES = ("easy", "medium", "hard")


@dataclass(frozen=True)
class Option:
    """One answer option of a single- or multiple-choice question."""

    text: str
    feedback: str = ""


@dataclass(frozen=True)
class Pair:
    """One left item of a matching question and the right-hand choice it belongs to."""

    left: str
    right: str
    feedback: str = ""


@dataclass(frozen=True)
class Objective:
    """A learning objective; questions point at it by id."""

    id: str
    text: str
    module: str
    section: str = ""


@dataclass(frozen=True)
class Question:
    """One question of any type; fields that do not apply to its type keep their defaults.

    `answer` is normalised for grading: single -> option index, multiple -> tuple of option
    indices, truefalse -> bool, numeric -> float; None for ordering, matching and case.
    """

    id: str
    type: str
    module: str
    objective: str
    difficulty: str
    prompt: str
    explanation: str
    references: tuple[str, ...]
    hint: str = ""
    source: str = ""
    options: tuple[Option, ...] = ()
    answer: Any = None
    tolerance: float = 0.0
    unit: str = ""
    true_label: str = "True"
    false_label: str = "False"
    feedback_if_true: str = ""
    feedback_if_false: str = ""
    feedback_correct: str = ""
    feedback_incorrect: str = ""
    items: tuple[str, ...] = ()
    pairs: tuple[Pair, ...] = ()
    distractors: tuple[str, ...] = ()
    vignette: str = ""
    parts: tuple["Question", ...] = ()
    case_id: str = ""

    @property
    def choices(self) -> tuple[str, ...]:
        """Matching: the right-hand choices (each pair's right once, then distractors)."""
        seen: dict[str, None] = {}
        for text in [pair.right for pair in self.pairs] + list(self.distractors):
            seen.setdefault(text, None)
        return tuple(seen)

    @property
    def match_key(self) -> tuple[int, ...]:
        """Matching: for each left item, the index in `choices` of its right-hand match."""
        choices = self.choices
        return tuple(choices.index(pair.right) for pair in self.pairs)

    @property
    def answer_letters(self) -> tuple[str, ...]:
        """Single/multiple: the correct options as letters, as written in the bank."""
        if self.type == "single":
            return (letter(self.answer),)
        if self.type == "multiple":
            return tuple(letter(index) for index in self.answer)
        return ()

    def to_dict(self) -> dict:
        """JSON-safe form with answers as indices; static/quiz.js grades from exactly this."""
        data: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "module": self.module,
            "objective": self.objective,
            "difficulty": self.difficulty,
            "prompt": self.prompt,
            "explanation": self.explanation,
            "references": list(self.references),
            "hint": self.hint,
        }
        data.update(_type_fields(self))
        return data


def _type_fields(question: Question) -> dict:
    kind = question.type
    if kind in ("single", "multiple"):
        answer = question.answer if kind == "single" else list(question.answer)
        options = [{"text": o.text, "feedback": o.feedback} for o in question.options]
        return {"options": options, "answer": answer}
    if kind == "truefalse":
        names = ("answer", "true_label", "false_label", "feedback_if_true", "feedback_if_false")
        return {name: getattr(question, name) for name in names}
    if kind == "numeric":
        names = ("answer", "tolerance", "unit", "feedback_correct", "feedback_incorrect")
        return {name: getattr(question, name) for name in names}
    if kind == "ordering":
        return {"items": list(question.items)}
    if kind == "matching":
        pairs = [{"left": p.left, "right": p.right, "feedback": p.feedback} for p in question.pairs]
        return {
            "pairs": pairs,
            "distractors": list(question.distractors),
            "choices": list(question.choices),
            "answer": list(question.match_key),
        }
    return {"vignette": question.vignette, "parts": [part.to_dict() for part in question.parts]}


@dataclass(frozen=True)
class Module:
    """One bank file: a module's objectives and questions, in file order."""

    id: str
    title: str
    lesson: str
    objectives: tuple[Objective, ...]
    questions: tuple[Question, ...]
    source: str
    schema_version: int = SCHEMA_VERSION


@dataclass(frozen=True)
class Bank:
    """All modules; look-ups by module, question and objective id (read-only mappings)."""

    modules: MappingProxyType
    questions: MappingProxyType
    objectives: MappingProxyType
    directory: Path = field(default_factory=Path)

    def question(self, question_id: str) -> Question:
        """A top-level question or a case part by id."""
        if question_id in self.questions:
            return self.questions[question_id]
        for question in self.questions.values():
            for part in question.parts:
                if part.id == question_id:
                    return part
        raise KeyError(question_id)


def letter(index: int) -> str:
    return chr(ord("A") + index)
