"""The small answer key a site page carries beside its no-JavaScript quiz markup.

On the site the questions travel once: the quiz script reads prompts, options, items, the worked
answer, explanation and sources from the markup (static_html.py), and the feedback and hints from
an inert <template> beside them, rendered like every other text; this key holds only what grading
needs beyond that: the right answers, numeric tolerance and unit, and each question's module.
"""

# Per type: the Question.to_dict() fields grading needs that the markup does not carry.
_KEY_FIELDS = {
    "single": ("answer",),
    "multiple": ("answer",),
    "truefalse": ("answer",),
    "numeric": ("answer", "tolerance", "unit"),
    "ordering": (),
    "matching": ("answer",),
}


def question_key(key: dict, quiz_module: str = "") -> dict:
    """One question's key from its answer_key (quiz_model.answer_key); empty values left out."""
    kind = key["type"]
    if kind == "case":
        data = {"parts": {part["id"]: question_key(part, key["module"]) for part in key["parts"]}}
    else:
        data = {name: key[name] for name in _KEY_FIELDS[kind]}
    if key["module"] != quiz_module:
        data["module"] = key["module"]
    # The script reads a missing unit as "" and a missing tolerance as 0.
    if not data.get("tolerance"):
        data.pop("tolerance", None)
    return {name: value for name, value in data.items() if value != ""}


def site_quiz_state(model: dict) -> dict:
    """The `quiz` state of a site page: the quiz's settings and one key per question id."""
    keys = {view["id"]: question_key(view["key"], model["module"]) for view in model["questions"]}
    settings = ("version", "title", "module", "mode", "allow_retry")
    return {**{name: model[name] for name in settings}, "keys": keys}
