"""The trainee's progress file: every graded answer and assessment result, written safely."""

import contextlib
import json
import os
import re
import tempfile
import warnings
from datetime import UTC, datetime
from pathlib import Path

import filelock
import platformdirs

SCHEMA_VERSION = 1
FILE_KIND = "microneedling-course-progress"
PATH_ENV = "MNC_PROGRESS_PATH"
APP_NAME = "microneedling-course"
RECORD_FIELDS = ("module", "question_id", "response", "verdict", "score", "time")
VERDICTS = ("correct", "partial", "incorrect", "unanswered")
LOCK_TIMEOUT_SECONDS = 30
_TEMP_PREFIX = ".progress-write-"


class ProgressFileWarning(UserWarning):
    """The progress file could not be read as it was and has been set aside or repaired."""


def default_progress_path() -> Path:
    """Where the progress file lives: MNC_PROGRESS_PATH, else the user's data directory."""
    override = os.environ.get(PATH_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "progress.json"


def utc_now_iso() -> str:
    """The time now as ISO-8601 UTC with milliseconds, shaped like JavaScript's toISOString."""
    now = datetime.now(UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def empty_document() -> dict:
    """A progress document with nothing recorded yet."""
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": FILE_KIND,
        "trainee": {"name": "", "id": ""},
        "records": [],
        "assessments": [],
    }


def make_record(module, question_id, response, verdict, score, time=None) -> dict:
    """One attempt record in the shape shared with the site's localStorage."""
    if verdict not in VERDICTS:
        raise ValueError(f"verdict must be one of {VERDICTS}, not {verdict!r}")
    score = float(score)
    if not 0.0 <= score <= 1.0:
        raise ValueError(f"score must be between 0 and 1, not {score}")
    return {
        "module": str(module),
        "question_id": str(question_id),
        "response": _json_safe(response),
        "verdict": verdict,
        "score": score,
        "time": time or utc_now_iso(),
    }


def is_record(value) -> bool:
    """Whether a parsed JSON value has the shape of one attempt record."""
    if not isinstance(value, dict) or not all(field in value for field in RECORD_FIELDS):
        return False
    score = value["score"]
    return (
        isinstance(value["module"], str)
        and isinstance(value["question_id"], str)
        and value["verdict"] in VERDICTS
        and isinstance(score, int | float)
        and not isinstance(score, bool)
        and 0 <= score <= 1
        and isinstance(value["time"], str)
    )


def upgrade_document(document: dict) -> dict:
    """Bring a parsed progress document to the current schema, one version step at a time."""
    if not isinstance(document, dict):
        raise ValueError("a progress document is a JSON object")
    version = document.get("schema_version", 0)
    if not isinstance(version, int) or version > SCHEMA_VERSION or version < 0:
        raise ValueError(f"unknown progress schema_version {version!r}")
    while version < SCHEMA_VERSION:
        document = _UPGRADES[version](document)
        version = document["schema_version"]
    return _checked_document(document)


def _upgrade_v0(document: dict) -> dict:
    """Version 0 is the bare {records: [...]} that the site keeps in localStorage."""
    if "records" not in document:
        raise ValueError("no records list: not a course progress record")
    upgraded = empty_document()
    upgraded["records"] = document["records"]
    upgraded["trainee"] = document.get("trainee") or upgraded["trainee"]
    upgraded["schema_version"] = 1
    return upgraded


_UPGRADES = {0: _upgrade_v0}


def _checked_document(document: dict) -> dict:
    records = document.get("records")
    if not isinstance(records, list) or not all(is_record(r) for r in records):
        raise ValueError("records must be a list of attempt records")
    assessments = document.get("assessments", [])
    if not isinstance(assessments, list) or not all(isinstance(a, dict) for a in assessments):
        raise ValueError("assessments must be a list of objects")
    trainee = document.get("trainee") or {}
    if not isinstance(trainee, dict):
        raise ValueError("trainee must be an object")
    checked = empty_document()
    checked["trainee"] = {"name": str(trainee.get("name", "")), "id": str(trainee.get("id", ""))}
    checked["records"] = records
    checked["assessments"] = assessments
    return checked


def salvage_records(text: str) -> list[dict]:
    """Every attempt record that still parses inside a damaged progress file, in file order."""
    decoder = json.JSONDecoder()
    found = []
    position = text.find("{")
    while position != -1:
        try:
            value, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError:
            position = text.find("{", position + 1)
            continue
        if is_record(value):
            found.append(value)
            position = text.find("{", end)
        else:
            position = text.find("{", position + 1)
    return found


class ProgressStore:
    """Reads and appends to one progress file; safe against two writers and a crash mid-write."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path is not None else default_progress_path()
        self._lock = filelock.FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT_SECONDS)

    def load(self) -> dict:
        """The whole progress document (an empty one when nothing was recorded)."""
        if not self.path.exists():
            return empty_document()
        with self._lock:
            return self._read_locked()

    def records(self) -> list[dict]:
        """Every attempt recorded so far, oldest first."""
        return self.load()["records"]

    def assessments(self) -> list[dict]:
        """Every final-assessment result recorded so far, oldest first."""
        return self.load()["assessments"]

    def trainee(self) -> dict:
        """The trainee's name and id as last set."""
        return self.load()["trainee"]

    def record_attempt(self, module, question_id, response, verdict, score, time=None) -> dict:
        """Append one graded answer and return the record written."""
        record = make_record(module, question_id, response, verdict, score, time)
        self._update(lambda document: document["records"].append(record))
        return record

    def record_assessment(self, result: dict) -> dict:
        """Append one final-assessment result (already JSON-safe) and return it."""
        result = _json_safe(dict(result))
        result.setdefault("time", utc_now_iso())
        self._update(lambda document: document["assessments"].append(result))
        return result

    def set_trainee(self, name: str, trainee_id: str = "") -> None:
        """Remember who this record belongs to, for the completion record and the export."""
        trainee = {"name": str(name).strip(), "id": str(trainee_id).strip()}
        self._update(lambda document: document.update(trainee=trainee))

    def clear(self) -> None:
        """Forget everything recorded in this file."""
        self._update(lambda document: document.update(empty_document()))

    def _update(self, change) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            self._remove_orphan_temp_files()
            document = self._read_locked() if self.path.exists() else empty_document()
            change(document)
            self._write_locked(document)

    def _read_locked(self) -> dict:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return empty_document()
        text = raw.decode("utf-8", errors="replace")
        try:
            return upgrade_document(json.loads(raw.decode("utf-8")))
        except (UnicodeDecodeError, json.JSONDecodeError, ValueError, TypeError, KeyError) as error:
            return self._set_aside(text, str(error))

    def _set_aside(self, text: str, reason: str) -> dict:
        """Move a damaged file out of the way, keep every record that still parses, and warn."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        aside = self.path.with_name(f"{self.path.stem}.corrupt-{stamp}{self.path.suffix}")
        os.replace(self.path, aside)
        salvaged = salvage_records(text)
        document = empty_document()
        document["records"] = salvaged
        self._write_locked(document)
        warnings.warn(
            f"Your progress file {self.path} was damaged ({reason}). "
            f"It was moved to {aside.name}; {len(salvaged)} answer(s) were recovered "
            "and a fresh file was started.",
            ProgressFileWarning,
            stacklevel=3,
        )
        return document

    def _write_locked(self, document: dict) -> None:
        data = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
        handle, temp_name = tempfile.mkstemp(
            prefix=_TEMP_PREFIX, suffix=".tmp", dir=str(self.path.parent)
        )
        try:
            with os.fdopen(handle, "wb") as temp_file:
                temp_file.write(data)
                temp_file.flush()
                os.fsync(temp_file.fileno())
            os.replace(temp_name, self.path)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        _fsync_directory(self.path.parent)

    def _remove_orphan_temp_files(self) -> None:
        # Temp files are only created while the lock is held, so any left now belong to a
        # writer that died mid-write; its old file is still intact.
        for orphan in self.path.parent.glob(_TEMP_PREFIX + "*.tmp"):
            orphan.unlink(missing_ok=True)


def _fsync_directory(directory: Path) -> None:
    # The rename is only durable once the directory entry is on disk; some filesystems refuse.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    with contextlib.suppress(OSError):
        os.fsync(fd)
    os.close(fd)


def _json_safe(value):
    """A response as plain JSON values (tuples become lists, numpy-like numbers become floats)."""
    return json.loads(json.dumps(value, default=_fallback_json))


def _fallback_json(value):
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, set | frozenset):
        return sorted(value)
    return str(value)


_TRAINEE_FILE_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


def trainee_file_stem(name: str, trainee_id: str = "") -> str:
    """A file-name-safe stem for a trainee's export (e.g. 'progress-ana-garcia')."""
    label = "-".join(part for part in (trainee_id, name) if part).strip().lower()
    slug = _TRAINEE_FILE_CHARS.sub("-", label).strip("-")
    return f"progress-{slug}" if slug else "progress"


def record_graded_answer(
    module: str, question_id: str, response, grade, store: "ProgressStore | None" = None
) -> dict | None:
    """Record one graded quiz answer (in the default store unless given one); warn, never raise,
    if it cannot be saved."""
    try:
        return (store or ProgressStore()).record_attempt(
            module, question_id, response, grade.verdict, grade.score
        )
    except (OSError, filelock.Timeout) as error:
        warnings.warn(
            f"Your answer was graded but could not be saved to your progress file: {error}",
            ProgressFileWarning,
            stacklevel=2,
        )
        return None
