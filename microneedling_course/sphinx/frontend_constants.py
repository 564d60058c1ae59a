"""Writes the names and texts the front-end shares with Python into one JSON that esbuild inlines.

Storage keys, verdict and question-type names, the CSV columns, the assessment's module id and pass
rule, and the completion record's wording live in Python; `frontend/src/generated/` holds them as
JSON for the bundles. tests/test_frontend_constants.py fails when the two differ, and the rebuild
test fails when a bundle was not rebuilt after they changed.

    python -m microneedling_course.sphinx.frontend_constants   # rewrite the JSON
"""

import json
from pathlib import Path

from microneedling_course.bank import QUESTION_TYPES
from microneedling_course.progress import completion_record, record_export
from microneedling_course.progress.my_progress import STORAGE_KEY
from microneedling_course.quiz import grading

CONSTANTS_PATH = Path(__file__).resolve().parents[2] / "frontend" / "src" / "generated"
CONSTANTS_FILE = CONSTANTS_PATH / "course-constants.json"

TRAINEE_KEY = "mnc-trainee-v1"
# Where the site keeps a progress value it could not read, so nothing a trainee did is lost.
PROGRESS_BACKUP_KEY = f"{STORAGE_KEY}-unreadable"
MAX_SITE_RECORDS = 2000
# A score this close below the pass mark still passes (16 of 20 is exactly 80%).
PASS_SLACK = 1e-9


def frontend_constants() -> dict:
    """Everything the bundles take from Python, as JSON-ready data."""
    return {
        "storage": {
            "progress": STORAGE_KEY,
            "progress_backup": PROGRESS_BACKUP_KEY,
            "trainee": TRAINEE_KEY,
            "max_records": MAX_SITE_RECORDS,
        },
        "verdicts": list(grading.VERDICTS),
        "question_types": list(QUESTION_TYPES),
        "relative_slack": grading._RELATIVE_SLACK,
        "assessment": {"module": record_export.ASSESSMENT_MODULE, "pass_slack": PASS_SLACK},
        "csv_columns": list(record_export.CSV_COLUMNS),
        "completion": {
            "not_a_certificate": completion_record.NOT_A_CERTIFICATE,
            "explainer": completion_record.EXPLAINER,
        },
    }


def constants_text() -> str:
    return json.dumps(frontend_constants(), ensure_ascii=False, indent=1) + "\n"


def main() -> None:
    CONSTANTS_PATH.mkdir(parents=True, exist_ok=True)
    CONSTANTS_FILE.write_text(constants_text(), encoding="utf-8")
    print(CONSTANTS_FILE)


if __name__ == "__main__":
    main()
