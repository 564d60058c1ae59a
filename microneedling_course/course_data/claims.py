"""Claims data (data/claims/claims.yml): each claim of the commissioned articles and its verdict."""

from pathlib import Path

from microneedling_course.core.paths import data_dir
from microneedling_course.course_data.files import read_yaml


class ClaimsDataError(ValueError):
    """claims.yml is missing a field or holds an unknown category; the message names the row."""


def load_claims(path: Path | None = None) -> dict:
    """data/claims/claims.yml, checked: numbered rows, known categories, at least one reference."""
    path = Path(path) if path else data_dir() / "claims" / "claims.yml"
    data = read_yaml(path)
    categories = {c["id"] for c in data["categories"]}
    for claim in data["claims"]:
        where = f"{path}, claim {claim.get('number')!r}"
        for key in ("number", "seed", "claim", "verdict", "category", "evidence", "references"):
            if not claim.get(key):
                raise ClaimsDataError(f"{where}: field {key!r} is missing or empty")
        if claim["category"] not in categories:
            raise ClaimsDataError(f"{where}: unknown category {claim['category']!r}")
    return data
