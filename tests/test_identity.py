"""One trainee identity for the assessment draw, the retake count and the merged cohort record."""

import pytest

from microneedling_course.core.identity import trainee_identity
from microneedling_course.progress.assessment import trainee_seed
from microneedling_course.progress.record_export import TraineeRecord
from microneedling_course.progress.store import ProgressStore

pytestmark = pytest.mark.usefixtures("fixture_course")


@pytest.mark.parametrize(
    "typed",
    [
        "Ana García",
        "Ana  García",
        " ana garcía ",
        "ANA\tGARCÍA",
        "Ana\u00a0García",
        "Ａｎａ García",
    ],
    ids=["plain", "two-spaces", "padded-lower", "tab-upper", "no-break-space", "full-width"],
)
def test_spacing_case_and_width_name_one_trainee(typed):
    """Do spacing, case and Unicode width variants of a name give the same identity?"""
    assert trainee_identity(typed) == "ana garcía"


def test_trainee_id_wins_over_the_name():
    """When a trainee id is given, is it the identity, whatever name is typed with it?"""
    assert trainee_identity("Ana García", " T-042 ") == trainee_identity("A. Garcia", "t-042")
    assert trainee_identity("Ana García", "T-042") == "t-042"


def test_blank_id_falls_back_to_the_name():
    """Is an id of spaces only treated as no id at all?"""
    assert trainee_identity("Ben", "   ") == "ben"
    assert trainee_identity("", "") == ""


def test_seed_follows_the_identity():
    """Does the assessment seed depend on the identity (not the spacing) and on the attempt?"""
    assert trainee_seed("Ana  García", 1) == trainee_seed("ana garcía", 1)
    assert trainee_seed("Ana García", 1) != trainee_seed("Ana García", 2)


def test_records_of_one_trainee_merge_under_one_key():
    """Do two exports of one trainee, typed differently, share the key the report merges on?"""
    first = TraineeRecord("Ana  García", "", [], source="ana.json")
    second = TraineeRecord("ana garcía", "", [], source="ana.csv")
    assert first.key == second.key == "ana garcía"
    assert TraineeRecord("", "", [], source="Anon.JSON").key == "anon.json"


def test_retake_typed_with_one_space_is_attempt_two_with_a_new_draw(tmp_path):
    """After a first attempt typed "Ana  Garcia" (two spaces), is "Ana Garcia" attempt 2, with a
    different seed and a different set of questions?"""
    from microneedling_course.progress.assessment_widget import FinalAssessment

    assessment = FinalAssessment(store=ProgressStore(tmp_path / "progress.json"))
    first = assessment.start("Ana  Garcia")
    first_ids, first_seed = list(assessment.question_ids), assessment.seed
    first.submit_all({})
    assert assessment.result["attempt"] == 1

    assessment.start("Ana Garcia")
    assert assessment.attempt == 2
    assert assessment.seed != first_seed
    assert assessment.question_ids != first_ids


def test_another_trainee_starts_at_attempt_one(tmp_path):
    """Does a different trainee on the same computer start at attempt 1, not at the next number?"""
    from microneedling_course.progress.assessment_widget import FinalAssessment

    assessment = FinalAssessment(store=ProgressStore(tmp_path / "progress.json"))
    assessment.start("Ana Garcia").submit_all({})
    assessment.start("Ben Okafor")
    assert assessment.attempt == 1
