"""The cohort report: facility and discrimination match hand-computed values, bad files skipped."""

import csv
import io
import shutil
from pathlib import Path

import pytest

from microneedling_course.instructor.cohort import (
    cohort_statistics,
    read_cohort,
    upper_lower_discrimination,
)
from microneedling_course.instructor.report import trainees_csv, write_report
from microneedling_course.progress.record_export import TraineeRecord, write_exports

FIXTURES = Path(__file__).parent / "fixtures" / "records"


def _record(module, qid, score, minute):
    verdict = "correct" if score == 1 else "incorrect" if score == 0 else "partial"
    return {
        "module": module,
        "question_id": qid,
        "response": 0,
        "verdict": verdict,
        "score": score,
        "time": f"2026-03-01T10:{minute:02d}:00.000Z",
    }


def synthetic_cohort() -> list[TraineeRecord]:
    """Ten trainees T0..T9 whose statistics are worked out by hand in the tests below.

    Totals (mean first-attempt score over 5 questions): T0 .400, T1 .422, T2 .444, T3 .267,
    T4 .289, T5 .711, T6 .733, T7 .756, T8 .778, T9 .800. Groups of ceil(0.27 * 10) = 3:
    upper T9, T8, T7; lower T0, T4, T3.
    """
    trainees = []
    for i in range(10):
        records = [
            _record("mod-a", "q-rank", 1 if i >= 5 else 0, 1),
            _record("mod-a", "q-rank2", 1 if i >= 5 else 0, 2),
            _record("mod-a", "q-ladder", i / 9, 3),
            _record("mod-b", "q-inverse", 1 if i < 3 else 0, 4),
            _record("mod-b", "q-all", 1, 5),
        ]
        if i == 0:  # a later retake must not change the item statistics
            records.append(_record("mod-a", "q-rank", 1, 30))
        trainees.append(TraineeRecord(f"T{i}", f"t{i}", records, [], f"t{i}.json"))
    return trainees


@pytest.fixture
def cohort_report():
    return cohort_statistics(synthetic_cohort(), module_sizes={"mod-a": 3, "mod-b": 4})


def _question(report, qid):
    return next(q for q in report.questions if q.question_id == qid)


def test_facility_is_share_correct(cohort_report):
    """Is facility the share of trainees whose first answer was correct?"""
    assert _question(cohort_report, "q-rank").facility == pytest.approx(0.5)
    assert _question(cohort_report, "q-inverse").facility == pytest.approx(0.3)
    assert _question(cohort_report, "q-ladder").facility == pytest.approx(0.1)
    assert _question(cohort_report, "q-all").facility == pytest.approx(1.0)


def test_partial_credit_counts_in_mean_score_not_facility(cohort_report):
    """Does a partial answer raise the mean score but not the facility?"""
    ladder = _question(cohort_report, "q-ladder")
    assert ladder.mean_score == pytest.approx(0.5)  # (0 + 1/9 + ... + 9/9) / 10


def test_discrimination_hand_computed(cohort_report):
    """Is D the upper-27% share correct minus the lower-27% share, as worked out by hand?"""
    assert _question(cohort_report, "q-rank").discrimination == pytest.approx(1.0)
    assert _question(cohort_report, "q-ladder").discrimination == pytest.approx(1 / 3)
    assert _question(cohort_report, "q-inverse").discrimination == pytest.approx(-1 / 3)
    assert _question(cohort_report, "q-all").discrimination == pytest.approx(0.0)


def test_broken_looking_questions_are_flagged(cohort_report):
    """Are facility < 0.2, facility > 0.95 and negative discrimination flagged, and only those?"""
    flagged = {q.question_id: q.flags for q in cohort_report.questions if q.flags}
    assert set(flagged) == {"q-ladder", "q-all", "q-inverse"}
    assert "below 0.2" in flagged["q-ladder"][0]
    assert "above 0.95" in flagged["q-all"][0]
    assert "negative" in flagged["q-inverse"][0]


def test_completion_uses_bank_module_sizes(cohort_report):
    """Is completion counted against the module's size in the bank, not what was seen?"""
    t0 = cohort_report.trainees[0]
    assert t0.answered == {"mod-a": 3, "mod-b": 2}
    text = trainees_csv(cohort_report)
    rows = {(r["trainee"], r["module"]): r for r in csv.DictReader(io.StringIO(text))}
    assert rows[("T0", "mod-b")]["completion"] == "0.500"


def test_discrimination_needs_two_answers():
    """Is discrimination left undefined for a question only one trainee answered?"""
    assert upper_lower_discrimination({"a": True}, {"a": 1.0}) is None


def test_groups_never_overlap():
    """With three trainees, are the groups one each (not two overlapping)?"""
    correct = {"a": True, "b": True, "c": False}
    totals = {"a": 0.9, "b": 0.5, "c": 0.1}
    assert upper_lower_discrimination(correct, totals) == pytest.approx(1.0)


@pytest.fixture
def records_folder(tmp_path):
    """The committed fixture exports (good, truncated, wrong columns, not a record)."""
    folder = tmp_path / "records"
    shutil.copytree(FIXTURES, folder)
    return folder


def test_bad_files_are_skipped_by_name(records_folder, capsys):
    """Are broken files reported by name and skipped while the good ones are read?"""
    trainees, skipped = read_cohort(records_folder)
    names = {name for name, _ in skipped}
    assert names == {"truncated.json", "wrong-columns.csv", "not-a-record.json", "empty.json"}
    assert {t.name for t in trainees} == {"Ana Example", "Ben Example", "Cleo Example"}
    assert "skipped truncated.json" in capsys.readouterr().err


def test_json_and_csv_of_one_trainee_merge(tmp_path):
    """Do a trainee's JSON and CSV exports of the same answers count once, not twice?"""
    document = {
        "schema_version": 1,
        "trainee": {"name": "Dee", "id": "d1"},
        "records": [_record("mod-a", "q-rank", 1, 1)],
        "assessments": [],
    }
    write_exports(document, tmp_path)
    trainees, skipped = read_cohort(tmp_path)
    assert skipped == []
    assert len(trainees) == 1 and len(trainees[0].records) == 1


def test_report_files_written(cohort_report, tmp_path):
    """Are the two CSVs and a self-contained HTML page (figures as data URIs) written?"""
    paths = write_report(cohort_report, tmp_path)
    page = paths["html"].read_text()
    assert "data:image/png;base64," in page
    assert "http://" not in page and "https://" not in page
    rows = list(csv.DictReader(io.StringIO(paths["questions"].read_text())))
    assert {r["question_id"] for r in rows} == {
        "q-rank",
        "q-rank2",
        "q-ladder",
        "q-inverse",
        "q-all",
    }


def test_bank_module_overrides_record_module():
    """Is a site assessment answer (kept under final-assessment) counted in its bank module?"""
    trainee = TraineeRecord("A", "a", [_record("final-assessment", "q-rank", 1, 1)], [], "a.json")
    report = cohort_statistics([trainee], {"mod-a": 3}, question_modules={"q-rank": "mod-a"})
    assert report.questions[0].module == "mod-a"
    assert report.trainees[0].answered == {"mod-a": 1}
