"""Text from files made safe to print on one terminal line: control characters shown escaped.

A question id, a file name or a trainee's name can hold a carriage return, an escape sequence or a
bidirectional override; printed as it is, it could erase or rewrite the line before it (a crafted
id could print a fake "bank OK"). Every problem the tools print goes through `printable`.
"""

import re

# C0 and C1 controls (tab stays: it cannot move the cursor up or back), line and paragraph
# separators, bidirectional and zero-width formatting characters, the BOM and lone surrogates.
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)


def _escaped(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text, *, keep_tabs: bool = True) -> str:
    """The text with every character that could move the cursor or hide text shown as an escape
    (`\\x1b`, `\\u202e`), so it prints as exactly one visible line. Tabs stay unless
    `keep_tabs` is False (a chart label: fonts have no glyph for a tab)."""
    text = _UNPRINTABLE.sub(_escaped, str(text))
    return text if keep_tabs else text.replace("\t", "\\x09")
