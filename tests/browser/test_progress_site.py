"""On the site: from the final self-check to a completion record, exports and clearing."""

import json

import pytest

from microneedling_course.progress.record_export import read_record_file

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


@pytest.fixture
def phone_progress_page(browser, site_url):
    """My progress at 375 px on a phone, with its chart drawn."""
    context = browser.new_context(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    context.route(lambda url: not is_local_url(url), lambda route: route.abort("blockedbyclient"))
    page = context.new_page()
    page.goto(site_url + "book/my-progress.html")
    page.locator(".mnc-pp-chart").wait_for()
    yield page
    context.close()


def test_chart_has_table_alternative_and_fits_a_phone(phone_progress_page):
    """Is the chart an image named for screen readers, its figures also in a table, with no
    sideways scroll at 375 px?"""
    page = phone_progress_page
    chart = page.locator(".mnc-pp-chart")
    assert chart.get_attribute("role") == "img"
    assert page.get_by_role("img", name="Completion and score per module").count() == 1
    rows = page.locator(".mnc-pp-table tbody tr")
    assert rows.count() == chart.locator(".mnc-pp-label").count() > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


# The rendered size of each piece of visible chart text: an SVG's text shrinks with its viewBox,
# so its font size is scaled by the SVG's screen transform.
CHART_TEXT_SIZES_JS = """() => [...document.querySelectorAll('.mnc-pp-chart *')]
    .filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
    .filter((el) => el.checkVisibility() && !el.closest('.mnc-pp-visually-hidden'))
    .map((el) => {
        const size = parseFloat(getComputedStyle(el).fontSize);
        const scale = el instanceof SVGElement ? el.getScreenCTM().a : 1;
        return [el.textContent.trim(), Math.round(size * scale * 10) / 10];
    })"""


def test_chart_text_is_legible_on_a_phone(phone_progress_page):
    """At 375 px, is every label and value of the chart at least 12 px tall?"""
    sizes = phone_progress_page.evaluate(CHART_TEXT_SIZES_JS)
    assert len(sizes) >= 8, sizes
    small = [(text, size) for text, size in sizes if size < 12]
    assert not small, small


# Course widgets title their parts a step below the page's section headings (h2): at most the
# size of a quiz's title, 1.25rem.
WIDGET_HEADING_MAX_REM = 1.25


def test_progress_headings_follow_the_page_scale(phone_progress_page):
    """Are the widget's headings (h3) a step below the page's own section headings, no larger
    than a quiz's title (1.25rem)?"""
    sizes = phone_progress_page.evaluate(
        """() => {
            const px = (el) => parseFloat(getComputedStyle(el).fontSize);
            return {
                rem: px(document.documentElement),
                page: [...document.querySelectorAll('h2')].map(px),
                widget: [...document.querySelectorAll('.mnc-progress-page h3')].map(px),
            };
        }"""
    )
    assert sizes["page"] and sizes["widget"]
    assert max(sizes["widget"]) <= WIDGET_HEADING_MAX_REM * sizes["rem"]
    assert max(sizes["widget"]) < min(sizes["page"])
