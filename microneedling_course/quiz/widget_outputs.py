"""What a notebook keeps of a widget output when no live widget can show it (design decision 11).

A widget output holds a view of a model that lives only as long as its kernel. Saved and reopened,
JupyterLab shows "Error displaying widget: model not found" in its place. Two places write such
outputs for trainees, and both use this module:

- the trainee edition (built by the site build), before the lesson has run: a note saying how
  to start the quiz or lab (`edition_outputs`);
- JupyterLab's save, through `pre_save_hook`: the no-JavaScript version every course widget
  carries in its `text/html` (the `mnc-hosted` bundle of hosting.py), under a one-line note to
  run the lesson again. The live session keeps its widgets; only the file on disk changes.

Outputs without a course fallback (the final assessment, plain ipywidgets) keep only the note.
"""

import html

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# Mime types JupyterLab renders in an untrusted notebook (sanitised), so a trainee edition, which
# is never signed, shows them before anything has run.
SAFE_MIME_TYPES = (
    "text/html",
    "text/markdown",
    "image/svg+xml",
    "image/png",
    "image/jpeg",
    "image/gif",
    "text/plain",
)
HOSTED_CLASS = 'class="mnc-hosted"'
RUN_ALL = "<strong>Run &gt; Run All Cells</strong>"
NOTE_CLASS = "mnc-run-note"

# What a code cell starts, told by the course call it makes; anything else is "part".
_KINDS = (
    ("start_final_assessment(", "final assessment"),
    ("show_my_progress(", "progress overview"),
    ("show_progress_page(", "progress overview"),
    ("show_quiz(", "quiz"),
)


def widget_kind(source: str) -> str:
    """A trainee's word for what a code cell shows: quiz, lab, final assessment..."""
    for call, kind in _KINDS:
        if call in source:
            return kind
    return "lab" if "lab" in source or "explorer" in source else "interactive part"


def _note(text: str) -> str:
    return f'<p class="{NOTE_CLASS}">{text}</p>'


def start_note(kind: str) -> str:
    """The placeholder of a trainee-edition widget output before the lesson has run."""
    return _note(
        f"<strong>The {html.escape(kind)} appears here when the lesson runs:</strong> "
        f"choose {RUN_ALL} in the menu at the top."
    )


def rerun_note(kind: str) -> str:
    """The one line above a saved widget's no-JavaScript version."""
    return _note(
        f"<strong>This {html.escape(kind)} is not running.</strong> "
        f"To use it again, choose {RUN_ALL} in the menu at the top."
    )


def _html_text(data: dict) -> str:
    value = data.get("text/html", "")
    return "".join(value) if isinstance(value, list) else str(value)


def carries_widget(output: dict) -> bool:
    return output.get("output_type") in ("display_data", "execute_result") and (
        WIDGET_VIEW in output.get("data", {})
    )


def _display(html_text: str, output: dict) -> dict:
    shown = {"output_type": "display_data", "data": {"text/html": html_text}, "metadata": {}}
    if output.get("output_type") == "execute_result":
        shown = {**shown, "output_type": "execute_result"}
        shown["execution_count"] = output.get("execution_count")
    return shown


def saved_output(output: dict, kind: str = "interactive part") -> dict:
    """A widget output as it is saved: its course fallback under the re-run note, or the note."""
    fallback = _html_text(output.get("data", {}))
    keep = fallback if fallback.lstrip().startswith(f"<div {HOSTED_CLASS}") else ""
    return _display(rerun_note(kind) + keep, output)


def safe_output(output: dict) -> dict | None:
    """An output with only the mime types an untrusted notebook renders (None if nothing left)."""
    if output.get("output_type") not in ("display_data", "execute_result"):
        return output if output.get("output_type") == "stream" else None
    data = {key: value for key, value in output.get("data", {}).items() if key in SAFE_MIME_TYPES}
    if not data:
        return None
    metadata = {key: value for key, value in output.get("metadata", {}).items() if key in data}
    return {**output, "data": data, "metadata": metadata}


def edition_outputs(outputs: list[dict], source: str) -> list[dict]:
    """A trainee-edition code cell's outputs from the executed build: figures and tables as they
    are, each widget replaced by the note that says how to start it."""
    kept = []
    for output in outputs:
        if carries_widget(output):
            kept.append(_display(start_note(widget_kind(source)), output))
            continue
        safe = safe_output(output)
        if safe is not None:
            kept.append(safe)
    for output in kept:
        if output["output_type"] == "execute_result":
            output["execution_count"] = None
    return kept


def strip_widget_views(notebook: dict) -> int:
    """Replace every widget output of a notebook (nbformat 4 JSON) by its saved form; the count."""
    changed = 0
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        outputs = cell.get("outputs", [])
        for position, output in enumerate(outputs):
            if carries_widget(output):
                outputs[position] = saved_output(output, widget_kind(source))
                changed += 1
    return changed


def pre_save_hook(model, path=None, contents_manager=None, **kwargs):
    """Jupyter server `ContentsManager.pre_save_hook`: save notebooks without widget views.

    Enabled by the trainee command and the Binder set-up (see trainee_lab.launch). The running
    JupyterLab keeps its live widgets; a notebook opened from disk shows the fallbacks.
    """
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    strip_widget_views(model["content"])
