"""Docutils nodes as Markdown blocks and inline text: the writer's rendering of one node.

`MarkdownBlocks` renders paragraphs, lists, tables, citations, figures, admonitions and inline
markup of a resolved doctree. Links, anchors and images go through a `LinkMapper`, so it knows
nothing of Sphinx, files or notebooks; markdown_writer cuts its output into notebook cells.
"""

import re
from dataclasses import dataclass
from typing import Protocol

from docutils import nodes

from microneedling_course.sphinx.markdown_text import (
    BLANK_LINES,
    INERT_HTML,
    anchor_html,
    code_span,
    escape_text,
    indent,
    link_destination,
    wrap_inline,
)


@dataclass(frozen=True)
class Link:
    """Where a reference points in the edition: an href (None: keep the text, drop the link)."""

    href: str | None
    title: str = ""


class LinkMapper(Protocol):
    """What the writer asks of its caller about links and anchors."""

    def link(self, node: nodes.reference) -> Link:
        """The edition's href (and hover title) for a resolved reference."""

    def anchor(self, node: nodes.Element, node_id: str) -> str | None:
        """The anchor name to write for a node id of this document (None: no anchor)."""

    def image(self, uri: str) -> str:
        """The src for an image (Sphinx gives its path from the source folder)."""


class MarkdownBlocks:
    """Render docutils nodes as Markdown; every anchor written is noted in `anchors_written`."""

    def __init__(self, links: LinkMapper):
        self.links = links
        self.anchors_written: list[str] = []

    def _anchors(self, node: nodes.Element) -> list[str]:
        names = []
        for node_id in node.get("ids", []):
            name = self.links.anchor(node, node_id)
            if name and name not in names:
                names.append(name)
        self.anchors_written.extend(names)
        return names

    def _anchor_prefix(self, node: nodes.Element) -> str:
        return "".join(anchor_html(name) for name in self._anchors(node))

    # ----------------------------------------------------------------- blocks
    def blocks(self, parent: nodes.Element) -> str:
        """The children of a block container, as Markdown blocks separated by blank lines."""
        parts = [self.block(child) for child in parent.children]
        return "\n\n".join(part for part in parts if part.strip())

    def block(self, node: nodes.Node) -> str:
        if isinstance(node, nodes.Text):
            return escape_text(node.astext()).strip()
        method = getattr(self, f"block_{type(node).__name__}", None)
        if method is not None:
            return method(node)
        if isinstance(node, (nodes.Invisible, nodes.system_message)):
            return ""
        if isinstance(node, nodes.Admonition):
            return self._admonition(node)
        if isinstance(node, nodes.TextElement):
            return self._anchor_prefix(node) + self._paragraph_text(node)
        if isinstance(node, nodes.Element):
            body = self.blocks(node)
            prefix = self._anchor_prefix(node)
            return f"{prefix}\n\n{body}" if prefix and body else prefix + body
        return ""

    def _paragraph_text(self, node: nodes.Element) -> str:
        text = self.inline_children(node).strip()
        return BLANK_LINES.sub("\n", text)

    def block_paragraph(self, node: nodes.paragraph) -> str:
        return self._anchor_prefix(node) + self._paragraph_text(node)

    def block_section(self, node: nodes.section) -> str:
        # Sections inside other blocks (rare): a bold title rather than a heading.
        title = node.next_node(nodes.title)
        body = nodes.Element()
        body.children = [c for c in node.children if not isinstance(c, nodes.title)]
        heading = f"**{self.inline_children(title)}**" if title else ""
        return "\n\n".join(p for p in (self._anchor_prefix(node) + heading, self.blocks(body)) if p)

    def block_rubric(self, node: nodes.rubric) -> str:
        return self._anchor_prefix(node) + f"**{self.inline_children(node).strip()}**"

    def block_comment(self, node) -> str:
        return ""

    def block_substitution_definition(self, node) -> str:
        return ""

    def block_target(self, node) -> str:
        return self._anchor_prefix(node)

    def block_index(self, node) -> str:
        return ""

    def block_raw(self, node: nodes.raw) -> str:
        if "html" in node.get("format", "").split():
            return INERT_HTML.sub("", node.astext()).strip()
        return ""

    def block_transition(self, node) -> str:
        return "---"

    def block_literal_block(self, node: nodes.literal_block) -> str:
        text = node.astext()
        longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=2)
        fence = "`" * (longest + 1)
        language = node.get("language", "")
        language = "" if language in ("default", "none", "text") else language
        return f"{fence}{language}\n{text}\n{fence}"

    def block_math_block(self, node) -> str:
        return f"$$\n{node.astext()}\n$$"

    def block_block_quote(self, node: nodes.block_quote) -> str:
        return indent(self.blocks(node), "> ").replace("\n\n", "\n>\n")

    def block_attribution(self, node) -> str:
        return "— " + self.inline_children(node)

    def block_line_block(self, node: nodes.line_block) -> str:
        lines = [self.inline_children(line) for line in node.findall(nodes.line)]
        return "  \n".join(lines)

    def _admonition(self, node: nodes.Admonition) -> str:
        title_node = node.next_node(nodes.title)
        title = self.inline_children(title_node) if title_node else type(node).__name__.title()
        body = nodes.Element()
        body.children = [c for c in node.children if not isinstance(c, nodes.title)]
        text = f"**{title.strip()}**\n\n{self.blocks(body)}"
        return indent(text, "> ").replace("\n\n", "\n>\n")

    # lists
    def block_bullet_list(self, node: nodes.bullet_list) -> str:
        items = [self._list_item(item, "- ") for item in node.children]
        return self._anchor_prefix(node) + "\n".join(items)

    def block_enumerated_list(self, node: nodes.enumerated_list) -> str:
        start = int(node.get("start", 1))
        items = []
        for offset, item in enumerate(node.children):
            items.append(self._list_item(item, f"{start + offset}. "))
        return self._anchor_prefix(node) + "\n".join(items)

    def _list_item(self, item: nodes.Node, marker: str) -> str:
        body = self.blocks(item) if isinstance(item, nodes.Element) else ""
        body = self._anchor_prefix(item) + body if isinstance(item, nodes.Element) else body
        return indent(body or "", " " * len(marker), first=marker)

    def block_definition_list(self, node: nodes.definition_list) -> str:
        items = []
        for item in node.children:
            terms = [child for child in item.children if isinstance(child, nodes.term)]
            definitions = [c for c in item.children if isinstance(c, nodes.definition)]
            names = ", ".join(
                self._anchor_prefix(term) + wrap_inline("**", self.inline_children(term))
                for term in terms
            )
            body = "\n\n".join(self.blocks(definition) for definition in definitions)
            first, _, rest = body.partition("\n\n")
            text = f"{names}: {first}" if first else names
            if rest:
                text += "\n\n" + rest
            items.append(indent(text, "  ", first="- "))
        return "\n".join(items)

    def block_field_list(self, node: nodes.field_list) -> str:
        items = []
        for field_node in node.children:
            name = self.inline_children(field_node.next_node(nodes.field_name))
            body = self.blocks(field_node.next_node(nodes.field_body))
            items.append(indent(f"**{name}:** {body}", "  ", first="- "))
        return "\n".join(items)

    # citations and footnotes: a list of entries, each with its anchor
    def block_citation(self, node: nodes.citation) -> str:
        # sphinxcontrib-bibtex appends label and text to a citation node each time a doctree is
        # resolved in the same process: read the first pair only.
        label = node.next_node(nodes.label)
        paragraph = node.next_node(nodes.paragraph)
        label_text = f"\\[{escape_text(label.astext())}\\] " if label else ""
        text = self._paragraph_text(paragraph) if paragraph else ""
        return f"- {self._anchor_prefix(node)}{label_text}{text}"

    def block_footnote(self, node: nodes.footnote) -> str:
        return self.block_citation(node)

    def block_container(self, node: nodes.container) -> str:
        if node.get("nb_element") == "mime_bundle":
            return ""
        parts = [self.block(child) for child in node.children]
        prefix = self._anchor_prefix(node)
        # A run of citations (a bibliography) is one list, without blank lines between entries.
        if node.children and all(isinstance(c, (nodes.citation, nodes.footnote)) for c in node):
            body = "\n".join(part for part in parts if part.strip())
        else:
            body = "\n\n".join(part for part in parts if part.strip())
        return f"{prefix}\n\n{body}" if prefix and body else prefix + body

    # tables (GitHub-flavoured, as JupyterLab's marked renders them)
    def block_table(self, node: nodes.table) -> str:
        title = node.next_node(nodes.title)
        rows = []
        header_rows = 0
        for section in node.findall(nodes.thead):
            header_rows += len(section.children)
        for row in node.findall(nodes.row):
            rows.append([self._table_cell(entry) for entry in row.children])
        if not rows:
            return ""
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        header = rows[0] if header_rows else [""] * width
        body = rows[1:] if header_rows else rows
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(row) + " |" for row in body]
        caption = f"**{self.inline_children(title)}**\n\n" if title else ""
        return self._anchor_prefix(node) + caption + "\n".join(lines)

    def _table_cell(self, entry: nodes.Element) -> str:
        parts = []
        for child in entry.children:
            if isinstance(child, nodes.paragraph):
                parts.append(self._paragraph_text(child))
            else:
                parts.append(self.block(child))
        text = "<br>".join(part for part in parts if part.strip())
        return text.replace("\n", " ")

    # figures and images
    def block_figure(self, node: nodes.figure) -> str:
        parts = [self.block(child) for child in node.children]
        return self._anchor_prefix(node) + "\n\n".join(part for part in parts if part.strip())

    def block_image(self, node: nodes.image) -> str:
        return self.inline_image(node)

    def block_caption(self, node: nodes.caption) -> str:
        return "*" + self.inline_children(node).strip() + "*"

    def block_legend(self, node) -> str:
        return self.blocks(node)

    # ----------------------------------------------------------------- inline
    def inline_children(self, node: nodes.Node | None) -> str:
        if node is None:
            return ""
        return "".join(self.inline(child) for child in node.children)

    def inline(self, node: nodes.Node) -> str:
        if isinstance(node, nodes.Text):
            return escape_text(node.astext())
        method = getattr(self, f"inline_{type(node).__name__}", None)
        if method is not None:
            return method(node)
        if isinstance(node, (nodes.Invisible, nodes.system_message)):
            return ""
        text = self.inline_children(node) if isinstance(node, nodes.Element) else ""
        return self._anchor_prefix(node) + text if isinstance(node, nodes.Element) else text

    def inline_emphasis(self, node) -> str:
        return wrap_inline("*", self.inline_children(node))

    def inline_strong(self, node) -> str:
        return wrap_inline("**", self.inline_children(node))

    def inline_literal(self, node) -> str:
        return code_span(node.astext())

    def inline_subscript(self, node) -> str:
        return f"<sub>{self.inline_children(node)}</sub>"

    def inline_superscript(self, node) -> str:
        return f"<sup>{self.inline_children(node)}</sup>"

    def inline_math(self, node) -> str:
        return f"${node.astext()}$"

    def inline_raw(self, node: nodes.raw) -> str:
        if "html" in node.get("format", "").split():
            return INERT_HTML.sub("", node.astext())
        return ""

    def inline_image(self, node: nodes.image) -> str:
        alt = escape_text(node.get("alt", ""))
        return f"![{alt}]({link_destination(self.links.image(node['uri']))})"

    def inline_footnote_reference(self, node) -> str:
        return self.inline_reference(node)

    def inline_citation_reference(self, node) -> str:
        return self.inline_reference(node)

    def inline_reference(self, node: nodes.Element) -> str:
        text = self.inline_children(node) or escape_text(node.get("refuri", ""))
        if not isinstance(node, nodes.reference):
            node = nodes.reference("", "", refid=node.get("refid", ""))
        target = self.links.link(node)
        if not target.href:
            return text
        title = ""
        if target.title:
            quoted = target.title.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
            title = f' "{quoted}"'
        return f"[{text}]({link_destination(target.href)}{title})"

    def inline_pending_xref(self, node) -> str:
        return self.inline_children(node)

    def inline_problematic(self, node) -> str:
        return escape_text(node.astext())

    def inline_label(self, node) -> str:
        return ""
