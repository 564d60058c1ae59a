"""Every rule the Python and JavaScript sides share, run through both on the same cases in Node.

The JavaScript is the shipped bundle (microneedling_course/static/*.js), so these tests also fail
when a bundle was not rebuilt after its source changed.
"""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microneedling_course.bank import load_bank, parse_question, read_yaml
from microneedling_course.core import markup
from microneedling_course.core.paths import STATIC_DIR
from microneedling_course.progress.assessment import AssessmentResult
from microneedling_course.progress.my_progress import progress_summary
from microneedling_course.progress.record_export import document_to_csv
from microneedling_course.quiz.grading import ResponseError, grade_response
from tests.frontend_node import NodeModules

CASES_PATH = Path(__file__).parent / "shared" / "grading_cases.yml"


@pytest.fixture(scope="module")
def node(tmp_path_factory):
    modules = NodeModules(STATIC_DIR, tmp_path_factory.mktemp("node-bundles"))
    yield modules
    modules.close()


def _shared_cases():
    data = read_yaml(CASES_PATH.read_text(encoding="utf-8"), "tests/shared/grading_cases.yml")
    inline = {
        qid: parse_question(spec, source=f"grading_cases.yml:{qid}")
        for qid, spec in data["questions"].items()
    }
    return [(case, inline.get(case["question"])) for case in data["cases"]]


SHARED = [(case, question) for case, question in _shared_cases() if question is not None]


@pytest.mark.parametrize(("case", "question"), SHARED, ids=[case["name"] for case, _ in SHARED])
def test_quiz_bundle_grades_each_shared_case_like_python(node, case, question):
    """Does quiz.js's gradeResponse give the same score, verdict and feedback as grading.py?"""
    try:
        expected = grade_response(question, case["response"]).to_dict()
    except ResponseError:
        with pytest.raises(RuntimeError, match="ResponseError"):
            node.call("quiz.js", "gradeResponse", question.to_dict(), case["response"])
        return
    assert node.call("quiz.js", "gradeResponse", question.to_dict(), case["response"]) == expected


MARKUP_TEXT = st.text(alphabet=st.sampled_from(list("ab *`_-\n\t \u00a0\u2028é<&")), max_size=40)


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=MARKUP_TEXT)
def test_markdown_subset_tokenises_the_same_in_both_languages(node, text):
    """For any text, do markup.py and the bundle split it into the same blocks and inline runs?"""
    assert node.call("quiz.js", "blocks", text) == [list(b) for b in markup.blocks(text)]
    assert node.call("quiz.js", "inlineTokens", text) == [
        list(t) for t in markup.inline_tokens(text)
    ]


def test_markdown_subset_matches_on_every_bank_text(node):
    """Do both tokenisers agree on every text of the real bank (prompts, options, feedback...)?"""
    texts = []

    def walk(value):
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for question in load_bank().questions.values():
        walk(question.to_dict())
    lines = [line for text in texts for kind, block in markup.blocks(text) for line in block]
    assert len(lines) > 500
    for line in lines:
        assert node.call("quiz.js", "inlineTokens", line) == [
            list(t) for t in markup.inline_tokens(line)
        ]


def test_markdown_subset_is_linear_on_a_long_line():
    """Is a 64 KB line of unmatched markers rendered at all (quadratic matching took 14 s)?"""
    line = "*a **b `c " * 6600
    assert markup.inline_html(line).count("*") == line.count("*")


# ------------------------------------------------------------------ the trainee's CSV record

HOSTILE = [
    "=1+1",
    "+SUM(A1)",
    "-2",
    "@cmd",
    "\tx",
    "\rname",
    'a "quoted", name',
    "two\nlines",
    "'=quoted formula",
    "'apostrophe",
    "ok",
]


def _document(name, trainee_id, score):
    return {
        "schema_version": 1,
        "trainee": {"name": name, "id": trainee_id},
        "records": [
            {
                "module": "demo",
                "question_id": "=q",
                "response": [0, 2],
                "verdict": "partial",
                "score": score,
                "time": "2026-01-02T03:04:05Z",
            },
            {
                "module": "demo",
                "question_id": "q-num",
                "response": -1.5,
                "verdict": "incorrect",
                "score": 0.0,
                "time": "2026-01-02T03:04:06Z",
            },
        ],
        "assessments": [
            {
                "attempt_id": "a-1",
                "score": 0.85,
                "passed": True,
                "time": "2026-01-03T00:00:00Z",
                "per_module": {"demo": {"questions": 1, "score": 1.0}},
            }
        ],
    }


@pytest.mark.parametrize("name", HOSTILE)
def test_csv_record_is_the_same_bytes_from_python_and_the_site(node, name):
    """Do record_export.py and the site's export write identical CSV for the same record?"""
    document = _document(name, "-id", 2 / 3)
    assert node.call("progress-page.js", "recordCsv", document) == document_to_csv(document)


def test_csv_record_writes_the_agreed_score_and_response_format():
    """Is 2/3 written as 0.6667 and the response as compact JSON, as both sides now agree?"""
    csv_text = document_to_csv(_document("Ann", "", 2 / 3))
    assert ',0.6667,2026-01-02T03:04:05Z,"[0,2]"' in csv_text


# ------------------------------------------------------------------ progress summary and assessment

COURSE = {
    "modules": [
        {"id": "m1", "title": "One", "href": "one.html", "questions": ["q1", "q2", "q3"]},
        {"id": "m2", "title": "Two", "href": "two.html", "questions": ["q4"]},
    ],
    "objectives": {"o1": {"text": "O1", "module": "m1", "href": "one.html#o1"}},
    "questions": {
        "q1": {"module": "m1", "objective": "o1"},
        "q2": {"module": "m1", "objective": "o1"},
        "q3": {"module": "m1", "objective": "o1"},
        "q4": {"module": "m2", "objective": "o1"},
    },
    "assessment": {
        "module": "final-assessment",
        "pass_mark": 0.8,
        "question_ids": ["q1", "q2", "q4"],
        "seed": 7,
    },
}

RECORD = st.fixed_dictionaries(
    {
        "module": st.sampled_from(["m1", "m2", "final-assessment"]),
        "question_id": st.sampled_from(["q1", "q2", "q3", "q4", "other"]),
        "verdict": st.sampled_from(["correct", "partial", "incorrect"]),
        "score": st.sampled_from([0.0, 0.25, 0.5, 2 / 3, 1.0]),
        "time": st.integers(0, 20).map(lambda s: f"2026-01-01T00:00:{s:02d}Z"),
        "response": st.none(),
    }
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(records=st.lists(RECORD, max_size=12, unique_by=lambda r: r["time"]))
def test_progress_summary_is_the_same_in_both_languages(node, records):
    """Do my_progress.py and the progress page give the same completion, score and review list?"""
    python = progress_summary(records, COURSE)
    js = node.call("progress-page.js", "summaryData", records, COURSE)
    assert js["modules"] == python["modules"]
    assert js["review"] == {key: sorted(value) for key, value in python["review"].items()}


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(records=st.lists(RECORD, max_size=12, unique_by=lambda r: r["time"]))
def test_site_assessment_scores_and_passes_like_python(node, records):
    """Does the site's assessment give the score, pass and per-module breakdown Python gives?"""
    js = node.call("progress-page.js", "siteAssessment", records, COURSE)
    info = COURSE["assessment"]
    answers = {}
    for record in sorted(records, key=lambda r: r["time"]):
        if record["module"] == info["module"] and record["question_id"] in info["question_ids"]:
            answers[record["question_id"]] = record
    if len(answers) < len(info["question_ids"]):
        assert js["complete"] is False and js["answered"] == len(answers)
        return
    result = AssessmentResult(
        name="",
        trainee_id="",
        attempt=1,
        seed=info["seed"],
        question_ids=info["question_ids"],
        scores={qid: answers[qid]["score"] for qid in info["question_ids"]},
        module_of={qid: COURSE["questions"][qid]["module"] for qid in info["question_ids"]},
        pass_mark=info["pass_mark"],
    )
    assert js["score"] == pytest.approx(result.score, abs=1e-12)
    assert js["passed"] == result.passed
    expected = result.per_module()
    assert list(js["per_module"]) == list(expected)
    for module, entry in expected.items():
        assert js["per_module"][module]["questions"] == entry["questions"]
        assert js["per_module"][module]["score"] == pytest.approx(entry["score"], abs=1e-12)


def test_completion_record_wording_comes_from_python(node):
    """Does the site's completion record carry Python's whole explainer, law sentence included?"""
    source = (STATIC_DIR / "progress-page.js").read_text(encoding="utf-8")
    assert "Practice is governed by the law where you work." in source
    assert (
        json.dumps("Self-assessed — not a certificate of competence", ensure_ascii=False)[1:-1]
        in source
    )
