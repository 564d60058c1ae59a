"""The course's own question bank (quizzes/): it loads, meets the schema, follows the authoring
rules and exports to every LMS format with every question accounted for."""

import json

import jsonschema
import pytest
from course_content import REPO_ROOT, course_bank

from microneedling_course.bank import read_yaml
from microneedling_course.instructor.exports import write_export

BANK_FILES = sorted((REPO_ROOT / "quizzes").glob("*.yml"))


def test_course_bank_loads_with_every_lesson():
    """Does the bank validate, with the demonstration module and one module per lesson?"""
    bank = course_bank()
    assert "how-to-use" in bank.modules and len(bank.modules) >= 8
    for module in bank.modules.values():
        assert (REPO_ROOT / f"{module.lesson}.ipynb").is_file(), module.lesson


@pytest.mark.parametrize("path", BANK_FILES, ids=lambda path: path.name)
def test_bank_file_meets_the_schema(path):
    """Does each bank file also validate against quizzes/schema.json (what editors check)?"""
    schema = json.loads((REPO_ROOT / "quizzes" / "schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    data = read_yaml(path.read_text(encoding="utf-8"), path.name)
    assert [error.message for error in validator.iter_errors(data)] == []


def test_select_all_prompts_leave_the_instruction_to_the_quiz():
    """Does no select-all prompt repeat "select all that apply", which the quiz shows under it?"""
    questions = [part for q in course_bank().questions.values() for part in (q, *q.parts)]
    repeated = [
        q.id
        for q in questions
        if q.type == "multiple" and "select all that apply" in q.prompt.lower()
    ]
    assert repeated == []


@pytest.mark.parametrize("fmt", ["moodle-xml", "qti21", "gift"])
def test_course_bank_exports_every_question(fmt, tmp_path, monkeypatch):
    """Does the course's bank export to each format with every question (or case part) written or
    reported as unsupported?"""
    monkeypatch.setenv("MNC_COURSE_ROOT", str(REPO_ROOT))
    bank = course_bank()
    summary = write_export(fmt, bank, tmp_path)
    accounted = set(summary.exported) | {qid for qid, _ in summary.unsupported}
    for question in bank.questions.values():
        ids = {p.id for p in question.parts} if question.type == "case" else {question.id}
        assert ids <= accounted, question.id
