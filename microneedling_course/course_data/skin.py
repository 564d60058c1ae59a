"""Skin data (data/skin): facial dermis by region and sex, epidermis, microchannels, explorer."""

from dataclasses import dataclass
from pathlib import Path

from microneedling_course.core.paths import data_dir
from microneedling_course.course_data.files import read_csv_rows, read_yaml

SEXES = ("men", "women")
# Nominal settings drawn on the dermis figure: the ends and middle of the published ranges
# that lesson 3 teaches (data/technique/depth_ranges.yml).
FIGURE_SETTINGS_MM = (0.5, 1.0, 1.5, 2.0)


class SkinDataError(ValueError):
    """A skin data file is missing a column or holds an impossible value."""


@dataclass(frozen=True)
class DermisMeasurement:
    """Mean dermal thickness of one facial region in one sex, as one study measured it."""

    region_id: str
    region: str
    sex: str
    dermis_mm: float
    approximate: bool
    method: str
    participants: str
    source: str


def skin_dir() -> Path:
    """data/skin, where lesson 1's tables live."""
    return data_dir() / "skin"


def _number(row: dict, column: str, where: str) -> float:
    try:
        value = float(row[column])
    except (KeyError, ValueError) as error:
        raise SkinDataError(
            f"{where}: column {column!r} must be a number, got {row.get(column)!r}"
        ) from error
    if value <= 0:
        raise SkinDataError(f"{where}: column {column!r} must be positive, got {value}")
    return value


def load_dermis_ultrasound(path: Path | None = None) -> list[DermisMeasurement]:
    """Meng 2022's ultrasound dermis by region and sex (data/skin/facial_dermis_ultrasound.csv)."""
    path = Path(path) if path else skin_dir() / "facial_dermis_ultrasound.csv"
    measurements = []
    for number, row in enumerate(read_csv_rows(path), start=2):
        where = f"{path.name}, line {number}"
        if row.get("sex") not in SEXES:
            raise SkinDataError(f"{where}: sex must be one of {SEXES}, got {row.get('sex')!r}")
        if not row.get("source") or not row.get("method"):
            raise SkinDataError(f"{where}: every row needs a method and a source")
        measurements.append(
            DermisMeasurement(
                region_id=row["region_id"],
                region=row["region"],
                sex=row["sex"],
                dermis_mm=_number(row, "dermis_mm", where),
                approximate=row.get("approximate") == "yes",
                method=row["method"],
                participants=row.get("participants", ""),
                source=row["source"],
            )
        )
    return measurements


def region_labels(measurements: list[DermisMeasurement] | None = None) -> dict[str, str]:
    """{region_id: label} in the order of the data file."""
    labels: dict[str, str] = {}
    for measurement in measurements or load_dermis_ultrasound():
        labels.setdefault(measurement.region_id, measurement.region)
    return labels


def dermis_mm(
    region_id: str, sex: str, measurements: list[DermisMeasurement] | None = None
) -> float:
    """The mean ultrasound dermis of one region in one sex; KeyError names an unknown pair."""
    for measurement in measurements or load_dermis_ultrasound():
        if measurement.region_id == region_id and measurement.sex == sex:
            return measurement.dermis_mm
    raise KeyError(f"no dermis measurement for region {region_id!r} and sex {sex!r}")


def load_histology_extremes() -> list[dict[str, str]]:
    """Chopra 2015's thinnest and thickest facial epidermis and dermis (µm, histology)."""
    return read_csv_rows(skin_dir() / "facial_thickness_histology.csv")


def load_relative_index() -> list[dict[str, str]]:
    """Ha 2005's thickness relative to the upper eyelid."""
    return read_csv_rows(skin_dir() / "relative_thickness_index.csv")


def load_epidermis_by_method() -> list[dict[str, str]]:
    """Facial epidermis ranges on histology and on ultrasound (mm)."""
    return read_csv_rows(skin_dir() / "epidermis_by_method.csv")


def load_microchannels() -> list[dict[str, str]]:
    """Kalluri 2011's channel depth and closure times in hairless-rat skin."""
    return read_csv_rows(skin_dir() / "microchannels.csv")


def load_explorer_settings() -> dict:
    """The depth-explorer settings (needle range, drawing choices, penetration reminder)."""
    return read_yaml(skin_dir() / "depth_explorer.yml")
