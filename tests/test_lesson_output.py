"""Lesson tables as HTML: escaped, in a keyboard-reachable scroll box, captioned outside it."""

from xml.etree import ElementTree

from microneedling_course.lessons.lesson_output import html_table


def test_table_caption_sits_outside_the_scroll_box():
    """Is a table's caption a figcaption before its scroll box (so a phone wraps it rather than
    cutting it off), naming the keyboard-reachable box and the table?"""
    figure = ElementTree.fromstring(html_table(["A", "B"], [["1", "2"]], caption="Cap").data)
    caption, box = list(figure)
    assert (figure.tag, caption.tag, caption.text) == ("figure", "figcaption", "Cap")
    assert box.get("class") == "mnc-table-scroll" and "overflow-x:auto" in box.get("style")
    assert (box.get("role"), box.get("tabindex")) == ("region", "0")
    table = box.find("table")
    assert box.get("aria-labelledby") == table.get("aria-labelledby") == caption.get("id")
    assert table.find("caption") is None


def test_uncaptioned_table_is_named_by_its_columns():
    """Is a table without a caption still a named, focusable scroll region?"""
    box = ElementTree.fromstring(html_table(["Region", "Depth"], [["a", "1"]]).data)
    assert box.get("aria-label") == "Table: Region, Depth" and box.get("tabindex") == "0"


def test_table_caption_ids_differ_per_table():
    """Do two captioned tables on one page get different caption ids, stable between runs?"""
    first = html_table(["A"], [["1"]], caption="Cap").data
    second = html_table(["A"], [["2"]], caption="Cap").data
    ids = [ElementTree.fromstring(table).find("figcaption").get("id") for table in (first, second)]
    assert ids[0] != ids[1]
    assert html_table(["A"], [["1"]], caption="Cap").data == first


def test_table_cells_are_escaped():
    """Is text put into a lesson table escaped rather than passed through as HTML?"""
    html = html_table(["<b>Head</b>"], [["<script>x</script> & y"]], caption="<i>c</i>").data
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;" in html and "&amp; y" in html
