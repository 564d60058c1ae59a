"""The trainee's progress file: every graded answer and assessment result, written safely.

Writes are locked and atomic (a temporary file of this progress file's own, fsynced, renamed into
place). A file that cannot be read is never fatal: a damaged one is salvaged (progress/salvage.py)
into a new file, which replaces it only after the old one is kept under another name; anything
that is not a regular file (a FIFO, a device, a link to /dev/zero) is refused with a notice and
never written over. Sizes and depths are bounded by core/input_limits.py.
"""

import contextlib
import glob
import json
import os
import re
import tempfile
import warnings
from datetime import UTC, datetime
from pathlib import Path

import filelock
import platformdirs

from microneedling_course.core.input_limits import (
    MAX_PROGRESS_FILE_BYTES,
    InputRefused,
    bounded_json,
    is_regular_file,
    read_bounded_file,
)

# The document's shape lives in progress_document; its names stay importable from here.
from microneedling_course.progress.progress_document import (  # noqa: F401
    FILE_KIND,
    RECORD_FIELDS,
    SCHEMA_VERSION,
    VERDICTS,
    _json_safe,
    empty_document,
    is_assessment,
    is_label,
    is_record,
    is_score,
    is_trainee,
    make_record,
    record_problem,
    salvage_document,
    salvage_records,
    upgrade_document,
    utc_now_iso,
)

PATH_ENV = "MNC_PROGRESS_PATH"
APP_NAME = "microneedling-course"
LOCK_TIMEOUT_SECONDS = 30


class ProgressFileWarning(UserWarning):
    """The progress file could not be read as it was and has been set aside or repaired."""


class ProgressFileRefused(OSError):
    """The progress path is not a regular file (or is too large to read): nothing is read from it
    or written over it; the message says what it is and what to do."""


def default_progress_path() -> Path:
    """Where the progress file lives: MNC_PROGRESS_PATH, else the user's data directory."""
    override = os.environ.get(PATH_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "progress.json"


class ProgressStore:
    """Reads and appends to one progress file; safe against two writers and a crash mid-write."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path is not None else default_progress_path()
        self._lock = filelock.FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT_SECONDS)
        # Temporary files carry this progress file's name, so two progress files in one folder
        # never touch each other's temporary files.
        self._temp_prefix = f".{self.path.name}.write-"

    def load(self, *, strict: bool = False) -> dict:
        """The whole progress document (an empty one when nothing was recorded).

        When the path is not a regular file (or is too large to read) this warns and returns an
        empty document, or raises ProgressFileRefused when `strict`.
        """
        if not self.path.exists():
            return empty_document()
        try:
            with self._lock:
                return self._read_locked()
        except ProgressFileRefused as refused:
            if strict:
                raise
            warnings.warn(str(refused), ProgressFileWarning, stacklevel=2)
            return empty_document()
        except (OSError, filelock.Timeout) as error:
            # No lock or no repair possible (a read-only folder, another writer stuck): show what
            # can be read, change nothing.
            if strict:
                raise
            warnings.warn(
                f"Your progress file {self.path} could not be opened for writing ({error}); "
                "it is shown as it can be read, and nothing in it was changed.",
                ProgressFileWarning,
                stacklevel=2,
            )
            return self._read_only()

    def _read_only(self) -> dict:
        """The document as far as it can be read, without the lock and without writing."""
        try:
            raw = read_bounded_file(self.path, MAX_PROGRESS_FILE_BYTES)
        except InputRefused:
            return empty_document()
        document, _ = self._parsed(raw)
        return document if document is not None else salvage_document(_damaged_text(raw))

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

    def _refused(self, reason: str) -> ProgressFileRefused:
        return ProgressFileRefused(
            f"Your progress file {self.path} {reason}, so answers are neither read from it nor "
            f"saved to it. Remove or rename it, or set {PATH_ENV} to another file."
        )

    def _read_locked(self) -> dict:
        try:
            raw = read_bounded_file(self.path, MAX_PROGRESS_FILE_BYTES)
        except InputRefused as error:
            if not os.path.lexists(self.path):
                return empty_document()
            if is_regular_file(self.path) and "over the limit" in str(error):
                return self._set_aside(None, f"it {error}")
            raise self._refused(str(error)) from None
        document, reason = self._parsed(raw)
        return document if document is not None else self._set_aside(raw, reason)

    @staticmethod
    def _parsed(raw: bytes) -> tuple[dict | None, str]:
        """(the document, "") when the bytes hold a valid one, else (None, why not)."""
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            return None, f"it is not UTF-8 text ({error.reason})"
        try:
            return upgrade_document(bounded_json(text)), ""
        except (ValueError, TypeError, KeyError, RecursionError) as error:
            return None, str(error)

    def _set_aside(self, raw: bytes | None, reason: str) -> dict:
        """Keep a damaged file under another name and start again from what still parses.

        The salvaged document is written (and fsynced) first; then the damaged file gets a second
        name (a hard link, else a copy of its bytes); only then does the salvage replace it. An
        interruption at any point leaves the damaged file, the salvaged one, or both, never none.
        """
        document = salvage_document("" if raw is None else _damaged_text(raw))
        temp_name = self._write_temp(document)
        try:
            aside = self._keep_aside(raw)
            os.replace(temp_name, self.path)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        _fsync_directory(self.path.parent)
        kept = [f"{len(document['records'])} answer(s)"]
        if document["assessments"]:
            kept.append(f"{len(document['assessments'])} final-assessment result(s)")
        if document["trainee"]["name"] or document["trainee"]["id"]:
            kept.append("your name")
        warnings.warn(
            f"Your progress file {self.path} was damaged ({reason}). "
            f"It was kept as {aside.name}; {', '.join(kept)} were recovered "
            "into a fresh file.",
            ProgressFileWarning,
            stacklevel=4,
        )
        return document

    def _keep_aside(self, raw: bytes | None) -> Path:
        """A second, unique name for the damaged file, beside it; the file itself stays put."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        for attempt in range(100):
            suffix = f"-{attempt}" if attempt else ""
            aside = self.path.with_name(
                f"{self.path.stem}.corrupt-{stamp}{suffix}{self.path.suffix}"
            )
            try:
                os.link(self.path, aside)
                return aside
            except FileExistsError:
                continue
            except OSError:
                if raw is None:
                    raise
            try:
                with open(aside, "xb") as copy:
                    copy.write(raw)
                    copy.flush()
                    os.fsync(copy.fileno())
                return aside
            except FileExistsError:
                continue
        raise FileExistsError(f"no free name beside {self.path} to keep the damaged file")

    def _write_temp(self, document: dict) -> str:
        """A new temporary file beside the progress file holding the document, fsynced."""
        # backslashreplace keeps a lone surrogate (which UTF-8 cannot carry) as its JSON escape,
        # so it reads back exactly as it was.
        data = json.dumps(document, ensure_ascii=False, indent=1).encode(
            "utf-8", errors="backslashreplace"
        )
        handle, temp_name = tempfile.mkstemp(
            prefix=self._temp_prefix, suffix=".tmp", dir=str(self.path.parent)
        )
        try:
            with os.fdopen(handle, "wb") as temp_file:
                temp_file.write(data)
                temp_file.flush()
                os.fsync(temp_file.fileno())
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        return temp_name

    def _write_locked(self, document: dict) -> None:
        temp_name = self._write_temp(document)
        try:
            os.replace(temp_name, self.path)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        _fsync_directory(self.path.parent)

    def _remove_orphan_temp_files(self) -> None:
        # Temp files of this progress file are only created while its lock is held, so any left
        # now belong to a writer that died mid-write; its old file is still intact.
        pattern = glob.escape(str(self.path.parent / self._temp_prefix)) + "*.tmp"
        for orphan in glob.glob(pattern):
            Path(orphan).unlink(missing_ok=True)


def _damaged_text(raw: bytes) -> str:
    """A damaged file's bytes as text for the salvage (bytes that are not UTF-8 become U+FFFD)."""
    return raw.decode("utf-8", errors="replace").lstrip("\ufeff")


def _fsync_directory(directory: Path) -> None:
    # The rename is only durable once the directory entry is on disk; some filesystems refuse.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    with contextlib.suppress(OSError):
        os.fsync(fd)
    os.close(fd)


_TRAINEE_FILE_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


def trainee_file_stem(name: str, trainee_id: str = "") -> str:
    """A file-name-safe stem for a trainee's export (e.g. 'progress-ana-garcia')."""
    label = "-".join(part for part in (trainee_id, name) if part).strip().lower()
    # At most 80 characters: every file system takes the name, whatever the trainee typed.
    slug = _TRAINEE_FILE_CHARS.sub("-", label).strip("-")[:80].strip("-")
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
    except Exception as error:  # documented never to raise: a grade must never fail to show
        warnings.warn(
            f"Your answer was graded but could not be saved to your progress file: {error}",
            ProgressFileWarning,
            stacklevel=2,
        )
        return None
