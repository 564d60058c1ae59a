"""Reading one bank mapping's fields: text, slugs, numbers, lists, letters; each problem located."""

import difflib
import math
import re
from typing import Any

from microneedling_course.bank.model import letter
from microneedling_course.bank.problems import Problem
from microneedling_course.bank.yaml_reader import SourceFloat, SourceInt
from microneedling_course.core.input_limits import MAX_TEXT_LENGTH
from microneedling_course.core.unsafe_characters import describe, first_forbidden

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def describe_value(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no)"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value pairs)"
    return type(value).__name__


class FieldChecker:
    """Collects problems for one file while fields are read; each reader returns None when bad."""

    def __init__(self, display: str):
        self.display = display
        self.problems: list[Problem] = []
        self.question_id = ""
        self.case_id = ""

    def problem(self, name: str, message: str) -> None:
        self.problems.append(
            Problem(
                self.display,
                message,
                question_id=self.question_id,
                field=name,
                case_id=self.case_id,
            )
        )

    def keys(
        self, data: dict, allowed: tuple[str, ...], required: tuple[str, ...], where: str = ""
    ) -> None:
        for key in data:
            if isinstance(key, str) and (key in allowed or key.startswith("x-")):
                continue
            name = shorten(str(key))
            close = difflib.get_close_matches(name, allowed, n=1)
            hint = (
                f"; did you mean '{close[0]}'?"
                if close
                else f"; known fields: {', '.join(allowed)}"
            )
            self.problem(f"{where}{name}", f"unknown field{hint}")
        for key in required:
            if key not in data or data[key] is None:
                self.problem(f"{where}{key}", "is required but missing")

    def text(self, data: dict, name: str, *, required: bool = True, where: str = "") -> str | None:
        value = data.get(name)
        if value is None:
            return None if required else ""
        return self.value_text(value, f"{where}{name}")

    def value_text(self, value: Any, label: str) -> str | None:
        if isinstance(value, (SourceInt, SourceFloat)):
            value = value.source
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if value is None:
            self.problem(label, "is empty")
            return None
        if not isinstance(value, str):
            self.problem(label, f"should be text, not {describe_value(value)}")
            return None
        if not value.strip():
            self.problem(label, "is empty")
            return None
        return self.checked_text(value.strip(), label)

    def checked_text(self, value: str, label: str) -> str | None:
        """Text every later step can carry: no character an export, the site or a UTF-8 file
        refuses, and no longer than MAX_TEXT_LENGTH."""
        character = first_forbidden(value)
        if character is not None:
            self.problem(
                label,
                f"holds the character {describe(character)}, which the site, the answer key and "
                "the LMS exports cannot carry; remove it",
            )
            return None
        if len(value) > MAX_TEXT_LENGTH:
            self.problem(
                label, f"is {len(value):,} characters long, over the limit of {MAX_TEXT_LENGTH:,}"
            )
            return None
        return value

    def slug(self, data: dict, name: str, where: str = "") -> str | None:
        value = self.text(data, name, where=where)
        if value is not None and not SLUG.match(value):
            self.problem(
                f"{where}{name}",
                f"'{shorten(value)}' is not a slug (lower-case words joined by hyphens)",
            )
            return None
        return value

    def one_of(self, data: dict, name: str, allowed: tuple[str, ...]) -> str | None:
        value = self.text(data, name)
        if value is not None and value not in allowed:
            self.problem(name, f"'{shorten(value)}' is not one of: {', '.join(allowed)}")
            return None
        return value

    def number(self, data: dict, name: str, *, required: bool = True, minimum: float | None = None):
        value = data.get(name)
        if value is None:
            return None if required else 0.0
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(name, f"should be a number, not {describe_value(value)}")
            return None
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            self.problem(name, "should be a finite number")
            return None
        if minimum is not None and number < minimum:
            self.problem(name, f"{number:g} is negative; it must be {minimum:g} or more")
            return None
        return number

    def sequence(self, data: dict, name: str, bounds: tuple[int, int] | None = None) -> list | None:
        value = data.get(name)
        if value is None:
            return None
        if not isinstance(value, list):
            self.problem(name, f"should be a list, not {describe_value(value)}")
            return None
        if bounds and not bounds[0] <= len(value) <= bounds[1]:
            count = f"{len(value)} {'entry' if len(value) == 1 else 'entries'}"
            self.problem(name, f"has {count}; it needs {bounds[0]} to {bounds[1]}")
            return None
        return value

    def text_list(
        self, data: dict, name: str, bounds: tuple[int, int] | None = None
    ) -> list[str] | None:
        values = self.sequence(data, name, bounds)
        if values is None:
            return None
        texts = [self.value_text(value, f"{name}[{index}]") for index, value in enumerate(values)]
        return None if None in texts else texts


def check_unique(checker: FieldChecker, name: str, texts: list[str], what: str) -> None:
    seen = set()
    for index, text in enumerate(texts):
        if text in seen:
            checker.problem(f"{name}[{index}]", f"repeats the {what} '{shorten(text)}'")
        seen.add(text)


def shorten(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def letter_index(checker: FieldChecker, value: Any, count: int, name: str = "answer") -> int | None:
    last = letter(count - 1)
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z]", value.strip()):
        checker.problem(name, f"should be an option letter A-{last}, not {describe_value(value)}")
        return None
    index = ord(value.strip().upper()) - ord("A")
    if index >= count:
        checker.problem(name, f"'{value.strip()}' is out of range (options A-{last})")
        return None
    return index
