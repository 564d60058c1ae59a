"""HTML for readers without JavaScript: the quiz with answers behind <details>; objectives."""

import html

from microneedling_course.core.markup import inline_html, markdown_html

# The markup is also what the site's quiz script reads its questions from (the questions travel
# once): the classes and data attributes below (data-id, data-type, data-k, data-i, data-part,
# data-f) are read by frontend/src/quiz/from-markup.js.

# Texts of the answer key the script shows after a check, each rendered like every other text:
# per-option (matching: per-pair) feedback in the bank's order, then these named ones if not empty.
_LIST_TEXTS = {"single": "options", "multiple": "options", "matching": "pairs"}
_NAMED_TEXTS = (
    "feedback_if_true",
    "feedback_if_false",
    "feedback_correct",
    "feedback_incorrect",
    "hint",
)


def _texts_template(key: dict) -> str:
    """The key's feedback and hint as an inert <template>: never shown, read by the site script."""
    entries = [entry["feedback"] for entry in key.get(_LIST_TEXTS.get(key["type"], ""), [])]
    texts = "".join(f'<div data-f="feedback">{markdown_html(text)}</div>' for text in entries)
    for name in _NAMED_TEXTS:
        if key.get(name):
            texts += f'<div data-f="{name}">{markdown_html(key[name])}</div>'
    return f'<template data-k="texts">{texts}</template>' if texts else ""


def _citations_html(citations: list[dict]) -> str:
    if not citations:
        return ""
    items = "".join(
        f'<li><span class="mnc-cite-short">{html.escape(c["short"])}</span>: '
        f"{html.escape(c['full'])}</li>"
        for c in citations
    )
    return f'<p>Sources:</p><ul class="mnc-static-sources">{items}</ul>'


def _answer_html(key: dict) -> str:
    solution = "".join(f"<li>{inline_html(line)}</li>" for line in key.get("solution", []))
    parts = ""
    for number, part in enumerate(key.get("parts", []), start=1):
        part_id = html.escape(part["id"])
        parts += (
            f'<div data-part="{part_id}"><p><strong>Part {number}.</strong></p>'
            f"{_answer_html(part)}</div>"
        )
    answer = (
        f'<p><strong>Answer:</strong></p><ul class="mnc-static-solution">{solution}</ul>'
        if solution
        else ""
    )
    explanation = markdown_html(key.get("explanation", ""))
    if explanation:
        explanation = f'<div class="mnc-static-explanation">{explanation}</div>'
    return f"{answer}{parts}{explanation}{_citations_html(key.get('citations', []))}"


def _list(entries: list[dict], name: str, tag: str = "ul", kind: str = "") -> str:
    type_attribute = f' type="{kind}"' if kind else ""
    items = "".join(
        f'<li data-i="{entry.get("index", "")}">{inline_html(entry["text"])}</li>'
        for entry in entries
    )
    return f'<{tag}{type_attribute} data-k="{name}">{items}</{tag}>'


def _body_html(view: dict, key: dict | None) -> str:
    kind = view["type"]
    out = f'<div class="mnc-static-prompt">{markdown_html(view["prompt"])}</div>'
    if kind == "single":
        out += _list(view["options"], "options", "ol", "A")
    elif kind == "multiple":
        out += "<p><em>Select all that apply.</em></p>" + _list(
            view["options"], "options", "ol", "A"
        )
    elif kind == "truefalse":
        labels = [{"text": view["true_label"]}, {"text": view["false_label"]}]
        out += _list(labels, "labels")
    elif kind == "numeric":
        unit = f" (in {inline_html(view['unit'])})" if view.get("unit") else ""
        out += f"<p><em>Answer with a number{unit}.</em></p>"
    elif kind == "ordering":
        out += "<p><em>Put these in order:</em></p>" + _list(view["items"], "items")
    elif kind == "matching":
        out += "<p><em>Match each item:</em></p>" + _list(view["lefts"], "lefts")
        out += "<p><em>with one of:</em></p>" + _list(view["choices"], "choices")
    elif kind == "case":
        part_keys = {part["id"]: part for part in (key or {}).get("parts", [])}
        parts = "".join(
            _question_item(part, "", key=part_keys.get(part["id"])) for part in view["parts"]
        )
        out = f'<div class="mnc-static-vignette">{markdown_html(view["vignette"])}</div>{out}'
        out += f'<ol data-k="parts">{parts}</ol>'
    return out


def _question_item(view: dict, details: str, css: str = "", key: dict | None = None) -> str:
    attributes = f'data-id="{html.escape(view["id"])}" data-type="{view["type"]}"'
    css = f' class="{css}"' if css else ""
    texts = _texts_template(key) if key else ""
    return f"<li{css} {attributes}>{_body_html(view, key)}{texts}{details}</li>"


def render_static_question(view: dict) -> str:
    """One question with its options, and its answer, explanation and sources behind <details>."""
    details = ""
    if "key" in view:
        details = f"<details><summary>Show answer</summary>{_answer_html(view['key'])}</details>"
    return _question_item(view, details, "mnc-static-question", view.get("key"))


def render_static_quiz(model: dict) -> str:
    """The whole quiz as escaped HTML: every bank text goes through markup.py first."""
    title = html.escape(model.get("title", ""))
    questions = "".join(render_static_question(view) for view in model["questions"])
    return f'<div class="mnc-static-quiz"><p><strong>{title}</strong></p><ol>{questions}</ol></div>'


def render_objectives_html(module) -> str:
    """A module's objectives as a list; each id is an attribute, not text a trainee reads."""
    items = "".join(
        f'<li data-objective="{html.escape(objective.id)}">{inline_html(objective.text)}</li>'
        for objective in module.objectives
    )
    return (
        '<div class="mnc-objectives"><p>By the end of this lesson you will be able to:</p>'
        f"<ul>{items}</ul></div>"
    )


def objectives_markdown(module) -> str:
    """The same list as plain Markdown (text/markdown and text/plain representations)."""
    lines = ["By the end of this lesson you will be able to:", ""]
    lines += [f"- {objective.text}" for objective in module.objectives]
    return "\n".join(lines)
