"""Links of the trainee edition: site links become links between edition notebooks.

`EditionLinks` is the `LinkMapper` (markdown_blocks.py) of one page. A link to another page
becomes a relative `.ipynb` link (a redirected site-only page becomes its replacement); a
fragment stays a marker until every page's cells are known (trainee_notebooks.py points it at
the cell that holds the anchor); glossary terms get their definition as the hover title; a page
that cites into another page's reference list gets a list of its own.
"""

import posixpath
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from docutils import nodes

from microneedling_course.sphinx.markdown_blocks import Link
from microneedling_course.sphinx.markdown_text import anchor_html, escape_text
from microneedling_course.sphinx.markdown_writer import MarkdownCell

DEFINITION_TITLE_LENGTH = 300
# A link to an anchor in another page, until it is pointed at the cell that holds the anchor.
XREF = "mnc-xref="


def edition_state(app) -> dict:
    """What the build learns about the edition, kept on the app (never in the pickled env)."""
    if not hasattr(app, "_mnc_trainee_edition"):
        app._mnc_trainee_edition = {"docs": {}, "terms": None, "labels": None, "kernel": None}
    return app._mnc_trainee_edition


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
        self.labels = label_ids(app).get(docname, set())

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
            title = title or term_definitions(self.app).get(parts.fragment, "")
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


def label_ids(app) -> dict[str, set[str]]:
    """Per page, the ids that are explicit labels (`(name)=`): kept as they are as anchors."""
    state = edition_state(app)
    if state.get("labels") is None:
        labels: dict[str, set[str]] = {}
        for docname, labelid in app.env.get_domain("std").anonlabels.values():
            if docname and labelid:
                labels.setdefault(docname, set()).add(labelid)
        state["labels"] = labels
    return state["labels"]


def term_definitions(app) -> dict[str, str]:
    """Glossary term anchor -> plain-text definition (shown when a trainee hovers the term)."""
    state = edition_state(app)
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
