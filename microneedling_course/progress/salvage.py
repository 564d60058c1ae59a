"""What still parses in a damaged progress file, found in one linear pass: answers, results, name.

A tolerant JSON reader without recursion: tokens are matched in order, values are built on an
explicit stack, and at the first token that does not fit, the partial structure is dropped and
reading starts again at the next `{` or `[`. Each character is looked at a bounded number of
times, so a 2 MB file of damage costs about as much as a 2 MB file of answers (the previous
salvage tried a full JSON parse from every `{`, and each failed parse cost time in proportion to
its position in the file: quadratic). Nothing recurses, so no nesting depth can overflow a stack.

Kept: every complete answer record (not one nested inside another, nor inside a result), every
complete final-assessment result inside an `assessments` list, and the first complete `trainee`
object that has a text name and id.
"""

import json
import re
from dataclasses import dataclass, field

from microneedling_course.core.input_limits import MAX_NESTING_DEPTH, MAX_NUMBER_LENGTH

_TOKEN = re.compile(
    r"""
    [ \t\r\n]*
    (?:
      (?P<string>"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*")
    | (?P<number>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)
    | (?P<literal>true|false|null)
    | (?P<mark>[{}\[\]:,])
    )
    """,
    re.VERBOSE,
)
# Where a new value may start after damage: an object that opens with a key, or a list that opens
# with an object (records and results are objects in lists), or either one empty. Runs of stray
# brackets are skipped by one regular-expression search, not one by one.
_START = re.compile(r'\{[ \t\r\n]*["}]|\[[ \t\r\n]*[{\]]')
# The key just before a restart point ("assessments": [), so a list of results found after damage
# is still known as one. Only a short window before the point is looked at.
_KEY_BEFORE = re.compile(r'"([A-Za-z_]{1,40})"[ \t\r\n]*:[ \t\r\n]*\Z')
_LITERALS = {"true": True, "false": False, "null": None}


@dataclass
class Salvaged:
    """What was recovered, in file order."""

    records: list[dict] = field(default_factory=list)
    assessments: list[dict] = field(default_factory=list)
    trainee: dict | None = None


@dataclass
class _Frame:
    """One list or object being read: its value, the key it sits under in its parent, what the
    next token must be, and how many records had been found when it opened."""

    value: list | dict
    role: str
    found_mark: int
    key: str | None = None
    expect: str = "first"  # first, key, colon, value, comma


def _string(token: str) -> str:
    # The token is a whole, valid JSON string (the pattern checked every escape).
    return token[1:-1] if "\\" not in token else json.loads(token)


class _Reader:
    def __init__(self, is_record, is_assessment, trainee_of):
        self.is_record = is_record
        self.is_assessment = is_assessment
        self.trainee_of = trainee_of
        self.found = Salvaged()
        self.stack: list[_Frame] = []

    def read(self, text: str) -> Salvaged:
        position = 0
        while position < len(text):
            if not self.stack:
                start = _START.search(text, position)
                if start is None:
                    break
                position = start.start()
            match = _TOKEN.match(text, position)
            if match is None:
                # Damage: drop what was being read and look for a new start after it.
                self.stack.clear()
                position += 1
                continue
            if not self._take(match):
                # A token out of place: drop the partial value; a `{` or `[` starts a new one.
                self.stack.clear()
                position = match.start(match.lastgroup)
                continue
            position = match.end()
        return self.found

    def _take(self, match: re.Match) -> bool:
        """Feed one token to the top frame; False when it cannot go there."""
        kind = match.lastgroup
        token = match.group(kind)
        if not self.stack:
            start = match.start(kind)
            key = _KEY_BEFORE.search(match.string, max(0, start - 64), start)
            return self._open(token, key.group(1) if key else "")
        frame = self.stack[-1]
        if kind == "mark" and token in "}]":
            closes = "}" if isinstance(frame.value, dict) else "]"
            if token != closes or frame.expect not in ("first", "comma"):
                return False
            self.stack.pop()
            return self._completed(frame.value, frame)
        if frame.expect == "comma":
            if token != ",":
                return False
            frame.expect = "key" if isinstance(frame.value, dict) else "value"
            return True
        if frame.expect in ("first", "key") and isinstance(frame.value, dict):
            if kind != "string":
                return False
            frame.key = _string(token)
            frame.expect = "colon"
            return True
        if frame.expect == "colon":
            if token != ":":
                return False
            frame.expect = "value"
            return True
        return self._value(kind, token, frame)

    def _value(self, kind: str, token: str, frame: _Frame) -> bool:
        if kind == "mark":
            return token in "{[" and self._open(token, frame.key or frame.role)
        if kind == "string":
            value = _string(token)
        elif kind == "literal":
            value = _LITERALS[token]
        elif len(token) > MAX_NUMBER_LENGTH:
            return False
        elif any(mark in token for mark in ".eE"):
            value = float(token)
        else:
            value = int(token)
        self._add(frame, value)
        return True

    def _open(self, token: str, role: str) -> bool:
        if token not in "{[":
            return False
        if len(self.stack) >= MAX_NESTING_DEPTH:
            return False
        value: list | dict = {} if token == "{" else []
        self.stack.append(_Frame(value, role, len(self.found.records)))
        return True

    def _add(self, frame: _Frame, value) -> None:
        if isinstance(frame.value, dict):
            frame.value[frame.key] = value
        else:
            frame.value.append(value)
        frame.expect = "comma"

    def _completed(self, value, frame: _Frame) -> bool:
        """A list or object closed: keep it if it is what we look for, and hand it to its parent."""
        parent = self.stack[-1] if self.stack else None
        records = self.found.records
        if isinstance(value, dict):
            in_list = parent is not None and isinstance(parent.value, list)
            in_results = in_list and frame.role == "assessments"
            if in_results:
                del records[frame.found_mark :]
                if self.is_assessment(value):
                    self.found.assessments.append(value)
            elif self.is_record(value):
                del records[frame.found_mark :]
                records.append(value)
            elif frame.role == "trainee" and self.found.trainee is None:
                trainee = self.trainee_of(value)
                if trainee and (trainee["name"] or trainee["id"]):
                    self.found.trainee = trainee
        if parent is not None:
            self._add(parent, value)
        return True


def salvage(text: str, is_record, is_assessment, trainee_of) -> Salvaged:
    """Every answer record, assessment result and the trainee's name still whole in `text`.

    The three callables decide what counts: a record, a result, and `trainee_of(value)` gives the
    trainee's {"name", "id"} or None (progress/progress_document.py holds them).
    """
    return _Reader(is_record, is_assessment, trainee_of).read(text)
