"""Grade a trainee's response to one question; static/quiz.js (gradeResponse) mirrors these rules.

Responses always use the bank's original indices, so shuffling what is shown never changes a grade
or detaches feedback from its option.
"""

import math
import random
from dataclasses import dataclass, field

from microneedling_course.bank import Question

VERDICTS = ("correct", "partial", "incorrect", "unanswered")
# Numeric answers are compared with a little slack so that 0.1 + 0.2 still equals 0.3.
_RELATIVE_SLACK = 1e-9


class ResponseError(ValueError):
    """The response is malformed for its question type (a front-end bug, not a wrong answer)."""


@dataclass(frozen=True)
class Grade:
    """One response's outcome: score 0..1, a verdict word, and the bank feedback that applies."""

    score: float
    verdict: str
    feedback: list[str] = field(default_factory=list)
    item_correct: list[bool] | None = None
    parts: dict[str, "Grade"] | None = None

    def to_dict(self) -> dict:
        data = {"score": self.score, "verdict": self.verdict, "feedback": list(self.feedback)}
        if self.item_correct is not None:
            data["item_correct"] = list(self.item_correct)
        if self.parts is not None:
            data["parts"] = {part_id: grade.to_dict() for part_id, grade in self.parts.items()}
        return data


def verdict_for(score: float) -> str:
    if score >= 1:
        return "correct"
    return "partial" if score > 0 else "incorrect"


def _graded(score: float, feedback: list[str], item_correct: list[bool] | None = None) -> Grade:
    score = round(min(1.0, max(0.0, score)), 6)
    return Grade(score, verdict_for(score), [text for text in feedback if text], item_correct)


UNANSWERED = Grade(0.0, "unanswered")


def _index(value, count: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < count:
        raise ResponseError(f"{what} should be an index from 0 to {count - 1}, not {value!r}")
    return value


def grade_single(question: Question, response) -> Grade:
    if response is None:
        return UNANSWERED
    chosen = _index(response, len(question.options), "the chosen option")
    return _graded(float(chosen == question.answer), [question.options[chosen].feedback])


def grade_multiple(question: Question, response) -> Grade:
    if response is None:
        return UNANSWERED
    if not isinstance(response, (list, tuple)):
        raise ResponseError(
            f"a multiple-choice response should be a list of indices, not {response!r}"
        )
    chosen = sorted({_index(value, len(question.options), "a chosen option") for value in response})
    if not chosen:
        return UNANSWERED
    correct = set(question.answer)
    right = sum(1 for index in chosen if index in correct)
    wrong = len(chosen) - right
    score = max(0.0, (right - wrong) / len(correct))
    marks = [index in correct for index in chosen]
    return _graded(score, [question.options[index].feedback for index in chosen], marks)


def grade_truefalse(question: Question, response) -> Grade:
    if response is None:
        return UNANSWERED
    if not isinstance(response, bool):
        raise ResponseError(f"a true/false response should be true or false, not {response!r}")
    feedback = question.feedback_if_true if response else question.feedback_if_false
    return _graded(float(response == question.answer), [feedback])


def grade_numeric(question: Question, response) -> Grade:
    if response is None:
        return UNANSWERED
    if isinstance(response, bool) or not isinstance(response, (int, float)):
        raise ResponseError(f"a numeric response should be a number, not {response!r}")
    if not math.isfinite(response):
        return UNANSWERED
    slack = _RELATIVE_SLACK * max(1.0, abs(question.answer))
    correct = abs(response - question.answer) <= question.tolerance + slack
    feedback = question.feedback_correct if correct else question.feedback_incorrect
    return _graded(float(correct), [feedback])


def grade_ordering(question: Question, response) -> Grade:
    if response is None:
        return UNANSWERED
    count = len(question.items)
    if not isinstance(response, (list, tuple)) or len(response) != count:
        raise ResponseError(
            f"an ordering response should list all {count} item indices, not {response!r}"
        )
    order = [_index(value, count, "an item") for value in response]
    if len(set(order)) != count:
        raise ResponseError(f"an ordering response should use each item once, not {response!r}")
    in_place = [item == position for position, item in enumerate(order)]
    return _graded(sum(in_place) / count, [], in_place)


def grade_matching(question: Question, response) -> Grade:
    if response is None:
        return UNANSWERED
    count = len(question.pairs)
    if not isinstance(response, (list, tuple)) or len(response) != count:
        raise ResponseError(
            f"a matching response should have one entry per left item ({count}), not {response!r}"
        )
    choices = len(question.choices)
    picks = [
        None if value is None else _index(value, choices, "a chosen match") for value in response
    ]
    if all(pick is None for pick in picks):
        return UNANSWERED
    key = question.match_key
    right = [pick == key[index] for index, pick in enumerate(picks)]
    feedback = [pair.feedback for pair, ok in zip(question.pairs, right, strict=True) if not ok]
    return _graded(sum(right) / count, feedback, right)


def grade_case(question: Question, response) -> Grade:
    if response is None:
        response = {}
    if not isinstance(response, dict):
        raise ResponseError(f"a case response should map part ids to responses, not {response!r}")
    unknown = set(response) - {part.id for part in question.parts}
    if unknown:
        raise ResponseError(f"unknown case part(s): {', '.join(sorted(map(str, unknown)))}")
    parts = {part.id: grade_response(part, response.get(part.id)) for part in question.parts}
    if all(grade.verdict == "unanswered" for grade in parts.values()):
        return Grade(0.0, "unanswered", [], None, parts)
    score = round(sum(grade.score for grade in parts.values()) / len(parts), 6)
    return Grade(score, verdict_for(score), [], None, parts)


_GRADERS = {
    "single": grade_single,
    "multiple": grade_multiple,
    "truefalse": grade_truefalse,
    "numeric": grade_numeric,
    "ordering": grade_ordering,
    "matching": grade_matching,
    "case": grade_case,
}


def grade_response(question: Question, response) -> Grade:
    """Grade one response in the front-end's format; ResponseError if malformed."""
    return _GRADERS[question.type](question, response)


def shuffle_order(n: int, seed) -> list[int]:
    """A reproducible permutation of range(n) for display: the same seed gives the same order."""
    order = list(range(n))
    random.Random(str(seed)).shuffle(order)
    return order


def shuffled_away_from_key(n: int, seed) -> list[int]:
    """Like shuffle_order, but never the identity (an ordering question must not start solved)."""
    order = shuffle_order(n, seed)
    if n > 1 and order == list(range(n)):
        order = order[1:] + order[:1]
    return order
