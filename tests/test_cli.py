"""The instructor command line: every command run in-process through main(argv) on the fixture
course, plus one smoke test of the installed `mncourse` script in a subprocess."""

import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from microneedling_course.instructor.cli import main

RECORDS = Path(__file__).parent / "fixtures" / "records"
COMMANDS = ("validate", "answer-key", "export", "report", "export-record")

pytestmark = pytest.mark.usefixtures("fixture_course")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of one command run through main()."""
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def demo_bank(fixture_course) -> str:
    """The fixture course's bank folder (three modules, one question of each type in `demo`)."""
    return str(fixture_course / "quizzes")


@pytest.fixture
def broken_bank(tmp_path, demo_bank):
    """A bank folder whose only file has a question with an unknown type."""
    bank = tmp_path / "bank"
    bank.mkdir()
    text = (Path(demo_bank) / "01-demo.yml").read_text(encoding="utf-8")
    (bank / "01.yml").write_text(text.replace("type: numeric", "type: numerik", 1))
    return bank


@pytest.mark.parametrize("command", COMMANDS)
def test_help_for_each_command(capsys, command):
    """Does every command answer --help with its usage and exit 0?"""
    code, out, _ = run(capsys, command, "--help")
    assert code == 0
    assert f"usage: mncourse {command}" in out


def test_unknown_command_is_a_usage_error(capsys):
    """Does a misspelt command exit 2 with argparse's usage message?"""
    code, _, err = run(capsys, "valdiate")
    assert code == 2 and "invalid choice: 'valdiate'" in err


def test_validate_passes_on_a_good_bank(capsys):
    """Does validate (on the default bank, here the fixture course's) say OK with the counts?"""
    code, out, err = run(capsys, "validate")
    assert code == 0, err
    assert out == "bank OK: 3 module(s), 11 question(s) (2 case part(s)), 5 objective(s)\n"


def test_validate_fails_with_located_error(capsys, broken_bank):
    """Does a broken bank exit 1 with one line naming file, question and field?"""
    code, _, err = run(capsys, "validate", "--bank", str(broken_bank))
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert "01.yml" in lines[0] and "demo-numeric" in lines[0] and "'type'" in lines[0]


def test_missing_course_content_is_one_clear_line(capsys, tmp_path, monkeypatch):
    """With MNC_COURSE_ROOT naming a folder without the course, is validate one error line?"""
    monkeypatch.setenv("MNC_COURSE_ROOT", str(tmp_path))
    code, _, err = run(capsys, "validate")
    assert code == 2
    assert err.startswith("error: course content not found") and err.count("\n") == 1
    assert "MNC_COURSE_ROOT" in err


def test_answer_key_defaults_to_instructor_out(capsys, tmp_path, monkeypatch, demo_bank):
    """Does answer-key write HTML and Markdown per module into ./instructor-out by default?"""
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "answer-key", "--bank", demo_bank, "--module", "demo")
    assert code == 0, err
    folder = tmp_path / "instructor-out" / "answer-key"
    assert sorted(p.name for p in folder.iterdir()) == ["demo.html", "demo.md"]
    assert "demo-single" in (folder / "demo.md").read_text()


def test_answer_key_unknown_module(capsys, tmp_path, demo_bank):
    """Does an unknown --module fail with a message, not a traceback?"""
    code, _, err = run(capsys, "answer-key", "--bank", demo_bank, "--module", "nope")
    assert code == 2
    assert "no module 'nope'" in err and "Traceback" not in err


def test_export_moodle_end_to_end(capsys, tmp_path, demo_bank):
    """Does `export --format moodle-xml` write a parseable file holding every demo question?"""
    out = tmp_path / "moodle.xml"
    code, _, err = run(
        capsys, "export", "--bank", demo_bank, "--format", "moodle-xml", "--out", str(out)
    )
    assert code == 0, err
    names = {q.findtext("name/text") for q in ET.parse(out).getroot().findall("question")}
    assert "demo-ordering" in names and "demo-case-depth" in names


def test_export_qti_end_to_end(capsys, tmp_path, demo_bank):
    """Does `export --format qti21` into a folder write a zip with a manifest?"""
    code, _, err = run(
        capsys, "export", "--bank", demo_bank, "--format", "qti21", "--out", str(tmp_path)
    )
    assert code == 0, err
    (package,) = tmp_path.glob("*.zip")
    with zipfile.ZipFile(package) as archive:
        assert "imsmanifest.xml" in archive.namelist()


def test_export_gift_reports_ordering_on_stderr(capsys, tmp_path, demo_bank):
    """Are ordering questions named on stderr (and in the summary) when exporting GIFT?"""
    argv = ["export", "--bank", demo_bank, "--format", "gift", "--module", "demo"]
    code, out, err = run(capsys, *argv, "--out", str(tmp_path))
    assert code == 0
    assert "not exported: demo-ordering" in err
    assert "NOT EXPORTED demo-ordering" in out


def test_report_end_to_end(capsys, tmp_path):
    """Does `report` read the fixture folder, skip the bad files by name and write three files?"""
    code, out, err = run(capsys, "report", str(RECORDS), "--out", str(tmp_path))
    assert code == 0, err
    assert out.startswith("3 trainee(s), 4 file(s) skipped")
    assert "skipped truncated.json" in err
    assert {p.name for p in tmp_path.iterdir()} == {"questions.csv", "trainees.csv", "report.html"}


def test_report_on_missing_folder(capsys, tmp_path):
    """Is a missing records folder a clear error?"""
    code, _, err = run(capsys, "report", str(tmp_path / "nope"))
    assert code == 2 and "is not a folder" in err


def test_export_record_for_trainee(capsys, tmp_path, monkeypatch):
    """Does export-record write the trainee's JSON and CSV from MNC_PROGRESS_PATH?"""
    progress = tmp_path / "progress.json"
    shutil.copy(RECORDS / "ana.json", progress)
    monkeypatch.setenv("MNC_PROGRESS_PATH", str(progress))
    code, _, err = run(capsys, "export-record", "--out", str(tmp_path / "out"))
    assert code == 0, err
    exported = json.loads((tmp_path / "out" / "progress-ana-ana-example.json").read_text())
    assert exported["trainee"]["name"] == "Ana Example"
    assert (tmp_path / "out" / "progress-ana-ana-example.csv").exists()


def test_installed_script_and_module_run(tmp_path):
    """Smoke test: do the installed `mncourse` script and `python -m microneedling_course` both
    run validate in a subprocess, with the fixture course from the environment?"""
    script = Path(sys.executable).parent / "mncourse"
    for command in ([str(script)], [sys.executable, "-m", "microneedling_course"]):
        result = subprocess.run(
            [*command, "validate"],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=False,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("bank OK: 3 module(s)")
