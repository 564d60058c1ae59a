"""Instructor answer keys (HTML and Markdown per module): answers, explanations and references."""

import html
from pathlib import Path

from microneedling_course.bank import Bank, Question, letter
from microneedling_course.bank.references import cite
from microneedling_course.core.markup import markdown_html, plain_text

KEY_NOTICE = "Instructor answer key: do not publish or share with trainees."


def write_answer_keys(bank: Bank, out_dir: Path | str, module_id: str | None = None) -> list[Path]:
    """Write <module>.html and <module>.md for each (or one) module; return the paths written."""
    from microneedling_course.instructor.exports import selected_modules

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for module in selected_modules(bank, module_id):
        html_path = out / f"{module.id}.html"
        md_path = out / f"{module.id}.md"
        html_path.write_text(module_key_html(bank, module), encoding="utf-8")
        md_path.write_text(module_key_markdown(bank, module), encoding="utf-8")
        written += [html_path, md_path]
    return written


def _citation(key: str) -> str:
    try:
        return cite(key).full
    except KeyError:
        return key


# --------------------------------------------------------------------------- Markdown


def module_key_markdown(bank: Bank, module) -> str:
    """The answer key of one module as Markdown (readable as plain text too)."""
    lines = [f"# Answer key: {module.title}", "", f"> {KEY_NOTICE}", ""]
    lines += [f"Module `{module.id}`, lesson `{module.lesson}`.", ""]
    for question in module.questions:
        lines += _question_markdown(bank, question, level=2)
    return "\n".join(lines).rstrip() + "\n"


def _question_markdown(bank: Bank, question: Question, level: int) -> list[str]:
    objective = bank.objectives.get(question.objective)
    lines = [
        f"{'#' * level} `{question.id}` ({question.type}, {question.difficulty})",
        "",
        f"Objective: {objective.text if objective else question.objective}",
        "",
        plain_text(question.prompt),
        "",
    ]
    if question.type == "case":
        lines += [f"Vignette: {plain_text(question.vignette)}", ""]
        for part in question.parts:
            lines += _question_markdown(bank, part, level + 1)
    else:
        lines += ["**Answer:**", ""] + [f"- {row}" for row in answer_rows(question)] + [""]
    lines += [f"**Explanation:** {plain_text(question.explanation)}", ""]
    lines += ["**References:**", ""] + [f"- {_citation(k)}" for k in question.references] + [""]
    return lines


def answer_rows(question: Question) -> list[str]:
    """The key of one (non-case) question as plain lines, one per option, item or pair."""
    if question.type in ("single", "multiple"):
        keys = set(question.answer_letters)
        return [
            f"{'✔ correct' if letter(i) in keys else '✘ wrong'} {letter(i)}. "
            f"{plain_text(o.text)} (feedback: {plain_text(o.feedback)})"
            for i, o in enumerate(question.options)
        ]
    if question.type == "truefalse":
        label = question.true_label if question.answer else question.false_label
        return [f"{label} ({'true' if question.answer else 'false'})"]
    if question.type == "numeric":
        unit = f" {question.unit}" if question.unit else ""
        return [f"{question.answer:g}{unit}, accepted within ± {question.tolerance:g}{unit}"]
    if question.type == "ordering":
        return [f"{n}. {plain_text(item)}" for n, item in enumerate(question.items, start=1)]
    rows = [f"{plain_text(p.left)} → {plain_text(p.right)}" for p in question.pairs]
    rows += [f"(distractor, matches nothing) {plain_text(d)}" for d in question.distractors]
    return rows


# --------------------------------------------------------------------------- HTML


def module_key_html(bank: Bank, module) -> str:
    """The answer key of one module as a self-contained, printable HTML page."""
    body = "".join(_question_html(bank, q, level=2) for q in module.questions)
    title = html.escape(f"Answer key: {module.title}")
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{title}</title><style>{_KEY_CSS}</style></head><body><main>"
        f"<h1>{title}</h1><p class='notice'><strong>{html.escape(KEY_NOTICE)}</strong></p>"
        f"<p>Module <code>{html.escape(module.id)}</code>, lesson "
        f"<code>{html.escape(module.lesson)}</code>.</p>{body}</main></body></html>"
    )


def _question_html(bank: Bank, question: Question, level: int) -> str:
    objective = bank.objectives.get(question.objective)
    objective_text = objective.text if objective else question.objective
    parts = [
        f"<section><h{level}><code>{html.escape(question.id)}</code> "
        f"({html.escape(question.type)}, {html.escape(question.difficulty)})</h{level}>",
        f"<p class='objective'>Objective: {html.escape(objective_text)}</p>",
        markdown_html(question.prompt),
    ]
    if question.type == "case":
        parts.append(f"<div class='vignette'>{markdown_html(question.vignette)}</div>")
        parts += [_question_html(bank, part, level + 1) for part in question.parts]
    else:
        rows = "".join(f"<li>{html.escape(row)}</li>" for row in answer_rows(question))
        parts.append(f"<p><strong>Answer</strong></p><ul class='key'>{rows}</ul>")
    parts.append(f"<p><strong>Explanation</strong></p>{markdown_html(question.explanation)}")
    refs = "".join(f"<li>{html.escape(_citation(k))}</li>" for k in question.references)
    parts.append(f"<p><strong>References</strong></p><ul>{refs}</ul></section>")
    return "".join(parts)


_KEY_CSS = """
body { font-family: system-ui, sans-serif; line-height: 1.45; color: #1a1a1a; margin: 0; }
main { max-width: 48rem; margin: 0 auto; padding: 1rem; }
.notice { border: 2px solid #8a1c1c; padding: 0.5rem; }
section { border-top: 1px solid #999; padding-top: 0.5rem; margin-top: 1rem; }
.objective { color: #333; font-style: italic; }
.vignette { background: #f2f2f2; padding: 0.25rem 0.75rem; }
@media print { section { break-inside: avoid; } }
"""
