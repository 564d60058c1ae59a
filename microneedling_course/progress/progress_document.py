"""The progress document's shape: one answer record, one assessment result, the trainee, the
schema versions and their upgrades, and the salvage of a damaged document (all pure, no files).

The same document is the progress file, the trainee's JSON export and (as version 0) the site's
localStorage value; the cohort report reads exports through `upgrade_document` too, so one set of
checks decides what every reader accepts.
"""

import json
import math
import re
from datetime import UTC, datetime

from microneedling_course.core.input_limits import MAX_LABEL_LENGTH, MAX_RECORDS_PER_FILE
from microneedling_course.progress.salvage import salvage

SCHEMA_VERSION = 1
FILE_KIND = "microneedling-course-progress"
RECORD_FIELDS = ("module", "question_id", "response", "verdict", "score", "time")
VERDICTS = ("correct", "partial", "incorrect", "unanswered")
_LONE_SURROGATE = re.compile("[\\ud800-\\udfff]")


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


def _kind(value) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"


def _label_problem(value, name: str) -> str | None:
    if not isinstance(value, str):
        return f"field '{name}' should be text, not {_kind(value)}"
    if len(value) > MAX_LABEL_LENGTH:
        return f"field '{name}' is longer than {MAX_LABEL_LENGTH} characters"
    if _LONE_SURROGATE.search(value):
        return f"field '{name}' holds a lone surrogate, which is not a character"
    return None


def _score_problem(value) -> str | None:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return f"field 'score' should be a number from 0 to 1, not {_kind(value)}"
    if not math.isfinite(value) or not 0 <= value <= 1:
        return f"field 'score' is {value}, not a number from 0 to 1"
    return None


def is_label(value) -> bool:
    """Short text every later step can write: a module or question id, a name, a time."""
    return _label_problem(value, "") is None


def is_score(value) -> bool:
    """A number from 0 to 1 (not a yes/no, not text, not NaN)."""
    return _score_problem(value) is None


def record_problem(value) -> str | None:
    """Why a parsed JSON value is not one attempt record (naming the field), or None."""
    if not isinstance(value, dict):
        return f"is {_kind(value)}, not an answer record"
    missing = [name for name in RECORD_FIELDS if name not in value]
    if missing:
        return f"has no field '{missing[0]}'"
    for name in ("module", "question_id", "time"):
        problem = _label_problem(value[name], name)
        if problem:
            return problem
    if value["verdict"] not in VERDICTS:
        return f"field 'verdict' should be one of {', '.join(VERDICTS)}"
    return _score_problem(value["score"])


def is_record(value) -> bool:
    """Whether a parsed JSON value has the shape of one attempt record."""
    return record_problem(value) is None


def assessment_problem(value) -> str | None:
    """Why a parsed JSON value cannot be read as one final-assessment result, or None: a result
    is an object whose score (if it has one) is a number from 0 to 1, whose `passed` is true or
    false and whose time, attempt id, name and trainee id are short text."""
    if not isinstance(value, dict):
        return f"is {_kind(value)}, not a result"
    if "score" in value and _score_problem(value["score"]):
        return _score_problem(value["score"])
    if "passed" in value and not isinstance(value["passed"], bool):
        return f"field 'passed' should be true or false, not {_kind(value['passed'])}"
    for name in ("time", "attempt_id", "name", "trainee_id"):
        problem = _label_problem(value[name], name) if name in value else None
        if problem:
            return problem
    return None


def is_assessment(value) -> bool:
    """Whether a parsed JSON value can be read as one final-assessment result."""
    return assessment_problem(value) is None


def trainee_problem(value) -> str | None:
    """Why a parsed JSON value is not a trainee (an object with a name and an id of short text;
    a missing or null one is ""), or None."""
    if not isinstance(value, dict):
        return f"the trainee is {_kind(value)}, not an object with a name and an id"
    for name in ("name", "id"):
        if value.get(name) is not None:
            problem = _label_problem(value[name], name)
            if problem:
                return f"trainee {problem}"
    return None


def trainee_of(value) -> dict | None:
    """{"name", "id"} of a parsed trainee object (a missing or null name or id is ""), or None
    when it is not a trainee (trainee_problem says why)."""
    if trainee_problem(value) is not None:
        return None
    return {key: "" if value.get(key) is None else value[key] for key in ("name", "id")}


def is_trainee(value) -> bool:
    """Whether a parsed JSON value is a trainee: an object with a text name and id."""
    return trainee_of(value) is not None


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
    if not isinstance(records, list):
        raise ValueError("records must be a list of attempt records")
    if len(records) > MAX_RECORDS_PER_FILE:
        raise ValueError(f"it holds more than {MAX_RECORDS_PER_FILE:,} answers")
    for number, record in enumerate(records, start=1):
        problem = record_problem(record)
        if problem:
            raise ValueError(f"answer {number}{_question_of(record)}: {problem}")
    assessments = document.get("assessments", [])
    if not isinstance(assessments, list):
        raise ValueError("assessments must be a list of results")
    for number, result in enumerate(assessments, start=1):
        problem = assessment_problem(result)
        if problem:
            raise ValueError(f"final-assessment result {number}: {problem}")
    problem = trainee_problem(document.get("trainee") or {})
    if problem:
        raise ValueError(problem)
    trainee = trainee_of(document.get("trainee") or {})
    checked = empty_document()
    checked["trainee"] = trainee
    checked["records"] = records
    checked["assessments"] = assessments
    return checked


def _question_of(record) -> str:
    question_id = record.get("question_id") if isinstance(record, dict) else None
    if not isinstance(question_id, str):
        return ""
    shown = question_id if len(question_id) <= 40 else question_id[:37] + "..."
    return f" (question '{shown}')"


def salvage_records(text: str) -> list[dict]:
    """Every attempt record that still parses inside a damaged progress file, in file order."""
    return salvage(text, is_record, is_assessment, trainee_of).records


def salvage_document(text: str) -> dict:
    """A progress document of everything that still parses in a damaged file: the answers, the
    final-assessment results and the trainee's name and id (linear in the file's length)."""
    found = salvage(text, is_record, is_assessment, trainee_of)
    document = empty_document()
    document["records"] = found.records[:MAX_RECORDS_PER_FILE]
    document["assessments"] = found.assessments
    if found.trainee is not None:
        document["trainee"] = found.trainee
    return document


def _json_safe(value):
    """A response as plain JSON values (tuples become lists, numpy-like numbers become floats)."""
    return json.loads(json.dumps(value, default=_fallback_json))


def _fallback_json(value):
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, set | frozenset):
        return sorted(value)
    return str(value)
