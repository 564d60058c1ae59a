"""Every page 375 px wide (a phone): no sideways scrolling, quiz buttons in reach, a screenshot."""

from dataclasses import dataclass

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

pytestmark = pytest.mark.browser

PHONE_WIDTH = 375
MIN_TARGET_PX = 24  # WCAG 2.2 target size (minimum)

WIDTHS_JS = """() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
})"""

# The innermost visible elements reaching past the screen's right edge (their children do not),
# outside any box that scrolls or clips sideways (a table's scroll wrapper is fine): what to fix.
OVERFLOW_SOURCES_JS = """(limit) => {
    const clipped = (el) => {
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
            const style = getComputedStyle(a);
            if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)) return true;
            if (style.position === 'fixed') return true;
        }
        return false;
    };
    const shown = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
    const past = (el) => el.getBoundingClientRect().right > limit;
    const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + [...el.classList].slice(0, 3).map((c) => '.' + c).join('');
    const path = (el) => {
        const parts = [];
        for (let a = el; a && a !== document.body && parts.length < 4; a = a.parentElement) {
            parts.unshift(name(a));
        }
        return parts.join(' > ');
    };
    // Boxes as wide as the whole document follow its width rather than cause it.
    const docWidth = document.documentElement.scrollWidth;
    const pageWide = (el) => el.getBoundingClientRect().width >= docWidth;
    // Content that spills out of its own box (a long word in a heading) widens the page too.
    const spills = (el) => el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0
        && getComputedStyle(el).overflowX === 'visible'
        && el.getBoundingClientRect().left + el.scrollWidth > limit;
    const found = [];
    for (const el of document.body.querySelectorAll('*')) {
        if (!shown(el) || clipped(el) || pageWide(el)) continue;
        const rect = el.getBoundingClientRect();
        if (past(el) && ![...el.children].some(past)) {
            found.push(`${path(el)} (right edge at ${Math.round(rect.right)} px)`);
        } else if (spills(el) && ![...el.children].some(spills)) {
            const box = `content ${el.scrollWidth} px wide in a ${el.clientWidth} px box`;
            found.push(`${path(el)} (${box})`);
        }
    }
    return found.slice(0, 12);
}"""

# Table captions cut off by a box that scrolls or clips sideways (a caption inside a table's
# scroll wrapper is as wide as the table, so a phone shows only its start).
CLIPPED_CAPTIONS_JS = """() => {
    const sideways = ['auto', 'scroll', 'hidden', 'clip'];
    const clips = (el) => sideways.includes(getComputedStyle(el).overflowX);
    const found = [];
    for (const caption of document.querySelectorAll('caption, figcaption')) {
        if (!caption.checkVisibility()) continue;
        const own = caption.getBoundingClientRect();
        for (let box = caption.parentElement; box !== document.body; box = box.parentElement) {
            if (!clips(box)) continue;
            const edge = box.getBoundingClientRect();
            if (own.left < edge.left - 1 || own.right > edge.right + 1) {
                const text = caption.textContent.trim().slice(0, 50);
                found.push(`"${text}": ${Math.round(own.width)} px wide`
                    + ` in a ${Math.round(edge.width)} px box`);
            }
            break;
        }
    }
    return found;
}"""

# A legend in a course widget should read as a field label, not as the theme's large heading.
LEGEND_MAX_REM = 1.125
OVERSIZED_LEGENDS_JS = """(maxRem) => {
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
    return [...document.querySelectorAll('[data-mnc-widget] legend')]
        .filter((el) => el.checkVisibility())
        .map((el) => [el.textContent.trim().slice(0, 50), getComputedStyle(el).fontSize])
        .filter(([, size]) => parseFloat(size) > maxRem * rem)
        .map(([text, size]) => `"${text}": ${size}`);
}"""

CHECK_BUTTONS = "[data-mnc-widget='quiz.js'] section button"


@dataclass
class PhoneVisit:
    """One load of a page at 375 px: its widths, what sticks out, and its quiz buttons' problems."""

    scroll_width: int
    client_width: int
    overflow_sources: list[str]
    quiz_buttons: int
    button_problems: list[str]
    clipped_captions: list[str]
    oversized_legends: list[str]


def quiz_button_problems(page, quiz_dom) -> tuple[int, list[str]]:
    """(number of Check/Submit buttons, what keeps any of them from being used on a phone)."""
    buttons = page.locator(CHECK_BUTTONS).filter(has_text=quiz_dom.CHECK_NAME_PATTERN)
    problems = []
    for number in range(buttons.count()):
        button = buttons.nth(number)
        button.scroll_into_view_if_needed()
        box = button.bounding_box()
        label = f"button {number + 1} ({button.inner_text().strip()})"
        if box is None:
            problems.append(f"{label}: not displayed")
            continue
        if box["x"] < 0 or box["x"] + box["width"] > PHONE_WIDTH + 1:
            problems.append(f"{label}: spans x={box['x']:.0f}..{box['x'] + box['width']:.0f} px")
        if box["width"] < MIN_TARGET_PX or box["height"] < MIN_TARGET_PX:
            problems.append(f"{label}: {box['width']:.0f} x {box['height']:.0f} px")
        try:
            # A trial click runs Playwright's checks (visible, stable, enabled, not covered)
            # without pressing, so the page stays as it was.
            button.click(trial=True, timeout=2_000)
        except PlaywrightTimeoutError as error:
            problems.append(f"{label}: not clickable ({str(error).splitlines()[0]})")
    return buttons.count(), problems


@pytest.fixture(scope="session")
def phone_visit(phone_context, open_site_page, save_screenshot, quiz_dom):
    """Load a page once at 375 px (screenshot, widths, quiz buttons); checks read that visit."""
    visits: dict[str, PhoneVisit] = {}

    def visit(page_path: str) -> PhoneVisit:
        if page_path not in visits:
            page = phone_context.new_page()
            try:
                open_site_page(page, page_path)
                save_screenshot(page, page_path)
                widths = page.evaluate(WIDTHS_JS)
                sources = []
                if widths["scroll"] > widths["client"] + 1:
                    sources = page.evaluate(OVERFLOW_SOURCES_JS, widths["client"] + 1)
                count, problems = quiz_button_problems(page, quiz_dom)
                captions = page.evaluate(CLIPPED_CAPTIONS_JS)
                legends = page.evaluate(OVERSIZED_LEGENDS_JS, LEGEND_MAX_REM)
            finally:
                page.close()
            visits[page_path] = PhoneVisit(
                widths["scroll"], widths["client"], sources, count, problems, captions, legends
            )
        return visits[page_path]

    return visit


def test_page_does_not_scroll_sideways_on_a_phone(phone_visit, site_page):
    """At 375 px wide, is the page no wider than the screen (and where not, what sticks out)?"""
    visit = phone_visit(site_page)
    if visit.scroll_width > visit.client_width + 1:
        pytest.fail(
            f"{site_page} is {visit.scroll_width} px wide on a {visit.client_width} px screen; "
            "sticking out:\n" + "\n".join(visit.overflow_sources or ["(no single element found)"])
        )


def test_quiz_buttons_are_in_reach_on_a_phone(phone_visit, quiz_page):
    """At 375 px wide, is every Check (or Submit) button inside the screen's width, at least
    24 x 24 px, and clickable (visible, enabled, not covered)?"""
    site_page = quiz_page
    visit = phone_visit(site_page)
    assert visit.quiz_buttons, f"{site_page}: no Check or Submit button on a phone"
    problems = visit.button_problems
    assert not problems, f"{site_page} at {PHONE_WIDTH} px:\n" + "\n".join(problems)


def test_table_captions_wrap_on_a_phone(phone_visit, site_page):
    """At 375 px wide, does every table caption wrap inside the screen instead of being cut off
    by the sideways-scroll box its table sits in?"""
    clipped = phone_visit(site_page).clipped_captions
    assert not clipped, f"{site_page} at {PHONE_WIDTH} px, captions cut off:\n" + "\n".join(clipped)


def test_widget_legends_read_as_field_labels(phone_visit, site_page):
    """Is every legend of a quiz or lab at most 1.125rem, not the theme's large legend style?"""
    oversized = phone_visit(site_page).oversized_legends
    assert not oversized, f"{site_page}: legends styled as headings:\n" + "\n".join(oversized)
