"""IMS QTI 2.1 export: one assessmentItem per question, zipped with an imsmanifest.xml.

Scoring mirrors the course's grading: select-all and matching by mapped partial credit,
numeric by an absolute tolerance, ordering by the share of items in the right place.
A case becomes its parts, each a separate item that repeats the vignette.
"""

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from microneedling_course.bank import Bank, Question, letter
from microneedling_course.instructor.exports import ExportSummary, case_part_prompt
from microneedling_course.instructor.exports.qti21_content import (
    _body,
    _explanation,
    _inline,
    _modal,
)
from microneedling_course.instructor.exports.qti21_processing import (
    _condition,
    _correct_incorrect,
    _mapping,
    _node,
    _num,
    _outcomes,
    _response,
    _set,
    _share,
    _show_chosen,
    _start_processing,
    _value,
    _variable,
    q,
)

QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
QTI_SCHEMA = f"{QTI_NS} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_SCHEMA = f"{CP_NS} http://www.imsglobal.org/xsd/imscp_v1p1.xsd"


def write(bank: Bank, path: Path, modules: list) -> ExportSummary:
    """Write the QTI 2.1 content package (a zip) for the given modules."""
    summary = ExportSummary("qti21", path)
    items: list[tuple[str, bytes]] = []
    for module in modules:
        for question in module.questions:
            if question.type == "case":
                for part in question.parts:
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
            "title": question.id,
            "adaptive": "false",
            "timeDependent": "false",
            "xsi:schemaLocation": QTI_SCHEMA,
        },
    )
    _BUILDERS[question.type](item, question, prompt)
    ET.indent(item, space=" ")
    return item


# ----------------------------------------------------------------- one builder per type


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
    _outcomes(item)
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
    processing = _start_processing(item)
    if single:
        _condition(
            processing,
            _node("match", _variable("RESPONSE"), _node("correct", identifier="RESPONSE")),
            [("SCORE", _value("float", "1"))],
        )
    else:
        _set(processing, "SCORE", _share(_node("mapResponse", identifier="RESPONSE"), len(correct)))
    _show_chosen(processing)
    for index, option in enumerate(question.options):
        _modal(item, letter(index), option.feedback)
    _explanation(item, question)


def _truefalse_item(item, question: Question, prompt: str) -> None:
    _response(item, "single", "identifier", ["TRUE" if question.answer else "FALSE"])
    _outcomes(item)
    body = _body(item, prompt)
    interaction = ET.SubElement(
        body, q("choiceInteraction"), responseIdentifier="RESPONSE", shuffle="false", maxChoices="1"
    )
    for identifier, label in (("TRUE", question.true_label), ("FALSE", question.false_label)):
        ET.SubElement(interaction, q("simpleChoice"), identifier=identifier).text = label
    processing = _start_processing(item)
    _condition(
        processing,
        _node("match", _variable("RESPONSE"), _node("correct", identifier="RESPONSE")),
        [("SCORE", _value("float", "1"))],
    )
    _show_chosen(processing)
    _modal(item, "TRUE", question.feedback_if_true)
    _modal(item, "FALSE", question.feedback_if_false)
    _explanation(item, question)


def _numeric_item(item, question: Question, prompt: str) -> None:
    _response(item, "single", "float", [_num(question.answer)])
    _outcomes(item)
    body = _body(item, prompt)
    paragraph = ET.SubElement(body, q("p"))
    paragraph.text = "Your answer: "
    entry = ET.SubElement(
        paragraph, q("textEntryInteraction"), responseIdentifier="RESPONSE", expectedLength="8"
    )
    entry.tail = f" {question.unit}" if question.unit else None
    processing = _start_processing(item)
    tolerance = _num(question.tolerance)
    _condition(
        processing,
        _node(
            "equal",
            _variable("RESPONSE"),
            _value("float", _num(question.answer)),
            toleranceMode="absolute",
            tolerance=f"{tolerance} {tolerance}",
        ),
        [("SCORE", _value("float", "1"))],
    )
    _correct_incorrect(processing)
    _modal(item, "CORRECT", question.feedback_correct)
    _modal(item, "INCORRECT", question.feedback_incorrect)
    _explanation(item, question)


def _ordering_item(item, question: Question, prompt: str) -> None:
    identifiers = [f"I{n + 1}" for n in range(len(question.items))]
    _response(item, "ordered", "identifier", identifiers)
    _outcomes(item)
    body = _body(item, prompt)
    interaction = ET.SubElement(
        body, q("orderInteraction"), responseIdentifier="RESPONSE", shuffle="true"
    )
    for identifier, text in zip(identifiers, question.items, strict=True):
        _inline(ET.SubElement(interaction, q("simpleChoice"), identifier=identifier), text)
    processing = _start_processing(item)
    for position, identifier in enumerate(identifiers, start=1):
        _condition(
            processing,
            _node(
                "match",
                _node("index", _variable("RESPONSE"), n=str(position)),
                _value("identifier", identifier),
            ),
            [("SCORE", _node("sum", _variable("SCORE"), _value("float", "1")))],
        )
    _set(processing, "SCORE", _share(_variable("SCORE"), len(identifiers)))
    _correct_incorrect(processing)
    _explanation(item, question)


def _matching_item(item, question: Question, prompt: str) -> None:
    lefts = [f"L{n + 1}" for n in range(len(question.pairs))]
    rights = [f"R{n + 1}" for n in range(len(question.choices))]
    pairs = [f"{lefts[i]} {rights[j]}" for i, j in enumerate(question.match_key)]
    declaration = _response(item, "multiple", "directedPair", pairs)
    _mapping(declaration, [(pair, 1) for pair in pairs], len(pairs))
    _outcomes(item)
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
    processing = _start_processing(item)
    _set(processing, "SCORE", _share(_node("mapResponse", identifier="RESPONSE"), len(pairs)))
    _correct_incorrect(processing)
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
