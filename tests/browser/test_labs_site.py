"""The lessons' labs on the built site at phone width, with no kernel: each answers a choice."""

import pytest


@pytest.fixture
def phone_page(browser):
    """`phone_page(site_url, lesson)`: a fresh 375 px wide page on a built lesson."""
    contexts = []

    def open_lesson(site_url: str, lesson: str):
        context = browser.new_context(viewport={"width": 375, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{site_url}notebooks/{lesson}.html")
        return page

    yield open_lesson
    for context in contexts:
        context.close()


@pytest.mark.browser
def test_depth_explorer_warns_on_the_static_site(site_url, phone_page):
    """On the built page, does choosing eyelid and 1.5 mm redraw and announce the warning?"""
    page = phone_page(site_url, "01-skin-and-depth")
    lab = page.locator(".mnc-depth")
    lab.get_by_label("Facial region").select_option("eyelid")
    number = lab.get_by_label("mm", exact=True)
    number.fill("1.5")
    number.press("Enter")
    result = lab.locator("[aria-live=polite]")
    assert "pass the lower edge of this group's average dermis" in result.inner_text()
    assert "tip 1.50 mm" in lab.locator("svg").inner_html()
    lab.get_by_role("radio", name="Men", exact=True).check()
    assert "0.67 mm" in result.inner_text()


@pytest.mark.browser
def test_treatment_plan_checker_reports_on_the_static_site(site_url, phone_page):
    """On the built page, does an RF plan on the zygoma report the review's 1.0 mm suggestion?"""
    page = phone_page(site_url, "03-devices-and-technique")
    lab = page.locator(".mnc-plan")
    lab.get_by_label("Facial region").select_option("zygoma")
    lab.get_by_label("Device").select_option("rf")
    setting = lab.get_by_label("Planned needle setting (nominal, mm)")
    setting.fill("1.0")
    setting.press("Enter")
    text = lab.locator("[aria-live=polite]").inner_text()
    assert "matches this suggestion" in text and "not a recommendation" in text


@pytest.mark.browser
def test_screening_lab_works_on_the_static_site(site_url, phone_page):
    """On the built page at phone width, does the screening lab check a pick against the rules?"""
    page = phone_page(site_url, "05-risks-and-contraindications")
    lab = page.locator(".mnc-screening")
    lab.locator("select").select_option(label="Graham, 67, wants his forehead lines softened")
    lab.get_by_label("Defer").check()
    lab.get_by_role("button", name="Check my decision").click()
    assert "The rules say Refer; you chose Defer." in lab.locator(".mnc-cs-verdict").inner_text()
    assert "prescriber" in lab.locator(".mnc-cs-reasons").inner_text()
    assert lab.bounding_box()["width"] <= 375


@pytest.mark.browser
def test_aftercare_lab_works_on_the_static_site(site_url, phone_page):
    """On the built page at phone width, does picking day 10 show late warning signs?"""
    page = phone_page(site_url, "04-aftercare")
    lab = page.locator(".mnc-aftercare")
    lab.get_by_label("Day 10").check()
    assert lab.locator(".mnc-ac-title").inner_text() == "Day 10"
    assert "Redness lasting beyond about a week" in lab.locator(".mnc-ac-signs").inner_text()
    assert lab.bounding_box()["width"] <= 375
