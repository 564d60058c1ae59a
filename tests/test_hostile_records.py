"""Trainee records on hostile input (tests/fixtures/hostile/records and the cases made at run
time): each bad file is skipped with its reason, the cohort report is written from the others,
and every CSV the report writes is safe to open in a spreadsheet."""

import csv
import io
import shutil

import pytest

from microneedling_course.instructor.cohort import cohort_statistics, read_cohort
from microneedling_course.instructor.report import questions_csv, trainees_csv, write_report
from microneedling_course.progress.record_export import RecordFileError, read_record_file
from tests.hostile_inputs import (
    GOOD_RECORDS,
    SPECIAL_RECORD_CASES,
    committed,
    hang_guard,
    special_record,
)

RECORDS = committed("records")
REFUSED = sorted(name for name in RECORDS if not name.startswith("accepted-"))
ACCEPTED = sorted(name for name in RECORDS if name.startswith("accepted-"))
SPECIAL_REASONS = {
    "folder-named.json": "is a folder, not a file",
    "broken-link.json": "is a broken link",
    "unreadable.csv": "cannot be read (permission denied)",
    "fifo.csv": "is a named pipe (FIFO), not a regular file",
    "link-to-dev-zero.json": "is a device, not a regular file",
    "csv-cell-of-200-kb.csv": "line 2: a cell is longer than the limit of 20,000 characters",
    "record-of-17-mib.json": "over the limit of 16 MiB",
}
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def cohort_folder(tmp_path, monkeypatch):
    """Every hostile record, every special case and two good trainees (Ana, Ben) in one folder."""
    folder = tmp_path / "records"
    folder.mkdir()
    for path in [*RECORDS.values(), GOOD_RECORDS / "ana.json", GOOD_RECORDS / "ben.csv"]:
        shutil.copy(path, folder / path.name)
    for name in SPECIAL_RECORD_CASES:
        special_record(name, folder, monkeypatch)
    return folder


@pytest.mark.parametrize("case", REFUSED)
def test_bad_record_file_raises_only_record_file_error(case):
    """Does each bad trainee file give RecordFileError with a one-line reason, nothing else?"""
    with hang_guard(60, case), pytest.raises(RecordFileError) as refused:
        read_record_file(RECORDS[case])
    assert "\n" not in str(refused.value) and str(refused.value)


@pytest.mark.parametrize("case", ACCEPTED)
def test_accepted_record_file_reads(case):
    """Is each accepted oddity (a BOM, a null name, formula-like cells, $ and % in a module, a
    non-ASCII digit in a name) read as a record with answers?"""
    record = read_record_file(RECORDS[case])
    assert record.records


@pytest.mark.parametrize("case", SPECIAL_RECORD_CASES)
def test_special_record_file_is_refused_by_reason(case, tmp_path, monkeypatch):
    """Is a folder, a broken link, an unreadable file, a FIFO, a link to /dev/zero, a 200 KB CSV
    cell or a 17 MiB file refused with its reason, without a hang or unbounded memory?"""
    path = special_record(case, tmp_path, monkeypatch)
    with hang_guard(60, case), pytest.raises(RecordFileError) as refused:
        read_record_file(path)
    assert SPECIAL_REASONS[case] in str(refused.value)


def test_cohort_lists_each_bad_file_and_reports_on_the_rest(cohort_folder, capsys):
    """Does read_cohort skip exactly the bad files (each by name, with a reason on stderr) and
    read every good and accepted one?"""
    with hang_guard(120, "read_cohort"):
        trainees, skipped = read_cohort(cohort_folder)
    assert {name for name, _ in skipped} == set(REFUSED) | set(SPECIAL_RECORD_CASES)
    assert all(reason for _, reason in skipped)
    err = capsys.readouterr().err
    assert all(f"skipped {name}: " in err for name in REFUSED)
    names = {t.name for t in trainees}
    assert {"Ana Example", "Ben Example", "Trainee 1\u00b2", "Dollar Percent"} <= names
    assert len(trainees) == 2 + len(ACCEPTED)


@pytest.mark.parametrize("module_sizes", [None, {"aftercare": 3}], ids=["no-bank", "bank"])
def test_report_is_written_from_the_readable_files(cohort_folder, tmp_path, module_sizes):
    """With or without the bank's module sizes, is the whole report (two CSVs and the page with
    its charts: module ids with $ and % are text, not mathtext) written from the readable files?"""
    trainees, skipped = read_cohort(cohort_folder)
    report = cohort_statistics(trainees, module_sizes, {}, skipped)
    paths = write_report(report, tmp_path / "out")
    page = paths["html"].read_text(encoding="utf-8")
    assert "TCA $35%$" in page and "csv-deep-nesting.csv" in page


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_report_csvs_are_spreadsheet_safe(cohort_folder):
    """Does no cell of either CSV start with = + - @ tab or CR, while the names, question ids and
    modules that did are still there behind a leading quote?"""
    trainees, skipped = read_cohort(cohort_folder)
    report = cohort_statistics(trainees, None, {}, skipped)
    for text in (questions_csv(report), trainees_csv(report)):
        for row in _cells(text):
            for cell in row:
                assert not cell.startswith(FORMULA_LEADS), cell
    questions = {row[0] for row in _cells(questions_csv(report))}
    assert {"'@SUM(A1)", "'=1+1", "'-qid"} <= questions
    trainee_cells = {row[0] for row in _cells(trainees_csv(report))}
    assert '\'=HYPERLINK("http://example.invalid","x")' in trainee_cells


def test_carriage_return_in_a_name_never_starts_a_row(cohort_folder):
    """Does a name holding CR, LF, a comma and '=' stay inside one cell of one row?"""
    trainees, skipped = read_cohort(cohort_folder)
    report = cohort_statistics(trainees, {"aftercare": 3}, {}, skipped)
    rows = _cells(trainees_csv(report))
    assert all(len(row) == 6 for row in rows)
    assert ["Eve\r=1+1,Mallory\nrow"] == [row[0] for row in rows if row[0].startswith("Eve")]


def test_names_with_any_digits_sort(cohort_folder):
    """Do names with superscript or other-script digits sort beside plain ones ('1²' once raised
    ValueError and stopped the report)?"""
    trainees, skipped = read_cohort(cohort_folder)
    labels = [t.label for t in cohort_statistics(trainees, None, {}, skipped).trainees]
    assert "Trainee 1\u00b2" in labels


def test_files_past_the_file_limit_are_listed_not_read(tmp_path, monkeypatch, capsys):
    """With more files than a report reads, are the first read and the rest named as skipped?"""
    import microneedling_course.instructor.cohort as cohort

    monkeypatch.setattr(cohort, "MAX_RECORD_FILES", 1)
    for name in ("a.json", "b.json", "c.json"):
        shutil.copy(GOOD_RECORDS / "ana.json", tmp_path / name)
    trainees, skipped = read_cohort(tmp_path)
    assert len(trainees) == 1
    assert skipped == [("2 file(s) after a.json", "not read: a report reads at most 1 files")]


def test_answers_past_the_answer_limit_are_listed_not_held(tmp_path, monkeypatch):
    """Past the answers a report holds in memory, is each further file skipped by name?"""
    import microneedling_course.instructor.cohort as cohort

    monkeypatch.setattr(cohort, "MAX_COHORT_ANSWERS", 4)
    shutil.copy(GOOD_RECORDS / "ana.json", tmp_path / "a.json")  # three answers
    shutil.copy(GOOD_RECORDS / "ben.csv", tmp_path / "b.csv")  # two more
    trainees, skipped = read_cohort(tmp_path)
    assert [t.name for t in trainees] == ["Ana Example"]
    assert skipped == [("b.csv", "not read: a report holds at most 4 answers")]
