"""Sphinx extension: the trainee edition, the lessons as notebooks that read well in JupyterLab.

The site build writes, beside the HTML, every notebook of the book and every page they link to
(glossary, disclaimer, references...) as `.ipynb` files under `_build/trainee/`, mirroring the
source tree (`notebooks/*.ipynb`, `book/*.ipynb`) so relative links work (design decision 10).

The Markdown comes from the doctree Sphinx resolved for the HTML page, so citations, glossary
terms and cross-references read exactly as on the site: author-year citations link to the
lesson's own reference list, terms to the glossary notebook (with the definition on hover),
`{doc}`/`{ref}` links to `.ipynb` files and anchors that JupyterLab can scroll to. MyST-NB
leaves a `remove-input` cell's code out of the doctree but marks where the cell was with its
index; the code, and its outputs, come from the notebook MyST-NB executed for the page. Code is
kept (it runs the quizzes and labs) but collapsed, with a note at the top to Run All.

The site's `.ipynb` download (`_sources/<page>.ipynb`) is replaced by the trainee edition.

Configuration (`_config.yml`, `sphinx: config:`): `trainee_edition_dir` (default
`_build/trainee`) and `trainee_edition_redirects`, site-only pages mapped to the edition page a
trainee gets instead (the site's "My progress" reads the browser's storage; in JupyterLab the
progress notebook reads the progress file).
"""

import copy
import json
import posixpath
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
from docutils import nodes
from sphinx.util import logging

from microneedling_course.sphinx.markdown_writer import (
    CodeCellRef,
    DoctreeToCells,
    Link,
    MarkdownCell,
    anchor_html,
    escape_text,
)
from microneedling_course.trainee_lab.widget_outputs import edition_outputs

logger = logging.getLogger(__name__)

EDITION_FOLDER = "trainee"
# Shown at the top of every edition notebook that has code: the one thing a trainee must do.
RUN_ALL_NOTE = (
    "> **To start this lesson's quizzes and labs, choose Run > Run All Cells** in the menu at "
    "the top.\n"
    "> The code that runs them is folded away (the grey bars with three dots): you never need "
    "to open or change it."
)
DEFINITION_TITLE_LENGTH = 300
# A link to an anchor in another page, until it is pointed at the cell that holds the anchor.
XREF = "mnc-xref="
_XREF_LINK = re.compile(
    r"\]\((?P<path>[^()\s#]+\.ipynb)#" + re.escape(XREF) + r"(?P<anchor>[^()\s\"]+)"
)
_CELL_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


@dataclass
class TranslatedDoc:
    """One page as edition cells, with the pages its links lead to."""

    cells: list
    linked_docs: set[str] = field(default_factory=set)
    images: set[str] = field(default_factory=set)


class EditionLinks:
    """The `LinkMapper` of one page: site links become links between edition notebooks."""

    def __init__(self, app, docname: str, doctree: nodes.document):
        self.app = app
        self.docname = docname
        self.ids = doctree.ids
        self.linked_docs: set[str] = set()
        self.borrowed: dict[tuple[str, str], tuple[str, str]] = {}
        self.images: set[str] = set()
        self.labels = _label_ids(app).get(docname, set())

    # anchors ------------------------------------------------------------
    def anchor(self, node: nodes.Element, node_id: str) -> str | None:
        if isinstance(node, (nodes.section, nodes.term)) or node_id in self.labels:
            return node_id
        if isinstance(node, (nodes.citation, nodes.footnote)):
            return self._local_name(node_id)
        return None

    def _local_name(self, node_id: str) -> str:
        """A name unique to this notebook: JupyterLab looks a same-page fragment up in the whole
        window, where other lessons (with the same generated ids) may be open too."""
        stem = posixpath.basename(self.docname)
        return f"{stem}-{node_id}"

    def _same_page(self, node_id: str) -> str:
        target = self.ids.get(node_id)
        name = self.anchor(target, node_id) if target is not None else None
        return "#" + (name or node_id)

    def image(self, uri: str) -> str:
        """Images are copied beside the notebooks, at the same place as in the sources."""
        if urlsplit(uri).scheme:
            return uri
        self.images.add(uri)
        return posixpath.relpath(uri, posixpath.dirname(self.docname) or ".")

    # links --------------------------------------------------------------
    def link(self, node: nodes.reference) -> Link:
        title = node.get("reftitle", "")
        if node.get("refid"):
            return Link(self._same_page(node["refid"]), title)
        refuri = node.get("refuri", "")
        parts = urlsplit(refuri)
        if parts.scheme or refuri.startswith("//") or refuri.startswith("mailto:"):
            return Link(refuri, title)
        if not parts.path:
            return Link(self._same_page(parts.fragment) if parts.fragment else None, title)
        target = self._docname_of(parts.path)
        if target is None:
            return Link(None)
        target = self.app.config.trainee_edition_redirects.get(target, target)
        if target != self.docname and parts.fragment and _is_citation(node):
            # A page without its own reference list cites into another page's list: the
            # notebook gets a list of its own, so every citation resolves in the same notebook.
            return Link("#" + self._borrow(target, parts.fragment, title), title)
        self.linked_docs.add(target)
        href = posixpath.relpath(target + ".ipynb", posixpath.dirname(self.docname) or ".")
        if parts.fragment:
            # Pointed at the target's cell once every page's cells are known (write_edition).
            href += f"#{XREF}{parts.fragment}"
            title = title or _term_definitions(self.app).get(parts.fragment, "")
        return Link(href, title)

    def _borrow(self, target: str, fragment: str, text: str) -> str:
        key = (target, fragment)
        if key not in self.borrowed:
            self.borrowed[key] = (self._local_name(f"ref-{len(self.borrowed) + 1}"), text)
        return self.borrowed[key][0]

    def reference_list(self) -> MarkdownCell | None:
        """The "References" cell of a page that cites entries listed on other pages."""
        if not self.borrowed:
            return None
        heading = self._local_name("references")
        entries = [(name, text) for name, text in self.borrowed.values()]
        lines = [f"- {anchor_html(name)}{escape_text(text)}" for name, text in entries]
        source = f"{anchor_html(heading)}\n\n## References\n\n" + "\n".join(lines)
        return MarkdownCell(source, anchors=[heading] + [name for name, _ in entries])

    def _docname_of(self, path: str) -> str | None:
        suffix = self.app.builder.out_suffix
        if not path.endswith(suffix):
            return None
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(self.docname), path))
        docname = joined[: -len(suffix)]
        return docname if docname in self.app.env.all_docs else None


def _is_citation(node: nodes.Node) -> bool:
    parent = node.parent
    return parent is not None and "bibtex-citation" in parent.get("classes", [])


def _label_ids(app) -> dict[str, set[str]]:
    """Per page, the ids that are explicit labels (`(name)=`): kept as they are as anchors."""
    state = _state(app)
    if state.get("labels") is None:
        labels: dict[str, set[str]] = {}
        for docname, labelid in app.env.get_domain("std").anonlabels.values():
            if docname and labelid:
                labels.setdefault(docname, set()).add(labelid)
        state["labels"] = labels
    return state["labels"]


def _term_definitions(app) -> dict[str, str]:
    """Glossary term anchor -> plain-text definition (shown when a trainee hovers the term)."""
    state = _state(app)
    if state.get("terms") is None:
        terms: dict[str, str] = {}
        std = app.env.get_domain("std")
        glossary_docs = {
            docname for (kind, _), (docname, _) in std.objects.items() if kind == "term"
        }
        for docname in sorted(glossary_docs):
            for item in app.env.get_doctree(docname).findall(nodes.definition_list_item):
                definition = item.next_node(nodes.definition)
                text = " ".join(definition.astext().split()) if definition else ""
                if len(text) > DEFINITION_TITLE_LENGTH:
                    text = text[: DEFINITION_TITLE_LENGTH - 1].rsplit(" ", 1)[0] + "…"
                for term in item.findall(nodes.term):
                    for term_id in term["ids"]:
                        terms[term_id] = text
        state["terms"] = terms
    return state["terms"]


# --------------------------------------------------------------------------- build events
def _state(app) -> dict:
    if not hasattr(app, "_mnc_trainee_edition"):
        app._mnc_trainee_edition = {"docs": {}, "terms": None, "labels": None, "kernel": None}
    return app._mnc_trainee_edition


def _is_notebook_page(app, docname: str) -> bool:
    return "kernelspec" in app.env.metadata.get(docname, {})


def translate(app, docname: str, doctree: nodes.document) -> TranslatedDoc:
    links = EditionLinks(app, docname, doctree)
    writer = DoctreeToCells(links, notebook=app.env.doc2path(docname).endswith(".ipynb"))
    cells = writer.cells(doctree)
    references = links.reference_list()
    if references is not None:
        cells.append(references)
    return TranslatedDoc(cells, links.linked_docs, links.images)


def collect_resolved_doctree(app, doctree: nodes.document, docname: str) -> None:
    """Translate each page as the HTML builder resolves it (a doctree is resolved only once:
    sphinxcontrib-bibtex fills its reference lists in place)."""
    if app.builder.format != "html":
        return
    _state(app)["docs"][docname] = translate(app, docname, doctree)


def edition_docnames(app) -> list[str]:
    """Every notebook page and, following links, every page a trainee can reach from them."""
    docs = _state(app)["docs"]
    redirects = app.config.trainee_edition_redirects
    wanted = [
        d for d in sorted(app.env.all_docs) if _is_notebook_page(app, d) and d not in redirects
    ]
    wanted.append(app.config.root_doc)
    seen: set[str] = set()
    while wanted:
        docname = wanted.pop()
        if docname in seen:
            continue
        seen.add(docname)
        if docname not in docs:
            # Not written in this run (unchanged since the last build): resolve it once here.
            doctree = app.env.get_and_resolve_doctree(docname, app.builder)
            docs[docname] = translate(app, docname, doctree)
        wanted.extend(sorted(docs[docname].linked_docs - seen))
    return sorted(seen)


def edition_dir(app) -> Path:
    configured = app.config.trainee_edition_dir
    if configured:
        return Path(app.confdir, configured).resolve()
    return Path(app.outdir).parent / EDITION_FOLDER


def write_edition(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    target = edition_dir(app)
    docnames = edition_docnames(app)
    layouts = {docname: cell_layout(app, docname) for docname in docnames}
    for docname in docnames:
        notebook = edition_notebook(app, docname, layouts)
        path = target / (docname + ".ipynb")
        path.parent.mkdir(parents=True, exist_ok=True)
        text = nbformat.writes(notebook) + "\n"
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        _serve_as_download(app, docname, path)
        for image in _state(app)["docs"][docname].images:
            _copy_image(Path(app.srcdir) / image, target / image)
    for source, target_doc in app.config.trainee_edition_redirects.items():
        if target_doc in docnames:
            _serve_as_download(app, source, target / (target_doc + ".ipynb"))
    _remove_stale(target, {target / (d + ".ipynb") for d in docnames})
    logger.info(f"trainee edition: {len(docnames)} notebooks in {target}")


def _copy_image(source: Path, target: Path) -> None:
    if source.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def _serve_as_download(app, docname: str, path: Path) -> None:
    """The site's .ipynb download button hands out the trainee edition, not the source."""
    download = Path(app.outdir) / "_sources" / (docname + ".ipynb")
    if download.is_file():
        shutil.copyfile(path, download)


def _remove_stale(target: Path, keep: set[Path]) -> None:
    """Edition notebooks of pages that no longer exist go; a trainee's own notebooks and the
    records folder beside the lessons stay."""
    for folder in {path.parent for path in keep}:
        for path in folder.glob("*.ipynb"):
            if path not in keep and _is_edition_notebook(path):
                path.unlink()


def _is_edition_notebook(path: Path) -> bool:
    try:
        metadata = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        return False
    return metadata.get("microneedling_course", {}).get("edition") == "trainee"


# --------------------------------------------------------------------------- notebooks
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
    labels = _label_ids(app).get(docname, set())
    ids: list[str | None] = []
    holder: dict[str, str] = {}
    used: set[str] = set()
    for position, cell in enumerate(_state(app)["docs"][docname].cells):
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
    translated = _state(app)["docs"][docname]
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
    state = _state(app)
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


def point_launch_buttons(app, pagename, templatename, context, doctree) -> None:
    """A redirected page's launch buttons open the edition page that replaces it (the branch
    they open holds no copy of the site-only page)."""
    target = app.config.trainee_edition_redirects.get(pagename)
    if not target:
        return
    source = app.env.doc2path(pagename, False)
    for group in context.get("header_buttons", []):
        if group.get("label") != "launch-buttons":
            continue
        for button in group.get("buttons", []):
            if "url" in button:
                button["url"] = button["url"].replace(source, target + ".ipynb")


def setup(app):
    app.add_config_value("trainee_edition_dir", "", "env", types=[str])
    # Site-only pages and the edition page a trainee gets instead (links and download follow).
    app.add_config_value("trainee_edition_redirects", {}, "env", types=[dict])
    app.connect("doctree-resolved", collect_resolved_doctree, priority=900)
    app.connect("build-finished", write_edition)
    # After sphinx-book-theme adds the launch buttons (priority 501).
    app.connect("html-page-context", point_launch_buttons, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
