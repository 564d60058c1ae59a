"""Sphinx extension: pages light enough for a phone on a poor connection (issue 15).

The theme (sphinx-book-theme on pydata-sphinx-theme) sends every page the same ~1 MB compressed.
This keeps every feature and sends only what the site uses:

- Font Awesome: `fontawesome.js` (1.5 MB) and its two web fonts (270 KB) go. The icons are drawn
  when the site is built, as the <svg> elements the script made in the browser, their shapes in
  the stylesheet (theme_icons.py); the few glyphs the theme shows in pseudo-elements (admonition
  titles) come from its font cut down to those glyphs, embedded in the stylesheet (icon_font.py).
- Stylesheets: the theme's and the extensions' ten files (545 KB, one @import-ed by another)
  become one file trimmed to the rules the site's pages and scripts can use (css_trim.py),
  written after every page, so it knows them all, and cached by the browser from page to page.
- Search: the search index and its scripts load on the search page only; the search box and
  Ctrl+K on other pages open that page (search-as-you-type is off).
- Scripts of features a page does not use: Thebe when it is off, toggle buttons, copy buttons and
  sphinx-design tabs where the page has none.
- Bootstrap's script (81 KB) goes: the header's drop-down menus and back-to-top button come from
  a small script of this extension (static/theme-menus.js); tooltips are the buttons' titles.
- Images in the lessons load as the reader nears them (the browser starts well before they come
  into view), and launch-button logos when the launch menu opens: on a slow line neither competes
  with the stylesheet the first paint waits for. (Width and height attributes, which would keep
  the layout before they load, would shrink them in dark mode, where the theme pads images.)
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sphinx.errors import ExtensionError
from sphinx.util import logging

from microneedling_course.sphinx import css_trim, icon_font, theme_icons
from microneedling_course.sphinx.css_inline import stylesheet_text
from microneedling_course.sphinx.css_trim import UsedNames, trim_stylesheet
from microneedling_course.sphinx.icon_font import embed_icon_fonts
from microneedling_course.sphinx.theme_icons import FONTAWESOME_SCRIPT

logger = logging.getLogger(__name__)

LEAN_CSS = "_static/lean-pages.css"
STATIC_DIR = Path(__file__).resolve().parent / "static"
THEME_MENUS_SCRIPT = "theme-menus.js"
LEAN_CSS_NOTE = "Theme stylesheets trimmed to this site by microneedling_course.sphinx.lean_pages;"
EXTENSION_VERSION = "0.1"
SEARCH_PAGE = "search.html"
# Folders of the HTML output that hold no pages.
NOT_PAGES = ("_static", "_sources", "_images", "_downloads")

_STYLESHEET = re.compile(r"[ \t]*<link\b[^>]*\brel=\"stylesheet\"[^>]*>[ \t]*\n?")
_HREF = re.compile(r'\bhref="([^"]*)"')
_FONTAWESOME_SCRIPT = re.compile(
    r"[ \t]*<script\b[^>]*\bsrc=\"[^\"]*_static/scripts/fontawesome\.js[^\"]*\"[^>]*></script>\n?"
)
_BOOTSTRAP_SCRIPT = re.compile(
    r"[ \t]*<script\b[^>]*\bsrc=\"[^\"]*_static/scripts/bootstrap\.js[^\"]*\"[^>]*></script>\n?"
)
# The theme preloads its two deferred scripts in the head: on a slow line they then compete with
# the stylesheet that the first paint waits for; deferred, they are fetched in time anyway.
_SCRIPT_PRELOAD = re.compile(r"[ \t]*<link rel=\"preload\" as=\"script\" href=\"[^\"]*\" />\n?")
_CONTENT_IMAGE = re.compile(r'<img (?![^>]*\bloading=)([^>]*\bsrc="[^"]*_images/[^"]+"[^>]*)>')
_SEARCH_SCRIPTS = re.compile(
    r"[ \t]*<script src=\"[^\"]*(?:_static/searchtools\.js|_static/language_data\.js|"
    r"searchindex\.js)\"></script>\n?"
)
_SCRIPT_SOURCE = re.compile(r"<script\b[^>]*\bsrc=\"([^\"]*)\"[^>]*>")
_MODULE_SCRIPT = re.compile(r"<script\b(?=[^>]*\btype=\"module\")[^>]*\bsrc=\"([^\"]*)\"[^>]*>")
_MODULE_PRELOAD = re.compile(r"<link\b(?=[^>]*\brel=\"modulepreload\")[^>]*\bhref=\"([^\"]*)\"")
# sphinx-book-theme's launch buttons show these logos inside a closed menu.
_LAUNCH_LOGO = re.compile(r'<img (?![^>]*\bloading=)([^>]*\bsrc="[^"]*_static/images/logo_[^"]*")')
_LEAN_VERSION = re.compile(r"lean-pages\.css\?v=[0-9a-f]+")

# sphinx-togglebutton's default targets: `.toggle, .admonition.dropdown`.
_TOGGLE_TARGET = re.compile(
    r'class="(?:[^"]*\s)?toggle(?:\s[^"]*)?"|class="[^"]*\badmonition\b[^"]*\bdropdown\b'
)


@dataclass(frozen=True)
class PageFeature:
    """Scripts a page loads only when its body shows the feature they serve."""

    name: str
    scripts: tuple[str, ...]
    inline_markers: tuple[str, ...]
    pattern: re.Pattern


PAGE_FEATURES = (
    PageFeature(
        "toggle buttons",
        ("togglebutton.js",),
        ("toggleHintShow", "toggleHintHide", "toggleOpenOnPrint", "togglebuttonSelector"),
        _TOGGLE_TARGET,
    ),
    PageFeature(
        "copy buttons", ("clipboard.min.js", "copybutton.js"), (), re.compile(r'class="highlight')
    ),
    PageFeature("sphinx-design tabs", ("design-tabs.js",), (), re.compile(r"\bsd-tab-set\b")),
)
THEBE_SCRIPTS = ("sphinx-thebe.js",)
THEBE_STYLES = ("sphinx-thebe.css",)
THEBE_MARKERS = ("THEBE_JS_URL",)


def _asset_name(asset) -> str:
    return Path(str(getattr(asset, "filename", None) or "")).name


def _inline_body(asset) -> str:
    return (getattr(asset, "attributes", None) or {}).get("body", "") or ""


def _without(assets: list, names: tuple[str, ...], markers: tuple[str, ...]) -> list:
    return [
        asset
        for asset in assets
        if _asset_name(asset) not in names
        and not any(marker in _inline_body(asset) for marker in markers)
    ]


def thebe_is_on(app) -> bool:
    launch = (app.config.html_theme_options or {}).get("launch_buttons", {}) or {}
    return bool(launch.get("thebe"))


def drop_unused_scripts(app, pagename, templatename, context, doctree) -> None:
    """Leave out of this page the scripts of features it does not use (and Thebe when off)."""
    if not app.config.lean_pages or "script_files" not in context:
        return
    body = context.get("body") or ""
    scripts = list(context["script_files"])
    for feature in PAGE_FEATURES:
        if not feature.pattern.search(body):
            scripts = _without(scripts, feature.scripts, feature.inline_markers)
    if not thebe_is_on(app):
        scripts = _without(scripts, THEBE_SCRIPTS, THEBE_MARKERS)
        context["css_files"] = _without(list(context.get("css_files", [])), THEBE_STYLES, ())
    context["script_files"] = scripts


# After the pages are written: one trimmed stylesheet, and each page's head pointed at it.


def site_pages(outdir: Path) -> list[Path]:
    return sorted(
        path
        for path in outdir.rglob("*.html")
        if path.relative_to(outdir).parts[0] not in NOT_PAGES
    )


def _head_end(html: str) -> int:
    end = html.find("</head>")
    return end if end >= 0 else 0


def _local_file(page: Path, url: str, outdir: Path) -> Path | None:
    """The output file a page's relative URL names, or None for anything else."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or parts.path.startswith("/") or not parts.path:
        return None
    path = (page.parent / parts.path).resolve()
    return path if path.is_file() and path.is_relative_to(outdir.resolve()) else None


class LeanSite:
    """The built site's pages and what rewriting them needs to know."""

    def __init__(self, outdir: Path, own_static: set[Path]):
        self.outdir = outdir.resolve()
        self.static = self.outdir / "_static"
        self.own_static = own_static
        self.pages = {page: page.read_text(encoding="utf-8") for page in site_pages(outdir)}

    def is_lean(self, html: str) -> bool:
        return LEAN_CSS in html[: _head_end(html)]

    def combinable(self, path: Path | None) -> bool:
        """Theme and extension stylesheets (not the course's widgets, not the project's own)."""
        return (
            path is not None
            and path.is_relative_to(self.static)
            and path.suffix == ".css"
            and path.relative_to(self.static).parts[0] != "mnc"
            and path.relative_to(self.static) not in self.own_static
            and path != self.outdir / LEAN_CSS
        )

    def leading_stylesheets(self, page: Path, html: str) -> list[tuple[re.Match, Path]]:
        """The page's first stylesheets, up to the first one that is not combinable (so the
        cascade order of everything is kept when they become one file)."""
        run = []
        for match in _STYLESHEET.finditer(html, 0, _head_end(html)):
            href = _HREF.search(match.group(0))
            path = _local_file(page, href.group(1), self.outdir) if href else None
            if "media=" in match.group(0) or not self.combinable(path):
                break
            run.append((match, path))
        return run

    def stylesheet_sources(self) -> list[Path]:
        """The combinable stylesheets of the pages not yet rewritten, in cascade order."""
        sources: list[Path] = []
        for page, html in self.pages.items():
            if self.is_lean(html):
                continue
            for _, path in self.leading_stylesheets(page, html):
                if path not in sources:
                    sources.append(path)
        return sources

    def scripts(self) -> list[Path]:
        """Every script a page loads, and the siblings of each ES module (which it may import)."""
        found: set[Path] = set()
        for page, html in self.pages.items():
            for pattern in (_SCRIPT_SOURCE, _MODULE_PRELOAD):
                for url in pattern.findall(html):
                    if (path := _local_file(page, url, self.outdir)) is not None:
                        found.add(path)
            for url in _MODULE_SCRIPT.findall(html):
                if (path := _local_file(page, url, self.outdir)) is not None:
                    found.update(path.parent.glob("*.js"))
        return sorted(found)


def _relative(path: Path, start: Path) -> str:
    return os.path.relpath(path, start)


def used_names(site: LeanSite) -> UsedNames:
    used = UsedNames()
    for html in site.pages.values():
        used.add_html(html)
    for script in site.scripts():
        used.add_script(script.read_text(encoding="utf-8", errors="replace"))
    return used


def lean_stylesheet(
    site: LeanSite, sources: list[Path], fontawesome_js: str, used: UsedNames
) -> str:
    """Font Awesome's own stylesheet (first, where fontawesome.js put it) and the sources as one
    stylesheet, trimmed to the site, with the icon fonts cut down."""
    target_dir = (site.outdir / LEAN_CSS).parent
    combined = "\n".join(
        [theme_icons.base_stylesheet(fontawesome_js)]
        + [stylesheet_text(path, target_dir) for path in sources]
    )
    # Font Awesome's glyph rules go first: they are a fifth of the theme's stylesheet and, with
    # their escaped characters, most of the time it takes to read it.
    trimmed = trim_stylesheet(theme_icons.drop_glyph_rules(combined), used)
    return embed_icon_fonts(trimmed, target_dir)


def _inputs_key(sources: list[Path], fontawesome_js: str, used: UsedNames, icons: set) -> str:
    """A digest of everything the lean stylesheet is made from, the code that makes it included."""
    digest = hashlib.sha256()
    for module in (css_trim, icon_font, theme_icons):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(Path(__file__).read_bytes())
    for path in sources:
        digest.update(path.name.encode() + path.read_bytes())
    digest.update(fontawesome_js.encode())
    for names in (used.classes, used.ids, used.elements, used.attributes, used.script_words):
        digest.update(" ".join(sorted(names)).encode() + b"|")
    digest.update(" ".join(sorted(used.custom_properties) + sorted(map(str, icons))).encode())
    return digest.hexdigest()[:16]


def rewrite_page(page: Path, html: str, site: LeanSite, packs) -> str:
    """A page as the theme wrote it, pointed at the lean stylesheet, its icons drawn, without
    Font Awesome's script, the search scripts only on the search page, launch logos lazy."""
    head_end = _head_end(html)
    head, rest = html[:head_end], html[head_end:]
    relative = Path(_relative(site.outdir / LEAN_CSS, page.parent.resolve())).as_posix()
    link = f'<link rel="stylesheet" href="{relative}?v=0" />\n'
    run = site.leading_stylesheets(page, html)
    for index, (match, _) in reversed(list(enumerate(run))):
        head = head[: match.start()] + (link if index == 0 else "") + head[match.end() :]
    head = _SCRIPT_PRELOAD.sub("", _FONTAWESOME_SCRIPT.sub("", head))
    if page.relative_to(site.outdir).as_posix() != SEARCH_PAGE:
        head = _SEARCH_SCRIPTS.sub("", head)
    rest = _BOOTSTRAP_SCRIPT.sub("", theme_icons.draw_icons(rest, packs))
    rest = _LAUNCH_LOGO.sub(r'<img loading="lazy" \1', rest)
    rest = _CONTENT_IMAGE.sub(r'<img loading="lazy" \1>', rest)
    return head + rest


def own_static_files(app) -> set[Path]:
    """Files the project itself puts in the output _static/ (html_static_path), by their path
    there: they keep their own link (JB1 adds the project's _static files to every page).

    The project names its folders relative to the book; extensions add theirs as absolute paths.
    """
    found = set()
    for entry in app.config.html_static_path:
        if Path(entry).is_absolute():
            continue
        folder = Path(app.confdir) / entry
        if folder.is_dir():
            found.update(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
        elif folder.is_file():
            found.add(Path(folder.name))
    return found


def _reusable_stylesheet(site: LeanSite, key: str) -> str | None:
    """The lean stylesheet of the last build if it was made from the same inputs (a rebuild
    rewrites the search and index pages every time; trimming again would cost ~1 s)."""
    path = site.outdir / LEAN_CSS
    if not path.is_file():
        return None
    css = path.read_text(encoding="utf-8")
    return css if css.startswith(f"/* {LEAN_CSS_NOTE} {key} */") else None


def write_lean_site(app, exception) -> None:
    """After every page is written: the lean stylesheet, and every page pointed at it."""
    if exception is not None or app.builder.format != "html" or not app.config.lean_pages:
        return
    site = LeanSite(Path(app.outdir), own_static_files(app))
    sources = site.stylesheet_sources()
    if not sources:
        return  # every page is already lean and none changed, so neither did the stylesheet
    fontawesome = site.static / "scripts" / "fontawesome.js"
    if not fontawesome.is_file():
        raise ExtensionError(f"lean_pages: the theme's {FONTAWESOME_SCRIPT} is missing")
    fontawesome_js = fontawesome.read_text(encoding="utf-8")
    packs = theme_icons.icon_packs(fontawesome_js)
    written = dict(site.pages)
    for page, html in site.pages.items():
        if not site.is_lean(html):
            site.pages[page] = rewrite_page(page, html, site, packs)
    icons = set().union(*map(theme_icons.drawn_icons, site.pages.values()))
    used = used_names(site)
    css = _reusable_stylesheet(site, key := _inputs_key(sources, fontawesome_js, used, icons))
    if css is None:
        css = (
            f"/* {LEAN_CSS_NOTE} {key} */\n"
            + lean_stylesheet(site, sources, fontawesome_js, used)
            + theme_icons.icon_stylesheet(icons, packs)
        )
    version = hashlib.sha256(css.encode("utf-8")).hexdigest()[:12]
    (site.outdir / LEAN_CSS).write_text(css, encoding="utf-8")
    for page, html in site.pages.items():
        html = _LEAN_VERSION.sub(f"lean-pages.css?v={version}", html)
        if html != written[page]:
            page.write_text(html, encoding="utf-8")
    logger.info(
        f"lean pages: {len(sources)} stylesheets -> {LEAN_CSS} "
        f"({sum(p.stat().st_size for p in sources):,} -> {len(css.encode()):,} bytes), "
        f"{len(icons)} icons"
    )


def add_theme_menus(app) -> None:
    """Ship static/theme-menus.js, which stands in for Bootstrap's script (see the top)."""
    if app.config.lean_pages:
        app.config.html_static_path.append(str(STATIC_DIR))
        app.add_js_file(THEME_MENUS_SCRIPT, loading_method="defer")


def setup(app):
    app.add_config_value("lean_pages", True, "html", types=[bool])
    app.connect("builder-inited", add_theme_menus)
    app.connect("html-page-context", drop_unused_scripts, priority=900)
    # Last: the theme (pygments.css with its light and dark styles), MyST-NB (its stylesheet) and
    # the table of contents (index.html) write their files when the build finishes, too.
    app.connect("build-finished", write_lean_site, priority=900)
    return {
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "version": EXTENSION_VERSION,
    }
