"""Regulation data (data/regulation/timeline.csv): dated rules and communications, checked."""

from datetime import date
from pathlib import Path

from microneedling_course.core.paths import data_dir
from microneedling_course.course_data.files import read_csv_rows

# The jurisdictions the timeline knows; the lesson's figure gives each its own marker.
JURISDICTIONS = ("US (federal)", "US: Nebraska", "England", "Scotland")

PRECISIONS = ("day", "month", "year")


class RegulationDataError(ValueError):
    """The regulation timeline has a missing column or an impossible value."""


def load_timeline(path: Path | None = None) -> list[dict]:
    """data/regulation/timeline.csv as rows with a parsed `when` date, oldest first."""
    path = Path(path) if path else data_dir() / "regulation" / "timeline.csv"
    rows = read_csv_rows(path)
    for number, row in enumerate(rows, start=2):
        try:
            row["when"] = date.fromisoformat(row["date"])
        except (KeyError, ValueError) as error:
            raise RegulationDataError(
                f"{path}, line {number}: bad date {row.get('date')!r}"
            ) from error
        if row.get("date_precision") not in PRECISIONS:
            raise RegulationDataError(
                f"{path}, line {number}: date_precision must be one of {PRECISIONS}"
            )
        if row.get("jurisdiction") not in JURISDICTIONS:
            raise RegulationDataError(
                f"{path}, line {number}: unknown jurisdiction {row.get('jurisdiction')!r}"
            )
        if not row.get("source"):
            raise RegulationDataError(f"{path}, line {number}: no source key")
    return sorted(rows, key=lambda row: row["when"])
