"""The theme's Font Awesome icons drawn at build time instead of by its 1.5 MB fontawesome.js.

In the browser, fontawesome.js replaces each `<i class="fa-solid fa-bars">` with an
`<svg class="svg-inline--fa fa-bars" viewBox=...>` holding the icon's path, and adds its own
stylesheet; the theme's CSS is written for those SVG elements. This writes the same `<svg>`
elements into the pages when they are built, and adds the same stylesheet, so the theme's rules
apply as before. The icon's shape comes from a CSS mask (an SVG data: URL in the site's one
stylesheet, painted in the text colour) rather than a path repeated in every page: a lesson page
then carries about 0.1 KB of icons instead of 3.3 KB (compressed), and the shapes are cached once.
Shapes, sizes and the stylesheet come from the Font Awesome Free build the theme ships.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

FONTAWESOME_SCRIPT = "_static/scripts/fontawesome.js"
LICENCE_NOTE = (
    "/* Icons: Font Awesome Free (https://fontawesome.com), CC BY 4.0; shapes drawn as masks */"
)
# Classes that choose an icon's style, and the prefix (pack) each stands for.
STYLE_PREFIXES = {
    "fa": "fas",
    "fas": "fas",
    "fa-solid": "fas",
    "far": "far",
    "fa-regular": "far",
    "fab": "fab",
    "fa-brands": "fab",
}
# Classes that size or animate an icon rather than name it (Font Awesome 6).
MODIFIERS = frozenset(
    "fa-2xs fa-xs fa-sm fa-lg fa-xl fa-2xl fa-1x fa-2x fa-3x fa-4x fa-5x fa-6x fa-7x fa-8x fa-9x "
    "fa-10x fa-fw fa-li fa-border fa-pull-left fa-pull-right fa-spin fa-pulse fa-beat fa-fade "
    "fa-bounce fa-flip fa-shake fa-spin-reverse fa-rotate-90 fa-rotate-180 fa-rotate-270 "
    "fa-flip-horizontal fa-flip-vertical fa-flip-both fa-inverse".split()
)

# One pack in fontawesome.js: `var p={<icons>};...d("fab",p)`; one icon in it:
# `name:[width,height,[aliases],"unicode","svg path"]`.
_PACK = re.compile(r'var \w+=\{(.*?)\};!function.*?\(function\(\)\{\w+\("(fa[srb])",\w+\)', re.S)
_ICON = re.compile(
    r'(?:"([a-z0-9-]+)"|([a-z0-9]+)):\[(\d+),(\d+),\[([^\]]*)\],"[0-9a-f]*","([^"]+)"\]'
)
# The stylesheet fontawesome.js adds to the page (its "dom.css"), a string in the script.
_BASE_CSS = re.compile(r"='(:host,:root\{--fa-font-solid.*?)';return")
# An icon element of the theme's templates: an empty <i> or <span> with Font Awesome classes.
_ICON_ELEMENT = re.compile(r'<(i|span)\b([^>]*?)\s*\bclass="([^"]*)"([^>]*)>\s*</\1>')
_TITLE = re.compile(r'\s*\btitle="([^"]*)"')
_DRAWN_ICON = re.compile(
    r'<svg class="svg-inline--fa fa-([a-z0-9-]+)[^"]*" data-prefix="(fa[srb])"'
)
# Font Awesome's glyph rules for its web font (`.fa-bars:before{content:"\f0c9"}`): an <svg>
# shows no ::before content, so once every icon element is an <svg> they draw nothing.
_GLYPH_RULE = re.compile(r'(?:\.fa-[a-z0-9-]+:{1,2}before,?)+\{content:"[^"]*"\}')


class IconError(ValueError):
    """An icon the pages use, or the Font Awesome build the icons come from, is missing."""


@dataclass(frozen=True)
class Icon:
    width: int
    height: int
    path: str


def icon_packs(fontawesome_js: str) -> dict[str, dict[str, Icon]]:
    """{prefix: {icon name or alias: Icon}} from Font Awesome's JavaScript build."""
    packs: dict[str, dict[str, Icon]] = {}
    for pack in _PACK.finditer(fontawesome_js):
        icons = packs.setdefault(pack.group(2), {})
        for match in _ICON.finditer(pack.group(1)):
            icon = Icon(int(match.group(3)), int(match.group(4)), match.group(6))
            icons[match.group(1) or match.group(2)] = icon
            for alias in re.findall(r'"([a-z0-9-]+)"', match.group(5)):
                icons.setdefault(alias, icon)
    if not packs:
        raise IconError(
            "no icon packs found in the theme's fontawesome.js (has its format changed?)"
        )
    return packs


def base_stylesheet(fontawesome_js: str) -> str:
    """The stylesheet fontawesome.js adds to every page for its <svg> icons."""
    match = _BASE_CSS.search(fontawesome_js)
    if match is None:
        raise IconError(
            "no stylesheet found in the theme's fontawesome.js (has its format changed?)"
        )
    return match.group(1)


def draw_icons(html: str, packs: dict[str, dict[str, Icon]]) -> str:
    """The page with each Font Awesome <i>/<span> as the <svg> fontawesome.js would have made
    (same classes and attributes, a <title> for a title), its shape left to the stylesheet."""
    missing = []

    def svg(match: re.Match) -> str:
        classes = match.group(3).split()
        prefixes = [STYLE_PREFIXES[name] for name in classes if name in STYLE_PREFIXES]
        names = [
            name[3:]
            for name in classes
            if name.startswith("fa-") and name not in STYLE_PREFIXES and name not in MODIFIERS
        ]
        if not prefixes or not names:
            return match.group(0)
        prefix, name = prefixes[0], names[0]
        icon = packs.get(prefix, {}).get(name)
        if icon is None:
            missing.append(f"fa-{name} ({prefix})")
            return match.group(0)
        others = [c for c in classes if c not in STYLE_PREFIXES and c != f"fa-{name}"]
        attributes = match.group(2) + match.group(4)
        title = _TITLE.search(attributes)
        attributes = _TITLE.sub("", attributes)
        labelled = "" if title else ' aria-hidden="true" focusable="false"'
        inner = f"<title>{title.group(1)}</title>" if title else ""
        return (
            f'<svg class="{" ".join(["svg-inline--fa", f"fa-{name}", *others])}" '
            f'data-prefix="{prefix}"{attributes}{labelled} role="img" '
            f'viewBox="0 0 {icon.width} {icon.height}">{inner}</svg>'
        )

    drawn = _ICON_ELEMENT.sub(svg, html)
    if missing:
        raise IconError("icons missing from the theme's Font Awesome: " + ", ".join(missing))
    return drawn


def drawn_icons(html: str) -> set[tuple[str, str]]:
    """(prefix, name) of every icon draw_icons put in a page."""
    return {(prefix, name) for name, prefix in _DRAWN_ICON.findall(html)}


def _mask_url(icon: Icon) -> str:
    svg = (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {icon.width} {icon.height}'>"
        f"<path d='{icon.path}'/></svg>"
    )
    return 'url("data:image/svg+xml,' + quote(svg, safe=" '/=:.,-") + '")'


def icon_stylesheet(used: set[tuple[str, str]], packs: dict[str, dict[str, Icon]]) -> str:
    """Each used icon's shape as a mask over its <svg> box, painted in the text colour."""
    rules = [
        LICENCE_NOTE,
        ".svg-inline--fa{background-color:currentColor;"
        "-webkit-mask:var(--mnc-icon) center/contain no-repeat;"
        "mask:var(--mnc-icon) center/contain no-repeat}",
        # Windows' high-contrast mode would repaint the background (the icon) as the page's.
        "@media (forced-colors:active){.svg-inline--fa{forced-color-adjust:none;"
        "background-color:CanvasText}}",
    ]
    for prefix, name in sorted(used):
        icon = packs[prefix][name]
        rules.append(f".fa-{name}[data-prefix={prefix}]{{--mnc-icon:{_mask_url(icon)}}}")
    return "\n".join(rules) + "\n"


def drop_glyph_rules(css: str) -> str:
    """`css` without Font Awesome's web-font glyph rules for icon classes (see _GLYPH_RULE)."""
    return _GLYPH_RULE.sub("", css)
