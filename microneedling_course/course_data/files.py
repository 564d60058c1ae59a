"""Reading the course's data tables (data/**/*.csv and *.yml), cached per file version."""

import copy
import csv
from functools import lru_cache
from pathlib import Path

import yaml


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a data CSV as dicts of stripped strings (a fresh copy on every call)."""
    path = Path(path).resolve()
    return copy.deepcopy(_parsed(str(path), path.stat().st_mtime_ns, "csv"))


def read_yaml(path: Path) -> dict:
    """A data YAML file as a dict (a fresh copy on every call)."""
    path = Path(path).resolve()
    return copy.deepcopy(_parsed(str(path), path.stat().st_mtime_ns, "yaml"))


@lru_cache(maxsize=64)
def _parsed(path: str, mtime_ns: int, kind: str):
    # Keyed on the modification time, so an instructor's edit is picked up without a restart;
    # the labs check many plans against the same few files.
    with open(path, encoding="utf-8", newline="") as handle:
        if kind == "csv":
            return [
                {key: value.strip() for key, value in row.items()} for row in csv.DictReader(handle)
            ]
        # libyaml's safe loader when PyYAML has it: the same data, many times faster.
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
