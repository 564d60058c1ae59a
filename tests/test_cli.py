"""The instructor command line, run end to end as a trainee's instructor would (subprocesses)."""

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
RECORDS = Path(__file__).parent / "fixtures" / "records"
COMMANDS = ("validate", "answer-key", "export", "report", "export-record")


def run(*args, env=None, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "microneedling_course", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        check=False,
    )


@pytest.fixture
def demo_bank(tmp_path):
    """A bank folder holding only the course's demonstration module (one question of each type)."""
    bank = tmp_path / "demo-bank"
    bank.mkdir()
    shutil.copy(REPO / "quizzes" / "00-how-to-use.yml", bank / "00-how-to-use.yml")
    return str(bank)


@pytest.fixture
def broken_bank(tmp_path):
    """A bank folder whose only file has a question with an unknown type."""
    bank = tmp_path / "bank"
    bank.mkdir()
    shutil.copy(REPO / "quizzes" / "00-how-to-use.yml", bank / "00.yml")
    text = (bank / "00.yml").read_text()
    (bank / "00.yml").write_text(text.replace("type: numeric", "type: numerik", 1))
    return bank


@pytest.mark.parametrize("command", COMMANDS)
def test_help_for_each_command(command):
    """Does every command answer --help with its usage and exit 0?"""
    result = run(command, "--help")
    assert result.returncode == 0
    assert f"usage: mncourse {command}" in result.stdout


def test_console_script_is_installed():
    """Is the `mncourse` console script installed beside this Python and working?"""
    script = Path(sys.executable).parent / "mncourse"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "validate" in result.stdout


def test_validate_passes_on_the_course_bank():
    """Does the course's own bank validate?"""
    result = run("validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("bank OK")


def test_validate_fails_with_located_error(broken_bank):
    """Does a broken bank exit 1 with one line naming file, question and field?"""
    result = run("validate", "--bank", str(broken_bank))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "00.yml" in lines[0] and "how-to-use-session-interval" in lines[0]
    assert "'type'" in lines[0]


def test_answer_key_defaults_to_instructor_out(tmp_path, demo_bank):
    """Does answer-key write HTML and Markdown per module into ./instructor-out by default?"""
    result = run("answer-key", "--bank", demo_bank, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "instructor-out" / "answer-key"
    assert sorted(p.name for p in folder.iterdir()) == ["how-to-use.html", "how-to-use.md"]
    assert "how-to-use-median-needle-length" in (folder / "how-to-use.md").read_text()


def test_answer_key_unknown_module(tmp_path, demo_bank):
    """Does an unknown --module fail with a message, not a traceback?"""
    result = run("answer-key", "--bank", demo_bank, "--module", "nope", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "no module 'nope'" in result.stderr and "Traceback" not in result.stderr


def test_export_moodle_end_to_end(tmp_path, demo_bank):
    """Does `export --format moodle-xml` write a parseable file holding every demo question?"""
    out = tmp_path / "moodle.xml"
    result = run("export", "--bank", demo_bank, "--format", "moodle-xml", "--out", str(out))
    assert result.returncode == 0, result.stderr
    names = {q.findtext("name/text") for q in ET.parse(out).getroot().findall("question")}
    assert "how-to-use-healing-phases" in names and "how-to-use-eyelid-case-depth" in names


def test_export_qti_end_to_end(tmp_path, demo_bank):
    """Does `export --format qti21` into a folder write a zip with a manifest?"""
    result = run("export", "--bank", demo_bank, "--format", "qti21", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    (package,) = tmp_path.glob("*.zip")
    with zipfile.ZipFile(package) as archive:
        assert "imsmanifest.xml" in archive.namelist()


def test_export_gift_reports_ordering_on_stderr(tmp_path, demo_bank):
    """Are ordering questions named on stderr when exporting GIFT?"""
    result = run(
        "export",
        "--bank",
        demo_bank,
        "--format",
        "gift",
        "--module",
        "how-to-use",
        "--out",
        str(tmp_path),
    )
    assert result.returncode == 0
    assert "not exported: how-to-use-healing-phases" in result.stderr
    assert "NOT EXPORTED how-to-use-healing-phases" in result.stdout


def test_report_end_to_end(tmp_path):
    """Does `report` read the fixture folder, skip the bad files by name and write three files?"""
    result = run("report", str(RECORDS), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("3 trainee(s), 4 file(s) skipped")
    assert "skipped truncated.json" in result.stderr
    assert {p.name for p in tmp_path.iterdir()} == {"questions.csv", "trainees.csv", "report.html"}


def test_report_on_missing_folder(tmp_path):
    """Is a missing records folder a clear error?"""
    result = run("report", str(tmp_path / "nope"))
    assert result.returncode == 2 and "is not a folder" in result.stderr


def test_export_record_for_trainee(tmp_path):
    """Does export-record write the trainee's JSON and CSV from MNC_PROGRESS_PATH?"""
    progress = tmp_path / "progress.json"
    shutil.copy(RECORDS / "ana.json", progress)
    result = run(
        "export-record", "--out", str(tmp_path / "out"), env={"MNC_PROGRESS_PATH": str(progress)}
    )
    assert result.returncode == 0, result.stderr
    exported = json.loads((tmp_path / "out" / "progress-ana-ana-example.json").read_text())
    assert exported["trainee"]["name"] == "Ana Example"
    assert (tmp_path / "out" / "progress-ana-ana-example.csv").exists()
