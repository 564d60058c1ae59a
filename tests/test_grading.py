"""Grading per question type, the shared grading cases, and shuffling that never changes a grade."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microneedling_course.bank import load_bank, parse_question, read_yaml
from microneedling_course.quiz.grading import (
    Grade,
    ResponseError,
    grade_response,
    shuffle_order,
    shuffled_away_from_key,
)
from microneedling_course.quiz.quiz_model import question_view

CASES_PATH = Path(__file__).parent / "shared" / "grading_cases.yml"
FIXTURE_COURSE = Path(__file__).parent / "fixtures" / "course"


def _shared_cases():
    data = read_yaml(CASES_PATH.read_text(encoding="utf-8"), "tests/shared/grading_cases.yml")
    inline = {
        qid: parse_question(spec, source=f"grading_cases.yml:{qid}")
        for qid, spec in data["questions"].items()
    }
    bank = load_bank(
        FIXTURE_COURSE / "quizzes", bibliography=FIXTURE_COURSE / "book" / "references.bib"
    )
    return [
        (case, inline.get(case["question"]) or bank.question(case["question"]))
        for case in data["cases"]
    ]


SHARED = _shared_cases()


@pytest.mark.parametrize(("case", "question"), SHARED, ids=[case["name"] for case, _ in SHARED])
def test_shared_case(case, question):
    """Does grading.py give the verdict, score and feedback the shared case file expects?"""
    if case.get("error"):
        with pytest.raises(ResponseError):
            grade_response(question, case["response"])
        return
    grade = grade_response(question, case["response"])
    assert grade.verdict == case["verdict"]
    assert grade.score == pytest.approx(case["score"], abs=1e-6)
    if "feedback" in case:
        assert grade.feedback == case["feedback"]


def test_shared_cases_cover_every_type_and_verdict():
    """Do the shared cases exercise every question type and every verdict?"""
    types = {question.type for _, question in SHARED}
    verdicts = {case.get("verdict") for case, _ in SHARED}
    assert types == {"single", "multiple", "truefalse", "numeric", "ordering", "matching", "case"}
    assert {"correct", "partial", "incorrect", "unanswered"} <= verdicts


def _question(name):
    return next(question for case, question in SHARED if case["question"] == name)


def test_case_grade_carries_each_part():
    """Does a case's grade include a grade per part, keyed by part id?"""
    grade = grade_response(_question("case-case"), {"case-case-a": 0, "case-case-b": False})
    assert grade.parts["case-case-a"].verdict == "correct"
    assert grade.parts["case-case-b"].verdict == "incorrect"
    assert grade.to_dict()["parts"]["case-case-a"]["feedback"] == ["Yes A"]


def test_ordering_grade_marks_each_position():
    """Does an ordering grade say which positions are right, for the front-end to mark?"""
    grade = grade_response(_question("case-ordering"), [1, 0, 2, 3])
    assert grade.item_correct == [False, False, True, True]


def test_grade_is_json_safe():
    """Does Grade.to_dict produce only JSON types?"""
    import json

    grade = grade_response(_question("case-matching"), [0, None, 3])
    assert json.loads(json.dumps(grade.to_dict())) == grade.to_dict()
    assert isinstance(grade, Grade)


@given(st.integers(min_value=0, max_value=12), st.one_of(st.integers(), st.text(max_size=10)))
def test_shuffle_order_is_a_reproducible_permutation(n, seed):
    """Is shuffle_order always a permutation of range(n), the same for the same seed?"""
    order = shuffle_order(n, seed)
    assert sorted(order) == list(range(n))
    assert shuffle_order(n, seed) == order


@given(st.integers(min_value=2, max_value=10), st.text(max_size=10))
def test_ordering_display_never_starts_solved(n, seed):
    """Is the shuffled display order of an ordering question never already correct?"""
    order = shuffled_away_from_key(n, seed)
    assert sorted(order) == list(range(n))
    assert order != list(range(n))


def test_shuffle_order_really_reorders():
    """Do different seeds give different orders, most of them not the original one (so a display
    shuffle that was removed, or that ignores its seed, fails here)?"""
    orders = {tuple(shuffle_order(6, seed)) for seed in range(40)}
    assert len(orders) > 20
    assert sum(order != tuple(range(6)) for order in orders) > 20


def test_shuffled_quiz_shows_options_out_of_bank_order():
    """With a shuffle seed, does the quiz show a question's options in another order than the
    bank's for some seeds, each option keeping its original index?"""
    question = _question("case-multiple")
    shown = [
        [option["index"] for option in question_view(question, shuffle_seed=seed)["options"]]
        for seed in range(10)
    ]
    assert all(sorted(order) == list(range(len(question.options))) for order in shown)
    assert any(order != list(range(len(question.options))) for order in shown)


@given(st.data())
def test_shuffled_display_keeps_grades_and_feedback(data):
    """Does answering through a shuffled display give the same grade and feedback as unshuffled?"""
    question = _question("case-multiple")
    seed = data.draw(st.text(max_size=8))
    shown = [option["index"] for option in question_view(question, shuffle_seed=seed)["options"]]
    ticked_positions = data.draw(st.sets(st.integers(0, len(shown) - 1), min_size=1))
    response = [shown[position] for position in sorted(ticked_positions)]
    grade = grade_response(question, response)
    direct = grade_response(question, sorted(response))
    assert (grade.score, grade.verdict, sorted(grade.feedback)) == (
        direct.score,
        direct.verdict,
        sorted(direct.feedback),
    )
    expected_feedback = {question.options[index].feedback for index in response}
    assert set(grade.feedback) == {text for text in expected_feedback if text}


@given(st.lists(st.integers(0, 3), min_size=4, max_size=4, unique=True), st.text(max_size=6))
def test_ordering_grade_independent_of_display_shuffle(response, seed):
    """Does the ordering score depend only on the final order, not on the first display order?"""
    question = _question("case-ordering")
    before = grade_response(question, response)
    shuffled_away_from_key(4, seed)
    assert grade_response(question, response) == before
    assert before.score == sum(1 for position, item in enumerate(response) if position == item) / 4


def test_inline_question_without_bank_context():
    """Can an inline question be graded without loading the bank (instructor tools, tests)?"""
    question = parse_question(
        {
            "id": "inline-tf",
            "type": "truefalse",
            "objective": "x",
            "difficulty": "easy",
            "prompt": "P",
            "answer": True,
            "explanation": "E",
            "references": ["anything"],
        }
    )
    assert grade_response(question, True).verdict == "correct"
