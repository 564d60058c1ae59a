"""The instructor guide's "Limits" section states the limits the tools enforce, from the one place
they are set (core/input_limits.py), and the site keeps the same label length as Python."""

import re

from course_content import REPO_ROOT

from microneedling_course.core import input_limits as limits
from microneedling_course.core.input_limits import size_text

GUIDE = REPO_ROOT / "book" / "instructor-guide.md"


def _limits_section() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    return text.split("\n## Limits\n", 1)[1].split("\n## ", 1)[0]


def test_guide_states_every_limit():
    """Does the Limits section name each number core/input_limits.py enforces?"""
    section = _limits_section()
    stated = {
        "bank file": size_text(limits.MAX_BANK_FILE_BYTES),
        "whole bank": size_text(limits.MAX_BANK_BYTES),
        "bank files": f"at most {limits.MAX_BANK_FILES} files",
        "bibliography": f"| {size_text(limits.MAX_BIBLIOGRAPHY_BYTES)} |",
        "text": f"{limits.MAX_TEXT_LENGTH:,} characters",
        "nesting": f"{limits.MAX_NESTING_DEPTH} levels",
        "aliases": f"{limits.MAX_YAML_ALIASES}, standing for at most {limits.MAX_YAML_NODES:,}",
        "number": f"{limits.MAX_NUMBER_LENGTH} characters",
        "record file": size_text(limits.MAX_RECORD_FILE_BYTES),
        "answers per file": f"{limits.MAX_RECORDS_PER_FILE:,} answers",
        "label": f"{limits.MAX_LABEL_LENGTH} characters",
        "report files": f"| {limits.MAX_RECORD_FILES:,} |",
        "report answers": f"| {limits.MAX_COHORT_ANSWERS:,} |",
    }
    missing = {name: text for name, text in stated.items() if text not in section}
    assert not missing, f"the guide's Limits section does not state: {missing}"
    assert limits.MAX_PROGRESS_FILE_BYTES == limits.MAX_RECORD_FILE_BYTES  # stated as one row


def test_site_keeps_the_same_label_length():
    """Does the site's localStorage check allow the same text length per field as the Python
    readers (a record the site exports must be one the report reads)?"""
    source = (REPO_ROOT / "frontend" / "src" / "shared" / "site-progress.js").read_text()
    (site_limit,) = re.findall(r"const MAX_TEXT = (\d+);", source)
    assert int(site_limit) == limits.MAX_LABEL_LENGTH
