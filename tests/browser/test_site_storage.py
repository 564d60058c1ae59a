"""Hostile or damaged values in the site's localStorage never stop a page: they are checked before
use, an unreadable progress value is set aside with a notice, and recording goes on."""

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.browser

PROGRESS_KEY = "mnc-progress-v1"
BACKUP_KEY = "mnc-progress-v1-unreadable"
TRAINEE_KEY = "mnc-trainee-v1"
PROGRESS_PAGE = "book/my-progress.html"
LESSON = "notebooks/00-how-to-use-this-course.html"


@pytest.fixture(scope="module")
def storage_page(browser, site_url):
    """One page whose localStorage persists across reloads (each example sets its own values)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    context.route(re.compile(r"^(?!http://127\.0\.0\.1|data:|blob:)"), lambda route: route.abort())
    page = context.new_page()
    errors = []
    # Every JB1 page declares THEBE_JS_URL twice (upstream); any other page error is a failure.
    page.on(
        "pageerror",
        lambda error: "THEBE_JS_URL" not in str(error) and errors.append(str(error)),
    )
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(site_url + PROGRESS_PAGE)
    yield page, errors
    context.close()


def _load_with(page, site_url, path, values: dict) -> None:
    page.evaluate(
        "(values) => { localStorage.clear(); "
        "for (const [k, v] of Object.entries(values)) localStorage.setItem(k, v); }",
        values,
    )
    page.goto(site_url + path)
    page.wait_for_selector(".mnc-mount > *")


JSON_VALUE = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
HOSTILE_RECORD = st.fixed_dictionaries(
    {
        "module": st.sampled_from(["how-to-use", "final-assessment", "__proto__", "", "x" * 600])
        | JSON_VALUE,
        "question_id": st.sampled_from(
            ["how-to-use-median-needle-length", "constructor", "toString"]
        )
        | JSON_VALUE,
        "verdict": st.sampled_from(["correct", "partial", "incorrect", "bogus"]) | JSON_VALUE,
        "score": st.sampled_from([-2.5, 0.5, 1, 3.5, 1e308, -0.0]) | JSON_VALUE,
        "time": st.sampled_from(["2026-01-01T00:00:00Z", "not a date", "", "9999-99-99"])
        | JSON_VALUE,
        "response": JSON_VALUE,
    }
)
PROGRESS_VALUE = (
    st.text(max_size=30)
    | JSON_VALUE.map(json.dumps)
    | st.lists(HOSTILE_RECORD, max_size=5).map(lambda records: json.dumps({"records": records}))
)
TRAINEE_VALUE = (
    st.text(max_size=20)
    | JSON_VALUE.map(json.dumps)
    | st.just('{"name": {"toString": 1, "valueOf": 1}, "id": []}')
)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(progress=PROGRESS_VALUE, trainee=TRAINEE_VALUE)
def test_progress_page_survives_any_stored_value(storage_page, site_url, progress, trainee):
    """Whatever is stored, does the progress page start, show no bad number or date, and clear?"""
    page, errors = storage_page
    errors.clear()
    _load_with(page, site_url, PROGRESS_PAGE, {PROGRESS_KEY: progress, TRAINEE_KEY: trainee})
    text = page.locator(".mnc-progress-page").inner_text()
    assert "Invalid Date" not in text and "NaN" not in text
    assert not re.search(r"-\d+%|\b\d{4,}%", text)
    page.get_by_role("button", name="Clear my progress…").click()
    page.get_by_text("Your progress was cleared.").wait_for()
    assert page.evaluate(f"localStorage.getItem('{PROGRESS_KEY}')") is None
    assert errors == []


def test_unreadable_progress_is_set_aside_with_a_notice_and_recording_goes_on(
    storage_page, site_url
):
    """Is a damaged value kept under the backup key, the trainee told, and a new answer kept?"""
    page, errors = storage_page
    good = {
        "module": "how-to-use",
        "question_id": "how-to-use-median-needle-length",
        "response": 2,
        "verdict": "correct",
        "score": 1,
        "time": "2026-01-01T00:00:00Z",
    }
    damaged = json.dumps({"records": [good, {"score": "lots"}]})
    _load_with(page, site_url, LESSON, {PROGRESS_KEY: damaged})
    card = page.locator(".mnc-quiz fieldset.mnc-q").first
    card.locator("input[type=radio]").first.check()
    card.get_by_role("button", name="Check").click()
    notice = page.locator(".mnc-quiz .mnc-notice").first
    notice.wait_for()
    assert "set aside" in notice.inner_text()
    assert page.evaluate(f"localStorage.getItem('{BACKUP_KEY}')") == damaged
    kept = json.loads(page.evaluate(f"localStorage.getItem('{PROGRESS_KEY}')"))["records"]
    assert kept[0] == good and len(kept) == 2
    assert errors == []


def test_each_recorded_answer_is_announced_as_an_event(storage_page, site_url):
    """Does the site dispatch mnc:progress on document with the answer's module and verdict?"""
    page, _ = storage_page
    _load_with(page, site_url, LESSON, {})
    page.evaluate(
        "window.mncEvents = []; document.addEventListener('mnc:progress', "
        "(event) => window.mncEvents.push(event.detail));"
    )
    card = page.locator(".mnc-quiz fieldset.mnc-q").first
    card.locator("input[type=radio]").first.check()
    card.get_by_role("button", name="Check").click()
    page.wait_for_function("window.mncEvents.length > 0")
    detail = page.evaluate("window.mncEvents[0]")
    assert detail["kind"] == "answer" and detail["module"] == "how-to-use"
