"""Moodle XML export: one category per module, every question type Moodle can grade the same way.

Ordering questions use Moodle's "ordering" question type, a plugin (qtype_ordering) that is
part of the standard Moodle distribution from 4.4; older sites need it installed first.
Case scenarios become a "description" item with the vignette, then each part as its own
question that repeats the vignette (so a shuffled quiz still makes sense).

Every text is written in CDATA, as Moodle's own exporter does: Moodle's XML parser drops a
whitespace-only chunk of text between two entity references, so escaped HTML would lose the
space in "<strong>a</strong> <em>b</em>". A hint becomes Moodle's <hint> (shown after a wrong
try in the "interactive with multiple tries" behaviour).
"""

import re
import xml.etree.ElementTree as ET
from html import escape as _escape
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

PENALTY = "0.3333333"
# Elements whose text is bank text: written as CDATA.
CDATA_TAGS = ("text", "unit_name")
_PLACEHOLDER = re.compile("\ue000([0-9]+)\ue001")


def write(bank: Bank, path: Path, modules: list) -> ExportSummary:
    """Write the Moodle XML file for the given modules."""
    summary = ExportSummary("moodle-xml", path)
    root = ET.Element("quiz")
    for module in modules:
        category = ET.SubElement(root, "question", type="category")
        _text(ET.SubElement(category, "category"), moodle_category_path(module.title))
        _text(ET.SubElement(category, "info", format="html"), f"Module id: {module.id}")
        for question in module.questions:
            _add_question(root, question, bank, summary)
    ET.indent(root, space=" ")
    path.write_text(serialise(root), encoding="utf-8")
    return summary


def cdata(text: str) -> str:
    """Text as one or more CDATA sections; a "]]>" inside is split across two sections."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def serialise(root: ET.Element) -> str:
    """The document with every bank text in CDATA (ElementTree itself cannot write CDATA)."""
    texts: list[str] = []
    for element in root.iter():
        if element.tag in CDATA_TAGS and element.text:
            texts.append(element.text)
            element.text = f"\ue000{len(texts) - 1}\ue001"
    body = ET.tostring(root, encoding="unicode")
    body = _PLACEHOLDER.sub(lambda match: cdata(texts[int(match.group(1))]), body)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _add_question(root, question: Question, bank: Bank, summary: ExportSummary) -> None:
    if question.type == "case":
        description = _header(root, "description", question.id, question.vignette, question, bank)
        description.find("defaultgrade").text = "0"
        for part in case_parts(question):
            element = _header(
                root, _QTYPES[part.type], part.id, case_part_prompt(question, part), part, bank
            )
            _BODIES[part.type](element, part)
            summary.exported.append(part.id)
        summary.converted.append(
            (question.id, f"case: a description item and {len(question.parts)} separate parts")
        )
        return
    element = _header(root, _QTYPES[question.type], question.id, question.prompt, question, bank)
    _BODIES[question.type](element, question)
    summary.exported.append(question.id)
    if question.type == "ordering":
        summary.converted.append((question.id, "ordering: needs Moodle's qtype_ordering plugin"))


def _header(root, qtype: str, qid: str, prompt: str, question: Question, bank: Bank):
    element = ET.SubElement(root, "question", type=qtype)
    _text(ET.SubElement(element, "name"), qid)
    _html(element, "questiontext", markdown_html(prompt) + _labels_note(question))
    _html(element, "generalfeedback", general_feedback_html(question, bank))
    ET.SubElement(element, "defaultgrade").text = "1"
    ET.SubElement(element, "penalty").text = PENALTY
    ET.SubElement(element, "hidden").text = "0"
    ET.SubElement(element, "idnumber").text = qid
    tags = ET.SubElement(element, "tags")
    for tag in (question.objective, question.difficulty, question.module):
        _text(ET.SubElement(tags, "tag"), tag)
    if question.hint and qtype != "description":
        _html(element, "hint", markdown_html(question.hint))
    return element


def _labels_note(question: Question) -> str:
    """Moodle shows True/False; say what they stand for when the bank uses Myth/Fact."""
    if question.type != "truefalse" or (question.true_label, question.false_label) == (
        "True",
        "False",
    ):
        return ""
    return markdown_html(
        f"*Answer True for “{question.true_label}”, False for “{question.false_label}”.*"
    )


def _choice_body(element, question: Question) -> None:
    single = question.type == "single"
    ET.SubElement(element, "single").text = "true" if single else "false"
    ET.SubElement(element, "shuffleanswers").text = "true"
    ET.SubElement(element, "answernumbering").text = "abc"
    correct = {question.answer} if single else set(question.answer)
    share = 100 / len(correct)
    for index, option in enumerate(question.options):
        if index in correct:
            fraction = 100.0 if single else share
        else:
            fraction = 0.0 if single else -share
        _answer(element, fraction_percent(fraction), markdown_html(option.text), option.feedback)
    _combined_feedback(element)


def _truefalse_body(element, question: Question) -> None:
    for value, feedback in (
        (True, question.feedback_if_true),
        (False, question.feedback_if_false),
    ):
        fraction = "100" if question.answer is value else "0"
        answer = _answer(element, fraction, "true" if value else "false", feedback)
        answer.set("format", "moodle_auto_format")


def _numeric_body(element, question: Question) -> None:
    right = _answer(element, "100", _number(question.answer), question.feedback_correct)
    right.set("format", "moodle_auto_format")
    ET.SubElement(right, "tolerance").text = _number(question.tolerance)
    wrong = _answer(element, "0", "*", question.feedback_incorrect)
    wrong.set("format", "moodle_auto_format")
    ET.SubElement(wrong, "tolerance").text = "0"
    if question.unit:
        units = ET.SubElement(element, "units")
        unit = ET.SubElement(units, "unit")
        ET.SubElement(unit, "multiplier").text = "1"
        ET.SubElement(unit, "unit_name").text = question.unit
    ET.SubElement(element, "unitgradingtype").text = "0"
    ET.SubElement(element, "unitpenalty").text = "0"
    # 3 = units are not asked for: the trainee types a number; the unit is in the prompt.
    ET.SubElement(element, "showunits").text = "3"
    ET.SubElement(element, "unitsleft").text = "0"
    if question.unit:
        element.find("questiontext/text").text += f"<p>Answer in {_escape(question.unit)}.</p>"


def _matching_body(element, question: Question) -> None:
    ET.SubElement(element, "shuffleanswers").text = "true"
    _combined_feedback(element)
    for pair in question.pairs:
        sub = ET.SubElement(element, "subquestion", format="html")
        _text(sub, markdown_html(pair.left))
        # Moodle shows the right-hand side in a drop-down through format_string, which strips
        # tags and decodes entities: it is stored escaped so that it shows as typed.
        _text(ET.SubElement(sub, "answer"), shown_as_typed(pair.right))
    for distractor in question.distractors:
        sub = ET.SubElement(element, "subquestion", format="html")
        _text(sub, "")
        _text(ET.SubElement(sub, "answer"), shown_as_typed(distractor))
    pair_notes = "".join(
        f"<li>{markdown_html(p.left)} → {markdown_html(p.right)}"
        f"{markdown_html(p.feedback) if p.feedback else ''}</li>"
        for p in question.pairs
    )
    feedback = element.find("generalfeedback/text")
    feedback.text = f"<ul>{pair_notes}</ul>" + feedback.text


def _ordering_body(element, question: Question) -> None:
    ET.SubElement(element, "layouttype").text = "VERTICAL"
    ET.SubElement(element, "selecttype").text = "ALL"
    ET.SubElement(element, "selectcount").text = "0"
    # Share of items in their correct place: the course's own partial credit for ordering.
    ET.SubElement(element, "gradingtype").text = "ABSOLUTE_POSITION"
    ET.SubElement(element, "showgrading").text = "SHOW"
    ET.SubElement(element, "numberingstyle").text = "none"
    _combined_feedback(element)
    for position, item in enumerate(question.items, start=1):
        answer = ET.SubElement(element, "answer", fraction=f"{position}.0000000", format="html")
        _text(answer, markdown_html(item))


def _combined_feedback(element) -> None:
    for tag, words in (
        ("correctfeedback", "Your answer is correct."),
        ("partiallycorrectfeedback", "Your answer is partly correct."),
        ("incorrectfeedback", "Your answer is not correct."),
    ):
        _html(element, tag, f"<p>{words}</p>")
    ET.SubElement(element, "shownumcorrect")


def _answer(element, fraction: str, text: str, feedback: str):
    answer = ET.SubElement(element, "answer", fraction=fraction, format="html")
    _text(answer, text)
    _html(answer, "feedback", markdown_html(feedback) if feedback else "")
    return answer


def _html(parent, tag: str, html_text: str):
    child = ET.SubElement(parent, tag, format="html")
    _text(child, html_text)
    return child


def _text(parent, value: str):
    ET.SubElement(parent, "text").text = value


def _number(value: float) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else format(value, ".15g")


_QTYPES = {
    "single": "multichoice",
    "multiple": "multichoice",
    "truefalse": "truefalse",
    "numeric": "numerical",
    "matching": "matching",
    "ordering": "ordering",
}
_BODIES = {
    "single": _choice_body,
    "multiple": _choice_body,
    "truefalse": _truefalse_body,
    "numeric": _numeric_body,
    "matching": _matching_body,
    "ordering": _ordering_body,
}
