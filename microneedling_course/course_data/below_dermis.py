"""What lies below the dermis in each facial region (data/skin/below_dermis.yml), for both labs."""

from functools import lru_cache
from pathlib import Path

import yaml

from ..core.paths import data_dir

FIELDS = ("label", "into", "basis", "sources")
BASES = ("standard-anatomy", "source")


class BelowDermisDataError(ValueError):
    """data/skin/below_dermis.yml is missing a field or holds an impossible value."""


def _check_entry(entry, where: str) -> dict:
    if not isinstance(entry, dict):
        raise BelowDermisDataError(f"{where}: expected a mapping")
    for field in FIELDS:
        if field not in entry:
            raise BelowDermisDataError(f"{where}: missing field {field!r}")
    if not isinstance(entry["label"], str) or not entry["label"].strip():
        raise BelowDermisDataError(f"{where}, field 'label': needs a few words")
    if not isinstance(entry["into"], str) or not entry["into"].strip():
        raise BelowDermisDataError(f"{where}, field 'into': needs a phrase")
    if entry["basis"] not in BASES:
        raise BelowDermisDataError(f"{where}, field 'basis': must be one of {BASES}")
    if not isinstance(entry["sources"], list):
        raise BelowDermisDataError(f"{where}, field 'sources': must be a list")
    if entry["basis"] == "source" and not entry["sources"]:
        raise BelowDermisDataError(f"{where}, field 'sources': basis 'source' needs a source")
    return {field: entry[field] for field in FIELDS}


@lru_cache(maxsize=4)
def load_below_dermis(path: Path | None = None) -> dict:
    """{'default': entry, 'regions': {region_id: entry}}, each entry checked field by field."""
    path = Path(path) if path else data_dir() / "skin" / "below_dermis.yml"
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as error:
        raise BelowDermisDataError(f"{path.name}: cannot read it ({error})") from error
    if not isinstance(data, dict) or "default" not in data:
        raise BelowDermisDataError(f"{path.name}: needs a 'default' entry")
    regions = data.get("regions") or {}
    if not isinstance(regions, dict):
        raise BelowDermisDataError(f"{path.name}, field 'regions': expected a mapping")
    return {
        "default": _check_entry(data["default"], f"{path.name}, default"),
        "regions": {
            region_id: _check_entry(entry, f"{path.name}, region {region_id!r}")
            for region_id, entry in regions.items()
        },
    }


def below_dermis_for(region_id: str, data: dict | None = None) -> dict:
    """The entry for one region: its own when the file has one, otherwise the default."""
    data = data or load_below_dermis()
    return data["regions"].get(region_id, data["default"])
