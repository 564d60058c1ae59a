"""The exports of a hostile fixture bank read back by independent readers, answer by answer.

- Moodle XML: a model of exactly what Moodle's importer does (core_xml_parser keeps each chunk of
  character data that is not whitespace only; libxml2 hands over a run of text, each entity
  reference and each CDATA section as separate chunks; getpath trims; category paths are split at
  single slashes and `//` undone; matching choices are shown through format_string, which strips
  tags and decodes entities).
- GIFT: gift-pegjs (npm), the parser behind the GIFT editors, plus Moodle's own escape rules.
- QTI 2.1: pyslet (PyPI) parses every item and runs its response processing; items that name a
  standard template run that template's published rules; every score is compared with the
  course's own grading on every possible response.
"""

import html
import io
import itertools
import json
import re
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from xml.parsers import expat

import pytest

from microneedling_course.bank import load_bank
from microneedling_course.core.markup import markdown_html, plain_text
from microneedling_course.instructor.exports import write_export
from microneedling_course.instructor.exports.characters import ExportError
from microneedling_course.instructor.exports.qti21_processing import MAP_RESPONSE, MATCH_CORRECT
from microneedling_course.quiz.grading import grade_response

# pyslet 0.7 calls its own deprecated camel-case names internally.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:pyslet")

HOSTILE = Path(__file__).parent / "fixtures" / "exports" / "hostile-bank"
READ_GIFT = Path(__file__).parent / "node" / "read_gift.cjs"
PHP_TRIM = " \t\n\r\0\x0b"


@pytest.fixture(scope="module")
def bank():
    return load_bank(HOSTILE)


def all_questions(bank):
    """Every exportable question: top-level ones and case parts (in file order); a part without
    a hint of its own has its case's hint, as the site shows it."""
    for module in bank.modules.values():
        for question in module.questions:
            if question.type != "case":
                yield question
                continue
            for part in question.parts:
                yield replace(part, hint=part.hint or question.hint)


@pytest.fixture(scope="module")
def exported(bank, tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    return {fmt: write_export(fmt, bank, folder) for fmt in ("moodle-xml", "qti21", "gift")}


# ============================================================== Moodle XML, as Moodle reads it


def moodle_xmlize(data: bytes) -> dict:
    """{"tag", "attrs", "children", "text"} as Moodle's core_xml_parser builds it: each chunk the
    XML parser hands over (a text run, one entity reference, one CDATA section) is dropped when
    it is whitespace only, the rest is concatenated."""
    parser = expat.ParserCreate()
    parser.buffer_text = False
    root = {"tag": None, "children": [], "text": ""}
    stack = [root]
    state = {"chunk": None, "cdata": False}

    def flush():
        chunk = state["chunk"]
        if chunk is not None and (chunk == "0" or chunk.strip(PHP_TRIM) != ""):
            stack[-1]["text"] += chunk
        state["chunk"] = None

    def start(tag, attrs):
        flush()
        node = {"tag": tag, "attrs": attrs, "children": [], "text": ""}
        stack[-1]["children"].append(node)
        stack.append(node)

    def end(tag):
        flush()
        stack.pop()

    def characters(text):
        if state["cdata"]:
            state["chunk"] = (state["chunk"] or "") + text
            return
        if data[parser.CurrentByteIndex : parser.CurrentByteIndex + 1] == b"&":
            flush()
            state["chunk"] = text
            flush()
            return
        state["chunk"] = (state["chunk"] or "") + text

    def cdata_start():
        flush()
        state["cdata"] = True

    def cdata_end():
        flush()
        state["cdata"] = False

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.StartCdataSectionHandler = cdata_start
    parser.EndCdataSectionHandler = cdata_end
    parser.Parse(data, True)
    return root["children"][0]


def find_all(node: dict, tag: str) -> list[dict]:
    return [child for child in node["children"] if child["tag"] == tag]


def path_text(node: dict, *tags: str) -> str:
    """Moodle's getpath(..., istext=true): follow the first child of each tag, trim the text."""
    for tag in tags:
        node = find_all(node, tag)[0]
    return node["text"].strip(PHP_TRIM)


def moodle_category_names(path: str) -> list[str]:
    """question/format.php split_category_path: split at single slashes, undo `//`, trim, and
    clean_param(PARAM_TEXT) (tags stripped)."""
    names = re.split(r"(?<!/)/(?!/)", path)
    return [strip_tags(name.replace("//", "/").strip(PHP_TRIM)) for name in names]


def strip_tags(text: str) -> str:
    return re.sub(r"<[^>]*>", "", text)


def format_string_shown(stored: str) -> str:
    """What a trainee sees of a matching choice: format_string strips tags, decodes entities."""
    return html.unescape(strip_tags(stored))


@pytest.fixture(scope="module")
def moodle(exported):
    root = moodle_xmlize(exported["moodle-xml"].path.read_bytes())
    questions = {}
    categories = []
    for question in find_all(root, "question"):
        if question["attrs"]["type"] == "category":
            categories.append(path_text(question, "category", "text"))
        else:
            questions[path_text(question, "name", "text")] = question
    return categories, questions


def test_moodle_model_drops_space_between_entities():
    """Is the model faithful to the measured fact: escaped HTML loses the space between two
    entity references, the same text in CDATA keeps it?"""
    escaped = b"<q><text>&lt;b&gt;a&lt;/b&gt; &lt;i&gt;b&lt;/i&gt;</text></q>"
    cdata = b"<q><text><![CDATA[<b>a</b> <i>b</i>]]></text></q>"
    assert path_text(moodle_xmlize(escaped), "text") == "<b>a</b><i>b</i>"
    assert path_text(moodle_xmlize(cdata), "text") == "<b>a</b> <i>b</i>"


def test_moodle_reads_every_text_as_written(exported):
    """Does Moodle's importer read every text of the file exactly as a conforming XML parser
    does (no space lost between entities, no CDATA terminator cut short)?"""
    data = exported["moodle-xml"].path.read_bytes()
    standard = [(e.tag, (e.text or "").strip(PHP_TRIM)) for e in ET.fromstring(data).iter()]

    def walk(node):
        yield node["tag"], node["text"].strip(PHP_TRIM)
        for child in node["children"]:
            yield from walk(child)

    moodle_view = list(walk(moodle_xmlize(data)))
    assert [t for t in moodle_view if t[0] == "text"] == [t for t in standard if t[0] == "text"]
    assert "]]]]><![CDATA[>" in data.decode("utf-8")


def test_moodle_prompts_feedback_and_hints_as_typed(bank, moodle):
    """Are prompt, option feedback, explanation and hint of the hostile question what the
    course renders, after Moodle's importer has read them?"""
    _, questions = moodle
    single = bank.question("hostile-single")
    read = questions["hostile-single"]
    assert path_text(read, "questiontext", "text") == markdown_html(single.prompt)
    assert "<strong>median needle length</strong> <em>in mm</em>" in markdown_html(single.prompt)
    answers = find_all(read, "answer")
    assert [path_text(a, "text") for a in answers] == [
        markdown_html(o.text) for o in single.options
    ]
    assert path_text(answers[0], "feedback", "text") == markdown_html(single.options[0].feedback)
    assert path_text(read, "hint", "text") == markdown_html(single.hint)
    assert path_text(read, "generalfeedback", "text").startswith(markdown_html(single.explanation))


def test_moodle_ids_tags_and_hints_of_every_question(bank, moodle):
    """Does every question carry its ID number, its three tags and (when it has one) its hint?"""
    _, questions = moodle
    for question in all_questions(bank):
        read = questions[question.id]
        assert path_text(read, "idnumber") == question.id
        tags = [path_text(tag, "text") for tag in find_all(find_all(read, "tags")[0], "tag")]
        assert tags == [question.objective, question.difficulty, question.module]
        hints = [path_text(hint, "text") for hint in find_all(read, "hint")]
        assert hints == ([markdown_html(question.hint)] if question.hint else [])


def test_moodle_categories_keep_slashes(bank, moodle):
    """Does each module come back as one category named exactly as its title, slashes and
    markup included, under the course's category?"""
    categories, _ = moodle
    names = [moodle_category_names(path) for path in categories]
    assert [n[:3] for n in names] == [["$course$", "top", "Microneedling course"]] * 2
    assert [html.unescape(n[3]) for n in names] == [m.title for m in bank.modules.values()]
    assert all(len(n) == 4 for n in names)


def test_moodle_matching_choices_shown_as_typed(bank, moodle):
    """Are right-hand sides and distractors shown as typed after format_string?"""
    question = bank.question("hostile-matching")
    subs = find_all(moodle[1]["hostile-matching"], "subquestion")
    shown = [format_string_shown(path_text(sub, "answer", "text")) for sub in subs]
    expected = [plain_text(p.right) for p in question.pairs] + list(question.distractors)
    assert shown == expected
    lefts = [path_text(sub, "text") for sub in subs]
    assert lefts == [markdown_html(p.left) for p in question.pairs] + [""]


def test_moodle_answers_match_the_key(bank, moodle):
    """Does every question's Moodle answer data give the bank's key (fractions, tolerance,
    true/false, order)?"""
    _, questions = moodle
    for question in all_questions(bank):
        read = questions[question.id]
        answers = find_all(read, "answer")
        fractions = [float(a["attrs"]["fraction"]) for a in answers]
        if question.type == "single":
            assert fractions == [
                100.0 if i == question.answer else 0.0 for i in range(len(answers))
            ]
        elif question.type == "multiple":
            share = 100 / len(question.answer)
            expected = [share if i in question.answer else -share for i in range(len(answers))]
            assert fractions == pytest.approx(expected, abs=1e-4)
        elif question.type == "truefalse":
            right = "true" if question.answer else "false"
            assert {path_text(a, "text"): f for a, f in zip(answers, fractions, strict=True)}[
                right
            ] == 100
        elif question.type == "numeric":
            assert float(path_text(answers[0], "text")) == question.answer
            assert float(path_text(answers[0], "tolerance")) == question.tolerance
            assert path_text(answers[1], "text") == "*"
            feedback = path_text(answers[1], "feedback", "text")
            assert feedback == markdown_html(question.feedback_incorrect)
        elif question.type == "ordering":
            assert [path_text(a, "text") for a in answers] == [
                markdown_html(i) for i in question.items
            ]


# ============================================================== GIFT, read by gift-pegjs

# gift-pegjs leaves its own placeholders for escaped characters in a matching right-hand side;
# Moodle's reader turns them back (qformat_gift::escapedchar_post), and so does this test.
GIFT_PLACEHOLDERS = {"&&058;": ":", "&&035;": "#", "&&061;": "=", "&&123;": "{", "&&125;": "}"}
GIFT_PLACEHOLDERS |= {"&&126;": "~", "&&092;": "\\"}


def moodle_gift_category(raw: str) -> str:
    """qformat_gift reads `$CATEGORY:` after escapedchar_pre only: a doubled backslash becomes one
    and no other escape is undone."""
    return raw.replace("\\\\", "\\")


@pytest.fixture(scope="module")
def gift(exported, node_package):
    node = node_package("gift-pegjs")
    result = subprocess.run(
        [node, str(READ_GIFT), str(exported["gift"].path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    parsed = json.loads(result.stdout)
    categories = [q["title"] for q in parsed if q["type"] == "Category"]
    return categories, {q["title"]: q for q in parsed if q["type"] != "Category"}


def test_gift_every_question_read_back(bank, exported, gift):
    """Does gift-pegjs read back every question the summary says was written (ordering is
    reported, not written)?"""
    _, questions = gift
    summary = exported["gift"]
    expected = {q.id for q in all_questions(bank) if q.type != "ordering"}
    assert set(summary.exported) == expected
    assert set(questions) == expected | {"hostile-case"}
    assert [qid for qid, _ in summary.unsupported] == ["hostile-ordering"]


def test_gift_ids_and_tags(bank, gift):
    """Does every question carry its ID number and its three tags on the comment line?"""
    _, questions = gift
    for question in all_questions(bank):
        if question.type == "ordering":
            continue
        read = questions[question.id]
        assert read["id"] == question.id
        assert read["tags"] == [question.objective, question.difficulty, question.module]


def test_gift_categories_keep_slashes_and_backslashes(bank, gift):
    """Does each `$CATEGORY:` line come back, as Moodle reads it, as one category named exactly
    as the module's title?"""
    categories, _ = gift
    names = [moodle_category_names(moodle_gift_category(raw)) for raw in categories]
    assert [html.unescape(n[-1]) for n in names] == [m.title for m in bank.modules.values()]
    assert all(len(n) == 4 for n in names)


def test_gift_answers_match_the_key(bank, gift):
    """Does every GIFT answer set give the bank's key, with each answer's feedback?"""
    _, questions = gift
    for question in all_questions(bank):
        if question.type == "ordering":
            continue
        read = questions[question.id]
        kind = question.type
        if kind in ("single", "multiple"):
            texts = [c["text"]["text"] for c in read["choices"]]
            assert texts == [markdown_html(o.text) for o in question.options]
            feedback = [(c["feedback"] or {}).get("text", "") for c in read["choices"]]
            assert feedback == [markdown_html(o.feedback) for o in question.options]
        if kind == "single":
            assert [c["isCorrect"] for c in read["choices"]] == [
                i == question.answer for i in range(len(question.options))
            ]
        elif kind == "multiple":
            share = 100 / len(question.answer)
            weights = [c["weight"] for c in read["choices"]]
            expected = [share if i in question.answer else -share for i in range(len(weights))]
            assert weights == pytest.approx(expected, abs=1e-4)
        elif kind == "truefalse":
            assert read["isTrue"] is question.answer
        elif kind == "numeric":
            right, wrong = read["choices"]
            assert (right["text"]["number"], right["text"]["range"]) == (
                question.answer,
                question.tolerance,
            )
            assert right["feedback"]["text"] == markdown_html(question.feedback_correct)
            assert wrong["text"]["text"] == "*" and wrong["isCorrect"] is False
            assert wrong["feedback"]["text"] == markdown_html(question.feedback_incorrect)
            assert "Not quite" not in read["globalFeedback"]["text"]
        elif kind == "matching":
            pairs = read["matchPairs"]
            lefts = [p["subquestion"]["text"] for p in pairs]
            assert lefts == [markdown_html(p.left) for p in question.pairs] + [""]
            rights = []
            for pair in pairs:
                stored = pair["subanswer"]
                for placeholder, character in GIFT_PLACEHOLDERS.items():
                    stored = stored.replace(placeholder, character)
                rights.append(format_string_shown(stored))
            assert rights == [plain_text(p.right) for p in question.pairs] + list(
                question.distractors
            )


def test_gift_prompts_as_typed(bank, gift):
    """Is every prompt (and the case vignette) what the course renders, special characters kept?"""
    _, questions = gift
    single = bank.question("hostile-single")
    assert questions["hostile-single"]["stem"]["text"] == markdown_html(single.prompt)
    case = bank.question("hostile-case")
    assert questions["hostile-case"]["stem"]["text"] == markdown_html(case.vignette)


def test_gift_reports_hints_it_cannot_carry(bank, exported):
    """Is every hint GIFT cannot carry named in the summary?"""
    hinted = {q.id for q in all_questions(bank) if q.hint and q.type != "ordering"}
    notes = {qid for qid, note in exported["gift"].converted if note.startswith("hint:")}
    assert notes == hinted and len(hinted) == 4


# ============================================================== QTI 2.1, read and scored by pyslet

# The published rules of QTI 2.1's two templates, restated in QTI so pyslet (which does not
# resolve template URIs) can run them: match_correct sets SCORE to 1 when RESPONSE matches the
# correct response, else 0; map_response sets SCORE to 0 for no response, else mapResponse.
TEMPLATE_RULES = {
    MATCH_CORRECT: (
        '<responseCondition><responseIf><match><variable identifier="RESPONSE"/>'
        '<correct identifier="RESPONSE"/></match><setOutcomeValue identifier="SCORE">'
        '<baseValue baseType="float">1</baseValue></setOutcomeValue></responseIf><responseElse>'
        '<setOutcomeValue identifier="SCORE"><baseValue baseType="float">0</baseValue>'
        "</setOutcomeValue></responseElse></responseCondition>"
    ),
    MAP_RESPONSE: (
        '<responseCondition><responseIf><isNull><variable identifier="RESPONSE"/></isNull>'
        '<setOutcomeValue identifier="SCORE"><baseValue baseType="float">0</baseValue>'
        '</setOutcomeValue></responseIf><responseElse><setOutcomeValue identifier="SCORE">'
        '<mapResponse identifier="RESPONSE"/></setOutcomeValue></responseElse></responseCondition>'
    ),
}


@pytest.fixture(scope="module")
def qti(exported):
    pyslet_xml = pytest.importorskip("pyslet.qtiv2.xml")
    with zipfile.ZipFile(exported["qti21"].path) as package:
        names = package.namelist()
        manifest = ET.fromstring(package.read("imsmanifest.xml"))
        raw = {name: package.read(name) for name in names if name.startswith("items/")}
    items = {}
    for data in raw.values():
        template = re.search(rb'<responseProcessing template="([^"]+)" />', data)
        if template:
            rules = TEMPLATE_RULES[template.group(1).decode()].encode()
            data = data.replace(
                template.group(0), b"<responseProcessing>" + rules + b"</responseProcessing>"
            )
        document = pyslet_xml.QTIDocument()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            document.read(src=io.BytesIO(data))
        _split_tolerances(document.root, data)
        items[document.root.identifier] = (
            document.root,
            template.group(1).decode() if template else None,
        )
    return names, manifest, items


def _split_tolerances(item, data: bytes) -> None:
    """pyslet 0.7 on Python 3 keeps an `equal` element's tolerance attribute (a list of one or
    two numbers) as one string and logs an error; give it the list the schema means."""
    from pyslet.qtiv2.expressions import Equal

    written = re.findall(rb'tolerance="([^"]+)"', data)
    equals = [e for e in item.find_children_depth_first(Equal)]
    assert len(equals) == len(written)
    for equal, text in zip(equals, written, strict=True):
        equal.tolerance = text.decode().split()


def qti_score(item, response, hint_request=False) -> tuple[float, set]:
    """Run the item's response processing in pyslet on one response: (SCORE, FEEDBACK ids)."""
    from pyslet.qtiv2 import variables

    state = variables.ItemSessionState(item)
    state.begin_session()
    for declaration in item.ResponseDeclaration:
        state.map[declaration.identifier] = variables.Value.copy_value(
            state.map[declaration.identifier + ".DEFAULT"]
        )
    if "HINTREQUEST" in state:
        state["HINTREQUEST"].set_value(hint_request)
    if response is not None:
        state["RESPONSE"].set_value(response)
    state.end_attempt()
    feedback = state["FEEDBACK"].value or {}
    return float(state["SCORE"].value or 0.0), set(feedback)


def qti_value(question, response):
    """A course response (original indices) as the QTI item's RESPONSE value."""
    letter = lambda index: chr(ord("A") + index)  # noqa: E731
    if question.type == "single":
        return letter(response)
    if question.type == "multiple":
        return [letter(i) for i in response]
    if question.type == "truefalse":
        return "TRUE" if response else "FALSE"
    if question.type == "numeric":
        exact = question.tolerance == 0 and float(question.answer).is_integer()
        return int(response) if exact else float(response)
    if question.type == "ordering":
        return [f"I{i + 1}" for i in response]
    return [f"L{i + 1} R{j + 1}" for i, j in enumerate(response) if j is not None]


def every_response(question):
    """All responses a trainee can give (numbers: on, inside, at and beyond the tolerance)."""
    if question.type == "single":
        return list(range(len(question.options)))
    if question.type == "multiple":
        indices = range(len(question.options))
        return [
            list(c) for n in range(1, len(indices) + 1) for c in itertools.combinations(indices, n)
        ]
    if question.type == "truefalse":
        return [True, False]
    if question.type == "numeric":
        a, t = question.answer, question.tolerance
        if t == 0 and float(a).is_integer():  # an integer entry takes whole numbers only
            return [a, a + 1, a - 1, a - 3, a + 10]
        return [a, a + t, a - t, a + t * 0.5, a + 2 * t + 1, a - 3, a + 0.5]
    if question.type == "ordering":
        return [list(p) for p in itertools.permutations(range(len(question.items)))]
    choices = [None, *range(len(question.choices))]
    return [
        list(p)
        for p in itertools.product(choices, repeat=len(question.pairs))
        if any(x is not None for x in p)
    ]


def test_qti_every_item_read_by_pyslet(bank, exported, qti):
    """Does pyslet read every item the summary lists, with a readable title, not the id?"""
    names, manifest, items = qti
    ids = [q.id for q in all_questions(bank)]
    assert sorted(items) == sorted(ids) == sorted(exported["qti21"].exported)
    for question in all_questions(bank):
        item, _ = items[question.id]
        words = " ".join(plain_text(question.prompt).split())
        if len(words) <= 80:
            assert item.title == words
        else:
            assert item.title.endswith("…") and words.startswith(item.title[:-1])
        assert item.title != question.id and len(item.title) <= 80


def test_qti_manifest_resources_are_in_the_package(qti):
    """Does every manifest resource point at a file in the zip, with unique identifiers?"""
    names, manifest, _ = qti
    cp = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
    resources = manifest.iter(f"{cp}resource")
    identifiers = []
    for resource in resources:
        identifiers.append(resource.get("identifier"))
        assert resource.get("href") in names
        assert all(f.get("href") in names for f in resource.iter(f"{cp}file"))
    assert len(identifiers) == len(set(identifiers)) == len(names) - 1


def test_qti_standard_templates_where_the_type_allows(bank, exported, qti):
    """Do choice, true/false, exact whole numbers, select-all and matching name the standard
    template, and is custom processing used (and reported) only for tolerance, ordering, hints?"""
    _, _, items = qti
    expected = {
        "hostile-single": None,
        "hostile-multiple": MAP_RESPONSE,
        "hostile-truefalse": MATCH_CORRECT,
        "hostile-whole-number": None,
        "hostile-tolerance": None,
        "hostile-ordering": None,
        "hostile-matching": MAP_RESPONSE,
        "hostile-case-a": None,
        "hostile-case-b": None,
        "slashes-eyelid": MATCH_CORRECT,
    }
    assert {qid: template for qid, (_, template) in items.items()} == expected
    custom = {qid for qid, note in exported["qti21"].converted if note.startswith("custom")}
    assert custom == {qid for qid, template in expected.items() if template is None}


def test_qti_scores_like_the_course_on_every_response(bank, qti):
    """Does pyslet, running each item's processing, give every possible response the course's
    own score (to 6 decimals)?"""
    _, _, items = qti
    checked = 0
    for question in all_questions(bank):
        item, _ = items[question.id]
        for response in every_response(question):
            expected = grade_response(question, response).score
            score, feedback = qti_score(item, qti_value(question, response))
            assert round(score, 6) == pytest.approx(expected, abs=1e-6), (question.id, response)
            assert "EXPLANATION" in feedback
            checked += 1
    assert checked >= 150


def test_qti_hint_request_shows_only_the_hint(bank, qti):
    """Does a hint request show the hint (not the explanation) and score nothing?"""
    _, _, items = qti
    for qid in ("hostile-single", "hostile-whole-number", "hostile-case-a", "hostile-case-b"):
        item, _ = items[qid]
        right = bank.question(qid).answer
        score, feedback = qti_score(item, qti_value(bank.question(qid), right), hint_request=True)
        assert (score, feedback) == (0.0, {"HINT"})


def test_qti_text_as_typed(bank, exported):
    """Are prompt and options of the hostile question the bank's text (as plain text)?"""
    qti_ns = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
    with zipfile.ZipFile(exported["qti21"].path) as package:
        item = ET.fromstring(package.read("items/hostile-single.xml"))
    single = bank.question("hostile-single")
    prompt = " ".join("".join(item.find(f"{qti_ns}itemBody/{qti_ns}div").itertext()).split())
    assert prompt == plain_text(single.prompt)
    options = ["".join(c.itertext()) for c in item.iter(f"{qti_ns}simpleChoice")]
    assert options == [plain_text(o.text) for o in single.options]


# ============================================================== characters no format can carry


def with_text(bank, question_id: str, **changes):
    """The bank with one top-level question's fields replaced (frozen dataclasses)."""
    modules = {}
    for module_id, module in bank.modules.items():
        questions = tuple(
            replace(q, **changes) if q.id == question_id else q for q in module.questions
        )
        modules[module_id] = replace(module, questions=questions)
    return replace(bank, modules=MappingProxyType(modules))


@pytest.mark.parametrize("fmt", ["moodle-xml", "qti21", "gift"])
@pytest.mark.parametrize("character", ["\v", "\x00", "\x1b"])
def test_control_character_refused_naming_place(bank, tmp_path, fmt, character):
    """Is a control character refused with one problem naming file, question and field, and is
    no file written?"""
    broken = with_text(bank, "hostile-multiple", prompt=f"Pick{character}three")
    with pytest.raises(ExportError) as caught:
        write_export(fmt, broken, tmp_path)
    (problem,) = caught.value.problems
    assert problem.file.endswith("01-hostile.yml")
    assert (problem.question_id, problem.field) == ("hostile-multiple", "prompt")
    assert f"U+{ord(character):04X}" in str(problem)
    assert list(tmp_path.iterdir()) == []


def test_control_character_in_case_part_names_the_part(bank, tmp_path):
    """Is a control character in a case part named by case, part and field?"""
    case = bank.question("hostile-case")
    part = replace(case.parts[0], hint="a\x0cb")
    broken = with_text(bank, "hostile-case", parts=(part, *case.parts[1:]))
    with pytest.raises(ExportError) as caught:
        write_export("qti21", broken, tmp_path)
    assert "question 'hostile-case', part 'hostile-case-a': field 'hint'" in str(caught.value)


def test_cli_refuses_control_character_with_one_line(tmp_path):
    """Does `mncourse export` exit 1 with one `error:` line naming file, question and field (no
    traceback) and leave no output file? (The bank check refuses the character before any export
    starts, exactly as `mncourse validate` does.)"""
    bank_dir = tmp_path / "bank"
    bank_dir.mkdir()
    source = (HOSTILE / "01-hostile.yml").read_text(encoding="utf-8")
    source = source.replace('feedback: "Not quite: 100% = 1 -> 2"', 'feedback: "Not\\vquite"')
    (bank_dir / "01-hostile.yml").write_text(source, encoding="utf-8")
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "microneedling_course", "export", "--bank", str(bank_dir)]
        + ["--format", "moodle-xml", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: {bank_dir / '01-hostile.yml'}: question 'hostile-single': "
        "field 'options[1].feedback': holds the character U+000B (vertical tab), which the site, "
        "the answer key and the LMS exports cannot carry; remove it"
    ]
    assert not out.exists() or list(out.iterdir()) == []
