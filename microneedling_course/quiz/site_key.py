"""The small answer key a site page carries beside its no-JavaScript quiz markup.

On the site the questions travel once: the quiz script reads prompts, options, items, the worked
answer, explanation and sources from the markup (static_html.py) and takes from this key only what
the markup does not show: the right answers, per-option feedback, numeric tolerance, hints.
"""

# Per type: the Question.to_dict() fields grading needs that the markup does not carry.
_KEY_FIELDS = {
    "truefalse": ("answer", "feedback_if_true", "feedback_if_false"),
    "numeric": ("answer", "tolerance", "unit", "feedback_correct", "feedback_incorrect"),
    "ordering": (),
}


def question_key(key: dict, quiz_module: str = "") -> dict:
    """One question's key from its answer_key (quiz_model.answer_key); empty texts left out."""
    kind = key["type"]
    if kind in ("single", "multiple"):
        data = {"answer": key["answer"], "feedback": [o["feedback"] for o in key["options"]]}
    elif kind == "matching":
        data = {"answer": key["answer"], "feedback": [p["feedback"] for p in key["pairs"]]}
    elif kind == "case":
        data = {"parts": {part["id"]: question_key(part, key["module"]) for part in key["parts"]}}
    else:
        data = {name: key[name] for name in _KEY_FIELDS[kind]}
    if key.get("hint"):
        data["hint"] = key["hint"]
    if key["module"] != quiz_module:
        data["module"] = key["module"]
    if isinstance(data.get("feedback"), list) and not any(data["feedback"]):
        del data["feedback"]
    return {name: value for name, value in data.items() if value != ""}


def site_quiz_state(model: dict) -> dict:
    """The `quiz` state of a site page: the quiz's settings and one key per question id."""
    keys = {view["id"]: question_key(view["key"], model["module"]) for view in model["questions"]}
    settings = ("version", "title", "module", "mode", "allow_retry")
    return {**{name: model[name] for name in settings}, "keys": keys}
