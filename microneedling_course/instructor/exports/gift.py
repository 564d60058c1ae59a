"""GIFT export (Moodle's plain-text format): choice, select-all, true/false, numeric, matching.

GIFT has no ordering questions, so those are reported, never written, and no hints (each is
reported). Matching has no per-pair feedback (it goes into the general feedback), and a case
becomes a description followed by its parts as separate questions that repeat the vignette.
Each question's ID number and tags go on its comment line (`// [id:…] [tag:…]`), and numeric
questions give their wrong-answer feedback with `~#`, as Moodle's own GIFT format does.
"""

from html import escape as html_escape
from pathlib import Path

from microneedling_course.bank import Bank, Question
from microneedling_course.core.markup import markdown_html
from microneedling_course.instructor.exports import (
    ExportSummary,
    case_part_prompt,
    case_parts,
    fraction_percent,
    general_feedback_html,
    moodle_category_path,
    shown_as_typed,
)

SPECIAL_CHARACTERS = "\\~=#{}:"


def escape(text: str) -> str:
    """Text made safe inside GIFT: each special character gets a backslash; lines are joined."""
    escaped = "".join(f"\\{c}" if c in SPECIAL_CHARACTERS else c for c in text)
    return escaped.replace("\r", " ").replace("\n", " ")


def category_line(title: str) -> str:
    """The path after `$CATEGORY:`. Moodle undoes no GIFT escape there, only the doubled
    backslash (to one), so each backslash is doubled and nothing else is escaped."""
    return moodle_category_path(title).replace("\\", "\\\\")


def write(bank: Bank, path: Path, modules: list) -> ExportSummary:
    """Write the GIFT file for the given modules."""
    summary = ExportSummary("gift", path)
    blocks = [
        "// Microneedling course question bank (GIFT). Generated; edit quizzes/*.yml instead."
    ]
    for module in modules:
        blocks.append(f"$CATEGORY: {category_line(module.title)}")
        for question in module.questions:
            blocks.extend(_question_blocks(question, bank, summary))
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return summary


def _question_blocks(question: Question, bank: Bank, summary: ExportSummary) -> list[str]:
    if question.type == "case":
        blocks = [
            f"// [id:{question.id}] {_tags(question)}\n"
            f"::{escape(question.id)}::[html]{escape(markdown_html(question.vignette))}"
        ]
        for part in case_parts(question):
            blocks.extend(_single_block(part, case_part_prompt(question, part), bank, summary))
        summary.converted.append(
            (question.id, f"case: a description and {len(question.parts)} separate parts")
        )
        return blocks
    return _single_block(question, question.prompt, bank, summary)


def _single_block(question: Question, prompt: str, bank: Bank, summary) -> list[str]:
    body = _BODIES.get(question.type)
    if body is None:
        summary.unsupported.append((question.id, f"GIFT has no {question.type} questions"))
        return [f"// NOT EXPORTED {question.id}: GIFT has no {question.type} questions"]
    answers, prompt_extra, feedback_extra = body(question)
    text = escape(markdown_html(prompt) + prompt_extra)
    feedback = escape(feedback_extra + general_feedback_html(question, bank))
    summary.exported.append(question.id)
    if question.hint:
        summary.converted.append((question.id, "hint: GIFT cannot carry hints; left out"))
    return [
        f"// [id:{question.id}] {_tags(question)}\n"
        f"::{escape(question.id)}::[html]{text}{{{answers} ####{feedback}}}"
    ]


def _tags(question: Question) -> str:
    """Moodle's GIFT reader takes tags from `[tag:…]` on the comment line (ids are slugs)."""
    return " ".join(
        f"[tag:{tag}]" for tag in (question.objective, question.difficulty, question.module)
    )


def _feedback(text: str) -> str:
    return f"#{escape(markdown_html(text))}" if text else ""


def _choice(question: Question):
    parts = []
    if question.type == "single":
        for index, option in enumerate(question.options):
            mark = "=" if index == question.answer else "~"
            parts.append(f"{mark}{escape(markdown_html(option.text))}{_feedback(option.feedback)}")
    else:
        share = 100 / len(question.answer)
        for index, option in enumerate(question.options):
            weight = fraction_percent(share if index in question.answer else -share)
            parts.append(
                f"~%{weight}%{escape(markdown_html(option.text))}{_feedback(option.feedback)}"
            )
    return " ".join(parts), "", ""


def _truefalse(question: Question):
    # GIFT's order: the answer, then feedback for a wrong answer, then for a right one.
    if question.answer:
        wrong, right = question.feedback_if_false, question.feedback_if_true
    else:
        wrong, right = question.feedback_if_true, question.feedback_if_false
    labels = ""
    if (question.true_label, question.false_label) != ("True", "False"):
        labels = markdown_html(
            f"*True stands for “{question.true_label}”, False for “{question.false_label}”.*"
        )
    answer = "TRUE" if question.answer else "FALSE"
    return f"{answer}#{escape(markdown_html(wrong))}#{escape(markdown_html(right))}", labels, ""


def _numeric(question: Question):
    value = _number(question.answer)
    tolerance = _number(question.tolerance)
    unit = f"<p>Answer in {html_escape(question.unit)}.</p>" if question.unit else ""
    # `~#` is feedback for every answer outside the tolerance (Moodle's "*" answer at 0%).
    wrong = f" ~{_feedback(question.feedback_incorrect)}" if question.feedback_incorrect else ""
    return f"#={value}:{tolerance}{_feedback(question.feedback_correct)}{wrong}", unit, ""


def _matching(question: Question):
    # Both sides are HTML-escaped, so no item can hold a "->" that would end its left side; the
    # right side is shown through format_string (tags stripped, entities decoded), as typed.
    pairs = [
        f"={escape(markdown_html(p.left))} -> {escape(shown_as_typed(p.right))}"
        for p in question.pairs
    ]
    pairs += [f"= -> {escape(shown_as_typed(d))}" for d in question.distractors]
    notes = "".join(
        f"<li>{markdown_html(p.left)} → {markdown_html(p.right)}"
        f"{markdown_html(p.feedback) if p.feedback else ''}</li>"
        for p in question.pairs
    )
    return " ".join(pairs), "", f"<ul>{notes}</ul>"


def _number(value: float) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else format(value, ".15g")


_BODIES = {
    "single": _choice,
    "multiple": _choice,
    "truefalse": _truefalse,
    "numeric": _numeric,
    "matching": _matching,
}
