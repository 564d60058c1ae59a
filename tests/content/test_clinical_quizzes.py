"""Quiz questions draw only on what their lesson (or an earlier one) teaches, keyed honestly."""

import re

import pytest
from clinical_texts import all_questions, keys_taught_up_to, question_references, question_text

QUESTIONS = all_questions()


def _flat(question: dict) -> list[dict]:
    return [question, *(question.get("parts") or [])]


def _correct_options(question: dict) -> list[str]:
    answer = question.get("answer")
    if question.get("type") not in ("single", "multiple") or answer is None:
        return []
    letters = answer if isinstance(answer, list) else [answer]
    options = question.get("options") or []
    return [options[ord(letter) - ord("A")]["text"] for letter in letters]


@pytest.mark.parametrize(
    ("lesson", "question"),
    [pytest.param(lesson, question, id=question["id"]) for lesson, question in QUESTIONS],
)
def test_a_question_cites_only_what_its_lesson_or_an_earlier_one_teaches(lesson, question):
    """Is every reference a question cites also cited in its own lesson or an earlier one (M6)?"""
    assert question_references(question) - keys_taught_up_to(lesson) == set()


def test_jurisdiction_questions_come_only_after_the_regulation_lesson():
    """Do questions on Scotland's or England's rules sit in lesson 6 or later only (M6)?"""
    early = [
        question["id"]
        for lesson, question in QUESTIONS
        if lesson < 6 and re.search(r"Scotland|Scottish|England", question_text(question))
    ]
    assert early == []


def test_sunscreen_on_the_treatment_day_is_never_keyed_as_settled():
    """Is no treatment-day answer keyed to a sunscreen, unless it defers to the protocol (M7)?"""
    for _, question in QUESTIONS:
        for item in _flat(question):
            if "treatment day" not in item.get("prompt", ""):
                continue
            for text in _correct_options(item):
                if "sunscreen" in text.lower():
                    assert "protocol" in text, item["id"]


def test_approximate_periods_are_graded_with_a_tolerance():
    """Is a numeric answer the prompt calls 'about' graded with a tolerance above zero (m19)?"""
    for _, question in QUESTIONS:
        for item in _flat(question):
            if item.get("type") == "numeric" and re.search(
                r"\babout\b", item.get("prompt", ""), re.I
            ):
                assert item.get("tolerance", 0) > 0, item["id"]


def test_no_correct_answer_teaches_sun_avoidance_before_treatment():
    """Is no keyed answer a sun protection before treatment, which no lesson teaches (m18)?"""
    for _, question in QUESTIONS:
        for item in _flat(question):
            for text in _correct_options(item):
                assert "before and after" not in text, item["id"]


def test_the_aust_self_rating_belongs_to_the_german_patients():
    """Where a question quotes Aust's 60 to 80%, does it say only German patients rated it (m7)?"""
    for _, question in QUESTIONS:
        for item in _flat(question):
            prompt = item.get("prompt", "")
            if "60 to 80%" in prompt:
                assert "German" in prompt, item["id"]


def test_no_question_adds_a_histology_epidermis_to_an_ultrasound_dermis():
    """Does no question ask the trainee to add values from two methods together (m3)?"""
    for _, question in QUESTIONS:
        for item in _flat(question):
            prompt = item.get("prompt", "")
            if "ultrasound" in prompt and "dermis" in prompt and item.get("type") == "numeric":
                assert "epidermis as about" not in prompt, item["id"]


def test_cold_sore_case_in_the_quiz_agrees_with_the_screening_lab():
    """Does the quiz refer the recurrent-cold-sore client, as the screening lab does (C1)?"""
    case = next(question for _, question in QUESTIONS if question["id"] == "risks-case-cold-sore")
    (decision,) = [part for part in case["parts"] if part["id"] == "risks-case-cold-sore-today"]
    (keyed,) = _correct_options(decision)
    assert "refer" in keyed and "prescriber" in keyed


def test_the_verdict_matching_question_has_no_near_synonyms():
    """Do the claim verdicts of the matching question each carry a distinguishing reason (m21)?"""
    question = next(
        question for _, question in QUESTIONS if question["id"] == "myths-verdict-match"
    )
    rights = [pair["right"] for pair in question["pairs"]]
    assert all(":" in right for right in rights) and len(set(rights)) == len(rights)
