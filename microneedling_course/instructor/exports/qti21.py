"""IMS QTI 2.1 export: one assessmentItem per question, zipped with an imsmanifest.xml.

Scoring mirrors the course's grading. Wherever a type allows, an item names one of QTI's
standard response-processing templates, which LMS importers recognise and score:
`match_correct` for single choice, true/false and whole-number answers without tolerance,
`map_response` for select-all and matching (partial credit from the mapping, bounded to 0..1).
Custom processing is written only where a template cannot express the rule, and the summary
says which: a number within a tolerance (`equal` with an absolute tolerance), ordering (the
share of items in their place) and an item with a hint (QTI 2.1 shows a hint only through an
endAttemptInteraction, which the templates do not handle; its scoring rules are the template's
own, written out). The explanation, the feedback of each answer and the sources are shown after
every attempt (the FEEDBACK outcome's default value), so no template item loses them.
A case becomes its parts, each a separate item that repeats the vignette.
"""

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from microneedling_course.bank import Bank, Question, letter
from microneedling_course.core.markup import plain_text
from microneedling_course.instructor.exports import ExportSummary, case_part_prompt, case_parts
from microneedling_course.instructor.exports.qti21_content import (
    _body,
    _explanation,
    _hint_button,
    _inline,
    _modal,
)
from microneedling_course.instructor.exports.qti21_processing import (
    QTI_NS,
    _condition,
    _correct_incorrect,
    _mapping,
    _node,
    _num,
    _outcomes,
    _processing,
    _response,
    _setter,
    _value,
    _variable,
    custom_reason,
    q,
    scoring_template,
)

CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
QTI_SCHEMA = f"{QTI_NS} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_SCHEMA = f"{CP_NS} http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
TITLE_LENGTH = 80


def write(bank: Bank, path: Path, modules: list) -> ExportSummary:
    """Write the QTI 2.1 content package (a zip) for the given modules."""
    summary = ExportSummary("qti21", path)
    items: list[tuple[str, bytes]] = []
    for module in modules:
        for question in module.questions:
            if question.type == "case":
                for part in case_parts(question):
                    items.append(_item_entry(part, case_part_prompt(question, part), summary))
                summary.converted.append(
                    (question.id, f"case: {len(question.parts)} separate items with the vignette")
                )
            else:
                items.append(_item_entry(question, question.prompt, summary))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("imsmanifest.xml", _manifest([name for name, _ in items]))
        for name, data in items:
            package.writestr(name, data)
    return summary


def _item_entry(question: Question, prompt: str, summary: ExportSummary) -> tuple[str, bytes]:
    summary.exported.append(question.id)
    item = assessment_item(question, prompt)
    processing = item.find(q("responseProcessing"))
    if processing is not None and processing.get("template") is None:
        summary.converted.append(
            (question.id, f"custom response processing: {custom_reason(question)}")
        )
    data = ET.tostring(item, encoding="UTF-8", xml_declaration=True)
    return f"items/{question.id}.xml", data


def _manifest(hrefs: list[str]) -> bytes:
    manifest = ET.Element(
        "manifest",
        {
            "xmlns": CP_NS,
            "xmlns:xsi": XSI_NS,
            "identifier": "MANIFEST-microneedling-course",
            "xsi:schemaLocation": CP_SCHEMA,
        },
    )
    metadata = ET.SubElement(manifest, "metadata")
    ET.SubElement(metadata, "schema").text = "QTIv2.1 Package"
    ET.SubElement(metadata, "schemaversion").text = "1.0.0"
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    for href in hrefs:
        identifier = "RES-" + Path(href).stem
        resource = ET.SubElement(
            resources,
            "resource",
            identifier=identifier,
            type="imsqti_item_xmlv2p1",
            href=href,
        )
        ET.SubElement(resource, "file", href=href)
    ET.indent(manifest, space=" ")
    return ET.tostring(manifest, encoding="UTF-8", xml_declaration=True)


def assessment_item(question: Question, prompt: str) -> ET.Element:
    """One question as a QTI 2.1 assessmentItem element."""
    item = ET.Element(
        q("assessmentItem"),
        {
            "xmlns": QTI_NS,
            "xmlns:xsi": XSI_NS,
            "identifier": question.id,
            "title": readable_title(question.prompt),
            "adaptive": "false",
            "timeDependent": "false",
            "xsi:schemaLocation": QTI_SCHEMA,
        },
    )
    _BUILDERS[question.type](item, question, prompt)
    ET.indent(item, space=" ")
    return item


def readable_title(prompt: str) -> str:
    """An item title an instructor recognises in a list: the prompt's words, cut at a word."""
    words = " ".join(plain_text(prompt).split())
    if len(words) <= TITLE_LENGTH:
        return words
    cut = words[: TITLE_LENGTH - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _choice_item(item, question: Question, prompt: str) -> None:
    single = question.type == "single"
    correct = [question.answer] if single else list(question.answer)
    declaration = _response(
        item, "single" if single else "multiple", "identifier", [letter(i) for i in correct]
    )
    if not single:
        _mapping(
            declaration,
            [(letter(i), 1 if i in correct else -1) for i in range(len(question.options))],
            len(correct),
        )
    _outcomes(item, question)
    body = _body(item, prompt)
    interaction = ET.SubElement(
        body,
        q("choiceInteraction"),
        responseIdentifier="RESPONSE",
        shuffle="true",
        maxChoices="1" if single else "0",
    )
    for index, option in enumerate(question.options):
        choice = ET.SubElement(interaction, q("simpleChoice"), identifier=letter(index))
        _inline(choice, option.text)
    _hint_button(body, question)
    _processing(item, question)
    answers = [
        (f"{letter(i)}. {option.text}", option.feedback)
        for i, option in enumerate(question.options)
    ]
    _explanation(item, question, answers=answers)


def _truefalse_item(item, question: Question, prompt: str) -> None:
    _response(item, "single", "identifier", ["TRUE" if question.answer else "FALSE"])
    _outcomes(item, question)
    body = _body(item, prompt)
    interaction = ET.SubElement(
        body, q("choiceInteraction"), responseIdentifier="RESPONSE", shuffle="false", maxChoices="1"
    )
    for identifier, label in (("TRUE", question.true_label), ("FALSE", question.false_label)):
        ET.SubElement(interaction, q("simpleChoice"), identifier=identifier).text = label
    _hint_button(body, question)
    _processing(item, question)
    answers = [
        (question.true_label, question.feedback_if_true),
        (question.false_label, question.feedback_if_false),
    ]
    _explanation(item, question, answers=answers)


def _numeric_item(item, question: Question, prompt: str) -> None:
    exact = scoring_template(question) is not None
    base_type = "integer" if exact else "float"
    _response(item, "single", base_type, [_num(question.answer)])
    _outcomes(item, question)
    body = _body(item, prompt)
    paragraph = ET.SubElement(body, q("p"))
    paragraph.text = "Your answer: "
    entry = ET.SubElement(
        paragraph, q("textEntryInteraction"), responseIdentifier="RESPONSE", expectedLength="8"
    )
    entry.tail = f" {question.unit}" if question.unit else None
    _hint_button(body, question)
    if exact:
        _processing(item, question)
        answers = [
            ("If your answer is right", question.feedback_correct),
            ("If it is not", question.feedback_incorrect),
        ]
        _explanation(item, question, answers=answers)
        return
    tolerance = _num(question.tolerance)
    within = _condition(
        _node(
            "equal",
            _variable("RESPONSE"),
            _value("float", _num(question.answer)),
            toleranceMode="absolute",
            tolerance=tolerance,
        ),
        [_setter("SCORE", _value("float", "1"))],
    )
    _processing(item, question, [within, _correct_incorrect()])
    _modal(item, "CORRECT", question.feedback_correct)
    _modal(item, "INCORRECT", question.feedback_incorrect)
    _explanation(item, question)


def _ordering_item(item, question: Question, prompt: str) -> None:
    identifiers = [f"I{n + 1}" for n in range(len(question.items))]
    _response(item, "ordered", "identifier", identifiers)
    _outcomes(item, question)
    body = _body(item, prompt)
    interaction = ET.SubElement(
        body, q("orderInteraction"), responseIdentifier="RESPONSE", shuffle="true"
    )
    for identifier, text in zip(identifiers, question.items, strict=True):
        _inline(ET.SubElement(interaction, q("simpleChoice"), identifier=identifier), text)
    _hint_button(body, question)
    rules = [
        _condition(
            _node(
                "match",
                _node("index", _variable("RESPONSE"), n=str(position)),
                _value("identifier", identifier),
            ),
            [_setter("SCORE", _node("sum", _variable("SCORE"), _value("float", "1")))],
        )
        for position, identifier in enumerate(identifiers, start=1)
    ]
    share_of_items = _node("divide", _variable("SCORE"), _value("float", str(len(identifiers))))
    rules += [_setter("SCORE", share_of_items), _correct_incorrect()]
    _processing(item, question, rules)
    _explanation(item, question)


def _matching_item(item, question: Question, prompt: str) -> None:
    lefts = [f"L{n + 1}" for n in range(len(question.pairs))]
    rights = [f"R{n + 1}" for n in range(len(question.choices))]
    pairs = [f"{lefts[i]} {rights[j]}" for i, j in enumerate(question.match_key)]
    declaration = _response(item, "multiple", "directedPair", pairs)
    _mapping(declaration, [(pair, 1) for pair in pairs], len(pairs))
    _outcomes(item, question)
    body = _body(item, prompt)
    interaction = ET.SubElement(
        body,
        q("matchInteraction"),
        responseIdentifier="RESPONSE",
        shuffle="true",
        maxAssociations=str(len(lefts)),
    )
    left_set = ET.SubElement(interaction, q("simpleMatchSet"))
    for identifier, pair in zip(lefts, question.pairs, strict=True):
        choice = ET.SubElement(
            left_set, q("simpleAssociableChoice"), identifier=identifier, matchMax="1"
        )
        _inline(choice, pair.left)
    right_set = ET.SubElement(interaction, q("simpleMatchSet"))
    for identifier, text in zip(rights, question.choices, strict=True):
        choice = ET.SubElement(
            right_set, q("simpleAssociableChoice"), identifier=identifier, matchMax=str(len(lefts))
        )
        _inline(choice, text)
    _hint_button(body, question)
    _processing(item, question)
    notes = "\n".join(f"- **{p.left}**: {p.right}. {p.feedback}".rstrip() for p in question.pairs)
    _explanation(item, question, notes)


_BUILDERS = {
    "single": _choice_item,
    "multiple": _choice_item,
    "truefalse": _truefalse_item,
    "numeric": _numeric_item,
    "ordering": _ordering_item,
    "matching": _matching_item,
}
