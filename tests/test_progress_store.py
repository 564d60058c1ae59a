"""The progress store: every answer kept, atomic and locked writes, damaged files set aside."""

import json
import random
import signal
import subprocess
import sys
import time
import warnings

import pytest

from microneedling_course.progress.record_export import (
    RecordFileError,
    read_record_file,
    write_exports,
)
from microneedling_course.progress.store import (
    SCHEMA_VERSION,
    ProgressFileWarning,
    ProgressStore,
    default_progress_path,
    salvage_records,
    upgrade_document,
)

# A writer that records answers in a loop and prints each id once record_attempt has returned,
# so the parent knows which records were completed before it killed the process.
WRITER = """
import sys
from microneedling_course.progress.store import ProgressStore
store = ProgressStore(sys.argv[1])
prefix, count = sys.argv[2], int(sys.argv[3])
for n in range(count):
    qid = f"{prefix}-{n}"
    store.record_attempt("aftercare", qid, [n, "x" * 40], "correct", 1.0)
    print(qid, flush=True)
"""


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / "progress.json")


@pytest.fixture
def truncated_progress_file(tmp_path):
    """A file cut off mid-write by an older, non-atomic writer: two whole records, one half."""
    store = ProgressStore(tmp_path / "progress.json")
    store.record_attempt("aftercare", "aftercare-a", 0, "correct", 1)
    store.record_attempt("aftercare", "aftercare-b", [0, 2], "partial", 0.5)
    store.record_attempt("aftercare", "aftercare-c", 1, "incorrect", 0)
    text = store.path.read_text()
    store.path.write_text(text[: text.index('"aftercare-c"') + 5])
    return store.path


@pytest.fixture
def binary_garbage_file(tmp_path):
    path = tmp_path / "progress.json"
    path.write_bytes(b"\x00\xff\xfe garbage \x81")
    return path


def test_record_has_every_field(store):
    """Does a recorded answer keep module, question id, response, verdict, score and UTC time?"""
    store.record_attempt("skin-and-depth", "skin-eyelid-dermis", 0.6, "correct", 1)
    (record,) = store.records()
    assert record["module"] == "skin-and-depth"
    assert record["question_id"] == "skin-eyelid-dermis"
    assert record["response"] == 0.6
    assert record["verdict"] == "correct"
    assert record["score"] == 1.0
    assert record["time"].endswith("Z") and record["time"][10] == "T"


def test_file_is_schema_versioned(store):
    """Does the file on disk carry its schema version?"""
    store.record_attempt("aftercare", "aftercare-a", 0, "correct", 1)
    assert json.loads(store.path.read_text())["schema_version"] == SCHEMA_VERSION


def test_env_variable_moves_the_file(tmp_path, monkeypatch):
    """Does MNC_PROGRESS_PATH override the user data directory?"""
    monkeypatch.setenv("MNC_PROGRESS_PATH", str(tmp_path / "elsewhere.json"))
    assert default_progress_path() == tmp_path / "elsewhere.json"
    ProgressStore().record_attempt("aftercare", "aftercare-a", 0, "correct", 1)
    assert (tmp_path / "elsewhere.json").exists()


def test_default_path_is_in_user_data_dir(monkeypatch):
    """Without the override, is the file under the platform's data directory for the course?"""
    monkeypatch.delenv("MNC_PROGRESS_PATH", raising=False)
    assert "microneedling-course" in str(default_progress_path())


def test_invalid_verdict_is_refused(store):
    """Is a verdict outside the four known ones refused rather than stored?"""
    with pytest.raises(ValueError, match="verdict"):
        store.record_attempt("aftercare", "aftercare-a", 0, "maybe", 1)


def test_site_localstorage_shape_is_upgraded():
    """Is the site's bare {records: [...]} (schema 0) read as a version-1 document?"""
    record = {
        "module": "aftercare",
        "question_id": "aftercare-a",
        "response": 1,
        "verdict": "incorrect",
        "score": 0,
        "time": "2026-01-01T00:00:00.000Z",
    }
    document = upgrade_document({"records": [record]})
    assert document["schema_version"] == SCHEMA_VERSION
    assert document["records"] == [record]


def test_future_schema_is_refused():
    """Is a file from a newer course version refused instead of misread?"""
    with pytest.raises(ValueError, match="schema_version"):
        upgrade_document({"schema_version": SCHEMA_VERSION + 1, "records": []})


def test_truncated_file_is_set_aside_with_warning(truncated_progress_file):
    """Is a damaged file moved to progress.corrupt-<time>.json with a warning?"""
    store = ProgressStore(truncated_progress_file)
    with pytest.warns(ProgressFileWarning, match="kept as progress.corrupt-"):
        store.records()
    aside = list(truncated_progress_file.parent.glob("progress.corrupt-*.json"))
    assert len(aside) == 1


def test_truncated_file_whole_records_are_salvaged(truncated_progress_file):
    """Are the records that still parse in a damaged file kept in the fresh one?"""
    store = ProgressStore(truncated_progress_file)
    with pytest.warns(ProgressFileWarning, match="2 answer"):
        records = store.records()
    assert [r["question_id"] for r in records] == ["aftercare-a", "aftercare-b"]
    assert json.loads(truncated_progress_file.read_text())["records"] == records


def test_binary_garbage_never_raises(binary_garbage_file):
    """Does a file of binary garbage give a warning and a working store, never an exception?"""
    store = ProgressStore(binary_garbage_file)
    with pytest.warns(ProgressFileWarning):
        store.record_attempt("aftercare", "aftercare-a", 0, "correct", 1)
    assert len(store.records()) == 1


def test_salvage_ignores_non_record_objects():
    """Does salvage keep only objects shaped like attempt records?"""
    text = '{"trainee": {"name": "x"}, "records": [{"module": "m"}, ' + json.dumps(
        {
            "module": "m",
            "question_id": "q",
            "response": {"p": 1},
            "verdict": "partial",
            "score": 0.5,
            "time": "t",
        }
    )
    assert [r["question_id"] for r in salvage_records(text)] == ["q"]


def test_trainee_and_assessment_are_kept(store):
    """Are the trainee's name and an assessment result stored beside the answers?"""
    store.set_trainee("Ana García", "t-17")
    store.record_assessment({"attempt": 1, "score": 0.85, "passed": True})
    assert store.trainee() == {"name": "Ana García", "id": "t-17"}
    assert store.assessments()[0]["passed"] is True


def test_clear_forgets_everything(store):
    """Does clear() leave an empty, valid file?"""
    store.record_attempt("aftercare", "aftercare-a", 0, "correct", 1)
    store.clear()
    assert store.records() == []


def test_exports_read_back(store, tmp_path):
    """Do the JSON and CSV exports read back to the same answers and assessment?"""
    store.set_trainee("Ana", "t-1")
    store.record_attempt("aftercare", "aftercare-a", [0, 2], "partial", 0.5)
    store.record_attempt("aftercare", "aftercare-b", {"p1": True}, "correct", 1)
    store.record_assessment({"attempt_id": "a1", "score": 0.9, "passed": True})
    json_path, csv_path = write_exports(store.load(), tmp_path / "out")
    for path in (json_path, csv_path):
        back = read_record_file(path)
        assert back.name == "Ana" and back.trainee_id == "t-1"
        assert back.records == store.records()
        assert back.assessments[0]["passed"] is True


def test_unreadable_export_names_the_problem(tmp_path):
    """Does a broken export raise RecordFileError with a reason, not a raw exception?"""
    bad = tmp_path / "bad.csv"
    bad.write_text("kind,module\nattempt,aftercare\n")
    with pytest.raises(RecordFileError, match="missing the column"):
        read_record_file(bad)


@pytest.mark.slow
def test_sigkill_mid_write_never_loses_a_completed_record(tmp_path):
    """Killed at random 50 times, does the file stay readable with every completed record?"""
    path = tmp_path / "progress.json"
    completed = []
    rng = random.Random(20260101)
    for iteration in range(50):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), f"k{iteration}", "100000"],
            stdout=subprocess.PIPE,
            text=True,
        )
        completed.append(writer.stdout.readline().strip())  # at least one write has finished
        time.sleep(rng.uniform(0.0, 0.15))
        writer.send_signal(signal.SIGKILL)
        rest, _ = writer.communicate()
        completed.extend(line for line in rest.split() if line)
        with warnings.catch_warnings():
            warnings.simplefilter("error", ProgressFileWarning)
            on_disk = json.loads(path.read_text())
            recorded = {r["question_id"] for r in ProgressStore(path).records()}
        assert on_disk["schema_version"] == SCHEMA_VERSION
        assert set(completed) <= recorded, f"iteration {iteration} lost a record"
    assert not list(tmp_path.glob("progress.corrupt-*"))


@pytest.mark.slow
def test_two_concurrent_writers_keep_all_records(tmp_path):
    """Do two processes writing 150 records each at once leave all 300 in the file?"""
    path = tmp_path / "progress.json"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), name, "150"], stdout=subprocess.DEVNULL
        )
        for name in ("left", "right")
    ]
    for writer in writers:
        assert writer.wait(timeout=300) == 0
    ids = [r["question_id"] for r in ProgressStore(path).records()]
    assert len(ids) == 300
    assert set(ids) == {f"{n}-{i}" for n in ("left", "right") for i in range(150)}
