"""QTI 2.1 response declarations and processing: keys, partial-credit mappings, feedback ids."""

import xml.etree.ElementTree as ET


def q(tag: str) -> str:
    """A QTI tag name; the namespace is declared once on the root as the default (xmlns)."""
    return tag


def _num(value: float) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else format(value, ".15g")


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


def _outcomes(item) -> None:
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
    ET.SubElement(
        item,
        q("outcomeDeclaration"),
        identifier="FEEDBACK",
        cardinality="multiple",
        baseType="identifier",
    )


def _mapping(declaration, entries: list[tuple[str, float]], upper: int) -> None:
    """Whole-number points per key, capped; the score divides by `upper` so a full answer is 1.0."""
    mapping = ET.SubElement(
        declaration, q("mapping"), lowerBound="0", upperBound=str(upper), defaultValue="0"
    )
    for key, value in entries:
        ET.SubElement(mapping, q("mapEntry"), mapKey=key, mappedValue=_num(value))


def _value(base_type: str, text: str) -> ET.Element:
    element = ET.Element(q("baseValue"), baseType=base_type)
    element.text = text
    return element


def _variable(identifier: str) -> ET.Element:
    return ET.Element(q("variable"), identifier=identifier)


def _set(parent, identifier: str, expression: ET.Element) -> None:
    setter = ET.SubElement(parent, q("setOutcomeValue"), identifier=identifier)
    setter.append(expression)


def _condition(parent, test: ET.Element, then: list[tuple[str, ET.Element]], otherwise=()):
    condition = ET.SubElement(parent, q("responseCondition"))
    branch = ET.SubElement(condition, q("responseIf"))
    branch.append(test)
    for identifier, expression in then:
        _set(branch, identifier, expression)
    if otherwise:
        other = ET.SubElement(condition, q("responseElse"))
        for identifier, expression in otherwise:
            _set(other, identifier, expression)


def _node(tag: str, *children: ET.Element, **attributes) -> ET.Element:
    element = ET.Element(q(tag), attributes)
    element.extend(children)
    return element


def _feedback_ids(*extra: ET.Element) -> ET.Element:
    return _node("multiple", _variable("FEEDBACK"), *extra)


def _share(points: ET.Element, total: int) -> ET.Element:
    """points / total as a float score (exact 1.0 for a full answer, unlike summed thirds)."""
    return _node("divide", points, _value("float", str(total)))


def _correct_incorrect(processing) -> None:
    """Add CORRECT or INCORRECT to FEEDBACK depending on whether the response is the key."""
    _condition(
        processing,
        _node("gte", _variable("SCORE"), _value("float", "1")),
        [("FEEDBACK", _feedback_ids(_value("identifier", "CORRECT")))],
        [("FEEDBACK", _feedback_ids(_value("identifier", "INCORRECT")))],
    )


def _start_processing(item) -> ET.Element:
    processing = ET.SubElement(item, q("responseProcessing"))
    _set(processing, "FEEDBACK", _node("multiple", _value("identifier", "EXPLANATION")))
    return processing


def _show_chosen(processing) -> None:
    """Show the feedback of every chosen option (their identifiers join FEEDBACK)."""
    _condition(
        processing,
        _node("not", _node("isNull", _variable("RESPONSE"))),
        [("FEEDBACK", _feedback_ids(_variable("RESPONSE")))],
    )
