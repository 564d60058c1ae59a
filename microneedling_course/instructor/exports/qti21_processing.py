"""QTI 2.1 responses and scoring: keys, standard templates, partial credit, feedback ids."""

import xml.etree.ElementTree as ET
from decimal import ROUND_CEILING, Context, Decimal

from microneedling_course.bank import Question

QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
TEMPLATES = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/"
MATCH_CORRECT = TEMPLATES + "match_correct"
MAP_RESPONSE = TEMPLATES + "map_response"


def q(tag: str) -> str:
    """A QTI tag name; the namespace is declared once on the root as the default (xmlns)."""
    return tag


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


def _num(value: float) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else format(value, ".15g")
