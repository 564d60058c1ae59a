"""Sphinx extension: the trainee edition, the lessons as notebooks that read well in JupyterLab.

The site build writes, beside the HTML, every notebook of the book and every page they link to
(glossary, disclaimer, references...) as `.ipynb` files under `_build/trainee/`, mirroring the
source tree (`notebooks/*.ipynb`, `book/*.ipynb`) so relative links work (design decision 10).

Each page is translated from the doctree Sphinx resolved for its HTML page (markdown_writer.py,
with trainee_links.py for its links), so citations, glossary terms and cross-references read as
they do on the site; trainee_notebooks.py puts the notebooks together with the code MyST-NB ran.

The site's `.ipynb` download (`_sources/<page>.ipynb`) is replaced by the trainee edition.

A build that wrote no page leaves an edition it wrote itself as it is (a stamp in the edition
folder records the pages, the code that translated them and the files written): translating
every page again cost a no-change rebuild about 1.3 s.

Configuration (`_config.yml`, `sphinx: config:`): `trainee_edition_dir` (default
`_build/trainee`) and `trainee_edition_redirects`, site-only pages mapped to the edition page a
trainee gets instead (the site's "My progress" reads the browser's storage; in JupyterLab the
progress notebook reads the progress file).
"""

import hashlib
import json
import shutil
from pathlib import Path

import nbformat
from docutils import nodes
from sphinx.util import logging

from microneedling_course.sphinx.markdown_writer import DoctreeToCells
from microneedling_course.sphinx.trainee_links import EditionLinks, TranslatedDoc, edition_state
from microneedling_course.sphinx.trainee_notebooks import cell_layout, edition_notebook

logger = logging.getLogger(__name__)

EDITION_FOLDER = "trainee"
STAMP = ".edition-stamp.json"
# The modules whose code decides what the edition holds.
_EDITION_CODE = ("trainee_*.py", "markdown_*.py")


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
    edition_state(app)["docs"][docname] = translate(app, docname, doctree)


def edition_docnames(app) -> list[str]:
    """Every notebook page and, following links, every page a trainee can reach from them."""
    docs = edition_state(app)["docs"]
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


def edition_stamp(app) -> str:
    """What the edition was made from, beyond the pages' text: the code that translates pages,
    the settings, and the set of pages (a removed page writes no other page)."""
    digest = hashlib.sha256()
    folder = Path(__file__).parent
    for pattern in _EDITION_CODE:
        for module in sorted(folder.glob(pattern)):
            digest.update(module.name.encode() + b"\0" + module.read_bytes())
    settings = [app.config.root_doc, app.config.trainee_edition_redirects, sorted(app.env.all_docs)]
    digest.update(json.dumps(settings, sort_keys=True).encode())
    return digest.hexdigest()


def _unchanged(app, target: Path, stamp: str) -> bool:
    """True when this build wrote no page and the edition on disk is the one the stamp describes."""
    if edition_state(app)["docs"]:
        return False
    try:
        recorded = json.loads((target / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(recorded, dict) or recorded.get("stamp") != stamp:
        return False
    files = recorded.get("files")
    return isinstance(files, list) and all((target / str(name)).is_file() for name in files)


def write_edition(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    target = edition_dir(app)
    stamp = edition_stamp(app)
    if _unchanged(app, target, stamp):
        logger.info(f"trainee edition: unchanged in {target}")
        return
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
        for image in edition_state(app)["docs"][docname].images:
            _copy_image(Path(app.srcdir) / image, target / image)
    for source, target_doc in app.config.trainee_edition_redirects.items():
        if target_doc in docnames:
            _serve_as_download(app, source, target / (target_doc + ".ipynb"))
    _remove_stale(target, {target / (d + ".ipynb") for d in docnames})
    images = {image for d in docnames for image in edition_state(app)["docs"][d].images}
    files = [d + ".ipynb" for d in docnames] + sorted(
        image for image in images if (target / image).is_file()
    )
    record = json.dumps({"stamp": stamp, "files": files}, indent=1)
    (target / STAMP).write_text(record + "\n", encoding="utf-8")
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
