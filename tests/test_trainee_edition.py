"""The trainee-edition extension, in process on a tiny fixture book (tests/fixtures/sphinx/)."""

import json
import re
import shutil
from pathlib import Path

import pytest
from docutils import nodes
from markdown_it import MarkdownIt
from sphinx.testing.util import SphinxTestApp

from microneedling_course.sphinx.markdown_blocks import Link
from microneedling_course.sphinx.markdown_text import escape_text
from microneedling_course.sphinx.markdown_writer import DoctreeToCells, MarkdownCell

FIXTURE = Path(__file__).parent / "fixtures" / "sphinx" / "trainee-edition"
MYST_SYNTAX = re.compile(r"\{[a-z:-]+\}`|^\([\w-]+\)=\s*$|^(```|:::)\s*\{", re.MULTILINE)
RUN_ALL = "Run > Run All Cells"


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory):
    """The fixture book built with Sphinx's html builder; its warnings and its trainee edition."""
    source = tmp_path_factory.mktemp("book") / "src"
    shutil.copytree(FIXTURE, source)
    app = SphinxTestApp("html", srcdir=source)
    try:
        app.build()
        warnings = app._warning.getvalue()
    finally:
        app.cleanup()
    return {"warnings": warnings, "edition": source / "_build" / "trainee", "html": app.outdir}


def edition_notebook(fixture_build, name: str) -> dict:
    return json.loads((fixture_build["edition"] / f"{name}.ipynb").read_text(encoding="utf-8"))


def markdown_of(notebook: dict) -> list[str]:
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]


def cell_with_id(notebook: dict, cell_id: str) -> dict | None:
    return next((cell for cell in notebook["cells"] if cell["id"] == cell_id), None)


def test_the_build_is_clean(fixture_build):
    """Does the fixture book build without a warning with the extension on?"""
    assert fixture_build["warnings"].strip() == ""


def test_every_page_a_lesson_reaches_is_in_the_edition(fixture_build):
    """Are the lesson, the pages it links to and the root page written as notebooks?"""
    names = sorted(path.stem for path in fixture_build["edition"].glob("*.ipynb"))
    assert names == ["disclaimer", "glossary", "index", "lesson"]


def test_a_redirected_page_is_replaced_by_its_edition_page(fixture_build):
    """Does a link to a site-only page lead to the page the edition gives instead, and is the
    site-only page left out?"""
    text = "\n".join(markdown_of(edition_notebook(fixture_build, "disclaimer")))
    assert "[your progress](lesson.ipynb)" in text
    assert not (fixture_build["edition"] / "progress.ipynb").exists()


def test_no_myst_syntax_is_left(fixture_build):
    """Do the edition's Markdown cells hold no role, label line or directive fence?"""
    for path in fixture_build["edition"].glob("*.ipynb"):
        for source in markdown_of(json.loads(path.read_text(encoding="utf-8"))):
            assert not MYST_SYNTAX.search(source), (path.name, source)


def test_citation_links_to_the_reference_list_of_the_same_notebook(fixture_build):
    """Is a citation author-year text whose link leads to an entry anchored in this notebook?"""
    text = "\n".join(markdown_of(edition_notebook(fixture_build, "lesson")))
    match = re.search(r"\[Harris \*et al\.\*, 2015\]\(#([\w-]+) \"([^\"]+)\"\)", text)
    assert match, text
    anchor, title = match.groups()
    assert f'<a id="{anchor}"></a>' in text
    assert "Skin needling as a treatment for acne scarring" in title


def test_textual_citation_reads_as_author_and_year(fixture_build):
    """Does {cite:t} become "Kalluri et al. [2011]" with a link, not a key?"""
    text = "\n".join(markdown_of(edition_notebook(fixture_build, "lesson")))
    assert re.search(r"Kalluri \*et al\.\* \\\[\[2011\]\(#", text), text
    assert "kalluri2011" not in text


def test_a_page_citing_another_pages_list_gets_its_own(fixture_build):
    """Does the disclaimer, which has no bibliography, list what it cites in its own notebook?"""
    text = "\n".join(markdown_of(edition_notebook(fixture_build, "disclaimer")))
    match = re.search(r"\[Harris \*et al\.\*, 2015\]\(#([\w-]+)", text)
    assert match and f'<a id="{match.group(1)}"></a>' in text
    assert "## References" in text and "lesson.ipynb#" not in text


def test_term_links_to_the_glossary_cell_with_its_definition_on_hover(fixture_build):
    """Does {term} link to the glossary notebook's cell for the term, titled with its meaning?"""
    text = "\n".join(markdown_of(edition_notebook(fixture_build, "lesson")))
    match = re.search(r"\[dermis\]\(glossary\.ipynb#cell-id=([\w-]+) \"([^\"]+)\"\)", text)
    assert match, text
    cell_id, title = match.groups()
    assert title == "The layer under the epidermis."
    glossary = edition_notebook(fixture_build, "glossary")
    assert "**Dermis**" in "".join(cell_with_id(glossary, cell_id)["source"])


def test_glossary_alias_resolves_to_an_anchor_of_its_entry(fixture_build):
    """Does a term given by its second name lead to the cell holding that name's anchor?"""
    text = "\n".join(markdown_of(edition_notebook(fixture_build, "lesson")))
    match = re.search(r"\[Outer layer\]\(glossary\.ipynb#cell-id=([\w-]+)", text)
    assert match, text
    entry = "".join(cell_with_id(edition_notebook(fixture_build, "glossary"), match[1])["source"])
    assert '<a id="term-Outer-layer"></a>' in entry


def test_label_becomes_the_cell_id_of_its_section(fixture_build):
    """Is the labelled section a cell named after the label, with the label as an anchor?"""
    cell = cell_with_id(edition_notebook(fixture_build, "lesson"), "skin-layers")
    assert cell is not None
    source = "".join(cell["source"])
    assert '<a id="skin-layers"></a>' in source and "## The layers" in source


def test_doc_and_ref_links_point_at_notebooks(fixture_build):
    """Do {doc} and {ref} become relative links JupyterLab opens (.ipynb, same-page anchor)?"""
    text = "\n".join(markdown_of(edition_notebook(fixture_build, "lesson")))
    assert "[Glossary](glossary.ipynb)" in text
    assert "[disclaimer](disclaimer.ipynb)" in text
    assert "[The layers](#skin-layers)" in text


def test_code_cells_are_kept_collapsed_under_a_run_all_note(fixture_build):
    """Is every code cell there, collapsed, after a first cell that says to Run All?"""
    notebook = edition_notebook(fixture_build, "lesson")
    assert RUN_ALL in "".join(notebook["cells"][0]["source"])
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert ["".join(cell["source"]).splitlines()[-1] for cell in code] == [
        'show_objectives("x")',
        'show_quiz("x")',
        "dermis_by_region_figure()",
    ]
    assert all(cell["metadata"]["jupyter"]["source_hidden"] for cell in code)


def test_static_outputs_are_shown_before_the_lesson_runs(fixture_build):
    """Are the objectives' HTML and the figure kept as outputs, without widget views?"""
    notebook = edition_notebook(fixture_build, "lesson")
    outputs = [cell["outputs"] for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert "You will learn the layers" in "".join(outputs[0][0]["data"]["text/html"])
    assert "image/png" in outputs[2][0]["data"]
    assert "widget-view" not in json.dumps(notebook)


def test_a_widget_output_becomes_a_note_on_how_to_start_it(fixture_build):
    """Does the quiz cell show a note naming Run All instead of a dead widget?"""
    notebook = edition_notebook(fixture_build, "lesson")
    quiz = [cell for cell in notebook["cells"] if "show_quiz" in "".join(cell["source"])][0]
    html_text = "".join(quiz["outputs"][0]["data"]["text/html"])
    assert "The quiz appears here" in html_text and "Run &gt; Run All Cells" in html_text


def test_a_figure_caption_and_its_text_description_follow_the_figure(fixture_build):
    """Does the figure's caption (and its alt text) follow the figure cell as Markdown?"""
    cells = edition_notebook(fixture_build, "lesson")["cells"]
    position = next(i for i, c in enumerate(cells) if "_figure()" in "".join(c["source"]))
    caption = "".join(cells[position + 1]["source"])
    assert caption.startswith("*Figure: A tiny figure.*") and "One grey pixel." in caption


def test_text_renders_as_written(fixture_build):
    """Rendered as CommonMark, does the edition show "$5" and "1." as text, not maths or a list?"""
    first = markdown_of(edition_notebook(fixture_build, "lesson"))[1]
    rendered = MarkdownIt("commonmark").render(first)
    assert "<h1>1. Skin and depth</h1>" in rendered
    assert "$5" in rendered and "\\$" not in rendered


def test_an_image_is_copied_beside_the_notebook(fixture_build):
    """Does a page's image show in its notebook (copied, linked from the notebook's folder)?"""
    text = "\n".join(markdown_of(edition_notebook(fixture_build, "disclaimer")))
    assert "![A grey pixel](images/pixel.png)" in text
    assert (fixture_build["edition"] / "images" / "pixel.png").is_file()


def test_the_site_download_is_the_trainee_edition(fixture_build):
    """Does the site's .ipynb download (_sources) hand out the edition, not the source?"""
    download = json.loads((fixture_build["html"] / "_sources" / "lesson.ipynb").read_text())
    assert download["metadata"]["microneedling_course"]["edition"] == "trainee"


def test_the_edition_is_valid_nbformat(fixture_build):
    """Does every edition notebook validate against nbformat's schema, with unique cell ids?"""
    import nbformat

    for path in fixture_build["edition"].glob("*.ipynb"):
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        ids = [cell.id for cell in notebook.cells]
        assert len(ids) == len(set(ids)), path.name


# --------------------------------------------------------------------------- the writer alone
class NoLinks:
    """A LinkMapper that keeps every link as it is and writes every id as an anchor."""

    def link(self, node):
        return Link(node.get("refuri") or "#" + node.get("refid", ""))

    def anchor(self, node, node_id):
        return node_id

    def image(self, uri):
        return uri


def cells_of(*children) -> list:
    document = nodes.document(None, None)
    section = nodes.section(ids=["a-title"])
    section += nodes.title("", "A title")
    for child in children:
        section += child
    document += section
    return DoctreeToCells(NoLinks(), notebook=False).cells(document)


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("1. Not a list", "1\\. Not a list"),
        ("- not a bullet", "\\- not a bullet"),
        ("# not a heading", "\\# not a heading"),
        ("costs $5 and *more*", "costs \\$5 and \\*more\\*"),
        ("a <b> tag | pipe", "a \\<b\\> tag \\| pipe"),
        ("3.5 mm", "3.5 mm"),
    ],
)
def test_escape_text_keeps_characters_literal(text, markdown):
    """Does text that looks like Markdown, HTML or maths stay literal?"""
    assert escape_text(text) == markdown


def test_nested_list_items_are_indented_under_their_marker():
    """Are a nested list and a second paragraph indented to the item's text?"""
    inner = nodes.enumerated_list("", nodes.list_item("", nodes.paragraph("", "nested")))
    item = nodes.list_item("", nodes.paragraph("", "first"), inner)
    cells = cells_of(nodes.bullet_list("", item))
    assert cells[0].source.endswith("- first\n\n  1. nested")


def test_table_is_a_pipe_table_with_its_header():
    """Does a table with a header row come out as a GitHub-flavoured pipe table?"""

    def row(*texts):
        return nodes.row("", *[nodes.entry("", nodes.paragraph("", t)) for t in texts])

    group = nodes.tgroup(
        "", nodes.thead("", row("Layer", "Depth")), nodes.tbody("", row("a|b", "1"))
    )
    cells = cells_of(nodes.table("", group))
    assert "| Layer | Depth |\n|---|---|\n| a\\|b | 1 |" in cells[0].source


def test_each_section_starts_a_cell_named_by_its_anchors():
    """Does a subsection start its own cell and list its anchors first?"""
    sub = nodes.section(ids=["sub", "label"])
    sub += nodes.title("", "Sub")
    sub += nodes.paragraph("", "text")
    cells = cells_of(nodes.paragraph("", "intro"), sub)
    assert [type(cell) for cell in cells] == [MarkdownCell, MarkdownCell]
    assert cells[1].anchors[:2] == ["sub", "label"]
    assert cells[1].source.startswith('<a id="sub"></a><a id="label"></a>\n\n## Sub')


def test_rebuild_removes_stale_edition_notebooks_only(tmp_path):
    """Does a rebuild delete an edition notebook whose page is gone, but keep a trainee's own?"""
    from microneedling_course.sphinx.trainee_edition import _remove_stale

    edition_meta = {"metadata": {"microneedling_course": {"edition": "trainee"}}, "cells": []}
    kept, stale, own = (tmp_path / f"{name}.ipynb" for name in ("lesson", "gone", "Untitled"))
    for path, content in ((kept, edition_meta), (stale, edition_meta), (own, {"cells": []})):
        path.write_text(json.dumps(content))
    _remove_stale(tmp_path, {kept})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Untitled.ipynb", "lesson.ipynb"]


def test_a_build_that_writes_no_page_keeps_the_edition_and_a_missing_file_is_written(tmp_path):
    """Does a no-change rebuild leave the edition untouched (no page translated again), while a
    rebuild that finds an edition file gone, or a page changed, writes the edition again?"""
    source = tmp_path / "src"
    shutil.copytree(FIXTURE, source)
    edition = source / "_build" / "trainee"

    def build() -> str:
        app = SphinxTestApp("html", srcdir=source)
        try:
            app.build()
            return app._status.getvalue()
        finally:
            app.cleanup()

    assert "trainee edition: 4 notebooks" in build()
    lesson = edition / "lesson.ipynb"
    lesson.write_text(lesson.read_text(encoding="utf-8") + " ", encoding="utf-8")  # a mark
    assert "trainee edition: unchanged" in build()
    assert lesson.read_text(encoding="utf-8").endswith("\n ")
    (edition / "glossary.ipynb").unlink()
    assert "trainee edition: 4 notebooks" in build()
    assert (edition / "glossary.ipynb").is_file()
    assert not lesson.read_text(encoding="utf-8").endswith("\n ")
    page = source / "glossary.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert "trainee edition: 4 notebooks" in build()
    assert "One more line." in (edition / "glossary.ipynb").read_text(encoding="utf-8")
