"""Markdown text JupyterLab renders as written: escaping, code spans, indentation, anchors.

JupyterLab (4.x) renders Markdown with marked and sanitises it: an element's `id` becomes
`data-jupyter-id`, which is what its fragment navigation looks for, so `<a id="x"></a>` is an
anchor it keeps. `$` starts maths there, so it is escaped in text like Markdown's own marks.
"""

import re

_ESCAPED = re.compile(r"([\\`*_\[\]<>$|~])")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LINE_START_SYMBOL = re.compile(r"^(\s*)([#>+=-])(?=\s|$)", re.MULTILINE)
_LINE_START_NUMBER = re.compile(r"^(\s*\d+)([.)])(?=\s|$)", re.MULTILINE)
BLANK_LINES = re.compile(r"\n\s*\n")
# Scripts never run in a Markdown cell (JupyterLab sanitises it) and comments show nothing.
INERT_HTML = re.compile(r"<script\b.*?</script\s*>|<!--.*?-->", re.DOTALL | re.IGNORECASE)


def escape_text(text: str) -> str:
    """Text as Markdown that renders as the same characters (maths, HTML and markup inert)."""
    text = _ESCAPED.sub(r"\\\1", text)
    text = _ENTITY_LIKE.sub("&amp;", text)
    # A line that would start a heading, quote or list: "\-", "1\." read as the characters.
    text = _LINE_START_SYMBOL.sub(r"\1\\\2", text)
    return _LINE_START_NUMBER.sub(r"\1\\\2", text)


def link_destination(href: str) -> str:
    return f"<{href}>" if re.search(r"[\s()<>]", href) else href


def code_span(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def indent(text: str, prefix: str, first: str | None = None) -> str:
    lines = text.split("\n")
    head = (first if first is not None else prefix) + lines[0] if lines[0] else lines[0]
    rest = [prefix + line if line.strip() else "" for line in lines[1:]]
    return "\n".join([head, *rest])


def anchor_html(name: str) -> str:
    """An empty anchor JupyterLab keeps (as data-jupyter-id) and scrolls to."""
    return f'<a id="{name}"></a>'


def wrap_inline(marker: str, inner: str) -> str:
    """`*x*` or `**x**` with the spaces outside the markers (CommonMark's flanking rules)."""
    stripped = inner.strip()
    if not stripped:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{marker}{stripped}{marker}{trail}"
