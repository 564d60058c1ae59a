"""Where the course data lives: question bank, data tables, bibliography and front-end files.

The content (quizzes/, data/, book/references.bib) is read from the course folder: the clone the
package is installed from (`pip install -e .`), or the folder MNC_COURSE_ROOT names. The package
itself ships only code and front-end files, so an installed wheel without a clone raises
CourseContentNotFound with what to do, instead of failing somewhere deeper.
"""

import os
from pathlib import Path

# This file is microneedling_course/core/paths.py: the package folder is two levels up.
PACKAGE_DIR = Path(__file__).resolve().parent.parent
STATIC_DIR = PACKAGE_DIR / "static"
ROOT_ENV = "MNC_COURSE_ROOT"


class CourseContentNotFound(FileNotFoundError):
    """The course content is not where the package looks; the message says where and what to do."""


def repo_root() -> Path:
    """The course folder: MNC_COURSE_ROOT, else the clone the package is installed editable from."""
    override = os.environ.get(ROOT_ENV)
    return Path(override).resolve() if override else PACKAGE_DIR.parent


def _content(*parts: str) -> Path:
    path = repo_root().joinpath(*parts)
    if not path.exists():
        where = f"{ROOT_ENV}={os.environ[ROOT_ENV]}" if os.environ.get(ROOT_ENV) else "the clone"
        raise CourseContentNotFound(
            f"course content not found: {path} is missing. The course reads quizzes/, data/ and "
            f"book/references.bib from {where} ({repo_root()}); install the package from a clone "
            f"of the course (pip install -e .) or set {ROOT_ENV} to the clone's folder."
        )
    return path


def bank_dir() -> Path:
    """The question bank folder; MNC_BANK_DIR points elsewhere (tests, instructor forks)."""
    override = os.environ.get("MNC_BANK_DIR")
    return Path(override).resolve() if override else _content("quizzes")


def data_dir() -> Path:
    """Data tables the lessons draw figures and labs from (CSV/YAML with their sources)."""
    return _content("data")


def bibliography_path() -> Path:
    """The course bibliography, book/references.bib."""
    return _content("book", "references.bib")


def static_path(name: str) -> Path:
    """A front-end file shipped in the package (ES modules and CSS)."""
    return STATIC_DIR / name
