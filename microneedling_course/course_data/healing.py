"""Wound-healing data (data/healing): the phase timelines and the evidence on collagen induction."""

from pathlib import Path

from microneedling_course.core.paths import data_dir
from microneedling_course.course_data.files import read_csv_rows

TIMELINES = ("general", "vendor")


class HealingDataError(ValueError):
    """A healing data file is missing a column or holds an impossible value."""


def healing_dir() -> Path:
    """data/healing, where lesson 2's tables live."""
    return data_dir() / "healing"


def load_phases(path: Path | None = None) -> list[dict]:
    """Wound-healing phases of the general and vendor timelines, with drawing positions in days."""
    path = Path(path) if path else healing_dir() / "wound_healing_phases.csv"
    phases = []
    for number, row in enumerate(read_csv_rows(path), start=2):
        where = f"{path.name}, line {number}"
        if row.get("timeline") not in TIMELINES:
            raise HealingDataError(f"{where}: timeline must be one of {TIMELINES}")
        try:
            start, end = float(row["drawn_start_days"]), float(row["drawn_end_days"])
        except (KeyError, ValueError) as error:
            raise HealingDataError(
                f"{where}: drawn_start_days and drawn_end_days are numbers"
            ) from error
        if not 0 <= start < end:
            raise HealingDataError(f"{where}: needs 0 <= drawn_start_days < drawn_end_days")
        if not row.get("sources"):
            raise HealingDataError(f"{where}: needs sources")
        phases.append(
            {
                **row,
                "order": int(row["order"]),
                "start": start,
                "end": end,
                "open_ended": row.get("open_ended") == "yes",
                "sources": row["sources"].split(";"),
            }
        )
    return phases


def load_evidence() -> list[dict[str, str]]:
    """Key studies and reviews, with design, size, finding and a plain-language strength."""
    return read_csv_rows(healing_dir() / "evidence_studies.csv")
