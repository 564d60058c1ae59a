"""A resolved docutils doctree as Markdown cells that JupyterLab renders: no MyST syntax left.

`DoctreeToCells` walks a doctree Sphinx has resolved (citations, terms and cross-references are
plain `reference` nodes by then) and returns notebook cells in reading order: Markdown text, and
a `CodeCellRef` where MyST-NB put a code cell (its container carries the cell's index). Each node
is rendered by `MarkdownBlocks` (markdown_blocks.py); links and anchors go through a
`LinkMapper`, so this module knows nothing of Sphinx's builders, files or notebooks.
"""

from dataclasses import dataclass, field

from docutils import nodes
from sphinx import addnodes

from microneedling_course.sphinx.markdown_blocks import LinkMapper, MarkdownBlocks
from microneedling_course.sphinx.markdown_text import anchor_html

# Lines MyST-NB numbers in a notebook: cell n (from 0) starts at line (n + 1) * 10000.
NOTEBOOK_LINE_STRIDE = 10000


@dataclass
class MarkdownCell:
    """A Markdown cell: `key` tells which source cell its text came from, `anchors` the anchor
    names written in it (section ids first)."""

    source: str
    key: object = None
    anchors: list[str] = field(default_factory=list)


@dataclass
class CodeCellRef:
    """A code cell of the source notebook, by index, with the caption MyST-NB gave its figure."""

    index: int
    caption: str = ""
    alt: str = ""


@dataclass
class _Output:
    cells: list = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    pending_key: object = None
    pending_anchors: list[str] = field(default_factory=list)


class DoctreeToCells(MarkdownBlocks):
    """Translate one resolved doctree into notebook cells (see the module docstring).

    Every section and every glossary entry starts a cell, and each cell lists the anchors it
    holds: JupyterLab scrolls a newly opened notebook reliably only to a cell id
    (`#cell-id=...`), so links from other notebooks are pointed at the cell (trainee_edition).
    """

    def __init__(self, links: LinkMapper, *, notebook: bool):
        super().__init__(links)
        self.notebook = notebook

    # ------------------------------------------------------------------ cells
    def cells(self, document: nodes.document) -> list:
        out = _Output()
        self._blocks_into(document, out, depth=0)
        self._flush(out)
        return out.cells

    def _flush(self, out: _Output) -> None:
        text = "\n\n".join(block for block in out.pending if block.strip())
        if text.strip():
            out.cells.append(MarkdownCell(text, out.pending_key, out.pending_anchors))
        out.pending = []
        out.pending_anchors = []

    def _cell_key(self, node: nodes.Node, current):
        """Which source cell a block came from: notebooks keep their cell boundaries."""
        line = getattr(node, "line", None)
        if self.notebook and isinstance(line, int) and line >= NOTEBOOK_LINE_STRIDE:
            return line // NOTEBOOK_LINE_STRIDE - 1
        return current

    def _render(self, render, *args) -> tuple[str, list[str]]:
        """A block's Markdown and the anchors written in it."""
        before = len(self.anchors_written)
        text = render(*args)
        anchors = self.anchors_written[before:]
        del self.anchors_written[before:]
        return text, anchors

    def _emit(self, out: _Output, rendered: tuple[str, list[str]], key, new_cell=False) -> None:
        block, anchors = rendered
        if (new_cell or key != out.pending_key) and out.pending:
            self._flush(out)
        out.pending_key = key
        out.pending.append(block)
        out.pending_anchors.extend(anchors)

    def _blocks_into(self, parent: nodes.Element, out: _Output, depth: int) -> None:
        """Blocks of a document or section; sections, glossary entries and code cells start
        cells, and a notebook's Markdown cells keep their boundaries."""
        for child in parent.children:
            if isinstance(child, nodes.section):
                title = child.next_node(nodes.title)
                key = self._cell_key(title, out.pending_key) if title else out.pending_key
                self._emit(out, self._render(self._heading, child, depth + 1), key, True)
                body = nodes.Element()
                body.children = [c for c in child.children if not isinstance(c, nodes.title)]
                self._blocks_into(body, out, depth + 1)
            elif _is_code_cell(child):
                self._flush(out)
                out.cells.append(_code_cell_ref(child))
            elif isinstance(child, nodes.title):
                continue
            elif isinstance(child, addnodes.glossary):
                for item in child.findall(nodes.definition_list_item):
                    entry = nodes.definition_list()
                    entry.children = [item]
                    rendered = self._render(self.block_definition_list, entry)
                    self._emit(out, rendered, out.pending_key, True)
                self._flush(out)
            else:
                rendered = self._render(self.block, child)
                if rendered[0].strip():
                    self._emit(out, rendered, self._cell_key(child, out.pending_key))

    def _heading(self, section: nodes.section, level: int) -> str:
        title = section.next_node(nodes.title)
        text = self.inline_children(title) if title else ""
        anchors = "".join(anchor_html(a) for a in self._anchors(section))
        heading = "#" * min(level, 6) + " " + text.replace("\n", " ")
        return f"{anchors}\n\n{heading}" if anchors else heading


def _is_code_cell(node: nodes.Node) -> bool:
    return isinstance(node, nodes.container) and node.get("nb_element") == "cell_code"


def _code_cell_ref(node: nodes.container) -> CodeCellRef:
    caption_node = node.next_node(nodes.caption)
    image = node.next_node(nodes.image)
    return CodeCellRef(
        index=int(node["cell_index"]),
        caption=caption_node.astext() if caption_node else "",
        alt=image.get("alt", "") if image else "",
    )
