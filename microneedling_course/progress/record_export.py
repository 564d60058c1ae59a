"""Trainee record exports (JSON and CSV) that a trainee hands in and an instructor reads back."""

import csv
import io
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from microneedling_course.core.identity import trainee_identity
from microneedling_course.core.input_limits import (
    MAX_RECORD_FILE_BYTES,
    MAX_RECORDS_PER_FILE,
    MAX_TEXT_LENGTH,
    InputRefused,
    bounded_json,
    read_bounded_file,
)
from microneedling_course.core.js_json import js_json
from microneedling_course.core.spreadsheet_safe import csv_line, unneutralised
from microneedling_course.progress.store import (
    empty_document,
    record_problem,
    trainee_file_stem,
    upgrade_document,
    utc_now_iso,
)

CSV_COLUMNS = (
    "kind",
    "trainee_name",
    "trainee_id",
    "module",
    "question_id",
    "verdict",
    "score",
    "time",
    "response",
)
ASSESSMENT_MODULE = "final-assessment"


class RecordFileError(ValueError):
    """A collected record file that cannot be read; the message says why."""


@dataclass
class TraineeRecord:
    """One trainee's exported record as read back from a file."""

    name: str
    trainee_id: str
    records: list[dict]
    assessments: list[dict] = field(default_factory=list)
    source: str = ""

    @property
    def key(self) -> str:
        """The identity used to merge two files from the same trainee (id, else name, else file)."""
        return trainee_identity(self.name, self.trainee_id) or self.source.strip().casefold()


def export_document(document: dict) -> dict:
    """The JSON export: the progress document stamped with the time it was exported."""
    exported = dict(document)
    exported["exported"] = utc_now_iso()
    return exported


def document_to_csv(document: dict) -> str:
    """The CSV export: one row per answer, then one row per final-assessment result.

    Byte for byte what the site's export writes (frontend/src/shared/record-csv.js): cells are
    spreadsheet-safe, scores have at most four decimals, responses are compact JSON.
    """
    name = document["trainee"]["name"]
    trainee_id = document["trainee"]["id"]
    rows = [CSV_COLUMNS]
    for record in document["records"]:
        rows.append(
            [
                "attempt",
                name,
                trainee_id,
                record["module"],
                record["question_id"],
                record["verdict"],
                _score_text(record["score"]),
                record["time"],
                js_json(record["response"]),
            ]
        )
    for result in document["assessments"]:
        rows.append(
            [
                "assessment",
                name,
                trainee_id,
                ASSESSMENT_MODULE,
                result.get("attempt_id", ""),
                "passed" if result.get("passed") else "not-passed",
                _score_text(result.get("score", 0.0)),
                result.get("time", ""),
                js_json(result),
            ]
        )
    return "".join(csv_line(row) + "\n" for row in rows)


def write_exports(document: dict, folder: Path | str) -> tuple[Path, Path]:
    """Write the JSON and CSV exports of a progress document into a folder; return both paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = trainee_file_stem(document["trainee"]["name"], document["trainee"]["id"])
    json_path = folder / f"{stem}.json"
    csv_path = folder / f"{stem}.csv"
    # A lone surrogate (a response can hold one; UTF-8 cannot) is written as its JSON escape, so
    # the JSON and the CSV's JSON response cell read back exactly as they were.
    json_path.write_text(
        json.dumps(export_document(document), ensure_ascii=False, indent=1),
        encoding="utf-8",
        errors="backslashreplace",
    )
    csv_path.write_text(document_to_csv(document), encoding="utf-8", errors="backslashreplace")
    return json_path, csv_path


def read_record_file(path: Path | str) -> TraineeRecord:
    """Read one collected export (JSON or CSV); raise RecordFileError saying why it is unusable.

    The file is read through the bounded reader (no FIFO, device or oversized file) and checked
    with the progress file's own rules, so everything it returns the report can use.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv"):
        raise RecordFileError("is neither a .json nor a .csv export")
    try:
        raw = read_bounded_file(path, MAX_RECORD_FILE_BYTES)
    except InputRefused as error:
        raise RecordFileError(str(error)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise RecordFileError(f"is not UTF-8 text (line {line})") from None
    read = _read_json if suffix == ".json" else _read_csv
    return read(text, path.name)


def _course_record(document, source: str) -> TraineeRecord:
    try:
        document = upgrade_document(document)
    except (ValueError, TypeError) as error:
        raise RecordFileError(f"is not a course record ({error})") from None
    trainee = document["trainee"]
    return TraineeRecord(
        trainee["name"], trainee["id"], document["records"], document["assessments"], source
    )


def _read_json(text: str, source: str) -> TraineeRecord:
    try:
        document = bounded_json(text)
    except InputRefused as error:
        raise RecordFileError(str(error)) from None
    except json.JSONDecodeError as error:
        raise RecordFileError(f"is not valid JSON ({error.msg}, line {error.lineno})") from None
    except ValueError as error:
        raise RecordFileError(f"is not valid JSON ({error})") from None
    return _course_record(document, source)


def _csv_rows(text: str):
    """(line number, row) for each data row; RecordFileError for a malformed CSV."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise RecordFileError(f"is missing the column(s) {', '.join(missing)}")
        for row in reader:
            if reader.line_num > MAX_RECORDS_PER_FILE + 1:
                raise RecordFileError(f"holds more than {MAX_RECORDS_PER_FILE:,} rows")
            if None in row or any(row[c] is None for c in CSV_COLUMNS):
                raise RecordFileError(f"line {reader.line_num} has the wrong number of fields")
            if any(len(row[c]) > MAX_TEXT_LENGTH for c in CSV_COLUMNS):
                raise RecordFileError(
                    f"line {reader.line_num}: a cell is longer than the limit of "
                    f"{MAX_TEXT_LENGTH:,} characters"
                )
            yield reader.line_num, {column: unneutralised(row[column]) for column in CSV_COLUMNS}
    except csv.Error as error:
        reason = str(error)
        if "field larger than field limit" in reason:
            reason = f"a cell is longer than the limit of {MAX_TEXT_LENGTH:,} characters"
        # The reader counts a line once it is read whole; the error is on the next one.
        raise RecordFileError(f"line {reader.line_num + 1}: {reason}") from None


def _read_csv(text: str, source: str) -> TraineeRecord:
    document = empty_document()
    for line_number, row in _csv_rows(text):
        document["trainee"] = {"name": row["trainee_name"], "id": row["trainee_id"]}
        try:
            response = bounded_json(row["response"]) if row["response"] else None
            score = float(row["score"])
        except ValueError as error:
            raise RecordFileError(f"line {line_number}: {error}") from None
        if row["kind"] == "assessment":
            result = response if isinstance(response, dict) else {}
            result.setdefault("score", score)
            document["assessments"].append(result)
            continue
        record = {
            "module": row["module"],
            "question_id": row["question_id"],
            "response": response,
            "verdict": row["verdict"],
            "score": score,
            "time": row["time"],
        }
        if row["kind"] != "attempt":
            raise RecordFileError(
                f"line {line_number}: field 'kind' should be attempt or assessment"
            )
        problem = record_problem(record)
        if problem:
            raise RecordFileError(f"line {line_number}: {problem}")
        document["records"].append(record)
    return _course_record(document, source)


def _score_text(score) -> str:
    """A score in 0..1 to at most four decimals ("0.6667", "1"), the same digits as the site's."""
    try:
        value = float(score)
    except (TypeError, ValueError):
        value = 0.0
    clamped = min(1.0, max(0.0, value)) if math.isfinite(value) else 0.0
    whole, fraction = divmod(math.floor(clamped * 10000 + 0.5), 10000)
    decimals = f"{fraction:04d}".rstrip("0")
    return f"{whole}.{decimals}" if decimals else str(whole)
