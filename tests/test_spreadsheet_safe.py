"""CSV cells from bank and record text are safe to open in a spreadsheet (OWASP CSV injection)."""

import csv
import io

import pytest

from microneedling_course.core.spreadsheet_safe import csv_line, spreadsheet_cell, unneutralised


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_leading_cells_are_neutralised(text):
    """Does a cell starting with = + - @ tab or CR get a leading ' so it is never a formula?"""
    assert spreadsheet_cell(text).lstrip('"').startswith("'")


def test_plain_cells_are_left_alone():
    """Is ordinary text written as it is?"""
    assert spreadsheet_cell("Ann Smith") == "Ann Smith"
    assert spreadsheet_cell(None) == ""


def test_line_break_in_a_name_never_starts_a_row():
    """Does a CR or LF inside a cell stay inside one quoted cell when read back?"""
    line = csv_line(["a\r\nb", "x"]) + "\n" + csv_line(["next", "row"]) + "\n"
    rows = list(csv.reader(io.StringIO(line, newline="")))
    assert rows == [["a\r\nb", "x"], ["next", "row"]]


def test_reading_back_gives_the_original_text():
    """Does unneutralised undo the leading ' that spreadsheet_cell added?"""
    for text in ["=1", "-1.5", "plain", "'quoted", "'=1", "''"]:
        cell = next(csv.reader([spreadsheet_cell(text)]))[0]
        assert unneutralised(cell) == text
