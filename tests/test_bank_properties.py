"""Property tests: whatever an author writes, the loader gives a bank or BankError, not a crash."""

import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microneedling_course.bank import BankError, parse_question, read_module, read_yaml

KEYS = [
    "schema_version",
    "module",
    "title",
    "lesson",
    "objectives",
    "questions",
    "id",
    "type",
    "objective",
    "difficulty",
    "prompt",
    "explanation",
    "references",
    "hint",
    "options",
    "answer",
    "text",
    "feedback",
    "tolerance",
    "unit",
    "items",
    "pairs",
    "left",
    "right",
    "distractors",
    "vignette",
    "parts",
    "true_label",
    "false_label",
    "section",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(
        [
            "single",
            "multiple",
            "truefalse",
            "numeric",
            "ordering",
            "matching",
            "case",
            "A",
            "E",
            "easy",
            "harris2015",
            "demo-x",
            1,
        ]
    ),
)
structures = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(
            st.one_of(st.sampled_from(KEYS), st.text(max_size=6), st.integers()),
            children,
            max_size=8,
        ),
    ),
    max_leaves=40,
)
KNOWN_KEYS = frozenset({"harris2015", "kalluri2011"})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structures)
def test_any_structure_gives_a_module_or_problems(data):
    """Does read_module turn any parsed structure into a module or a list of problems?"""
    module, problems = read_module(data, "quizzes/x.yml", KNOWN_KEYS)
    assert (module is None) == bool(problems)
    assert all("\n" not in str(problem) for problem in problems)


@settings(max_examples=150, deadline=None)
@given(structures)
def test_any_structure_as_a_question_raises_only_bank_error(data):
    """Does parse_question raise nothing but BankError, whatever it is given?"""
    try:
        parse_question(data, reference_keys=KNOWN_KEYS)
    except BankError:
        pass


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=string.printable + "µ€\u2028", max_size=200))
def test_any_text_is_read_or_rejected_with_bank_error(text):
    """Does read_yaml parse any text or raise BankError (never a raw YAML or Python error)?"""
    try:
        read_yaml(text, "quizzes/x.yml")
    except BankError as error:
        assert str(error).startswith("quizzes/x.yml: ")


@settings(max_examples=100, deadline=None)
@given(structures)
def test_any_structure_written_as_yaml_loads_or_fails_cleanly(data):
    """Does a YAML dump of any structure, read back and validated, end in a module or problems?"""
    text = yaml.safe_dump({"schema_version": 1, "module": "demo", "questions": [data]})
    try:
        parsed = read_yaml(text, "quizzes/x.yml")
    except BankError:
        return
    read_module(parsed, "quizzes/x.yml", KNOWN_KEYS)
