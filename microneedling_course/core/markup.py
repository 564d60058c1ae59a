"""The bank's safe Markdown subset (bold, italic, code, paragraphs, lists) as safe HTML or text."""

import html
import re

# Code spans are cut out first so that asterisks inside them stay literal. The front-end
# (frontend/src/shared/markdown.js) tokenises the same way, step for step, and a property-based
# test runs both on the same texts. Linear time: each closing marker comes from a table built once
# per run of text, never from rescanning the rest of the line from every opening marker.
# Only ASCII whitespace counts as space in both languages (their Unicode classes differ).
_SPACE = " \t\n\r\f\v"
_BULLET = re.compile(r"^[ \t\r\f\v]*- +([^\n]*)$")


def blocks(text: str) -> list[tuple[str, list[str]]]:
    """Split text into ("p", [lines]) paragraphs and ("ul", [items]) bullet lists."""
    result: list[tuple[str, list[str]]] = []
    for chunk in re.split(r"\n[ \t]*\n", str(text).strip(_SPACE)):
        chunk_start = True
        for line in chunk.split("\n"):
            bullet = _BULLET.match(line)
            kind = "ul" if bullet else "p"
            content = (bullet.group(1) if bullet else line).strip(_SPACE)
            if not content:
                continue
            if result and result[-1][0] == kind and not chunk_start:
                result[-1][1].append(content)
            else:
                result.append((kind, [content]))
            chunk_start = False
    return result


def _next_table(text: str, test) -> list[int]:
    """table[p]: the first position >= p where test(p) holds (len(text) when none)."""
    table = [len(text)] * (len(text) + 2)
    for p in range(len(text) - 1, -1, -1):
        table[p] = p if test(p) else table[p + 1]
    return table


def _spans(text: str, width: int, opens, closes, inside: str, outside) -> list[tuple[str, str]]:
    """Runs of `inside` (marked spans, markers `width` long) and of `outside(text between)`."""
    tokens: list[tuple[str, str]] = []
    closer = _next_table(text, closes)
    newline = _next_table(text, lambda p: text[p] == "\n")
    position = i = 0
    while i < len(text):
        if opens(i):
            j = closer[i + width + 1]
            if j < len(text) and j < newline[i + width]:
                tokens += outside(text[position:i])
                tokens.append((inside, text[i + width : j]))
                position = i = j + width
                continue
        i += 1
    tokens += outside(text[position:])
    return tokens


def _at(text: str, index: int) -> str:
    return text[index] if 0 <= index < len(text) else ""


def _italic_tokens(text: str) -> list[tuple[str, str]]:
    return _spans(
        text,
        1,
        lambda i: (
            text[i] == "*" and _at(text, i + 1) not in ("", "*") and text[i + 1] not in _SPACE
        ),
        lambda j: (
            text[j] == "*" and _at(text, j - 1) not in ("*",) and _at(text, j - 1) not in _SPACE
        ),
        "em",
        lambda plain: [("text", plain)],
    )


def _emphasis_tokens(text: str) -> list[tuple[str, str]]:
    return _spans(
        text,
        2,
        lambda i: (
            text[i] == "*"
            and _at(text, i + 1) == "*"
            and _at(text, i + 2) not in ("",)
            and text[i + 2] not in _SPACE
        ),
        lambda j: text[j] == "*" and _at(text, j + 1) == "*" and _at(text, j - 1) not in _SPACE,
        "strong",
        _italic_tokens,
    )


def inline_tokens(text: str) -> list[tuple[str, str]]:
    """Split one line into ("text"|"strong"|"em"|"code", content) runs, unescaped."""
    tokens = _spans(
        text,
        1,
        lambda i: text[i] == "`" and _at(text, i + 1) != "`",
        lambda j: text[j] == "`" and _at(text, j - 1) != "`",
        "code",
        _emphasis_tokens,
    )
    return [token for token in tokens if token[1]]


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
