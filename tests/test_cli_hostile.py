"""Every instructor command over the whole hostile collection, in-process through main(argv): no
traceback, no bug exit, one printable line per problem, exit 0 for what was done and non-zero
only for what could not be."""

import re
import shutil

import pytest

from microneedling_course.instructor.cli import main
from tests.hostile_inputs import (
    FIXTURE_COURSE,
    GOOD_MODULE,
    GOOD_RECORDS,
    SPECIAL_BANK_CASES,
    SPECIAL_PROGRESS_CASES,
    SPECIAL_RECORD_CASES,
    committed,
    hang_guard,
    special_bank,
    special_progress,
    special_record,
)

pytestmark = pytest.mark.usefixtures("fixture_course")

BANK_COMMANDS = (
    ["validate"],
    ["answer-key", "--out", "{out}"],
    ["export", "--format", "moodle-xml", "--out", "{out}"],
    ["export", "--format", "qti21", "--out", "{out}"],
    ["export", "--format", "gift", "--out", "{out}"],
    ["export", "--format", "scorm", "--out", "{out}", "--site", "{out}/no-site"],
)
LINE_STARTS = ("error: ", "note: ", "skipped ", "not exported: ")
UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\ud800-\udfff]")


def run(capsys, argv: list[str]) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of main(argv); any exception escaping main fails the test."""
    try:
        with hang_guard(120, " ".join(argv[:3])):
            code = main(argv)
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def check_clean(code: int, out: str, err: str) -> None:
    """No traceback, no bug exit, every message line printable and of a known kind."""
    assert "Traceback" not in err
    assert code != 70, err
    for line in (out + err).splitlines():
        assert not UNPRINTABLE.search(line), repr(line)
    for line in err.splitlines():
        assert line.startswith(LINE_STARTS), repr(line)


def bank_commands(folder, out) -> list[list[str]]:
    return [
        [part.format(out=out) for part in command] + ["--bank", str(folder)]
        for command in BANK_COMMANDS
    ]


@pytest.mark.parametrize("case", sorted(committed("banks")))
def test_every_bank_command_on_each_committed_bank(case, capsys, tmp_path):
    """Does each bank command refuse each hostile bank with exit 1 (and do every step of an
    accepted one, or say the site is missing for SCORM), without a traceback?"""
    for argv in bank_commands(committed("banks")[case], tmp_path / "out"):
        code, out, err = run(capsys, argv)
        check_clean(code, out, err)
        if not case.startswith("accepted-"):
            assert code == 1 and err.startswith("error: ") and out == "", (argv, err)
        elif argv[:3] != ["export", "--format", "scorm"]:
            assert code == 0, (argv, err)


@pytest.mark.parametrize("case", SPECIAL_BANK_CASES)
def test_every_bank_command_on_each_special_file(case, capsys, tmp_path, monkeypatch):
    """Folder, broken link, unreadable file, FIFO, /dev/zero and a 50 MB file named *.yml: is
    each refused by every bank command with exit 1 and one line naming it?"""
    folder = special_bank(case, tmp_path / "bank", monkeypatch)
    for argv in bank_commands(folder, tmp_path / "out"):
        code, out, err = run(capsys, argv)
        check_clean(code, out, err)
        assert code == 1 and "02-other.yml: " in err, (argv, err)


@pytest.mark.parametrize("case", sorted(committed("bibliographies")))
def test_every_bank_command_on_each_bibliography(case, capsys, tmp_path, monkeypatch):
    """With each hostile bibliography as the course's, does every bank command refuse it with
    exit 1 naming the entry (or use an accepted one in every step)?"""
    course = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE / "data", course / "data")
    (course / "book").mkdir()
    shutil.copy(committed("bibliographies")[case], course / "book" / "references.bib")
    monkeypatch.setenv("MNC_COURSE_ROOT", str(course))
    for argv in bank_commands(GOOD_MODULE.parent, tmp_path / "out"):
        code, out, err = run(capsys, argv)
        check_clean(code, out, err)
        if not case.startswith("accepted-"):
            assert code == 1 and "references.bib: " in err, (argv, err)
        elif argv[:3] != ["export", "--format", "scorm"]:
            assert code == 0, (argv, err)


@pytest.fixture
def records_folder(tmp_path, monkeypatch):
    folder = tmp_path / "records"
    folder.mkdir()
    for path in [*committed("records").values(), GOOD_RECORDS / "ana.json"]:
        shutil.copy(path, folder / path.name)
    for name in SPECIAL_RECORD_CASES:
        special_record(name, folder, monkeypatch)
    return folder


@pytest.mark.parametrize("bank", [[], ["--bank", "/nonexistent/bank"]], ids=["bank", "no-bank"])
def test_report_over_every_record_case(bank, records_folder, capsys, tmp_path):
    """Does `mncourse report` over all hostile records (with the bank, and with a bank that
    cannot be loaded) exit 0, list each bad file on one line and write the report?"""
    argv = ["report", str(records_folder), "--out", str(tmp_path / "report"), *bank]
    code, out, err = run(capsys, argv)
    check_clean(code, out, err)
    assert code == 0, err
    skipped = [line for line in err.splitlines() if line.startswith("skipped ")]
    refused = [name for name in committed("records") if not name.startswith("accepted-")]
    assert len(skipped) == len(refused) + len(SPECIAL_RECORD_CASES)
    assert (tmp_path / "report" / "report.html").is_file()


@pytest.mark.parametrize("case", sorted(committed("progress")))
def test_export_record_on_each_damaged_progress_file(case, capsys, tmp_path):
    """Does `export-record` on each damaged progress file exit 0 with a note and write the
    salvaged record (or the file as it was, when it is valid)?"""
    progress = tmp_path / "progress.json"
    shutil.copy(committed("progress")[case], progress)
    argv = ["export-record", "--progress-file", str(progress), "--out", str(tmp_path / "out")]
    code, out, err = run(capsys, argv)
    check_clean(code, out, err)
    assert code == 0, err
    assert len(list((tmp_path / "out").iterdir())) == 2


@pytest.mark.parametrize("case", SPECIAL_PROGRESS_CASES)
def test_export_record_on_each_special_progress_path(case, capsys, tmp_path):
    """A FIFO, /dev/zero, a folder: refused with exit 1 and one line (nothing to export); a
    2 MB damaged file: salvaged with a note, exit 0."""
    progress = special_progress(case, tmp_path)
    argv = ["export-record", "--progress-file", str(progress), "--out", str(tmp_path / "out")]
    code, out, err = run(capsys, argv)
    check_clean(code, out, err)
    if case == "stray-braces-2-mb":
        assert code == 0 and err.startswith("note: ")
    else:
        assert code == 1 and err.count("\n") == 1 and "progress.json" in err


def test_output_that_cannot_be_written_is_one_line(capsys, tmp_path):
    """When --out names a file, not a folder, is each writing command one error line, exit 1?"""
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way\n")
    commands = [
        ["answer-key", "--bank", str(GOOD_MODULE.parent), "--out", str(blocker / "keys")],
        ["report", str(GOOD_RECORDS), "--out", str(blocker / "report")],
        ["export-record", "--progress-file", str(GOOD_RECORDS / "ana.json")]
        + ["--out", str(blocker / "out")],
    ]
    for argv in commands:
        code, out, err = run(capsys, argv)
        check_clean(code, out, err)
        errors = [line for line in err.splitlines() if line.startswith("error: ")]
        assert code == 1 and len(errors) == 1 and "a-file" in errors[0], (argv, err)


def test_a_bug_is_one_line_and_its_own_exit_code(capsys, monkeypatch):
    """If a command ever meets an error nobody foresaw, is it still one line (naming the command
    and the error, asking for a report) with exit code 70, not a traceback?"""
    import microneedling_course.instructor.cli as cli

    def broken(args):
        raise RuntimeError("something nobody foresaw\x1b[2K")

    monkeypatch.setattr(cli, "_validate", broken)
    code, out, err = run(capsys, ["validate"])
    assert code == 70 and out == ""
    assert err == (
        "error: mncourse validate stopped on an unexpected problem (RuntimeError: something "
        "nobody foresaw\\x1b[2K); this is a bug, please report it\n"
    )
