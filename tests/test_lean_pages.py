"""The lean-pages extension, built in-process on a two-page sphinx-book-theme site."""

import hashlib
import io
import re
import shutil
from pathlib import Path

import pytest
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

FIXTURE = Path(__file__).parent / "fixtures" / "sphinx" / "lean-pages"
LEAN_LINK = re.compile(r'<link rel="stylesheet" href="([^"]*lean-pages\.css)\?v=([0-9a-f]+)" />')


def build(source: Path, out: Path) -> str:
    """Build the site (incrementally when `out` holds a build); returns the warnings."""
    warnings = io.StringIO()
    # As sphinx-build does, so that a second build in this process registers its nodes afresh.
    with patch_docutils(str(source)), docutils_namespace():
        app = Sphinx(
            str(source),
            str(source),
            str(out / "html"),
            str(out / "doctrees"),
            "html",
            status=None,
            warning=warnings,
        )
        app.build()
    return warnings.getvalue()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The fixture site, copied (so rebuilds may edit it) and built once."""
    root = tmp_path_factory.mktemp("lean-pages")
    shutil.copytree(FIXTURE, root / "src")
    assert build(root / "src", root / "out") == ""
    return root


def page(site: Path, name: str) -> str:
    return (site / "out" / "html" / name).read_text(encoding="utf-8")


def head(html: str) -> str:
    return html[: html.index("</head>")]


def test_pages_load_no_font_awesome_script_and_no_web_font(site):
    """Is fontawesome.js gone from every page, and no Font Awesome web font linked anywhere?"""
    for name in ("index.html", "code.html", "search.html"):
        html = page(site, name)
        assert "fontawesome.js" not in html
    css = (site / "out" / "html" / "_static" / "lean-pages.css").read_text(encoding="utf-8")
    assert "webfonts/" not in css and ".woff2" not in css


def test_theme_stylesheets_become_one_versioned_file(site):
    """Does each page link one lean stylesheet, versioned by its content, instead of the theme's
    and extensions' files (no @import chain), with the project's own stylesheet still after it?"""
    html = head(page(site, "code.html"))
    (href, version), *others = LEAN_LINK.findall(html)
    assert others == []
    css = (site / "out" / "html" / href).read_bytes()
    assert hashlib.sha256(css).hexdigest()[:12] == version
    for theme_file in (
        "pydata-sphinx-theme.css",
        "styles/theme.css",
        "copybutton.css",
        "basic.css",
    ):
        assert theme_file not in html
    assert html.index("lean-pages.css") < html.index("_static/own.css")
    assert b"@import" not in css


def test_icons_are_drawn_as_svg_in_the_pages(site):
    """Are the theme's icons <svg> elements in the page, with no Font Awesome <i> left?"""
    html = page(site, "index.html")
    assert 'class="svg-inline--fa fa-magnifying-glass"' in html
    assert not re.search(r'<i class="[^"]*\bfa-solid\b', html)


def test_search_scripts_load_on_the_search_page_only(site):
    """Does only the search page load the search index and its scripts?"""
    assert "searchindex.js" in head(page(site, "search.html"))
    for name in ("index.html", "code.html"):
        assert "searchindex.js" not in head(page(site, name))
        assert "searchtools.js" not in head(page(site, name))


def test_copy_button_scripts_load_only_where_there_is_code(site):
    """Do the copy-button scripts load on the page with a code block and not on the other?"""
    assert "copybutton.js" in head(page(site, "code.html"))
    assert "copybutton.js" not in head(page(site, "index.html"))


def test_thebe_and_toggle_scripts_are_left_out_when_unused(site):
    """Are Thebe's scripts (Thebe is off) and the toggle-button scripts (no toggles) gone?"""
    html = head(page(site, "index.html"))
    for name in ("sphinx-thebe.js", "THEBE_JS_URL", "togglebutton.js", "togglebuttonSelector"):
        assert name not in html


def test_admonition_icon_glyph_is_embedded(site):
    """Does the note's title icon (a pseudo-element using Font Awesome's font) keep its glyph?"""
    css = (site / "out" / "html" / "_static" / "lean-pages.css").read_text(encoding="utf-8")
    assert "data:font/woff;base64," in css
    assert ".admonition" in css


def test_rebuild_without_changes_leaves_pages_and_stylesheet_as_they_were(site):
    """Does a no-change rebuild keep every page lean and the stylesheet's version?"""
    before = LEAN_LINK.search(page(site, "index.html")).group(2)
    assert build(site / "src", site / "out") == ""
    assert LEAN_LINK.search(page(site, "index.html")).group(2) == before
    assert LEAN_LINK.search(page(site, "code.html")).group(2) == before


def test_an_edit_that_uses_new_styles_updates_the_stylesheet_for_every_page(site):
    """After one page gains a table (new theme styles), does the stylesheet keep them, and do
    both the rebuilt and the unchanged page link the new version?"""
    before = LEAN_LINK.search(page(site, "index.html")).group(2)
    code = site / "src" / "code.rst"
    code.write_text(
        code.read_text() + "\n.. list-table::\n   :header-rows: 1\n\n   * - A\n   * - 1\n"
    )
    assert build(site / "src", site / "out") == ""
    after = LEAN_LINK.search(page(site, "code.html")).group(2)
    assert after != before
    assert LEAN_LINK.search(page(site, "index.html")).group(2) == after
