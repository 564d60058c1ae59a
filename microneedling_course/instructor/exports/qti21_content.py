"""QTI 2.1 item content: the prompt as XHTML flow, hint button, explanation and feedback."""

import xml.etree.ElementTree as ET

from microneedling_course.bank import Question
from microneedling_course.bank.references import cite
from microneedling_course.core.markup import blocks, inline_tokens
from microneedling_course.instructor.exports.qti21_processing import q


def _flow(parent: ET.Element, text: str) -> None:
    """The bank's Markdown subset as QTI XHTML elements (no HTML string is ever parsed)."""
    for kind, lines in blocks(text):
        if kind == "ul":
            listing = ET.SubElement(parent, q("ul"))
            for line in lines:
                _inline(ET.SubElement(listing, q("li")), line)
        else:
            _inline(ET.SubElement(parent, q("p")), " ".join(lines))


def _inline(parent: ET.Element, line: str) -> None:
    last = None
    for kind, content in inline_tokens(line):
        if kind == "text":
            if last is None:
                parent.text = (parent.text or "") + content
            else:
                last.tail = (last.tail or "") + content
            continue
        last = ET.SubElement(parent, q(kind))
        last.text = content


def _body(item, prompt: str) -> ET.Element:
    body = ET.SubElement(item, q("itemBody"))
    _flow(ET.SubElement(body, q("div")), prompt)
    return body


def _hint_button(body: ET.Element, question: Question) -> None:
    if question.hint:
        paragraph = ET.SubElement(body, q("p"))
        ET.SubElement(
            paragraph,
            q("endAttemptInteraction"),
            responseIdentifier="HINTREQUEST",
            title="Show hint",
        )


def _modal(item, identifier: str, text: str, *, title: str = "") -> None:
    if not text:
        return
    feedback = ET.SubElement(
        item,
        q("modalFeedback"),
        outcomeIdentifier="FEEDBACK",
        identifier=identifier,
        showHide="show",
    )
    if title:
        feedback.set("title", title)
    _flow(feedback, text)


def _explanation(item, question: Question, notes: str = "", answers=()) -> None:
    """The explanation modal: notes, the feedback of each answer, the explanation, the sources;
    and the hint's own modal, shown only after a hint request."""
    feedback = ET.SubElement(
        item,
        q("modalFeedback"),
        outcomeIdentifier="FEEDBACK",
        identifier="EXPLANATION",
        showHide="show",
        title="Explanation",
    )
    if notes:
        _flow(feedback, notes)
    rows = [(label, text) for label, text in answers if text]
    if rows:
        _inline(ET.SubElement(feedback, q("p")), "**About each answer**")
        listing = ET.SubElement(feedback, q("ul"))
        for label, text in rows:
            entry = ET.SubElement(listing, q("li"))
            first = ET.SubElement(entry, q("span"))
            _inline(first, label)
            first.tail = ": "
            _inline(ET.SubElement(entry, q("span")), text)
    _flow(feedback, question.explanation)
    _inline(ET.SubElement(feedback, q("p")), "**Sources**")
    listing = ET.SubElement(feedback, q("ul"))
    for key in question.references:
        try:
            text = cite(key).full
        except KeyError:
            text = key
        ET.SubElement(listing, q("li")).text = text
    _modal(item, "HINT", question.hint, title="Hint")


# ----------------------------------------------------------------- one builder per type
