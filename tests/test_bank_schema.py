"""quizzes/schema.json agrees with the loader: good banks pass both, bad fixtures fail both."""

import json
from pathlib import Path

import pytest

from microneedling_course.bank import BankError, load_bank, read_yaml

jsonschema = pytest.importorskip("jsonschema")

FIXTURES = Path(__file__).parent / "fixtures" / "banks"
FIXTURE_COURSE = Path(__file__).parent / "fixtures" / "course"
# The schema is part of the authoring contract (quizzes/README.md); the banks it checks here are
# fixtures, and tests/content/ checks the course's own quizzes against it.
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "quizzes" / "schema.json"

pytestmark = pytest.mark.usefixtures("fixture_course")

# What a JSON Schema cannot see: checks across files or against the bibliography, repeated
# texts inside objects, and files that are not YAML at all. The loader catches these alone.
LOADER_ONLY = {
    "duplicate-module-id": "ids across files",
    "duplicate-objective-id": "ids across files",
    "duplicate-question-id": "ids across files",
    "unknown-objective": "objective ids across files",
    "unknown-reference": "keys in book/references.bib",
    "duplicate-option": "repeated option text with different feedback",
    "matching-distractor-is-a-match": "a distractor equal to a right-hand match",
    "duplicate-yaml-key": "repeated YAML keys (the last one wins before a schema sees the data)",
    "yaml-syntax-error": "text that is not YAML",
    "empty-bank": "a folder with no files",
}


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _good_files():
    return sorted((FIXTURE_COURSE / "quizzes").glob("*.yml")) + sorted(
        (FIXTURES / "good").glob("*.yml")
    )


@pytest.mark.parametrize("path", _good_files(), ids=lambda path: path.name)
def test_good_bank_file_passes_the_schema(validator, path):
    """Does every file the loader accepts also validate against schema.json?"""
    data = read_yaml(path.read_text(encoding="utf-8"), path.name)
    errors = [error.message for error in validator.iter_errors(data)]
    assert errors == []


def _schema_visible_fixtures():
    names = {path.name for path in FIXTURES.iterdir() if path.is_dir() and path.name != "good"}
    return sorted(names - set(LOADER_ONLY))


def test_loader_only_list_names_real_fixtures():
    """Does every fixture excused from the schema check exist (so the excuse list cannot rot)?"""
    assert all((FIXTURES / name).is_dir() for name in LOADER_ONLY)


@pytest.mark.parametrize("name", _schema_visible_fixtures())
def test_malformed_fixture_is_rejected_by_schema_too(validator, name):
    """Does schema.json reject each bad fixture the loader rejects, where a schema can see it?"""
    with pytest.raises(BankError):
        load_bank(FIXTURES / name)
    invalid = []
    for path in sorted((FIXTURES / name).glob("*.yml")):
        data = read_yaml(path.read_text(encoding="utf-8"), path.name)
        if any(True for _ in validator.iter_errors(data)):
            invalid.append(path.name)
    assert invalid, f"schema.json accepted every file of {name}"
