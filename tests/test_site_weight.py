"""The built site carries each widget once: as the course's inert JSON, not also as widget state."""

import pytest

pytestmark = pytest.mark.build


def test_no_page_inlines_saved_widget_state(built_site):
    """Does any page still embed MyST-NB's saved widget state (a second copy of every ES module)?"""
    offenders = [
        str(page.relative_to(built_site))
        for page in sorted(built_site.rglob("*.html"))
        if "application/vnd.jupyter.widget-state+json" in page.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_quiz_pages_still_carry_their_model(built_site):
    """Does the lesson 0 page still hold the quiz model that the site's boot script mounts?"""
    page = built_site / "notebooks" / "00-how-to-use-this-course.html"
    assert "data-mnc-widget=" in page.read_text(encoding="utf-8")
