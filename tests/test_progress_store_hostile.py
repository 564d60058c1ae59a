"""The progress store on hostile input (tests/fixtures/hostile/progress and the special cases made
at run time): recording an answer never raises, nothing that is not a regular file is read or
written over, a salvage is linear, keeps the name and every result that parses, and is written
before the damaged file is kept aside; two progress files in one folder never disturb each other."""

import json
import os
import shutil
import stat
import subprocess
import sys
import warnings
from types import SimpleNamespace

import pytest

from microneedling_course.progress.store import (
    ProgressFileWarning,
    ProgressStore,
    record_graded_answer,
)
from tests.hostile_inputs import (
    committed,
    hang_guard,
    special_progress,
)

PROGRESS = committed("progress")
GRADE = SimpleNamespace(verdict="correct", score=1.0)
# The fixtures' full document: Ana Example (id ana), three answers, results ana-1 and ana-2.
ANSWERS = ["aftercare-makeup-wait", "aftercare-avoid-list", "skin-eyelid-dermis"]

WRITER = """
import sys
from microneedling_course.progress.store import ProgressStore
store = ProgressStore(sys.argv[1])
for n in range(int(sys.argv[3])):
    store.record_attempt("aftercare", f"{sys.argv[2]}-{n}", [n], "correct", 1.0)
"""


def copied(case: str, tmp_path) -> ProgressStore:
    path = tmp_path / "progress.json"
    shutil.copy(PROGRESS[case], path)
    return ProgressStore(path)


def answer(store: ProgressStore, question_id: str = "aftercare-new"):
    """Record one graded answer the way the quiz does; return (record or None, warnings)."""
    with warnings.catch_warnings(record=True) as caught, hang_guard(60, "recording an answer"):
        warnings.simplefilter("always")
        record = record_graded_answer("aftercare", question_id, 1, GRADE, store=store)
    return record, [str(w.message) for w in caught if w.category is ProgressFileWarning]


@pytest.mark.parametrize("case", sorted(PROGRESS))
def test_recording_never_raises_and_keeps_working(case, tmp_path):
    """On every hostile progress file, does recording an answer return it (never raise), and does
    the next answer save too (a deeply nested file once made every later answer fail)?"""
    store = copied(case, tmp_path)
    first, _ = answer(store, "aftercare-new-1")
    second, notices = answer(store, "aftercare-new-2")
    assert first is not None and second is not None
    assert notices == []
    ids = [r["question_id"] for r in store.records()]
    assert ids[-2:] == ["aftercare-new-1", "aftercare-new-2"]


@pytest.mark.parametrize("case", ["fifo", "link-to-dev-zero", "folder"])
def test_not_a_regular_file_is_refused_with_a_notice(case, tmp_path):
    """Is a FIFO, a link to /dev/zero or a folder at the progress path refused with a notice
    (no hang, no memory eaten), the answer not saved, and the path left as it was?"""
    path = special_progress(case, tmp_path)
    before = os.lstat(path)
    store = ProgressStore(path)
    record, notices = answer(store)
    assert record is None
    assert len(notices) == 1
    assert "not a regular file" in notices[0] or "is a folder" in notices[0]
    with warnings.catch_warnings(record=True) as caught, hang_guard(60, "loading"):
        warnings.simplefilter("always")
        assert store.load()["records"] == []
    assert any(w.category is ProgressFileWarning for w in caught)
    after = os.lstat(path)
    assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode)
    assert not list(tmp_path.glob("progress.corrupt-*"))


def test_salvage_of_2_mb_of_damage_is_linear(tmp_path):
    """Is a 2 MB file of records between runs of stray braces salvaged within the hang guard
    (linear: about a second; the old salvage took over ten minutes), every intact record kept?"""
    store = ProgressStore(special_progress("stray-braces-2-mb", tmp_path))
    with hang_guard(120, "salvaging 2 MB"), pytest.warns(ProgressFileWarning, match="recovered"):
        document = store.load()
    assert len(document["records"]) > 8000
    assert document["trainee"] == {"name": "Ana Example", "id": "ana"}


def test_bom_on_a_valid_file_loses_nothing(tmp_path):
    """Is a valid file with a UTF-8 BOM read as it is: no set-aside, name and results kept?"""
    store = copied("bom.json", tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ProgressFileWarning)
        document = store.load()
    assert document["trainee"]["name"] == "Ana Example"
    assert [a["attempt_id"] for a in document["assessments"]] == ["ana-1", "ana-2"]
    assert [r["question_id"] for r in document["records"]] == ANSWERS


@pytest.mark.parametrize(
    "case, results",
    [
        ("cut-in-results.json", ["ana-1"]),
        ("garbage-in-records.json", ["ana-1", "ana-2"]),
        ("assessment-score-text.json", ["ana-1", "ana-2"]),
    ],
)
def test_salvage_keeps_name_and_every_result_that_parses(case, results, tmp_path):
    """Does a salvage keep the trainee's name and id and every final-assessment result that
    still parses, beside the answers (it once kept the answers alone)?"""
    store = copied(case, tmp_path)
    with pytest.warns(ProgressFileWarning, match="kept as progress.corrupt-"):
        document = store.load()
    assert document["trainee"] == {"name": "Ana Example", "id": "ana"}
    assert [a["attempt_id"] for a in document["assessments"]] == results
    assert set(ANSWERS) - {"aftercare-avoid-list"} <= {
        r["question_id"] for r in document["records"]
    }
    assert json.loads(store.path.read_text(encoding="utf-8"))["trainee"]["name"] == "Ana Example"


class Interrupted(BaseException):
    """Stands for a kill or a power cut between two steps of a set-aside."""


@pytest.mark.parametrize("step", [1, 2, 3])
def test_interrupted_set_aside_never_leaves_no_file(step, tmp_path, monkeypatch):
    """Interrupted after each file-system step of a set-aside (the salvage, keeping the damaged
    file, putting the salvage in place), is there always a file at the path that holds either the
    damaged bytes or the salvage (the old order moved the file away first)?"""
    store = copied("cut-in-results.json", tmp_path)
    damaged = store.path.read_bytes()
    steps = {"count": 0}
    for name in ("replace", "link", "rename"):
        real = getattr(os, name)

        def counted(*args, _real=real, **kwargs):
            result = _real(*args, **kwargs)
            steps["count"] += 1
            if steps["count"] == step:
                raise Interrupted
            return result

        monkeypatch.setattr(os, name, counted)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            store.load()
        except Interrupted:
            pass
    monkeypatch.undo()
    assert store.path.is_file(), f"no progress file after step {step}"
    on_disk = store.path.read_bytes()
    kept = [p.read_bytes() for p in tmp_path.glob("progress.corrupt-*.json")]
    assert on_disk == damaged or damaged in kept


def test_lone_surrogate_round_trips(tmp_path):
    """Is a response holding a lone surrogate (which UTF-8 cannot carry) saved and read back as
    it was, instead of making every save raise?"""
    store = copied("lone-surrogate-response.json", tmp_path)
    record, notices = answer(store)
    assert record is not None and notices == []
    assert store.records()[0]["response"] == "\ud800"


@pytest.mark.slow
def test_two_progress_files_in_one_folder_written_at_once(tmp_path):
    """Do two processes writing two progress files in one folder, 150 answers each, keep all
    300 (each writer once deleted the other's temporary files)?"""
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path / f"{name}.json"), name, "150"],
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("left", "right")
    ]
    errors = [writer.communicate(timeout=300)[1] for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], errors
    for name in ("left", "right"):
        ids = [r["question_id"] for r in ProgressStore(tmp_path / f"{name}.json").records()]
        assert ids == [f"{name}-{n}" for n in range(150)]
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.usefixtures("fixture_course")
def test_assessment_shows_its_result_when_the_file_cannot_be_written(tmp_path):
    """With a FIFO where the progress file should be, does the final assessment still start,
    take every answer and show the trainee's result, with notices instead of a failure?"""
    from microneedling_course.progress.assessment_widget import FinalAssessment

    store = ProgressStore(special_progress("fifo", tmp_path))
    with warnings.catch_warnings(record=True) as caught, hang_guard(60, "the assessment"):
        warnings.simplefilter("always")
        assessment = FinalAssessment(store=store, export_folder=tmp_path / "exports")
        quiz = assessment.start("Ana")
        quiz.submit_all({})
    assert assessment.result["name"] == "Ana" and assessment.result["score"] == 0
    assert any("could not be saved" in str(w.message) for w in caught)
    assert stat.S_ISFIFO(os.lstat(store.path).st_mode)


def test_load_without_the_lock_reads_and_changes_nothing(tmp_path, monkeypatch):
    """When the lock cannot be taken (a read-only folder), does load show what can be read of a
    damaged file, with a notice, and leave the file as it was?"""
    store = copied("cut-in-results.json", tmp_path)
    damaged = store.path.read_bytes()

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(store.path) + ".lock")

    monkeypatch.setattr(store._lock, "acquire", refuse)
    with pytest.warns(ProgressFileWarning, match="nothing in it was changed"):
        document = store.load()
    assert document["trainee"]["name"] == "Ana Example" and len(document["records"]) == 3
    assert store.path.read_bytes() == damaged
    assert not list(tmp_path.glob("progress.corrupt-*"))
