"""The bank's safe Markdown subset (bold, italic, code, paragraphs, lists) as safe HTML or text."""

import html
import re

# Code spans are cut out first so that asterisks inside them stay literal; the front-end
# (static/quiz.js, renderMarkdown) tokenises the same way, so both hosts show the same thing.
_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"\*\*(?=\S)([^\n]+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"\*(?=[^\s*])([^\n]+?)(?<=[^\s*])\*")
_BULLET = re.compile(r"^\s*- +([^\n]*)$")


def blocks(text: str) -> list[tuple[str, list[str]]]:
    """Split text into ("p", [lines]) paragraphs and ("ul", [items]) bullet lists."""
    result: list[tuple[str, list[str]]] = []
    for chunk in re.split(r"\n[ \t]*\n", str(text).strip()):
        chunk_start = True
        for line in chunk.split("\n"):
            bullet = _BULLET.match(line)
            kind = "ul" if bullet else "p"
            content = (bullet.group(1) if bullet else line).strip()
            if not content:
                continue
            if result and result[-1][0] == kind and not chunk_start:
                result[-1][1].append(content)
            else:
                result.append((kind, [content]))
            chunk_start = False
    return result


def inline_tokens(text: str) -> list[tuple[str, str]]:
    """Split one line into ("text"|"strong"|"em"|"code", content) runs, unescaped."""
    tokens: list[tuple[str, str]] = []
    position = 0
    for match in _CODE_SPAN.finditer(text):
        tokens.extend(_emphasis_tokens(text[position : match.start()]))
        tokens.append(("code", match.group(1)))
        position = match.end()
    tokens.extend(_emphasis_tokens(text[position:]))
    return [token for token in tokens if token[1]]


def _emphasis_tokens(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    for match in _BOLD.finditer(text):
        tokens.extend(_italic_tokens(text[position : match.start()]))
        tokens.append(("strong", match.group(1)))
        position = match.end()
    tokens.extend(_italic_tokens(text[position:]))
    return tokens


def _italic_tokens(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    for match in _ITALIC.finditer(text):
        tokens.append(("text", text[position : match.start()]))
        tokens.append(("em", match.group(1)))
        position = match.end()
    tokens.append(("text", text[position:]))
    return tokens


def inline_html(text: str) -> str:
    """One line of the subset as HTML; every character of bank text is escaped."""
    parts = []
    for kind, content in inline_tokens(text):
        escaped = html.escape(content, quote=True)
        parts.append(escaped if kind == "text" else f"<{kind}>{escaped}</{kind}>")
    return "".join(parts)


def markdown_html(text: str) -> str:
    """Block-level HTML (paragraphs and bullet lists) for a prompt, explanation or vignette."""
    out = []
    for kind, lines in blocks(text):
        if kind == "ul":
            items = "".join(f"<li>{inline_html(line)}</li>" for line in lines)
            out.append(f"<ul>{items}</ul>")
        else:
            out.append("<p>" + " ".join(inline_html(line) for line in lines) + "</p>")
    return "".join(out)


def plain_text(text: str) -> str:
    """The subset with its markers removed (exports, aria labels, plain-text reprs)."""
    out = []
    for kind, lines in blocks(text):
        rendered = ["".join(content for _, content in inline_tokens(line)) for line in lines]
        out.append(
            "\n".join(f"- {line}" for line in rendered) if kind == "ul" else " ".join(rendered)
        )
    return "\n\n".join(out)
