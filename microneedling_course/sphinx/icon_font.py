"""The theme's Font Awesome fonts cut down to the glyphs a stylesheet can show, embedded in it.

The theme draws its icons with Font Awesome: `<i class="fa-solid fa-bars">` in the header and
pseudo-elements such as admonition titles (`content: var(--pst-icon-...)`). Both take their glyph
from a `content` value in the private-use area of Unicode, so once the stylesheet is trimmed to
what the site uses, the code points left in it are the only glyphs a page can show. Each Font
Awesome `@font-face` then gets a WOFF font holding just those glyphs (a few KB instead of the
270 KB of fonts and the 1.5 MB `fontawesome.js` the theme loads), as a data: URL.
"""

from __future__ import annotations

import base64
import io
import logging
import re
from pathlib import Path

import tinycss2
from tinycss2.ast import AtRule, FunctionBlock, StringToken, URLToken

ICON_FAMILY_PREFIX = "Font Awesome"
LICENCE_NOTE = (
    "/* Icons: Font Awesome Free (https://fontawesome.com), fonts under the SIL OFL 1.1, "
    "cut down to the glyphs this site shows */"
)
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
_ESCAPED_PRIVATE_USE = re.compile(r"\\([eEfF][0-9a-fA-F]{3})(?![0-9a-fA-F])\s?")


class IconFontError(ValueError):
    """A Font Awesome @font-face whose font file cannot be found or read."""


def icon_code_points(css: str) -> set[int]:
    """Private-use code points a stylesheet can put on screen, written as characters or escapes."""
    points = {ord(char) for char in _PRIVATE_USE.findall(css)}
    points.update(int(code, 16) for code in _ESCAPED_PRIVATE_USE.findall(css))
    return points


def subset_woff(font_file: Path, code_points: set[int]) -> bytes:
    """A WOFF font with only the glyphs of `code_points` that `font_file` holds."""
    from fontTools import subset  # a second or so to import: only when a site has icons
    from fontTools.ttLib import TTFont

    # fontTools logs each pruned table at INFO level, which would land in the build log.
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = []
    options.name_IDs = []
    options.hinting = False
    options.notdef_outline = False
    # The same bytes on every build (the default stamps the time of saving into the font).
    font = TTFont(str(font_file), recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(code_points))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff"
    font.save(buffer)
    return buffer.getvalue()


def _family(rule: AtRule) -> str:
    declarations = tinycss2.parse_declaration_list(rule.content, True, True)
    for declaration in declarations:
        if getattr(declaration, "lower_name", "") == "font-family":
            return tinycss2.serialize(declaration.value).strip().strip("'\"").replace("\\", "")
    return ""


def _source_urls(rule: AtRule) -> list[str]:
    urls = []
    for declaration in tinycss2.parse_declaration_list(rule.content, True, True):
        if getattr(declaration, "lower_name", "") != "src":
            continue
        for token in declaration.value:
            if isinstance(token, URLToken):
                urls.append(token.value)
            elif isinstance(token, FunctionBlock) and token.lower_name == "url":
                urls += [t.value for t in token.arguments if isinstance(t, StringToken)]
    return urls


def _font_file(rule: AtRule, css_dir: Path) -> Path:
    """The TrueType file of a @font-face (fontTools reads it without a Brotli decoder)."""
    for url in _source_urls(rule):
        path = (css_dir / url.split("?")[0].split("#")[0]).resolve()
        if path.suffix == ".ttf" and path.is_file():
            return path
    raise IconFontError(
        f"@font-face '{_family(rule)}' names no TrueType file under {css_dir}: "
        + ", ".join(_source_urls(rule))
    )


def embed_icon_fonts(css: str, css_dir: Path) -> str:
    """`css` with each Font Awesome @font-face replaced by one holding only the glyphs `css` uses
    (urls in `css` are relative to `css_dir`); other rules are left as they are."""
    points = icon_code_points(css)
    out, embedded = [], False
    for node in tinycss2.parse_stylesheet(css):
        is_icon_face = (
            isinstance(node, AtRule)
            and node.lower_at_keyword == "font-face"
            and _family(node).startswith(ICON_FAMILY_PREFIX)
        )
        if not is_icon_face:
            out.append(tinycss2.serialize([node]))
            continue
        font = subset_woff(_font_file(node, css_dir), points)
        declarations = [
            tinycss2.serialize([d]).strip().rstrip(";")
            for d in tinycss2.parse_declaration_list(node.content, True, True)
            if getattr(d, "lower_name", "") != "src"
        ]
        data = base64.b64encode(font).decode("ascii")
        declarations.append(f'src:url(data:font/woff;base64,{data}) format("woff")')
        out.append("@font-face{" + ";".join(declarations) + "}")
        embedded = True
    text = "".join(out)
    return f"{LICENCE_NOTE}\n{text}" if embedded else text
