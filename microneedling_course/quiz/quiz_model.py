"""The JSON model a quiz front-end renders: questions in display order, results after a check."""

from microneedling_course.bank import Question
from microneedling_course.bank.references import cite
from microneedling_course.quiz.grading import Grade, shuffle_order, shuffled_away_from_key

MODES = ("practice", "assessment")
MODEL_VERSION = 1
# Ordering items and matching choices are always shown shuffled (the bank lists them solved);
# this seed makes that shuffle stable when no shuffle_seed is given.
DEFAULT_SEED = "mnc"


def _seed(shuffle_seed, question_id: str) -> str:
    return f"{DEFAULT_SEED if shuffle_seed is None else shuffle_seed}:{question_id}"


def _indexed(texts, order) -> list[dict]:
    return [{"index": index, "text": texts[index]} for index in order]


def _format_number(value: float) -> str:
    return f"{value:g}"


def solution_lines(question: Question) -> list[str]:
    """The right answer in words (safe Markdown subset), shown behind "Show the answer"."""
    kind = question.type
    if kind == "single":
        return [question.options[question.answer].text]
    if kind == "multiple":
        return [question.options[index].text for index in question.answer]
    if kind == "truefalse":
        return [question.true_label if question.answer else question.false_label]
    if kind == "numeric":
        unit = f" {question.unit}" if question.unit else ""
        spread = (
            f" (give or take {_format_number(question.tolerance)})" if question.tolerance else ""
        )
        return [f"{_format_number(question.answer)}{unit}{spread}"]
    if kind == "ordering":
        return [f"{position}. {item}" for position, item in enumerate(question.items, start=1)]
    if kind == "matching":
        return [f"{pair.left} → {pair.right}" for pair in question.pairs]
    return []


def citations(question: Question) -> list[dict]:
    """Each reference as {key, short: "Harris et al. 2015", full: the whole citation}."""
    return [cite(key).to_dict() for key in question.references]


def answer_key(question: Question) -> dict:
    """What the static host needs to grade and explain in the browser (kernel mode omits it)."""
    key = question.to_dict()
    key["citations"] = citations(question)
    key["solution"] = solution_lines(question)
    if question.parts:
        key["parts"] = [answer_key(part) for part in question.parts]
    return key


def question_view(question: Question, shuffle_seed=None, include_key: bool = False) -> dict:
    """One question as the front-end shows it: options, items and choices in display order."""
    seed = _seed(shuffle_seed, question.id)
    view = {
        "id": question.id,
        "type": question.type,
        "module": question.module,
        "difficulty": question.difficulty,
        "prompt": question.prompt,
        "hint": question.hint,
    }
    kind = question.type
    if kind in ("single", "multiple"):
        count = len(question.options)
        order = shuffle_order(count, seed) if shuffle_seed is not None else list(range(count))
        view["options"] = _indexed([option.text for option in question.options], order)
    elif kind == "truefalse":
        view.update(true_label=question.true_label, false_label=question.false_label)
    elif kind == "numeric":
        view["unit"] = question.unit
    elif kind == "ordering":
        view["items"] = _indexed(question.items, shuffled_away_from_key(len(question.items), seed))
    elif kind == "matching":
        view["lefts"] = _indexed([pair.left for pair in question.pairs], range(len(question.pairs)))
        choices = question.choices
        view["choices"] = _indexed(choices, shuffle_order(len(choices), seed))
    elif kind == "case":
        view["vignette"] = question.vignette
        view["parts"] = [question_view(part, shuffle_seed) for part in question.parts]
    if include_key:
        view["key"] = answer_key(question)
    return view


def build_quiz_model(
    questions,
    *,
    title: str,
    module: str = "",
    mode: str = "practice",
    shuffle_seed=None,
    include_key: bool = False,
    allow_retry: bool | None = None,
) -> dict:
    """The `quiz` trait: questions in display order; answer keys only for the static host."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    questions = list(questions)
    order = (
        shuffle_order(len(questions), shuffle_seed)
        if shuffle_seed is not None
        else range(len(questions))
    )
    views = []
    for number, index in enumerate(order, start=1):
        view = question_view(questions[index], shuffle_seed, include_key)
        view.update(number=number, original_index=index)
        views.append(view)
    return {
        "version": MODEL_VERSION,
        "title": title,
        "module": module,
        "mode": mode,
        "allow_retry": mode == "practice" if allow_retry is None else bool(allow_retry),
        "questions": views,
    }


def result_view(question: Question, grade: Grade, response=None) -> dict:
    """A graded answer as the front-end shows it: verdict, feedback, explanation, sources."""
    result = grade.to_dict()
    result.update(
        explanation=question.explanation,
        citations=citations(question),
        solution=solution_lines(question),
        response=response,
    )
    if grade.parts is not None:
        for part in question.parts:
            result["parts"][part.id].update(
                explanation=part.explanation,
                citations=citations(part),
                solution=solution_lines(part),
            )
    return result
