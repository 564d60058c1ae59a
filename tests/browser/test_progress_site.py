"""On the site: from the final self-check to a completion record, exports and clearing."""

import json

import pytest

from microneedling_course.record_export import read_record_file

pytestmark = pytest.mark.browser

NOT_A_CERTIFICATE = "Self-assessed — not a certificate of competence"
DESKTOP_VIEWPORT = {"width": 1280, "height": 900}
PHONE_VIEWPORT = {"width": 375, "height": 812}


def is_local_url(url: str) -> bool:
    """Requests that stay on this machine (the served site, data: and blob: downloads)."""
    return url.startswith(("http://127.0.0.1", "data:", "blob:"))


@pytest.fixture
def trainee_context(browser):
    """A context that keeps localStorage across pages (a trainee moving through the site)."""
    context = browser.new_context(viewport=DESKTOP_VIEWPORT, accept_downloads=True)
    context.set_default_timeout(15_000)
    context.route(lambda url: not is_local_url(url), lambda route: route.abort("blockedbyclient"))
    yield context
    context.close()


def _submit_site_assessment(page, site_url) -> None:
    page.goto(site_url + "notebooks/08-final-assessment.html")
    page.wait_for_selector(".mnc-mount fieldset")
    for group in page.query_selector_all(".mnc-mount fieldset"):
        choice = group.query_selector("input[type=radio]")
        if choice:
            choice.check()
    submit = page.get_by_role("button", name="Submit all answers")
    submit.click()
    # Some questions are left unanswered: the quiz asks to press again to submit anyway.
    page.get_by_text("Press Submit all answers again").wait_for()
    submit.click()
    page.wait_for_function(
        "JSON.parse(localStorage.getItem('mnc-progress-v1') || '{\"records\": []}')"
        ".records.length >= 20"
    )


def test_assessment_to_completion_record(trainee_context, site_url):
    """After submitting the site's assessment, does My progress show a completion record?"""
    page = trainee_context.new_page()
    _submit_site_assessment(page, site_url)
    stored = json.loads(page.evaluate("localStorage.getItem('mnc-progress-v1')"))
    assert {r["module"] for r in stored["records"]} == {"final-assessment"}
    page.goto(site_url + "book/my-progress.html")
    page.get_by_label("Your name").fill("Ana Example")
    page.get_by_label("Your name").press("Tab")
    record = page.locator(".mnc-completion")
    record.wait_for()
    text = record.inner_text()
    assert NOT_A_CERTIFICATE in text and "Ana Example" in text
    assert "20 questions" in text and "Score per module" in text


def test_exports_read_back_as_course_records(trainee_context, site_url, tmp_path):
    """Do the JSON and CSV downloads read back as records an instructor's report accepts?"""
    page = trainee_context.new_page()
    _submit_site_assessment(page, site_url)
    page.goto(site_url + "book/my-progress.html")
    page.get_by_label("Your name").fill("Ana Example")
    page.get_by_label("Your name").press("Tab")
    for label, suffix in (("JSON", ".json"), ("CSV", ".csv")):
        with page.expect_download() as download:
            page.get_by_role("button", name=f"Export my record ({label})").click()
        path = tmp_path / f"record{suffix}"
        download.value.save_as(path)
        back = read_record_file(path)
        assert back.name == "Ana Example" and len(back.records) == 20
        assert back.assessments and back.assessments[0]["pass_mark"] == pytest.approx(0.8)


def test_clear_asks_first(trainee_context, site_url):
    """Does Clear my progress keep everything when the reader cancels, and clear on confirm?"""
    page = trainee_context.new_page()
    _submit_site_assessment(page, site_url)
    page.goto(site_url + "book/my-progress.html")
    answers = iter([False, True])
    page.on("dialog", lambda dialog: dialog.accept() if next(answers) else dialog.dismiss())
    page.get_by_role("button", name="Clear my progress…").click()
    assert page.evaluate("localStorage.getItem('mnc-progress-v1')") is not None
    page.get_by_role("button", name="Clear my progress…").click()
    assert page.evaluate("localStorage.getItem('mnc-progress-v1')") is None
    assert "Your progress was cleared." in page.get_by_role("status").first.inner_text()


def test_chart_has_table_alternative_and_fits_a_phone(browser, site_url):
    """Is the SVG chart labelled, its figures also in a table, with no sideways scroll at 375 px?"""
    context = browser.new_context(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    context.route(lambda url: not is_local_url(url), lambda route: route.abort("blockedbyclient"))
    page = context.new_page()
    page.goto(site_url + "book/my-progress.html")
    chart = page.locator("svg.mnc-pp-chart")
    chart.wait_for()
    assert chart.get_attribute("role") == "img"
    assert "Completion and score" in chart.locator("title").text_content()
    rows = page.locator(".mnc-pp-table tbody tr")
    assert rows.count() == len(page.locator("svg.mnc-pp-chart .mnc-pp-label").all())
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
