"""Where the course data lives: question bank, data tables, bibliography and front-end files."""

import os
from pathlib import Path

# This file is microneedling_course/core/paths.py: the package folder is two levels up.
PACKAGE_DIR = Path(__file__).resolve().parent.parent
STATIC_DIR = PACKAGE_DIR / "static"


def repo_root() -> Path:
    """The course repository (the package is installed editable from it)."""
    override = os.environ.get("MNC_COURSE_ROOT")
    return Path(override).resolve() if override else PACKAGE_DIR.parent


def bank_dir() -> Path:
    """The question bank folder; MNC_BANK_DIR points elsewhere (tests, instructor forks)."""
    override = os.environ.get("MNC_BANK_DIR")
    return Path(override).resolve() if override else repo_root() / "quizzes"


def data_dir() -> Path:
    """Data tables the lessons draw figures and labs from (CSV/YAML with their sources)."""
    return repo_root() / "data"


def bibliography_path() -> Path:
    """The course bibliography, book/references.bib."""
    return repo_root() / "book" / "references.bib"


def static_path(name: str) -> Path:
    """A front-end file shipped in the package (ES modules and CSS)."""
    return STATIC_DIR / name
