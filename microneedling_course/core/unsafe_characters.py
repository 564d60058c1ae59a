"""Characters no course output can carry: one rule for the bank check and every export.

XML 1.0 (Moodle XML, QTI 2.1, the SCORM manifest) forbids the C0 control characters other than
tab, line feed and carriage return, lone UTF-16 surrogates, U+FFFE and U+FFFF; a lone surrogate
cannot even be written as UTF-8 (the answer key, the site). GIFT is plain text, but Moodle stores
what it imports in a database (PostgreSQL refuses NUL) and writes it out again as XML. So the bank
check refuses them wherever bank or bibliography text goes, and the exports check again.
"""

import re
import unicodedata

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NAMES = {
    "\x00": "NUL",
    "\x08": "backspace",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x1b": "escape",
}


def describe(character: str) -> str:
    """U+000B (vertical tab): the code point, and a name a reader recognises."""
    code = f"U+{ord(character):04X}"
    if "\ud800" <= character <= "\udfff":
        return f"{code} (a lone surrogate, not a character)"
    name = _NAMES.get(character) or unicodedata.name(character, "control character")
    return f"{code} ({name.lower()})"


def first_forbidden(text: str) -> str | None:
    """The first character of `text` no output can carry, or None."""
    match = FORBIDDEN.search(text or "")
    return match.group() if match else None
