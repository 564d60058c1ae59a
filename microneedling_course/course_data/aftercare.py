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
    _check_urgency(data["signs"])
    return data


def _check_urgency(signs: dict) -> None:
    levels = [level.get("id") for level in signs.get("urgency") or []]
    if not levels:
        raise AftercareDataError("warning_signs.yml: 'urgency' levels are missing")
    for sign in signs.get("signs") or []:
        if sign.get("urgency") not in levels:
            raise AftercareDataError(
                f"warning_signs.yml, sign {sign.get('id')!r}, field 'urgency': "
                f"{sign.get('urgency')!r} is not one of {levels}"
            )


def urgency_levels(signs: dict) -> dict[str, dict]:
    """{urgency id: {label, action}} from warning_signs.yml, most urgent first."""
    return {level["id"]: level for level in signs["urgency"]}


def sign_heading(sign: dict, level: dict) -> str:
    """'⚠ Urgent: <sign>' for urgent signs, '<label>: <sign>' for the others."""
    marker = "⚠ " if sign["urgency"] == "urgent" else ""
    return f"{marker}{level['label']}: {sign['sign']}"
