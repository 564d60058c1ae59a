"""Tests for the aftercare-day lab: what it says for each day after treatment (lesson 4)."""

import copy
from pathlib import Path

import pytest

from microneedling_course.bank.references import bibliography_keys
from microneedling_course.course_data.aftercare import AftercareDataError, load_aftercare_data
from microneedling_course.labs.aftercare_day import (
    aftercare_fallback_html,
    aftercare_for_day,
    aftercare_model,
)

FIXTURE_COURSE = Path(__file__).parent / "fixtures" / "course"
# The lab runs on the fixture course's data (a snapshot of the course's tables); tests/content/
# checks the lab on the course's own data.
pytestmark = pytest.mark.usefixtures("fixture_course")
DATA_DIR = FIXTURE_COURSE / "data" / "aftercare"
DATA = load_aftercare_data(DATA_DIR)


def _status(day: int, item_id: str) -> str:
    return next(
        item["status"] for item in aftercare_for_day(day, DATA)["avoid"] if item["id"] == item_id
    )


def _signs(day: int) -> set[str]:
    return {sign["id"] for sign in aftercare_for_day(day, DATA)["review_signs"]}


@pytest.fixture
def data_with_hostile_text():
    data = copy.deepcopy(DATA)
    data["course"]["stages"][0]["expected"][0] = "<script>alert(1)</script>"
    data["avoid"]["items"][0]["avoid"] = "Make-up & <b>powder</b>"
    return data


@pytest.fixture
def data_with_avoid_item_without_period(tmp_path):
    folder = tmp_path / "aftercare"
    folder.mkdir()
    for name in ("expected_course.yml", "care.yml", "warning_signs.yml"):
        (folder / name).write_text((DATA_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "avoid.yml").write_text(
        "schema_version: 1\nitems:\n  - id: mystery\n    avoid: Something\n", encoding="utf-8"
    )
    return folder


def test_day_zero_expects_bleeding_redness_and_open_channels():
    """On the treatment day, does the lab expect pinpoint bleeding, redness and open channels?"""
    text = " ".join(entry["text"] for entry in aftercare_for_day(0, DATA)["expected"])
    assert "Pinpoint bleeding" in text and "Redness" in text and "open" in text


def test_redness_settling_is_expected_by_day_three_and_up_to_a_week():
    """Do days 3 and 7 still fall within the expected course, and day 10 not?"""
    assert "First three days" in aftercare_for_day(3, DATA)["stages"]
    assert "Up to about a week" in aftercare_for_day(7, DATA)["stages"]
    assert "Up to about a week" not in aftercare_for_day(10, DATA)["stages"]


def test_make_up_is_avoided_on_day_zero_only():
    """Is make-up 'avoid' on day 0, at its typical end on day 1 and over by day 2?"""
    assert [_status(day, "make-up") for day in (0, 1, 2)] == ["avoid", "check", "over"]


def test_active_products_are_avoided_for_three_to_seven_days():
    """Are retinoids and acids avoided to day 2, at their typical end days 3-7, over by day 14?"""
    assert _status(2, "actives") == "avoid"
    assert _status(3, "actives") == _status(7, "actives") == "check"
    assert _status(14, "actives") == "over"


def test_sweating_and_sauna_end_between_one_and_three_days():
    """Is heavy sweating avoided on day 0, at its typical end days 1-3, over by day 5?"""
    assert [_status(day, "sweat-swim-sauna") for day in (0, 1, 3, 5)] == [
        "avoid",
        "check",
        "check",
        "over",
    ]


def test_picking_is_avoided_until_healed():
    """Is picking flakes avoided through the first week, then allowed only once healed?"""
    assert _status(7, "picking") == "avoid"
    assert _status(14, "picking") == "healed"


def test_sun_protection_is_advised_every_day():
    """Is SPF 30+ sun protection in the to-do list on day 0 and still on day 90?"""
    for day in (0, 90):
        assert any("SPF 30" in entry["text"] for entry in aftercare_for_day(day, DATA)["do"])


def test_infection_and_cold_sore_signs_are_listed_from_day_zero():
    """Are infection and cold-sore signs flagged for review from the treatment day?"""
    assert {"infection", "hsv", "systemic"} <= _signs(0)


def test_long_redness_is_a_warning_sign_only_after_a_week():
    """Is redness flagged as a warning sign from day 10, but not on day 5?"""
    assert "long-redness" not in _signs(5)
    assert "long-redness" in _signs(10)


def test_late_nodules_are_listed_from_a_week_on():
    """Are atypical-mycobacteria nodules (weeks later) listed on day 14, not on day 2?"""
    assert "mycobacteria" not in _signs(2)
    assert "mycobacteria" in _signs(14)


def test_urgent_signs_get_the_urgent_action():
    """Does a body-wide reaction get 'urgent medical help' rather than routine review?"""
    systemic = next(s for s in aftercare_for_day(0, DATA)["review_signs"] if s["id"] == "systemic")
    assert systemic["urgent"] and "urgent" in systemic["action"]


def test_next_session_window_opens_at_two_weeks():
    """Is it too early for a next session on day 7 and within the typical window on day 28?"""
    assert aftercare_for_day(7, DATA)["next_session"]["status"] == "not-yet"
    assert aftercare_for_day(28, DATA)["next_session"]["status"] == "window"
    assert aftercare_for_day(90, DATA)["next_session"]["status"] == "past"


@pytest.mark.parametrize("bad_day", [-1, 1.5, "3", True])
def test_impossible_days_are_rejected(bad_day):
    """Does a negative, fractional, text or boolean day raise a ValueError?"""
    with pytest.raises(ValueError):
        aftercare_for_day(bad_day, DATA)


def test_avoid_item_without_a_period_is_rejected(data_with_avoid_item_without_period):
    """Does an avoid item with neither typical_hours nor 'until' fail to load, naming it?"""
    with pytest.raises(AftercareDataError, match="mystery"):
        load_aftercare_data(data_with_avoid_item_without_period)


def test_every_source_key_resolves():
    """Does every source key in the aftercare data exist in book/references.bib?"""
    assert set(aftercare_model(DATA)["sources"]) <= bibliography_keys()


def test_model_covers_every_lab_day_for_the_static_site():
    """Does the model hold one precomputed entry per lab day, including 0, 3, 7, 14 and 28?"""
    days = [entry["day"] for entry in aftercare_model(DATA)["days"]]
    assert days == DATA["course"]["lab_days"]
    assert {0, 1, 2, 3, 5, 7, 14, 28} <= set(days)


def test_fallback_html_escapes_data_text(data_with_hostile_text):
    """Is data text escaped in the no-JavaScript HTML?"""
    html = aftercare_fallback_html(aftercare_model(data_with_hostile_text))
    assert "<script>" not in html and "<b>powder" not in html
    assert "&lt;script&gt;" in html and "Make-up &amp; &lt;b&gt;powder" in html


def test_fallback_html_holds_the_key_information():
    """Does the fallback HTML hold every day, the avoid periods and the warning signs?"""
    html = aftercare_fallback_html(aftercare_model(DATA))
    assert "Day 0 (treatment day)" in html and "Day 28 (4 weeks after treatment)" in html
    assert "about 24 hours" in html and "Seek medical review." in html
    assert "Kalluri et al. 2011" in html
