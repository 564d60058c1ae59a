"""The bank loader on fixture banks: good ones load, each malformed one fails with a one-line error
(the real bank's own checks are in tests/content/)."""

from pathlib import Path

import pytest

from microneedling_course.bank import BankError, load_bank, parse_question, read_yaml

FIXTURES = Path(__file__).parent / "fixtures" / "banks"

pytestmark = pytest.mark.usefixtures("fixture_course")

# fixture folder -> (file, question id, field, words the message must contain)
FAILURES = {
    "answer-out-of-range": (
        "01-demo.yml",
        "demo-single",
        "answer",
        "'E' is out of range (options A-D)",
    ),
    "bad-difficulty": ("01-demo.yml", "demo-single", "difficulty", "'tricky' is not one of"),
    "bad-question-id": ("01-demo.yml", "Demo Single", "id", "is not a slug"),
    "case-part-is-case": ("01-demo.yml", "demo-case-inner", "type", "a case part cannot be a case"),
    "case-part-out-of-range": (
        "01-demo.yml",
        "demo-case-choice",
        "answer",
        "'C' is out of range (options A-B)",
    ),
    "duplicate-module-id": ("02-other.yml", "", "module", "module id 'demo' is also used by"),
    "duplicate-objective-id": (
        "02-other.yml",
        "",
        "objectives",
        "objective id 'demo-depth' is also defined",
    ),
    "duplicate-option": ("01-demo.yml", "demo-single", "options[1]", "repeats the option '0.5 mm'"),
    "duplicate-question-id": ("02-other.yml", "demo-single", "id", "also used in"),
    "duplicate-yaml-key": ("01-demo.yml", "", "", "found duplicate key 'answer'"),
    "empty-bank": ("empty-bank", "", "", "no question files"),
    "empty-option": ("01-demo.yml", "demo-single", "options[1].text", "is empty"),
    "empty-prompt": ("01-demo.yml", "demo-single", "prompt", "is empty"),
    "file-not-a-mapping": ("01-demo.yml", "", "", "should be a mapping of fields, not a list"),
    "matching-distractor-is-a-match": (
        "01-demo.yml",
        "demo-matching",
        "distractors[0]",
        "is also a correct match",
    ),
    "missing-explanation": (
        "01-demo.yml",
        "demo-numeric",
        "explanation",
        "is required but missing",
    ),
    "missing-references": ("01-demo.yml", "demo-numeric", "references", "is required but missing"),
    "negative-tolerance": ("01-demo.yml", "demo-numeric", "tolerance", "is negative"),
    "no-correct-option": ("01-demo.yml", "demo-multiple", "answer", "names no correct option"),
    "non-number-tolerance": (
        "01-demo.yml",
        "demo-numeric",
        "tolerance",
        "should be a number, not text",
    ),
    "numeric-answer-not-number": ("01-demo.yml", "demo-numeric", "answer", "should be a number"),
    "options-not-a-list": ("01-demo.yml", "demo-multiple", "options", "should be a list, not text"),
    "too-few-options": ("01-demo.yml", "demo-multiple", "options", "has 1 entry; it needs 2 to 8"),
    "truefalse-answer-not-bool": (
        "02-other.yml",
        "other-eyelid",
        "answer",
        "should be true or false",
    ),
    "unknown-field": ("01-demo.yml", "demo-single", "anwser", "did you mean 'answer'?"),
    "unknown-objective": (
        "01-demo.yml",
        "demo-numeric",
        "objective",
        "'demo-dept' is not an objective id",
    ),
    "unknown-reference": (
        "01-demo.yml",
        "demo-multiple",
        "references",
        "'fda2021guidance' is not a key",
    ),
    "unknown-schema-version": ("01-demo.yml", "", "schema_version", "2 is not supported"),
    "unknown-type": ("01-demo.yml", "demo-numeric", "type", "'slider' is not a question type"),
    "yaml-syntax-error": ("01-demo.yml", "", "", "line 42: YAML syntax error"),
}


def test_every_failure_fixture_has_an_expectation():
    """Is every fixture folder (other than the good one) covered by a test case, and vice versa?"""
    folders = {path.name for path in FIXTURES.iterdir() if path.is_dir()} - {"good"}
    assert folders == set(FAILURES)


def test_good_fixture_bank_loads_with_lookups():
    """Does a valid two-file bank give modules, questions and objectives by id?"""
    bank = load_bank(FIXTURES / "good")
    assert list(bank.modules) == ["demo", "other"]
    assert bank.questions["demo-single"].answer == 2
    assert bank.questions["demo-multiple"].answer == (0, 1)
    assert bank.questions["other-eyelid"].objective in bank.objectives


@pytest.mark.parametrize("name", sorted(FAILURES))
def test_malformed_bank_names_file_question_and_field(name):
    """Does each malformed bank raise BankError naming the file, question and field?"""
    file, question_id, field, words = FAILURES[name]
    with pytest.raises(BankError) as caught:
        load_bank(FIXTURES / name)
    error = caught.value
    first_line = str(error).splitlines()[0]
    assert error.file.endswith(file)
    assert error.question_id == question_id
    assert error.field == field
    assert words in first_line
    assert first_line.startswith(f"tests/fixtures/banks/{name}")


def test_answer_out_of_range_message_is_exactly_one_line():
    """Is the brief's example message produced word for word, on one line?"""
    with pytest.raises(BankError) as caught:
        load_bank(FIXTURES / "answer-out-of-range")
    assert str(caught.value) == (
        "tests/fixtures/banks/answer-out-of-range/01-demo.yml: question 'demo-single': "
        "field 'answer': 'E' is out of range (options A-D)"
    )


def test_yaml_syntax_error_reports_its_line():
    """Does a YAML syntax error carry the line number as an attribute as well as in the text?"""
    with pytest.raises(BankError) as caught:
        load_bank(FIXTURES / "yaml-syntax-error")
    assert caught.value.line == 42


def test_yes_and_no_stay_text():
    """Is an option written `Yes` read as the text "Yes", not as a boolean?"""
    assert read_yaml("- text: Yes\n- text: no\n", "x.yml") == [{"text": "Yes"}, {"text": "no"}]


def test_numbers_in_text_fields_keep_their_spelling():
    """Is an option written `0.50` shown as "0.50", not as 0.5?"""
    question = parse_question(
        {
            "id": "x-numbers",
            "type": "single",
            "objective": "x-o",
            "difficulty": "easy",
            "prompt": "Pick",
            "options": [{"text": 0.50}, {"text": 24}],
            "answer": "A",
            "explanation": "E",
            "references": ["harris2015"],
        }
    )
    assert [option.text for option in question.options] == ["0.5", "24"]
    loaded = read_yaml("options: [{text: 0.50}, {text: 24}]", "x.yml")
    assert [str(getattr(o["text"], "source", o["text"])) for o in loaded["options"]] == [
        "0.50",
        "24",
    ]


def test_bank_is_cached_until_a_file_changes(tmp_path):
    """Does load_bank return the cached bank while nothing changed, and re-read after an edit?"""
    for path in (FIXTURES / "good").iterdir():
        (tmp_path / path.name).write_text(path.read_text())
    first = load_bank(tmp_path)
    assert load_bank(tmp_path) is first
    target = tmp_path / "02-other.yml"
    target.write_text(target.read_text().replace("It is.", "It is the thinnest."))
    assert load_bank(tmp_path).questions["other-eyelid"].explanation == "It is the thinnest."


def test_bank_dir_follows_environment(monkeypatch):
    """Does MNC_BANK_DIR point load_bank at another folder (instructor forks, tests)?"""
    monkeypatch.setenv("MNC_BANK_DIR", str(FIXTURES / "good"))
    assert set(load_bank().modules) == {"demo", "other"}


def test_case_parts_inherit_objective_difficulty_and_references():
    """Do case parts take objective, difficulty and references from their case if omitted?"""
    case = load_bank().questions["demo-case"]
    assert all(part.objective == case.objective for part in case.parts)
    assert all(part.difficulty == case.difficulty for part in case.parts)
    assert case.parts[0].references == ("ha2005",)


def test_bank_question_finds_case_parts():
    """Can a case part be looked up by its own id?"""
    bank = load_bank()
    assert bank.question("demo-case-depth").case_id == "demo-case"
    with pytest.raises(KeyError):
        bank.question("no-such-question")


def test_every_error_line_is_a_single_line():
    """Is every problem of every fixture reported on exactly one line?"""
    for name in FAILURES:
        with pytest.raises(BankError) as caught:
            load_bank(FIXTURES / name)
        for problem in caught.value.problems:
            assert "\n" not in str(problem)
