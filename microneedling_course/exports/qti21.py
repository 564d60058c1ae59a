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
from decimal import ROUND_CEILING, Context, Decimal
from pathlib import Path

from microneedling_course.bank import Bank, Question, letter
from microneedling_course.exports import ExportSummary, case_part_prompt, case_parts
from microneedling_course.markup import blocks, inline_tokens, plain_text
from microneedling_course.references import cite

QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
QTI_SCHEMA = f"{QTI_NS} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_SCHEMA = f"{CP_NS} http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
TEMPLATES = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/"
MATCH_CORRECT = TEMPLATES + "match_correct"
MAP_RESPONSE = TEMPLATES + "map_response"
TITLE_LENGTH = 80


def q(tag: str) -> str:
    """A QTI tag name; the namespace is declared once on the root as the default (xmlns)."""
    return tag


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


def scoring_template(question: Question) -> str | None:
    """The standard template that scores this question as the course does, if there is one."""
    if question.type in ("single", "truefalse"):
        return MATCH_CORRECT
    if question.type in ("multiple", "matching"):
        return MAP_RESPONSE
    if question.type == "numeric" and _whole_number_exactly(question):
        return MATCH_CORRECT
    return None


def custom_reason(question: Question) -> str:
    """Why an item cannot name a standard template (shown in the export summary)."""
    if question.hint:
        return "it has a hint (an endAttemptInteraction the templates do not handle)"
    if question.type == "ordering":
        return "ordering scores the share of items in their place"
    return "a number is right within a tolerance (QTI's equal with an absolute tolerance)"


def _whole_number_exactly(question: Question) -> bool:
    return float(question.tolerance) == 0 and float(question.answer).is_integer()


# ----------------------------------------------------------------- declarations and processing


def _response(item, cardinality: str, base_type: str, correct: list[str]):
    declaration = ET.SubElement(
        item,
        q("responseDeclaration"),
        identifier="RESPONSE",
        cardinality=cardinality,
        baseType=base_type,
    )
    correct_response = ET.SubElement(declaration, q("correctResponse"))
    for value in correct:
        ET.SubElement(correct_response, q("value")).text = value
    return declaration


def _outcomes(item, question: Question) -> None:
    """SCORE, MAXSCORE and FEEDBACK (whose default, EXPLANATION, shows the explanation after
    every attempt); a hint's HINTREQUEST response is declared first, as the schema orders it."""
    if question.hint:
        ET.SubElement(
            item,
            q("responseDeclaration"),
            identifier="HINTREQUEST",
            cardinality="single",
            baseType="boolean",
        )
    for identifier, value in (("SCORE", "0"), ("MAXSCORE", "1")):
        outcome = ET.SubElement(
            item,
            q("outcomeDeclaration"),
            identifier=identifier,
            cardinality="single",
            baseType="float",
        )
        default = ET.SubElement(outcome, q("defaultValue"))
        ET.SubElement(default, q("value")).text = value
    feedback = ET.SubElement(
        item,
        q("outcomeDeclaration"),
        identifier="FEEDBACK",
        cardinality="multiple",
        baseType="identifier",
    )
    default = ET.SubElement(feedback, q("defaultValue"))
    ET.SubElement(default, q("value")).text = "EXPLANATION"


def share(count: int) -> str:
    """1/count rounded up in its 15th digit, so that `count` shares add up to at least 1 (the
    mapping's upperBound of 1 then makes a full answer exactly 1.0, as the course scores it)."""
    value = Context(prec=15, rounding=ROUND_CEILING).divide(Decimal(1), Decimal(count))
    return format(value.normalize(), "f")


def _mapping(declaration, entries: list[tuple[str, int]], count: int) -> None:
    """Each key's share of the full score (+1 or -1 shares), the sum bounded to 0..1."""
    mapping = ET.SubElement(
        declaration, q("mapping"), lowerBound="0", upperBound="1", defaultValue="0"
    )
    unit = share(count)
    for key, sign in entries:
        ET.SubElement(
            mapping, q("mapEntry"), mapKey=key, mappedValue=unit if sign > 0 else f"-{unit}"
        )


def _value(base_type: str, text: str) -> ET.Element:
    element = ET.Element(q("baseValue"), baseType=base_type)
    element.text = text
    return element


def _variable(identifier: str) -> ET.Element:
    return ET.Element(q("variable"), identifier=identifier)


def _setter(identifier: str, expression: ET.Element) -> ET.Element:
    setter = ET.Element(q("setOutcomeValue"), identifier=identifier)
    setter.append(expression)
    return setter


def _condition(test: ET.Element, then: list[ET.Element], otherwise=()) -> ET.Element:
    condition = ET.Element(q("responseCondition"))
    branch = ET.SubElement(condition, q("responseIf"))
    branch.append(test)
    branch.extend(then)
    if otherwise:
        ET.SubElement(condition, q("responseElse")).extend(otherwise)
    return condition


def _node(tag: str, *children: ET.Element, **attributes) -> ET.Element:
    element = ET.Element(q(tag), attributes)
    element.extend(children)
    return element


def _feedback_ids(*extra: ET.Element) -> ET.Element:
    return _node("multiple", _variable("FEEDBACK"), *extra)


def _correct_incorrect() -> ET.Element:
    """Add CORRECT or INCORRECT to FEEDBACK depending on whether the response is the key."""
    return _condition(
        _node("gte", _variable("SCORE"), _value("float", "1")),
        [_setter("FEEDBACK", _feedback_ids(_value("identifier", "CORRECT")))],
        [_setter("FEEDBACK", _feedback_ids(_value("identifier", "INCORRECT")))],
    )


def template_rules(template: str) -> list[ET.Element]:
    """A standard template's rules written out (for an item that must add a rule of its own)."""
    if template == MATCH_CORRECT:
        return [
            _condition(
                _node("match", _variable("RESPONSE"), _node("correct", identifier="RESPONSE")),
                [_setter("SCORE", _value("float", "1"))],
                [_setter("SCORE", _value("float", "0"))],
            )
        ]
    return [
        _condition(
            _node("isNull", _variable("RESPONSE")),
            [_setter("SCORE", _value("float", "0"))],
            [_setter("SCORE", _node("mapResponse", identifier="RESPONSE"))],
        )
    ]


def _processing(item, question: Question, custom_rules: list[ET.Element] | None = None) -> None:
    """The standard template where the type allows it, else the rules, behind a hint request."""
    processing = ET.SubElement(item, q("responseProcessing"))
    template = scoring_template(question)
    if template and not question.hint:
        processing.set("template", template)
        return
    rules = custom_rules if custom_rules is not None else template_rules(template)
    if question.hint:
        hint = [_setter("FEEDBACK", _node("multiple", _value("identifier", "HINT")))]
        processing.append(_condition(_variable("HINTREQUEST"), hint, rules))
    else:
        processing.extend(rules)


# ----------------------------------------------------------------- item bodies


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


def _num(value: float) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else format(value, ".15g")


_BUILDERS = {
    "single": _choice_item,
    "multiple": _choice_item,
    "truefalse": _truefalse_item,
    "numeric": _numeric_item,
    "ordering": _ordering_item,
    "matching": _matching_item,
}
