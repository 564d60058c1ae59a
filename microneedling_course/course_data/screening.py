"""Screening data (data/screening): the decision rules per finding and the practice client cases."""

from pathlib import Path

from microneedling_course.core.paths import data_dir
from microneedling_course.course_data.files import read_yaml

# A rule no source in the brief covers: it cites nothing and the lab says it is standard practice.
STANDARD_PRACTICE = "standard-practice"
STANDARD_PRACTICE_LABEL = "Standard practice; no published source in this course"


class ScreeningDataError(ValueError):
    """A rules file or case file is malformed; the message names the file and the field."""


def _read_mapping(path: Path) -> dict:
    content = read_yaml(path)
    if not isinstance(content, dict):
        raise ScreeningDataError(f"{path}: expected a mapping at the top level")
    return content


def load_rules(path: Path | None = None) -> dict:
    """Read data/screening/rules.yml and check every finding names a known decision."""
    path = Path(path) if path else data_dir() / "screening" / "rules.yml"
    rules = _read_mapping(path)
    decision_ids = [d["id"] for d in rules.get("decisions", [])]
    if not decision_ids:
        raise ScreeningDataError(f"{path}: 'decisions' is missing or empty")
    seen = set()
    for finding in rules.get("findings", []):
        fid = finding.get("id")
        for key in ("id", "label", "decision", "reason", "references"):
            # A standard-practice rule has no published source, so its empty list is allowed.
            if key == "references" and finding.get("basis") == STANDARD_PRACTICE:
                if not isinstance(finding.get(key), list):
                    raise ScreeningDataError(f"{path}: finding {fid!r} has no {key!r} list")
                continue
            if not finding.get(key):
                raise ScreeningDataError(f"{path}: finding {fid!r} has no {key!r}")
        if finding["decision"] not in decision_ids:
            raise ScreeningDataError(
                f"{path}: finding {fid!r}, field 'decision': {finding['decision']!r} "
                f"is not one of {decision_ids}"
            )
        if fid in seen:
            raise ScreeningDataError(f"{path}: finding {fid!r} appears twice")
        seen.add(fid)
    return rules


def load_cases(folder: Path | None = None) -> list[dict]:
    """Read every data/screening/cases/*.yml, in file-name order."""
    folder = Path(folder) if folder else data_dir() / "screening" / "cases"
    cases = []
    for path in sorted(folder.glob("*.yml")):
        case = _read_mapping(path)
        for key in ("id", "title", "intake", "findings", "expected"):
            if key not in case:
                raise ScreeningDataError(f"{path}: case has no {key!r}")
        case["_file"] = path.name
        cases.append(case)
    return cases
