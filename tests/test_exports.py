"""LMS exports read back question by question: Moodle XML, QTI 2.1 (zip) and GIFT."""

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from microneedling_course.bank import load_bank
from microneedling_course.core.markup import markdown_html
from microneedling_course.instructor.exports import write_export
from microneedling_course.instructor.exports.gift import escape as gift_escape

FIXTURE_BIBLIOGRAPHY = Path(__file__).parent / "fixtures" / "course" / "book" / "references.bib"
QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
TRICKY = r"Is 1 ~ 2 = {3} # 4: a\b & <c>?"

BANK_YAML = """
schema_version: 1
module: export-check
title: "Export check: every type"
lesson: notebooks/00-how-to-use-this-course
objectives:
  - id: export-objective
    text: Every question type survives export.
questions:
  - id: export-single
    type: single
    objective: export-objective
    difficulty: easy
    prompt: 'Is 1 ~ 2 = {3} # 4: a\\b & <c>?'
    options:
      - text: 'yes ~ = # { } :'
        feedback: 'Right: {braces} # and = signs.'
      - text: No
        feedback: Not quite.
    answer: A
    explanation: '**Bold** explanation with a colon: here.'
    references: [harris2015]
  - id: export-multiple
    type: multiple
    objective: export-objective
    difficulty: medium
    prompt: Pick the two.
    options:
      - {text: One, feedback: Yes.}
      - {text: Two, feedback: No.}
      - {text: Three, feedback: Yes.}
    answer: [A, C]
    explanation: Two were right.
    references: [harris2015]
  - id: export-truefalse
    type: truefalse
    objective: export-objective
    difficulty: easy
    prompt: Microneedling melts fat.
    answer: false
    true_label: Fact
    false_label: Myth
    feedback_if_true: Not quite, a myth.
    feedback_if_false: Right, a myth.
    explanation: It does not.
    references: [harris2015]
  - id: export-numeric
    type: numeric
    objective: export-objective
    difficulty: medium
    prompt: How thick?
    answer: 0.6
    tolerance: 0.1
    unit: mm
    feedback_correct: Yes.
    feedback_incorrect: No.
    explanation: About 0.6 mm.
    references: [chopra2015]
  - id: export-ordering
    type: ordering
    objective: export-objective
    difficulty: medium
    prompt: Order them.
    items: [First, Second, Third]
    explanation: In this order.
    references: [gurtner2008]
  - id: export-matching
    type: matching
    objective: export-objective
    difficulty: medium
    prompt: Match them.
    pairs:
      - {left: Roller, right: Drum, feedback: Rolls.}
      - {left: Pen, right: Cartridge}
    distractors: [Laser]
    explanation: Devices differ.
    references: [doddaballapur2009]
  - id: export-case
    type: case
    objective: export-objective
    difficulty: hard
    references: [ha2005]
    vignette: A client asks about eyelids.
    prompt: Answer both.
    explanation: Eyelids are thin.
    parts:
      - id: export-case-a
        type: single
        prompt: Thinnest?
        options:
          - {text: Eyelid, feedback: Yes.}
          - {text: Cheek, feedback: No.}
        answer: A
        explanation: Eyelid.
      - id: export-case-b
        type: truefalse
        prompt: Through the skin?
        answer: true
        explanation: Yes.
"""

EXPORTED_IDS = {
    "export-single",
    "export-multiple",
    "export-truefalse",
    "export-numeric",
    "export-ordering",
    "export-matching",
    "export-case-a",
    "export-case-b",
}


@pytest.fixture(scope="module", autouse=True)
def fixture_course_for_the_module(fixture_course_root):
    """Exports cite from the fixture course's bibliography; module-scoped exports need it too."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MNC_COURSE_ROOT", str(fixture_course_root))
        yield


@pytest.fixture(scope="module")
def bank(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bank")
    (folder / "export-check.yml").write_text(BANK_YAML, encoding="utf-8")
    return load_bank(folder, bibliography=FIXTURE_BIBLIOGRAPHY)


# ------------------------------------------------------------------------- Moodle XML


@pytest.fixture(scope="module")
def moodle(bank, tmp_path_factory):
    out = tmp_path_factory.mktemp("moodle") / "bank.xml"
    summary = write_export("moodle-xml", bank, out)
    root = ET.parse(out).getroot()
    questions = {
        q.findtext("name/text"): q for q in root.findall("question") if q.get("type") != "category"
    }
    return summary, root, questions


def test_moodle_every_question_present(moodle):
    """Is every question (and each case part, plus the case description) in the Moodle file?"""
    summary, _, questions = moodle
    assert set(questions) == EXPORTED_IDS | {"export-case"}
    assert set(summary.exported) == EXPORTED_IDS
    assert summary.unsupported == []


def test_moodle_types(moodle):
    """Does each bank type map to the right Moodle qtype?"""
    types = {qid: q.get("type") for qid, q in moodle[2].items()}
    assert types == {
        "export-single": "multichoice",
        "export-multiple": "multichoice",
        "export-truefalse": "truefalse",
        "export-numeric": "numerical",
        "export-ordering": "ordering",
        "export-matching": "matching",
        "export-case": "description",
        "export-case-a": "multichoice",
        "export-case-b": "truefalse",
    }


def test_moodle_single_answer_and_escaping(moodle):
    """Is the single-choice key 100% and is markup-looking text escaped, not interpreted?"""
    question = moodle[2]["export-single"]
    assert question.findtext("single") == "true"
    answers = question.findall("answer")
    assert [a.get("fraction") for a in answers] == ["100", "0"]
    assert question.findtext("questiontext/text") == markdown_html(TRICKY)
    assert "&lt;c&gt;" in question.findtext("questiontext/text")
    assert answers[0].findtext("feedback/text") == markdown_html("Right: {braces} # and = signs.")


def test_moodle_multiple_weights(moodle):
    """Do select-all options carry +50% for right picks and -50% for the wrong one?"""
    question = moodle[2]["export-multiple"]
    assert question.findtext("single") == "false"
    assert [a.get("fraction") for a in question.findall("answer")] == ["50", "-50", "50"]


def test_moodle_truefalse_key_and_feedback(moodle):
    """Is 'false' the 100% answer, with each side's feedback attached to the right answer?"""
    answers = {a.findtext("text"): a for a in moodle[2]["export-truefalse"].findall("answer")}
    assert answers["false"].get("fraction") == "100"
    assert answers["true"].findtext("feedback/text") == markdown_html("Not quite, a myth.")


def test_moodle_numeric_tolerance(moodle):
    """Does the numeric answer keep its value and tolerance?"""
    first = moodle[2]["export-numeric"].find("answer")
    assert (first.findtext("text"), first.findtext("tolerance")) == ("0.6", "0.1")
    assert first.get("fraction") == "100"


def test_moodle_matching_pairs_and_distractor(moodle):
    """Are the pairs and the distractor (empty left side) all there?"""
    subs = moodle[2]["export-matching"].findall("subquestion")
    pairs = [(s.findtext("text"), s.findtext("answer/text")) for s in subs]
    assert pairs == [("<p>Roller</p>", "Drum"), ("<p>Pen</p>", "Cartridge"), ("", "Laser")]


def test_moodle_ordering_in_correct_order(moodle):
    """Are ordering items written in the correct order (the plugin's key)?"""
    items = [a.findtext("text") for a in moodle[2]["export-ordering"].findall("answer")]
    assert items == ["<p>First</p>", "<p>Second</p>", "<p>Third</p>"]


def test_moodle_feedback_has_explanation_and_citation(moodle):
    """Does the general feedback hold the explanation and the formatted reference?"""
    text = moodle[2]["export-single"].findtext("generalfeedback/text")
    assert "<strong>Bold</strong>" in text
    assert "Harris" in text and "acne scarring" in text


def test_moodle_module_filter(bank, tmp_path):
    """Does --module keep only that module's questions?"""
    out = tmp_path / "one.xml"
    summary = write_export("moodle-xml", bank, out, module_id="export-check")
    assert set(summary.exported) == EXPORTED_IDS
    with pytest.raises(KeyError, match="no module"):
        write_export("moodle-xml", bank, tmp_path / "none.xml", module_id="nope")


# ------------------------------------------------------------------------- QTI 2.1


@pytest.fixture(scope="module")
def qti(bank, tmp_path_factory):
    out = tmp_path_factory.mktemp("qti") / "bank.zip"
    summary = write_export("qti21", bank, out)
    with zipfile.ZipFile(out) as package:
        manifest = ET.fromstring(package.read("imsmanifest.xml"))
        items = {
            name: ET.fromstring(package.read(name))
            for name in package.namelist()
            if name.startswith("items/")
        }
    by_id = {item.get("identifier"): item for item in items.values()}
    return summary, manifest, by_id


def _correct(item):
    return [
        v.text for v in item.findall(f"{QTI}responseDeclaration/{QTI}correctResponse/{QTI}value")
    ]


def test_qti_manifest_lists_every_item(qti):
    """Does imsmanifest.xml list one QTI 2.1 item resource per exported question?"""
    summary, manifest, items = qti
    resources = manifest.findall(f"{CP}resources/{CP}resource")
    assert {r.get("type") for r in resources} == {"imsqti_item_xmlv2p1"}
    assert {r.get("href") for r in resources} == {f"items/{qid}.xml" for qid in EXPORTED_IDS}
    assert set(items) == EXPORTED_IDS and set(summary.exported) == EXPORTED_IDS


def test_qti_interactions(qti):
    """Does each type use the QTI interaction meant for it?"""
    expected = {
        "export-single": "choiceInteraction",
        "export-multiple": "choiceInteraction",
        "export-truefalse": "choiceInteraction",
        "export-numeric": "textEntryInteraction",
        "export-ordering": "orderInteraction",
        "export-matching": "matchInteraction",
    }
    for qid, interaction in expected.items():
        assert qti[2][qid].find(f".//{QTI}{interaction}") is not None, qid


def test_qti_choice_keys(qti):
    """Are the correct responses the bank keys (single, multiple with maxChoices 0, true/false)?"""
    items = qti[2]
    assert _correct(items["export-single"]) == ["A"]
    assert _correct(items["export-multiple"]) == ["A", "C"]
    assert items["export-multiple"].find(f".//{QTI}choiceInteraction").get("maxChoices") == "0"
    assert _correct(items["export-truefalse"]) == ["FALSE"]


def test_qti_multiple_partial_credit_mapping(qti):
    """Does the mapping give +1/2 per right pick and -1/2 per wrong pick, bounded to 0..1, and
    score it with the standard map_response template?"""
    item = qti[2]["export-multiple"]
    entries = {e.get("mapKey"): e.get("mappedValue") for e in item.iter(f"{QTI}mapEntry")}
    assert entries == {"A": "0.5", "B": "-0.5", "C": "0.5"}
    mapping = item.find(f".//{QTI}mapping")
    assert (mapping.get("lowerBound"), mapping.get("upperBound")) == ("0", "1")
    template = item.find(f"{QTI}responseProcessing").get("template")
    assert template == "http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response"


def test_qti_numeric_tolerance(qti):
    """Does response processing compare with an absolute tolerance of 0.1 around 0.6?"""
    item = qti[2]["export-numeric"]
    equal = item.find(f".//{QTI}equal")
    assert equal.get("toleranceMode") == "absolute"
    assert equal.get("tolerance") == "0.1"
    assert equal.find(f"{QTI}baseValue").text == "0.6"
    assert _correct(item) == ["0.6"]


def test_qti_ordering_and_matching_keys(qti):
    """Is the ordering key the items in order, and the matching key left-to-right pairs?"""
    items = qti[2]
    order = items["export-ordering"]
    assert _correct(order) == ["I1", "I2", "I3"]
    texts = [c.text for c in order.iter(f"{QTI}simpleChoice")]
    assert texts == ["First", "Second", "Third"]
    assert _correct(items["export-matching"]) == ["L1 R1", "L2 R2"]
    rights = items["export-matching"].findall(f".//{QTI}simpleMatchSet")[1]
    assert [c.text for c in rights] == ["Drum", "Cartridge", "Laser"]


def test_qti_feedback_and_escaping(qti):
    """Are option feedback and explanation kept, and special characters kept as text?"""
    item = qti[2]["export-single"]
    prompt = "".join(item.find(f"{QTI}itemBody/{QTI}div").itertext())
    assert prompt.strip() == TRICKY
    feedback = {
        m.get("identifier"): "".join(m.itertext()) for m in item.findall(f"{QTI}modalFeedback")
    }
    assert "A. yes ~ = # { } :: Right: {braces} # and = signs." in feedback["EXPLANATION"]
    assert "Harris" in feedback["EXPLANATION"]


def test_qti_case_parts_carry_vignette(qti):
    """Does each case part repeat the vignette so it stands alone?"""
    part = qti[2]["export-case-a"]
    assert "A client asks about eyelids." in "".join(part.find(f"{QTI}itemBody").itertext())
    assert ("export-case", "case: 2 separate items with the vignette") in qti[0].converted


# ------------------------------------------------------------------------- GIFT


def _split_unescaped(text: str, separators: str) -> list[str]:
    """Split at separators that are not preceded by a backslash escape (a test-side parser)."""
    pieces, current, index = [], "", 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            current += text[index : index + 2]
            index += 2
            continue
        if char in separators:
            pieces.append(current)
            current = char
        else:
            current += char
        index += 1
    pieces.append(current)
    return pieces


def _unescape(text: str) -> str:
    return re.sub(r"\\([\\~=#{}:])", r"\1", text)


def parse_gift(text: str) -> dict[str, dict]:
    """A small GIFT reader: {title: {"text", "answers", "general"}} for each question block."""
    questions = {}
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith(("//", "$CATEGORY"))]
        if not lines:
            continue
        body = " ".join(lines)
        match = re.match(r"::(.*?)::(\[html\])?", body)
        title = _unescape(match.group(1))
        rest = body[match.end() :]
        pieces = _split_unescaped(rest, "{}")
        if len(pieces) == 1:
            questions[title] = {"text": _unescape(rest), "answers": None, "general": ""}
            continue
        assert len(pieces) == 3 and pieces[2] == "}", f"unbalanced braces in {title}"
        answers_text = pieces[1][1:]
        answers_text, _, general = answers_text.partition("####")
        questions[title] = {
            "text": _unescape(pieces[0]),
            "answers": answers_text.strip(),
            "general": _unescape(general.strip()),
        }
    return questions


def _choices(answers: str) -> list[tuple[str, str, str]]:
    """(marker, text, feedback) for each =/~ answer, unescaped."""
    out = []
    for piece in _split_unescaped(answers, "=~"):
        piece = piece.strip()
        if not piece:
            continue
        body, *feedback = _split_unescaped(piece[1:], "#")
        out.append(
            (
                piece[0],
                _unescape(body).strip(),
                _unescape(feedback[0][1:]).strip() if feedback else "",
            )
        )
    return out


@pytest.fixture(scope="module")
def gift(bank, tmp_path_factory):
    out = tmp_path_factory.mktemp("gift") / "bank.gift.txt"
    summary = write_export("gift", bank, out)
    text = out.read_text(encoding="utf-8")
    return summary, text, parse_gift(text)


def test_gift_escape_round_trip():
    """Does every GIFT special character come back unchanged after escape and unescape?"""
    assert _unescape(gift_escape(TRICKY)) == TRICKY
    assert _split_unescaped(gift_escape("a=b~c#d{e}f:g"), "=~#{}") == [gift_escape("a=b~c#d{e}f:g")]


def test_gift_ordering_reported_not_dropped(gift):
    """Is the ordering question reported by id (summary and file comment), never silently lost?"""
    summary, text, questions = gift
    assert summary.unsupported == [("export-ordering", "GIFT has no ordering questions")]
    assert "// NOT EXPORTED export-ordering" in text
    assert "export-ordering" not in questions


def test_gift_every_other_question_present(gift):
    """Is every question GIFT can express present, with the case as a description plus parts?"""
    summary, _, questions = gift
    assert set(questions) == (EXPORTED_IDS - {"export-ordering"}) | {"export-case"}
    assert questions["export-case"]["answers"] is None
    assert set(summary.exported) == EXPORTED_IDS - {"export-ordering"}


def test_gift_single_key_feedback_and_escaping(gift):
    """Is the key marked '=', and do prompt, option and feedback survive the special characters?"""
    question = gift[2]["export-single"]
    assert question["text"] == markdown_html(TRICKY)
    choices = _choices(question["answers"])
    assert choices[0] == (
        "=",
        markdown_html("yes ~ = # { } :"),
        markdown_html("Right: {braces} # and = signs."),
    )
    assert choices[1][0] == "~"
    assert "<strong>Bold</strong> explanation with a colon: here." in question["general"]


def test_gift_multiple_weights(gift):
    """Do select-all answers carry %50% / %-50% weights?"""
    weights = re.findall(r"~%(-?[\d.]+)%", gift[2]["export-multiple"]["answers"])
    assert weights == ["50", "-50", "50"]


def test_gift_truefalse(gift):
    """Is the key FALSE, with the wrong-answer feedback first and the right-answer one second?"""
    answer, wrong, right = _split_unescaped(gift[2]["export-truefalse"]["answers"], "#")
    assert answer == "FALSE"
    assert _unescape(wrong[1:]) == markdown_html("Not quite, a myth.")
    assert _unescape(right[1:]).strip() == markdown_html("Right, a myth.")


def test_gift_numeric_tolerance(gift):
    """Is the numeric answer written as =0.6:0.1 with its feedback?"""
    answers = gift[2]["export-numeric"]["answers"]
    assert answers.startswith("#=0.6:0.1#")


def test_gift_matching_pairs(gift):
    """Are the pairs and the distractor written as left -> right?"""
    answers = _unescape(gift[2]["export-matching"]["answers"])
    pairs = [p.strip() for p in answers.split("=") if p.strip()]
    assert pairs == ["<p>Roller</p> -> Drum", "<p>Pen</p> -> Cartridge", "-> Laser"]


def test_every_question_type_is_exported_or_reported(tmp_path, fixture_course):
    """Does a bank with every question type export to every format, each question (or case part)
    either written or reported as unsupported?"""
    real = load_bank()
    for fmt in ("moodle-xml", "qti21", "gift"):
        summary = write_export(fmt, real, tmp_path)
        accounted = set(summary.exported) | {qid for qid, _ in summary.unsupported}
        for question in real.questions.values():
            ids = {p.id for p in question.parts} if question.type == "case" else {question.id}
            assert ids <= accounted, (fmt, question.id)
