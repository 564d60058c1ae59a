"""Notebooks of the trainee edition: Markdown cells from the doctree, code from MyST-NB's run.

MyST-NB leaves a `remove-input` cell's code out of the doctree but marks where the cell was with
its index; the code and its outputs come from the notebook MyST-NB executed for the page (its
outputs merged from jupyter-cache when the build took them from there). Code is kept (it runs
the quizzes and labs) but collapsed, under a note to Run All; widget outputs become a note on
how to start them (quiz/widget_outputs.py). Markdown cells are named after the label of their
section, and links into another page point at the cell that holds their anchor.
"""

import copy
import json
import posixpath
import re
from pathlib import Path

import nbformat

from microneedling_course.quiz.widget_outputs import edition_outputs
from microneedling_course.sphinx.markdown_text import escape_text
from microneedling_course.sphinx.markdown_writer import CodeCellRef, MarkdownCell
from microneedling_course.sphinx.trainee_links import XREF, edition_state, label_ids

# Shown at the top of every edition notebook that has code: the one thing a trainee must do.
RUN_ALL_NOTE = (
    "> **To start this lesson's quizzes and labs, choose Run > Run All Cells** in the menu at "
    "the top.\n"
    "> If they do not appear, wait until the bar at the bottom of the window says **Idle**, "
    "then choose it again.\n"
    "> The code that runs them is folded away (the grey bars with three dots): you never need "
    "to open or change it."
)
_XREF_LINK = re.compile(
    r"\]\((?P<path>[^()\s#]+\.ipynb)#" + re.escape(XREF) + r"(?P<anchor>[^()\s\"]+)"
)
_CELL_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def _executed_notebook(app, docname: str):
    """The notebook MyST-NB ran for a page, with its outputs (None for pages without code).

    MyST-NB writes it to `jupyter_execute/`, but with the outputs only when it executed the
    notebook in this build: outputs it took from jupyter-cache are merged here the same way.
    """
    config = app.env.mystnb_config
    path = Path(config.output_folder) / (docname + ".ipynb")
    if not path.is_file():
        return None
    notebook = nbformat.read(path, as_version=4)
    if any(cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"):
        return notebook
    cache_path = Path(config.execution_cache_path)
    if not cache_path.is_dir():
        return notebook
    from jupyter_cache import get_cache

    try:
        _, merged = get_cache(cache_path).merge_match_into_notebook(notebook)
    except KeyError:
        return notebook
    return merged


def cell_layout(app, docname: str) -> tuple[list[str | None], dict[str, str]]:
    """The id of each Markdown cell of a page, and which cell holds each anchor.

    A cell is named after its section's label (or glossary term) when it has one, so that
    `page.ipynb#cell-id=skin-layers` scrolls to the section even in a notebook that has only
    just opened (JupyterLab looks other fragments up before the Markdown is rendered).
    """
    labels = label_ids(app).get(docname, set())
    ids: list[str | None] = []
    holder: dict[str, str] = {}
    used: set[str] = set()
    for position, cell in enumerate(edition_state(app)["docs"][docname].cells):
        if not isinstance(cell, MarkdownCell):
            ids.append(None)
            continue
        named = [a for a in cell.anchors if a in labels or a.startswith("term-")] + cell.anchors
        choice = next((a for a in named if _CELL_ID.match(a) and a not in used), f"md-{position}")
        used.add(choice)
        ids.append(choice)
        for anchor in cell.anchors:
            holder.setdefault(anchor, choice)
    return ids, holder


def _point_at_cells(app, docname: str, source: str, layouts: dict) -> str:
    """Links to an anchor of another page: `#cell-id=` of the cell holding it (else `#anchor`)."""

    def replace(match: re.Match) -> str:
        path, anchor = match["path"], match["anchor"]
        target = posixpath.normpath(posixpath.join(posixpath.dirname(docname), path))[:-6]
        cell_id = layouts.get(target, ({}, {}))[1].get(anchor)
        fragment = f"cell-id={cell_id}" if cell_id else anchor
        return f"]({path}#{fragment}"

    return _XREF_LINK.sub(replace, source)


def edition_notebook(app, docname: str, layouts: dict):
    """The edition notebook of one page: Markdown from the doctree, code from MyST-NB's run."""
    translated = edition_state(app)["docs"][docname]
    cell_ids = layouts[docname][0]
    executed = _executed_notebook(app, docname)
    code_cells = [
        (index, cell)
        for index, cell in enumerate(executed.cells if executed else [])
        if cell.cell_type == "code" and cell.source.strip()
    ]
    cells = []
    if code_cells:
        cells.append(_markdown(RUN_ALL_NOTE, "run-all-note", {"tags": ["trainee-note"]}))
    emitted: set[int] = set()
    for position, cell in enumerate(translated.cells):
        if isinstance(cell, MarkdownCell):
            source = _point_at_cells(app, docname, cell.source, layouts)
            cells.append(_markdown(source, cell_ids[position]))
            continue
        # Cells MyST-NB left out of the page (remove-cell) still run before the next one.
        for index, code in code_cells:
            if index < cell.index and index not in emitted:
                cells.append(_code(code, index))
                emitted.add(index)
        if executed is not None and cell.index < len(executed.cells):
            cells.append(_code(executed.cells[cell.index], cell.index))
            emitted.add(cell.index)
        if cell.caption:
            cells.append(_markdown(_caption(cell), f"caption-{cell.index}"))
    cells.extend(_code(code, index) for index, code in code_cells if index not in emitted)
    notebook = nbformat.v4.new_notebook(cells=cells, metadata=_metadata(app, docname, executed))
    nbformat.validate(notebook)
    return notebook


def _metadata(app, docname: str, executed) -> dict:
    """Kernel metadata as the kernel itself reports it (else JupyterLab marks the notebook as
    changed as soon as the kernel starts), and where the page came from."""
    kernel = _kernel_metadata(app)
    if executed is not None and executed.metadata.get("language_info"):
        kernel = {
            "kernelspec": dict(executed.metadata.get("kernelspec") or kernel["kernelspec"]),
            "language_info": dict(executed.metadata["language_info"]),
        }
    kernel["kernelspec"] = {**kernel["kernelspec"], **_installed_kernelspec(kernel["kernelspec"])}
    source = app.env.doc2path(docname, False)
    return {**kernel, "microneedling_course": {"edition": "trainee", "source": source}}


def _installed_kernelspec(kernelspec: dict) -> dict:
    """The display name of the kernel as installed here (the trainee's JupyterLab writes it)."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(kernelspec.get("name", "python3"))
    except (NoSuchKernel, OSError):
        return {}
    return {"display_name": spec.display_name, "language": spec.language}


def _kernel_metadata(app) -> dict:
    """The kernelspec and language_info of the notebooks the build ran (for pages without code,
    which still open with a kernel in JupyterLab)."""
    state = edition_state(app)
    if state.get("kernel") is None:
        state["kernel"] = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
        for docname in sorted(state["docs"]):
            executed = _executed_notebook(app, docname)
            if executed is not None and executed.metadata.get("language_info"):
                state["kernel"] = {
                    "kernelspec": dict(executed.metadata.get("kernelspec") or KERNELSPEC),
                    "language_info": dict(executed.metadata["language_info"]),
                }
                break
    return state["kernel"]


def _markdown(source: str, cell_id: str, metadata: dict | None = None):
    cell = nbformat.v4.new_markdown_cell(source, metadata=metadata or {})
    cell.id = cell_id
    return cell


def _code(executed_cell, index: int):
    metadata = copy.deepcopy(dict(executed_cell.metadata))
    metadata.pop("mystnb", None)
    metadata.pop("execution", None)
    metadata["jupyter"] = {**metadata.get("jupyter", {}), "source_hidden": True}
    plain = json.loads(json.dumps(executed_cell.get("outputs", [])))
    outputs = [nbformat.from_dict(o) for o in edition_outputs(plain, executed_cell.source)]
    cell = nbformat.v4.new_code_cell(executed_cell.source, metadata=metadata, outputs=outputs)
    cell.id = f"code-{index}"
    return cell


def _caption(cell: CodeCellRef) -> str:
    text = f"*Figure: {escape_text(' '.join(cell.caption.split()))}*"
    if cell.alt:
        alt = escape_text(" ".join(cell.alt.split()))
        text += (
            f"\n\n<details><summary>Text description of the figure</summary>\n\n{alt}\n\n</details>"
        )
    return text
