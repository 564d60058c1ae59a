"""Characters no question export can carry, found before anything is written and named by place.

The rule itself (which characters, and how they are named) is core/unsafe_characters.py, the same
one the bank check applies: a bank that validates never fails here. This second look protects
banks built in code, which never went through the check. Nothing is cleaned: a stray control
character is almost always a paste accident, and only the author knows what was meant.
"""

from collections.abc import Iterator

from microneedling_course.bank import Problem, Question
from microneedling_course.core.unsafe_characters import FORBIDDEN, describe

__all__ = ["FORBIDDEN", "ExportError", "describe", "question_texts", "unsafe_text"]


class ExportError(ValueError):
    """Bank text the format cannot carry: one Problem per place; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def question_texts(question: Question) -> Iterator[tuple[str, str]]:
    """(field, text) for every piece of bank text a question carries into an export."""
    for name in (
        "prompt",
        "explanation",
        "hint",
        "vignette",
        "unit",
        "true_label",
        "false_label",
        "feedback_if_true",
        "feedback_if_false",
        "feedback_correct",
        "feedback_incorrect",
    ):
        yield name, getattr(question, name)
    for index, option in enumerate(question.options):
        yield f"options[{index}].text", option.text
        yield f"options[{index}].feedback", option.feedback
    for index, item in enumerate(question.items):
        yield f"items[{index}]", item
    for index, pair in enumerate(question.pairs):
        yield f"pairs[{index}].left", pair.left
        yield f"pairs[{index}].right", pair.right
        yield f"pairs[{index}].feedback", pair.feedback
    for index, distractor in enumerate(question.distractors):
        yield f"distractors[{index}]", distractor


def unsafe_text(modules: list, fmt: str, citation=None) -> list[Problem]:
    """Every place in these modules whose text holds a character `fmt` cannot carry."""
    problems: list[Problem] = []

    def check(text: str, source: str, field: str, question_id: str = "", case_id: str = ""):
        match = FORBIDDEN.search(text or "")
        if match:
            message = (
                f"character {describe(match.group())} cannot go into a {fmt} export; remove it"
            )
            problems.append(Problem(source, message, question_id, field, case_id=case_id))

    for module in modules:
        check(module.title, module.source, "title")
        for question in module.questions:
            for part, case_id in [(question, "")] + [(p, question.id) for p in question.parts]:
                for field, text in question_texts(part):
                    check(text, question.source, field, part.id, case_id)
                for key in part.references:
                    if citation is not None:
                        check(
                            citation(key), question.source, f"references ({key})", part.id, case_id
                        )
    return problems
