"""Technique data (data/technique): device families, published depth ranges in words, sessions."""

from pathlib import Path

from microneedling_course.core.paths import data_dir
from microneedling_course.course_data.files import read_csv_rows, read_yaml

COMPARISON_WORDS = {"at-least": "at least", "about": "", "maximum": "maximum"}


class TechniqueDataError(ValueError):
    """A technique data file is missing a field or holds an impossible range."""


def technique_dir() -> Path:
    """data/technique, where lesson 3's tables live."""
    return data_dir() / "technique"


def load_devices() -> list[dict]:
    """Device families (data/technique/devices.yml)."""
    families = read_yaml(technique_dir() / "devices.yml")["families"]
    for family in families:
        if not family.get("sources"):
            raise TechniqueDataError(f"devices.yml, family {family.get('id')!r}: needs sources")
    return families


def load_depth_ranges(path: Path | None = None) -> dict:
    """Published depth ranges, site notes and RF suggestions (data/technique/depth_ranges.yml)."""
    path = Path(path) if path else technique_dir() / "depth_ranges.yml"
    data = read_yaml(path)
    for indication in data["indications"]:
        where = f"{path.name}, indication {indication.get('id')!r}"
        low, high = indication.get("usual_mm") or (None, None)
        if low is None or high is None or not 0 <= low <= high:
            raise TechniqueDataError(f"{where}: usual_mm must be [low, high] with 0 <= low <= high")
        extra = indication.get("occasional_max_mm")
        if extra is not None and extra < high:
            raise TechniqueDataError(
                f"{where}: occasional_max_mm must not be below usual_mm's upper end"
            )
        if not indication.get("sources"):
            raise TechniqueDataError(f"{where}: needs sources")
    return data


def load_sessions() -> list[dict[str, str]]:
    """Sessions and intervals used in studies (data/technique/sessions.csv)."""
    return read_csv_rows(technique_dir() / "sessions.csv")


def millimetres(value: float) -> str:
    """1.0 -> '1.0', 0.25 -> '0.25': one decimal unless the value needs two."""
    return f"{value:.1f}" if round(value * 10, 6).is_integer() else f"{value:.2f}"


def range_words(indication: dict) -> str:
    """'1.0-2.0 mm (occasionally up to ...)' or 'about 0.25 mm or less'."""
    low, high = indication["usual_mm"]
    words = (
        f"about {millimetres(high)} mm or less"
        if low == 0
        else f"{millimetres(low)}-{millimetres(high)} mm"
    )
    if indication.get("occasional_note"):
        words += f" ({indication['occasional_note']})"
    return words
