"""CSV cells a spreadsheet shows as text (OWASP CSV injection), and rows joined the same way as JS.

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a `'` in front,
so no spreadsheet reads it as a formula; so does a cell that already starts with `'`, so reading
the file back can always tell the added quote from the trainee's own (a name "'=x" once came back
as "=x"), and a spreadsheet shows it as typed. A cell holding a quote, comma or line break is
quoted, so a line break inside a name never starts a row. frontend/src/shared/record-csv.js does
the same (a parity test compares the bytes).
"""

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_QUOTED_LEADS = (*FORMULA_LEADS, "'")
_NEEDS_QUOTES = ('"', ",", "\n", "\r")


def spreadsheet_cell(value) -> str:
    """One cell's text, neutralised and quoted where needed (None is an empty cell)."""
    text = "" if value is None else str(value)
    if text.startswith(_QUOTED_LEADS):
        text = "'" + text
    if any(mark in text for mark in _NEEDS_QUOTES):
        text = '"' + text.replace('"', '""') + '"'
    return text


def csv_line(values) -> str:
    """One CSV row of spreadsheet-safe cells, without its line ending."""
    return ",".join(spreadsheet_cell(value) for value in values)


def unneutralised(cell: str) -> str:
    """A cell's text as written before spreadsheet_cell added its `'` (for reading files back)."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "".join(_QUOTED_LEADS):
        return cell[1:]
    return cell
