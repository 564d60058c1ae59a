"""CSV cells a spreadsheet shows as text (OWASP CSV injection), and rows joined the same way as JS.

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a `'` in front,
so no spreadsheet reads it as a formula; a cell holding a quote, comma or line break is quoted, so
a line break inside a name never starts a row. frontend/src/shared/record-csv.js does the same
(a parity test compares the bytes).
"""

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_NEEDS_QUOTES = ('"', ",", "\n", "\r")


def spreadsheet_cell(value) -> str:
    """One cell's text, neutralised and quoted where needed (None is an empty cell)."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_LEADS):
        text = "'" + text
    if any(mark in text for mark in _NEEDS_QUOTES):
        text = '"' + text.replace('"', '""') + '"'
    return text


def csv_line(values) -> str:
    """One CSV row of spreadsheet-safe cells, without its line ending."""
    return ",".join(spreadsheet_cell(value) for value in values)


def unneutralised(cell: str) -> str:
    """A cell's text as written before spreadsheet_cell added its `'` (for reading files back)."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "".join(FORMULA_LEADS):
        return cell[1:]
    return cell
