"""Aftercare data (data/aftercare): expected course, what to avoid, care steps and warning signs."""

from pathlib import Path

from microneedling_course.core.paths import data_dir
from microneedling_course.course_data.files import read_yaml


class AftercareDataError(ValueError):
    """The aftercare data files are missing a field or hold an impossible value."""


def load_aftercare_data(folder: Path | None = None) -> dict:
    """Read data/aftercare/*.yml into one dict (expected course, avoid, care, warning signs)."""
    folder = Path(folder) if folder else data_dir() / "aftercare"
    data = {
        "course": read_yaml(folder / "expected_course.yml"),
        "avoid": read_yaml(folder / "avoid.yml"),
        "care": read_yaml(folder / "care.yml"),
        "signs": read_yaml(folder / "warning_signs.yml"),
    }
    for item in data["avoid"]["items"]:
        if "until" not in item and len(item.get("typical_hours", [])) != 2:
            raise AftercareDataError(
                f"avoid.yml, item {item.get('id')!r}: needs typical_hours [min, max] or until"
            )
    return data
