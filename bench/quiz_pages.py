"""Builds two plain pages with the same ten bank questions: the course quiz and jupyterquiz's."""

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from microneedling_course.bank import load_bank
from microneedling_course.core.paths import static_path
from microneedling_course.core.script_json import json_for_script
from microneedling_course.quiz.widget import QuizWidget
from microneedling_course.sphinx.quiz import page_front_end

QUESTION_COUNT = 10
# Types both engines can show; the course's other types (ordering, matching, case) have no
# jupyterquiz equivalent, so the comparison uses these only.
COMPARABLE_TYPES = ("single", "multiple", "truefalse", "numeric")

JUPYTERQUIZ_VERSION = "2.9.6.4"
JUPYTERQUIZ_VENV = Path("/tmp/bench-jupyterquiz-venv")

# Stands in for IPython.display inside the throwaway venv, so display_quiz's output is captured
# exactly as it would be displayed (IPython itself is not needed for that).
CAPTURE_JUPYTERQUIZ = r"""
import json, sys, types
shown = []
class _Output:
    def __init__(self, data):
        self.data = data
class HTML(_Output):
    mime = "text/html"
class Javascript(_Output):
    mime = "application/javascript"
display_module = types.ModuleType("IPython.display")
display_module.HTML, display_module.Javascript = HTML, Javascript
display_module.display = lambda *outputs: shown.extend({o.mime: o.data} for o in outputs)
sys.modules["IPython"] = types.ModuleType("IPython")
sys.modules["IPython.display"] = display_module
from jupyterquiz import display_quiz
display_quiz(json.load(sys.stdin), shuffle_answers=False)
json.dump(shown, sys.stdout)
"""

PAGE_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{title}</title>
{head}
</head>
<body>
<main>
<h1>{title}</h1>
{body}
</main>
</body>
</html>
"""


@dataclass(frozen=True)
class QuizPage:
    """One benchmark page: its file, what a quiz adds to it, and its first quiz control.

    `parts` are what travels separately (each file; everything inline in the page as one);
    `breakdown` splits the inline part for the record.
    """

    name: str
    path: Path
    parts: dict[str, bytes]
    breakdown: dict[str, bytes]
    ready_selector: str


def comparable_questions(count: int = QUESTION_COUNT) -> list:
    """The first `count` bank questions of comparable types, in bank order, single choice first."""
    bank = load_bank()
    chosen = [q for q in bank.questions.values() if q.type in COMPARABLE_TYPES][:count]
    chosen.sort(key=lambda question: question.type != "single")
    return chosen


def jupyterquiz_question(question) -> dict:
    """A course question in jupyterquiz's JSON format (multiple_choice, many_choice, numeric)."""
    if question.type in ("single", "multiple"):
        correct = {question.answer} if question.type == "single" else set(question.answer)
        answers = [
            {"answer": option.text, "correct": index in correct, "feedback": option.feedback}
            for index, option in enumerate(question.options)
        ]
        kind = "multiple_choice" if question.type == "single" else "many_choice"
        return {"question": question.prompt, "type": kind, "answers": answers}
    if question.type == "truefalse":
        answers = [
            {
                "answer": question.true_label,
                "correct": question.answer is True,
                "feedback": question.feedback_if_true,
            },
            {
                "answer": question.false_label,
                "correct": question.answer is False,
                "feedback": question.feedback_if_false,
            },
        ]
        return {"question": question.prompt, "type": "multiple_choice", "answers": answers}
    low, high = question.answer - question.tolerance, question.answer + question.tolerance
    answers = [
        {
            "type": "range",
            "range": [low, high],
            "correct": True,
            "feedback": question.feedback_correct or "Correct.",
        },
        {"type": "default", "feedback": question.feedback_incorrect or "Not quite."},
    ]
    return {"question": question.prompt, "type": "numeric", "answers": answers}


def ensure_jupyterquiz_venv(venv: Path = JUPYTERQUIZ_VENV) -> Path:
    """A throwaway venv holding only jupyterquiz (never part of the course's requirements)."""
    python = venv / "bin" / "python"
    # Importing jupyterquiz needs IPython, which the venv deliberately lacks: ask its metadata.
    probe = [
        str(python),
        "-c",
        "from importlib.metadata import version; print(version('jupyterquiz'))",
    ]
    if python.exists():
        found = subprocess.run(probe, capture_output=True, text=True, check=False)
        if found.stdout.strip() == JUPYTERQUIZ_VERSION:
            return python
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", f"jupyterquiz=={JUPYTERQUIZ_VERSION}"],
        check=True,
    )
    return python


def jupyterquiz_outputs(questions: list) -> list[dict]:
    """What display_quiz displays for these questions: [{mime type: text}, ...]."""
    python = ensure_jupyterquiz_venv()
    data = json.dumps([jupyterquiz_question(question) for question in questions])
    result = subprocess.run(
        [str(python), "-c", CAPTURE_JUPYTERQUIZ],
        input=data,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def write_page(folder: Path, name: str, head: str, body: str) -> Path:
    path = folder / f"{name}.html"
    path.write_text(
        PAGE_TEMPLATE.format(title=f"Ten questions: {name}", head=head, body=body), encoding="utf-8"
    )
    return path


def course_page(folder: Path, questions: list) -> QuizPage:
    """The course quiz as the site ships it: the head the Sphinx extension writes for this widget
    (its site module and any stylesheet), the files it names, and the widget's HTML."""
    assets = folder / "mnc"
    assets.mkdir(exist_ok=True)
    widget = QuizWidget(questions, title="Check your understanding")
    inline = widget.static_html()
    modules, styles = page_front_end(inline)
    head = [f'<link rel="stylesheet" href="mnc/{name}">' for name in sorted(styles)]
    head += [
        f'<script type="module" src="mnc/{name}?v=bench" data-mnc-version="bench"></script>'
        for name in sorted(modules)
    ]
    parts = {}
    for name in sorted(styles) + sorted(modules):
        shutil.copyfile(static_path(name), assets / name)
        parts[name] = static_path(name).read_bytes()
    path = write_page(folder, "course-quiz", "\n".join(head), inline)
    parts["inline: key and no-JavaScript markup"] = inline.encode()
    # The key the script reads, and the no-JavaScript markup it reads the questions from.
    state = json_for_script(widget.static_state()).encode()
    breakdown = {
        "key (JSON state)": state,
        "markup (questions, answers, feedback)": inline.encode().replace(state, b"", 1),
    }
    selector = "section.mnc-quiz fieldset.mnc-q button.mnc-btn-primary:not([disabled])"
    return QuizPage("course quiz", path, parts, breakdown, selector)


def jupyterquiz_page(folder: Path, questions: list) -> QuizPage:
    """jupyterquiz's display output placed as MyST-NB writes outputs: HTML as is, JS in <script>."""
    outputs = jupyterquiz_outputs(questions)
    body, breakdown = [], {}
    for output in outputs:
        if "text/html" in output:
            body.append(output["text/html"])
            breakdown["HTML and styles"] = output["text/html"].encode()
        else:
            script = output["application/javascript"]
            body.append(f'<script type="text/javascript">\n{script}\n</script>')
            breakdown["JavaScript (code and questions)"] = script.encode()
    # display_quiz leaves its container <div> open; the page closes it where the cell ends.
    inline = "\n".join(body) + "\n</div>"
    path = write_page(folder, "jupyterquiz", "", inline)
    parts = {"inline: HTML, styles and script": inline.encode()}
    return QuizPage(f"jupyterquiz {JUPYTERQUIZ_VERSION}", path, parts, breakdown, ".MCButton")


def build_pages(folder: Path) -> tuple[QuizPage, QuizPage, list]:
    """Both pages in `folder` (served as one site), with the questions they show."""
    questions = comparable_questions()
    return course_page(folder, questions), jupyterquiz_page(folder, questions), questions


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("bench/out/quiz-pages")
    folder.mkdir(parents=True, exist_ok=True)
    ours, theirs, questions = build_pages(folder)
    print("questions:", ", ".join(f"{q.id} ({q.type})" for q in questions))
    for page in (ours, theirs):
        print(f"{page.name}: {page.path}")


if __name__ == "__main__":
    main()
