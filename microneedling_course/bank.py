"""Load and validate the question bank (quizzes/*.yml, schema_version 1) into dataclasses."""

import difflib
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from microneedling_course.paths import bank_dir, bibliography_path, repo_root

SCHEMA_VERSION = 1
QUESTION_TYPES = ("single", "multiple", "truefalse", "numeric", "ordering", "matching", "case")
DIFFICULTIES = ("easy", "medium", "hard")
OPTION_RANGE = (2, 8)
ITEM_RANGE = (2, 10)
PAIR_RANGE = (2, 10)
PART_RANGE = (1, 6)
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DOCNAME = re.compile(r"^[A-Za-z0-9_-]+(?:/[A-Za-z0-9_.-]+)*$")


# --------------------------------------------------------------------------- data model


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


# --------------------------------------------------------------------------- errors


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a bank file, located by file, question (and case part) and field."""

    file: str
    message: str
    question_id: str = ""
    field: str = ""
    line: int | None = None
    case_id: str = ""

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.case_id:
            where.append(f"question '{self.case_id}', part '{self.question_id}'")
        elif self.question_id:
            where.append(f"question '{self.question_id}'")
        if self.field:
            where.append(f"field '{self.field}'")
        return ": ".join(where + [self.message])


class BankError(ValueError):
    """The bank cannot be used; each line of the message is one problem (file, question, field)."""

    def __init__(self, problems: list[Problem]):
        self.problems = tuple(problems)
        first = self.problems[0]
        self.file = first.file
        self.question_id = first.question_id
        self.field = first.field
        self.line = first.line
        super().__init__("\n".join(str(problem) for problem in self.problems))


# --------------------------------------------------------------------------- YAML reading


class _SourceInt(int):
    """An int that remembers how it was written, so `text: 24` can stay text."""

    source = ""


class _SourceFloat(float):
    source = ""


# libyaml's parser when PyYAML has it (its wheels do): the same documents ~15x faster, which
# every lesson kernel pays once when it loads the bank (bench/results.md).
class _BankLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML where only true/false are booleans ("Yes" stays text); no dates, no repeated keys."""


_DROPPED_TAGS = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
_BankLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_BankLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_number(kind):
    base = getattr(yaml.SafeLoader, f"construct_yaml_{kind}")
    wrapper = _SourceInt if kind == "int" else _SourceFloat

    def construct(loader, node):
        value = wrapper(base(loader, node))
        value.source = node.value
        return value

    return construct


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    mapping = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            duplicate = key in mapping
        except TypeError as exc:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping",
                node.start_mark,
                "found a key that is not text",
                key_node.start_mark,
            ) from exc
        if duplicate:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping",
                node.start_mark,
                f"found duplicate key {key!r}",
                key_node.start_mark,
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_BankLoader.add_constructor("tag:yaml.org,2002:int", _construct_number("int"))
_BankLoader.add_constructor("tag:yaml.org,2002:float", _construct_number("float"))
_BankLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def read_yaml(text: str, display: str) -> Any:
    """Parse YAML text; a syntax error becomes a BankError naming the line."""
    try:
        return yaml.load(text, Loader=_BankLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise BankError([Problem(display, f"YAML syntax error: {problem}", line=line)]) from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise BankError([Problem(display, f"YAML could not be read: {exc}")]) from None


# --------------------------------------------------------------------------- validation


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no)"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value pairs)"
    return type(value).__name__


class _Checker:
    """Collects problems for one file while fields are read; each reader returns None when bad."""

    def __init__(self, display: str):
        self.display = display
        self.problems: list[Problem] = []
        self.question_id = ""
        self.case_id = ""

    def problem(self, name: str, message: str) -> None:
        self.problems.append(
            Problem(
                self.display,
                message,
                question_id=self.question_id,
                field=name,
                case_id=self.case_id,
            )
        )

    def keys(
        self, data: dict, allowed: tuple[str, ...], required: tuple[str, ...], where: str = ""
    ) -> None:
        for key in data:
            if isinstance(key, str) and (key in allowed or key.startswith("x-")):
                continue
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = (
                f"; did you mean '{close[0]}'?"
                if close
                else f"; known fields: {', '.join(allowed)}"
            )
            self.problem(f"{where}{key}", f"unknown field{hint}")
        for key in required:
            if key not in data or data[key] is None:
                self.problem(f"{where}{key}", "is required but missing")

    def text(self, data: dict, name: str, *, required: bool = True, where: str = "") -> str | None:
        value = data.get(name)
        if value is None:
            return None if required else ""
        return self.value_text(value, f"{where}{name}")

    def value_text(self, value: Any, label: str) -> str | None:
        if isinstance(value, (_SourceInt, _SourceFloat)):
            value = value.source
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if value is None:
            self.problem(label, "is empty")
            return None
        if not isinstance(value, str):
            self.problem(label, f"should be text, not {_describe(value)}")
            return None
        if not value.strip():
            self.problem(label, "is empty")
            return None
        return value.strip()

    def slug(self, data: dict, name: str, where: str = "") -> str | None:
        value = self.text(data, name, where=where)
        if value is not None and not SLUG.match(value):
            self.problem(
                f"{where}{name}", f"'{value}' is not a slug (lower-case words joined by hyphens)"
            )
            return None
        return value

    def one_of(self, data: dict, name: str, allowed: tuple[str, ...]) -> str | None:
        value = self.text(data, name)
        if value is not None and value not in allowed:
            self.problem(name, f"'{value}' is not one of: {', '.join(allowed)}")
            return None
        return value

    def number(self, data: dict, name: str, *, required: bool = True, minimum: float | None = None):
        value = data.get(name)
        if value is None:
            return None if required else 0.0
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(name, f"should be a number, not {_describe(value)}")
            return None
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            self.problem(name, "should be a finite number")
            return None
        if minimum is not None and number < minimum:
            self.problem(name, f"{value} is negative; it must be {minimum:g} or more")
            return None
        return number

    def sequence(self, data: dict, name: str, bounds: tuple[int, int] | None = None) -> list | None:
        value = data.get(name)
        if value is None:
            return None
        if not isinstance(value, list):
            self.problem(name, f"should be a list, not {_describe(value)}")
            return None
        if bounds and not bounds[0] <= len(value) <= bounds[1]:
            count = f"{len(value)} {'entry' if len(value) == 1 else 'entries'}"
            self.problem(name, f"has {count}; it needs {bounds[0]} to {bounds[1]}")
            return None
        return value

    def text_list(
        self, data: dict, name: str, bounds: tuple[int, int] | None = None
    ) -> list[str] | None:
        values = self.sequence(data, name, bounds)
        if values is None:
            return None
        texts = [self.value_text(value, f"{name}[{index}]") for index, value in enumerate(values)]
        return None if None in texts else texts


def _check_unique(checker: _Checker, name: str, texts: list[str], what: str) -> None:
    seen = set()
    for index, text in enumerate(texts):
        if text in seen:
            checker.problem(f"{name}[{index}]", f"repeats the {what} '{_short(text)}'")
        seen.add(text)


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _letter_index(checker: _Checker, value: Any, count: int, name: str = "answer") -> int | None:
    last = letter(count - 1)
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]", value.strip()):
        checker.problem(name, f"should be an option letter A-{last}, not {_describe(value)}")
        return None
    index = ord(value.strip().upper()) - ord("A")
    if index >= count:
        checker.problem(name, f"'{value.strip()}' is out of range (options A-{last})")
        return None
    return index


COMMON_FIELDS = (
    "id",
    "type",
    "objective",
    "difficulty",
    "prompt",
    "explanation",
    "references",
    "hint",
)
TYPE_FIELDS = {
    "single": ("options", "answer"),
    "multiple": ("options", "answer"),
    "truefalse": ("answer", "true_label", "false_label", "feedback_if_true", "feedback_if_false"),
    "numeric": ("answer", "tolerance", "unit", "feedback_correct", "feedback_incorrect"),
    "ordering": ("items",),
    "matching": ("pairs", "distractors"),
    "case": ("vignette", "parts"),
}
REQUIRED_TYPE_FIELDS = {
    "single": ("options", "answer"),
    "multiple": ("options", "answer"),
    "truefalse": ("answer",),
    "numeric": ("answer",),
    "ordering": ("items",),
    "matching": ("pairs",),
    "case": ("vignette", "parts"),
}


def _read_options(checker: _Checker, data: dict) -> tuple[Option, ...] | None:
    raw = checker.sequence(data, "options", OPTION_RANGE)
    if raw is None:
        return None
    options = []
    for index, entry in enumerate(raw):
        where = f"options[{index}]."
        if isinstance(entry, dict):
            checker.keys(entry, ("text", "feedback"), ("text",), where)
            text = checker.text(entry, "text", where=where)
            feedback = checker.text(entry, "feedback", required=False, where=where)
        else:
            text, feedback = checker.value_text(entry, f"options[{index}]"), ""
        if text is None or feedback is None:
            return None
        options.append(Option(text, feedback))
    _check_unique(checker, "options", [option.text for option in options], "option")
    return tuple(options)


def _read_choice(checker: _Checker, data: dict, kind: str) -> dict | None:
    options = _read_options(checker, data)
    if options is None:
        return None
    value = data.get("answer")
    if value is None:
        return None
    if kind == "single":
        index = _letter_index(checker, value, len(options))
        return None if index is None else {"options": options, "answer": index}
    letters = value if isinstance(value, list) else None
    if letters is None:
        checker.problem(
            "answer", f"should be a list of option letters like [A, C], not {_describe(value)}"
        )
        return None
    if not letters:
        checker.problem("answer", "names no correct option; list at least one letter")
        return None
    indices = [_letter_index(checker, item, len(options)) for item in letters]
    if any(index is None for index in indices):
        return None
    if len(set(indices)) != len(indices):
        checker.problem("answer", "lists the same letter twice")
        return None
    return {"options": options, "answer": tuple(sorted(indices))}


def _read_truefalse(checker: _Checker, data: dict) -> dict | None:
    value = data.get("answer")
    if value is None:
        return None
    if not isinstance(value, bool):
        checker.problem("answer", f"should be true or false, not {_describe(value)}")
        return None
    fields = {"answer": value}
    for name, default in (("true_label", "True"), ("false_label", "False")):
        label = checker.text(data, name, required=False)
        fields[name] = label or default
    for name in ("feedback_if_true", "feedback_if_false"):
        fields[name] = checker.text(data, name, required=False)
    return None if None in fields.values() else fields


def _read_numeric(checker: _Checker, data: dict) -> dict | None:
    fields = {
        "answer": checker.number(data, "answer"),
        "tolerance": checker.number(data, "tolerance", required=False, minimum=0),
        "unit": checker.text(data, "unit", required=False),
        "feedback_correct": checker.text(data, "feedback_correct", required=False),
        "feedback_incorrect": checker.text(data, "feedback_incorrect", required=False),
    }
    return None if None in fields.values() else fields


def _read_ordering(checker: _Checker, data: dict) -> dict | None:
    items = checker.text_list(data, "items", ITEM_RANGE)
    if items is None:
        return None
    _check_unique(checker, "items", items, "item")
    return {"items": tuple(items)}


def _read_matching(checker: _Checker, data: dict) -> dict | None:
    raw = checker.sequence(data, "pairs", PAIR_RANGE)
    if raw is None:
        return None
    pairs = []
    for index, entry in enumerate(raw):
        where = f"pairs[{index}]."
        if not isinstance(entry, dict):
            checker.problem(
                f"pairs[{index}]",
                f"should be a mapping with left and right, not {_describe(entry)}",
            )
            return None
        checker.keys(entry, ("left", "right", "feedback"), ("left", "right"), where)
        left = checker.text(entry, "left", where=where)
        right = checker.text(entry, "right", where=where)
        feedback = checker.text(entry, "feedback", required=False, where=where)
        if None in (left, right, feedback):
            return None
        pairs.append(Pair(left, right, feedback))
    _check_unique(checker, "pairs", [pair.left for pair in pairs], "left item")
    distractors = checker.text_list(data, "distractors") if "distractors" in data else []
    if distractors is None:
        return None
    rights = {pair.right for pair in pairs}
    for index, text in enumerate(distractors):
        if text in rights:
            checker.problem(f"distractors[{index}]", f"'{_short(text)}' is also a correct match")
    return {"pairs": tuple(pairs), "distractors": tuple(distractors)}


def _read_case(checker: _Checker, data: dict, context: dict, references_ok) -> dict | None:
    vignette = checker.text(data, "vignette")
    raw = checker.sequence(data, "parts", PART_RANGE)
    if vignette is None or raw is None:
        return None
    parts = []
    case_id = checker.question_id
    for index, entry in enumerate(raw):
        if not isinstance(entry, dict):
            checker.problem(
                f"parts[{index}]", f"should be a question (a mapping), not {_describe(entry)}"
            )
            continue
        part_id = entry.get("id")
        checker.case_id, checker.question_id = (
            case_id,
            part_id if isinstance(part_id, str) else f"#{index + 1}",
        )
        part = _read_question(checker, entry, {**context, "case_id": case_id}, references_ok)
        checker.case_id, checker.question_id = "", case_id
        if part is not None:
            parts.append(part)
    if len(parts) != len(raw):
        return None
    return {"vignette": vignette, "parts": tuple(parts)}


_TYPE_READERS = {
    "single": lambda c, d, ctx, refs: _read_choice(c, d, "single"),
    "multiple": lambda c, d, ctx, refs: _read_choice(c, d, "multiple"),
    "truefalse": lambda c, d, ctx, refs: _read_truefalse(c, d),
    "numeric": lambda c, d, ctx, refs: _read_numeric(c, d),
    "ordering": lambda c, d, ctx, refs: _read_ordering(c, d),
    "matching": lambda c, d, ctx, refs: _read_matching(c, d),
    "case": _read_case,
}


def _read_references(
    checker: _Checker, data: dict, known_keys, inherited
) -> tuple[str, ...] | None:
    if "references" not in data and inherited is not None:
        return inherited
    if "references" not in data:
        if not checker.case_id:
            checker.problem("references", "is required but missing")
        return None
    keys = checker.text_list(data, "references")
    if keys is None:
        return None
    if not keys:
        checker.problem("references", "is empty; cite at least one key from book/references.bib")
        return None
    for key in keys:
        if known_keys is not None and key not in known_keys:
            close = difflib.get_close_matches(key, sorted(known_keys), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            checker.problem("references", f"'{key}' is not a key in book/references.bib{hint}")
            return None
    return tuple(keys)


def _read_question(checker: _Checker, data: dict, context: dict, known_keys) -> Question | None:
    """One question (or case part); context holds module, source and a case's inherited fields."""
    in_case = bool(context.get("case_id"))
    kind = data.get("type")
    types = QUESTION_TYPES[:-1] if in_case else QUESTION_TYPES
    allowed = COMMON_FIELDS + (TYPE_FIELDS.get(kind, ()) if isinstance(kind, str) else ())
    inherited = ("objective", "difficulty", "references") if in_case else ()
    required = tuple(
        name
        for name in ("id", "type", "prompt", "explanation") + ("objective", "difficulty")
        if name not in inherited
    )
    before = len(checker.problems)
    if kind not in types:
        shown = (
            "nothing" if kind is None else f"'{kind}'" if isinstance(kind, str) else _describe(kind)
        )
        hint = "; a case part cannot be a case" if kind == "case" else ""
        checker.problem("type", f"{shown} is not a question type ({', '.join(types)}){hint}")
        return None
    checker.keys(data, allowed, required + REQUIRED_TYPE_FIELDS[kind])
    fields = {
        "id": checker.slug(data, "id"),
        "objective": checker.slug(data, "objective")
        if "objective" in data
        else context.get("objective"),
        "difficulty": checker.one_of(data, "difficulty", DIFFICULTIES)
        if "difficulty" in data
        else context.get("difficulty"),
        "prompt": checker.text(data, "prompt"),
        "explanation": checker.text(data, "explanation"),
        "hint": checker.text(data, "hint", required=False),
        "references": _read_references(checker, data, known_keys, context.get("references")),
    }
    specific = _TYPE_READERS[kind](checker, data, {**context, **fields}, known_keys)
    if len(checker.problems) > before or specific is None or None in fields.values():
        return None
    return Question(
        type=kind,
        module=context["module"],
        source=context["source"],
        case_id=context.get("case_id", ""),
        **fields,
        **specific,
    )


def parse_question(
    data: Any,
    *,
    module: str = "inline",
    source: str = "<inline>",
    reference_keys: frozenset[str] | None = None,
) -> Question:
    """Validate one question mapping on its own (tests, shared grading cases, instructor tools).

    Objective ids are not checked against a bank; reference keys only when given.
    """
    checker = _Checker(source)
    if not isinstance(data, dict):
        raise BankError([Problem(source, f"a question should be a mapping, not {_describe(data)}")])
    checker.question_id = data.get("id") if isinstance(data.get("id"), str) else ""
    question = _read_question(checker, data, {"module": module, "source": source}, reference_keys)
    if checker.problems or question is None:
        raise BankError(checker.problems or [Problem(source, "the question could not be read")])
    return question


MODULE_FIELDS = ("schema_version", "module", "title", "lesson", "objectives", "questions")


def _read_objectives(checker: _Checker, data: dict, module: str) -> list[Objective]:
    raw = checker.sequence(data, "objectives") or []
    objectives = []
    for index, entry in enumerate(raw):
        where = f"objectives[{index}]."
        if not isinstance(entry, dict):
            checker.problem(
                f"objectives[{index}]",
                f"should be a mapping with id and text, not {_describe(entry)}",
            )
            continue
        checker.keys(entry, ("id", "text", "section"), ("id", "text"), where)
        oid = checker.slug(entry, "id", where)
        text = checker.text(entry, "text", where=where)
        section = checker.slug(entry, "section", where) if "section" in entry else ""
        if None not in (oid, text, section):
            objectives.append(Objective(oid, text, module, section))
    if not raw and "objectives" in data:
        checker.problem("objectives", "is empty; list at least one objective")
    return objectives


def _read_header(checker: _Checker, data: dict) -> dict | None:
    version = data.get("schema_version")
    if "schema_version" not in data:
        checker.problem("schema_version", "is required but missing (write: schema_version: 1)")
        return None
    if isinstance(version, bool) or version != SCHEMA_VERSION:
        checker.problem(
            "schema_version",
            f"{version!r} is not supported; this course reads version {SCHEMA_VERSION}",
        )
        return None
    checker.keys(data, MODULE_FIELDS, MODULE_FIELDS)
    header = {
        "module": checker.slug(data, "module"),
        "title": checker.text(data, "title"),
        "lesson": checker.text(data, "lesson"),
    }
    lesson = header["lesson"]
    if lesson is not None and (not DOCNAME.match(lesson) or lesson.endswith((".ipynb", ".md"))):
        checker.problem(
            "lesson",
            f"'{lesson}' should be a page name without extension, like notebooks/04-aftercare",
        )
    return header


def read_module(
    data: Any, display: str, known_keys: frozenset[str] | None
) -> tuple[Module | None, list[Problem]]:
    """Validate one parsed bank file; cross-file checks happen in load_bank."""
    checker = _Checker(display)
    if not isinstance(data, dict):
        return None, [
            Problem(display, f"the file should be a mapping of fields, not {_describe(data)}")
        ]
    header = _read_header(checker, data)
    if header is None or header["module"] is None:
        return None, checker.problems
    objectives = _read_objectives(checker, data, header["module"])
    questions = []
    raw_questions = checker.sequence(data, "questions") or []
    if "questions" in data and not raw_questions and isinstance(data["questions"], list):
        checker.problem("questions", "is empty; write at least one question")
    context = {"module": header["module"], "source": display}
    for index, entry in enumerate(raw_questions):
        if not isinstance(entry, dict):
            checker.problem(
                f"questions[{index}]", f"should be a question (a mapping), not {_describe(entry)}"
            )
            continue
        qid = entry.get("id")
        checker.question_id = qid if isinstance(qid, str) else f"#{index + 1}"
        question = _read_question(checker, entry, context, known_keys)
        checker.question_id = ""
        if question is not None:
            questions.append(question)
    if checker.problems:
        return None, checker.problems
    module = Module(
        id=header["module"],
        title=header["title"],
        lesson=header["lesson"],
        objectives=tuple(objectives),
        questions=tuple(questions),
        source=display,
    )
    return module, []


def _display_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(repo_root()).as_posix()
    except ValueError:
        return path.as_posix()


def _cross_file_problems(modules: list[Module]) -> list[Problem]:
    problems = []
    module_seen: dict[str, str] = {}
    objective_seen: dict[str, str] = {}
    question_seen: dict[str, str] = {}
    for module in modules:
        if module.id in module_seen:
            problems.append(
                Problem(
                    module.source,
                    f"module id '{module.id}' is also used by {module_seen[module.id]}",
                    field="module",
                )
            )
        module_seen.setdefault(module.id, module.source)
        for objective in module.objectives:
            if objective.id in objective_seen:
                problems.append(
                    Problem(
                        module.source,
                        f"objective id '{objective.id}' is also defined in "
                        f"{objective_seen[objective.id]}",
                        field="objectives",
                    )
                )
            objective_seen.setdefault(objective.id, module.source)
    for module in modules:
        for question in module.questions:
            for item in (question, *question.parts):
                case_id = question.id if item is not question else ""
                if item.id in question_seen:
                    problems.append(
                        Problem(
                            module.source,
                            f"duplicate question id; '{item.id}' is also used in "
                            f"{question_seen[item.id]}",
                            question_id=item.id,
                            field="id",
                            case_id=case_id,
                        )
                    )
                question_seen.setdefault(item.id, module.source)
                if item.objective not in objective_seen and (
                    item is question or item.objective != question.objective
                ):
                    close = difflib.get_close_matches(item.objective, sorted(objective_seen), n=1)
                    hint = f"; did you mean '{close[0]}'?" if close else ""
                    problems.append(
                        Problem(
                            module.source,
                            f"'{item.objective}' is not an objective id in any bank file{hint}",
                            question_id=item.id,
                            field="objective",
                            case_id=case_id,
                        )
                    )
    return problems


def load_bank(
    directory: Path | str | None = None, *, bibliography: Path | str | None = None
) -> Bank:
    """Read and validate every quizzes/*.yml file; raise BankError listing every problem found."""
    folder = Path(directory) if directory is not None else bank_dir()
    files = sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]) if folder.is_dir() else []
    if not files:
        raise BankError([Problem(_display_path(folder), "no question files (*.yml) found")])
    bib = Path(bibliography) if bibliography is not None else bibliography_path()
    stamp = tuple((str(path), path.stat().st_mtime_ns, path.stat().st_size) for path in files)
    bib_stamp = (str(bib.resolve()), bib.stat().st_mtime_ns) if bib.is_file() else (str(bib), 0)
    return _load_bank_cached(str(folder.resolve()), stamp, bib_stamp)


@lru_cache(maxsize=8)
def _load_bank_cached(folder: str, stamp: tuple, bib_stamp: tuple) -> Bank:
    from microneedling_course.references import bibliography_keys

    bib_path = Path(bib_stamp[0])
    known_keys = bibliography_keys(bib_path) if bib_path.is_file() else frozenset()
    modules, problems = [], []
    for path_text, _, _ in stamp:
        path = Path(path_text)
        display = _display_path(path)
        try:
            data = read_yaml(path.read_text(encoding="utf-8"), display)
        except BankError as error:
            problems.extend(error.problems)
            continue
        except UnicodeDecodeError:
            problems.append(Problem(display, "is not UTF-8 text"))
            continue
        module, file_problems = read_module(data, display, known_keys)
        problems.extend(file_problems)
        if module is not None:
            modules.append(module)
    problems.extend(_cross_file_problems(modules))
    if problems:
        raise BankError(problems)
    return Bank(
        modules=MappingProxyType({m.id: m for m in modules}),
        questions=MappingProxyType({q.id: q for m in modules for q in m.questions}),
        objectives=MappingProxyType({o.id: o for m in modules for o in m.objectives}),
        directory=Path(folder),
    )
