"""Reading one question of any type (and a case's parts) from its mapping into a Question."""

import difflib
from typing import Any

from microneedling_course.bank.field_checker import (
    FieldChecker,
    check_unique,
    describe_value,
    letter_index,
    shorten,
)
from microneedling_course.bank.model import DIFFICULTIES, QUESTION_TYPES, Option, Pair, Question
from microneedling_course.bank.problems import BankError, Problem

OPTION_RANGE = (2, 8)
ITEM_RANGE = (2, 10)
PAIR_RANGE = (2, 10)
PART_RANGE = (1, 6)


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


def _read_options(checker: FieldChecker, data: dict) -> tuple[Option, ...] | None:
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
    check_unique(checker, "options", [option.text for option in options], "option")
    return tuple(options)


def _read_choice(checker: FieldChecker, data: dict, kind: str) -> dict | None:
    options = _read_options(checker, data)
    if options is None:
        return None
    value = data.get("answer")
    if value is None:
        return None
    if kind == "single":
        index = letter_index(checker, value, len(options))
        return None if index is None else {"options": options, "answer": index}
    letters = value if isinstance(value, list) else None
    if letters is None:
        checker.problem(
            "answer", f"should be a list of option letters like [A, C], not {describe_value(value)}"
        )
        return None
    if not letters:
        checker.problem("answer", "names no correct option; list at least one letter")
        return None
    indices = [letter_index(checker, item, len(options)) for item in letters]
    if any(index is None for index in indices):
        return None
    if len(set(indices)) != len(indices):
        checker.problem("answer", "lists the same letter twice")
        return None
    return {"options": options, "answer": tuple(sorted(indices))}


def _read_truefalse(checker: FieldChecker, data: dict) -> dict | None:
    value = data.get("answer")
    if value is None:
        return None
    if not isinstance(value, bool):
        checker.problem("answer", f"should be true or false, not {describe_value(value)}")
        return None
    fields = {"answer": value}
    for name, default in (("true_label", "True"), ("false_label", "False")):
        label = checker.text(data, name, required=False)
        fields[name] = label or default
    for name in ("feedback_if_true", "feedback_if_false"):
        fields[name] = checker.text(data, name, required=False)
    return None if None in fields.values() else fields


def _read_numeric(checker: FieldChecker, data: dict) -> dict | None:
    fields = {
        "answer": checker.number(data, "answer"),
        "tolerance": checker.number(data, "tolerance", required=False, minimum=0),
        "unit": checker.text(data, "unit", required=False),
        "feedback_correct": checker.text(data, "feedback_correct", required=False),
        "feedback_incorrect": checker.text(data, "feedback_incorrect", required=False),
    }
    return None if None in fields.values() else fields


def _read_ordering(checker: FieldChecker, data: dict) -> dict | None:
    items = checker.text_list(data, "items", ITEM_RANGE)
    if items is None:
        return None
    check_unique(checker, "items", items, "item")
    return {"items": tuple(items)}


def _read_matching(checker: FieldChecker, data: dict) -> dict | None:
    raw = checker.sequence(data, "pairs", PAIR_RANGE)
    if raw is None:
        return None
    pairs = []
    for index, entry in enumerate(raw):
        where = f"pairs[{index}]."
        if not isinstance(entry, dict):
            checker.problem(
                f"pairs[{index}]",
                f"should be a mapping with left and right, not {describe_value(entry)}",
            )
            return None
        checker.keys(entry, ("left", "right", "feedback"), ("left", "right"), where)
        left = checker.text(entry, "left", where=where)
        right = checker.text(entry, "right", where=where)
        feedback = checker.text(entry, "feedback", required=False, where=where)
        if None in (left, right, feedback):
            return None
        pairs.append(Pair(left, right, feedback))
    check_unique(checker, "pairs", [pair.left for pair in pairs], "left item")
    distractors = checker.text_list(data, "distractors") if "distractors" in data else []
    if distractors is None:
        return None
    rights = {pair.right for pair in pairs}
    for index, text in enumerate(distractors):
        if text in rights:
            checker.problem(f"distractors[{index}]", f"'{shorten(text)}' is also a correct match")
    return {"pairs": tuple(pairs), "distractors": tuple(distractors)}


def _read_case(checker: FieldChecker, data: dict, context: dict, references_ok) -> dict | None:
    vignette = checker.text(data, "vignette")
    raw = checker.sequence(data, "parts", PART_RANGE)
    if vignette is None or raw is None:
        return None
    parts = []
    case_id = checker.question_id
    for index, entry in enumerate(raw):
        if not isinstance(entry, dict):
            checker.problem(
                f"parts[{index}]", f"should be a question (a mapping), not {describe_value(entry)}"
            )
            continue
        part_id = entry.get("id")
        checker.case_id, checker.question_id = (
            case_id,
            shorten(part_id) if isinstance(part_id, str) else f"#{index + 1}",
        )
        part = read_question(checker, entry, {**context, "case_id": case_id}, references_ok)
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
    checker: FieldChecker, data: dict, known_keys, inherited
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
            close = difflib.get_close_matches(shorten(key), sorted(known_keys), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            checker.problem(
                "references", f"'{shorten(key)}' is not a key in book/references.bib{hint}"
            )
            return None
    return tuple(keys)


def read_question(checker: FieldChecker, data: dict, context: dict, known_keys) -> Question | None:
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
            "nothing"
            if kind is None
            else f"'{shorten(kind)}'"
            if isinstance(kind, str)
            else describe_value(kind)
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
    checker = FieldChecker(source)
    if not isinstance(data, dict):
        raise BankError(
            [Problem(source, f"a question should be a mapping, not {describe_value(data)}")]
        )
    checker.question_id = shorten(data["id"]) if isinstance(data.get("id"), str) else ""
    question = read_question(checker, data, {"module": module, "source": source}, reference_keys)
    if checker.problems or question is None:
        raise BankError(checker.problems or [Problem(source, "the question could not be read")])
    return question
