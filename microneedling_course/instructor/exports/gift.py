"""GIFT export (Moodle's plain-text format): choice, select-all, true/false, numeric, matching.

GIFT has no ordering questions, so those are reported, never written. Matching has no
per-pair feedback (it goes into the general feedback), and a case becomes a description
followed by its parts as separate questions that repeat the vignette.
"""

from html import escape as html_escape
from pathlib import Path

from microneedling_course.bank import Bank, Question
from microneedling_course.core.markup import markdown_html, plain_text
from microneedling_course.instructor.exports import (
    ExportSummary,
    case_part_prompt,
    fraction_percent,
    general_feedback_html,
)

SPECIAL_CHARACTERS = "\\~=#{}:"


def escape(text: str) -> str:
    """Text made safe inside GIFT: each special character gets a backslash; lines are joined."""
    escaped = "".join(f"\\{c}" if c in SPECIAL_CHARACTERS else c for c in text)
    return escaped.replace("\r", " ").replace("\n", " ")


def write(bank: Bank, path: Path, modules: list) -> ExportSummary:
    """Write the GIFT file for the given modules."""
    summary = ExportSummary("gift", path)
    blocks = [
        "// Microneedling course question bank (GIFT). Generated; edit quizzes/*.yml instead."
    ]
    for module in modules:
        blocks.append(f"$CATEGORY: $course$/top/Microneedling course/{escape(module.title)}")
        for question in module.questions:
            blocks.extend(_question_blocks(question, bank, summary))
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return summary


def _question_blocks(question: Question, bank: Bank, summary: ExportSummary) -> list[str]:
    if question.type == "case":
        blocks = [f"::{escape(question.id)}::[html]{escape(markdown_html(question.vignette))}"]
        for part in question.parts:
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
    if answers is None:
        summary.unsupported.append((question.id, feedback_extra))
        return [f"// NOT EXPORTED {question.id}: {feedback_extra}"]
    text = escape(markdown_html(prompt) + prompt_extra)
    feedback = escape(feedback_extra + general_feedback_html(question, bank))
    summary.exported.append(question.id)
    return [
        f"// {question.module} / {question.objective} / {question.difficulty}\n"
        f"::{escape(question.id)}::[html]{text}{{{answers} ####{feedback}}}"
    ]


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
    wrong = markdown_html(question.feedback_incorrect) if question.feedback_incorrect else ""
    return f"#={value}:{tolerance}{_feedback(question.feedback_correct)}", unit, wrong


def _matching(question: Question):
    texts = [p.left for p in question.pairs] + [p.right for p in question.pairs]
    texts += list(question.distractors)
    if any("->" in text for text in texts):
        return None, "", "GIFT matching cannot hold '->' inside an item"
    pairs = [
        f"={escape(markdown_html(p.left))} -> {escape(plain_text(p.right))}" for p in question.pairs
    ]
    pairs += [f"= -> {escape(plain_text(d))}" for d in question.distractors]
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
