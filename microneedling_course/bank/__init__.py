"""The question bank: quizzes/*.yml read, validated and held as Question dataclasses; references.

The names below are the bank's public API, so `from microneedling_course.bank import load_bank`
works whichever module of the package defines them.
"""

from microneedling_course.bank.loader import load_bank, read_module
from microneedling_course.bank.model import (
    QUESTION_TYPES,
    SCHEMA_VERSION,
    Bank,
    Module,
    Objective,
    Option,
    Pair,
    Question,
    letter,
)
from microneedling_course.bank.problems import BankError, Problem
from microneedling_course.bank.question_reader import parse_question
from microneedling_course.bank.yaml_reader import read_yaml

__all__ = [
    "QUESTION_TYPES",
    "SCHEMA_VERSION",
    "Bank",
    "BankError",
    "Module",
    "Objective",
    "Option",
    "Pair",
    "Problem",
    "Question",
    "letter",
    "load_bank",
    "parse_question",
    "read_module",
    "read_yaml",
]
