"""Every quiz on every page answered and checked with the keyboard alone (no mouse, no clicks)."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

pytestmark = pytest.mark.browser

# Far more Tab presses than any page needs to reach its next quiz; more means focus is stuck.
MAX_TABS = 1500
FEEDBACK_TIMEOUT_MS = 5_000
VERDICT_WORDS = ("Correct", "Partly right", "Not quite")

# Where keyboard focus is, relative to quiz number `index` on the page.
FOCUS_JS = """([selector, index, checkNames]) => {
    const quiz = document.querySelectorAll(selector)[index];
    const first = quiz.querySelector('fieldset');
    const active = document.activeElement || document.body;
    const named = (button) => checkNames.includes(button.textContent.trim());
    const check = [...first.querySelectorAll('button')].find(named)
        || [...quiz.querySelectorAll('button')].find(named);
    return {
        inFirstQuestion: first.contains(active),
        onCheck: active === check,
        tag: active.tagName.toLowerCase(),
        type: active.getAttribute('type') || '',
        name: (active.getAttribute('aria-label') || active.textContent || '').trim().slice(0, 60),
    };
}"""

# The first question's aria-live region once it announces a verdict (null until then).
FEEDBACK_JS = """([selector, index, words]) => {
    const quiz = document.querySelectorAll(selector)[index];
    const first = quiz.querySelector('fieldset');
    const region = [...first.querySelectorAll('[aria-live]')].find(
        (candidate) => words.some((word) => candidate.textContent.includes(word)));
    return region ? { live: region.getAttribute('aria-live'), text: region.textContent } : null;
}"""

ASSESSMENT_SUMMARY_JS = """([selector, index]) => {
    const quiz = document.querySelectorAll(selector)[index];
    const summary = quiz.querySelector('[aria-live]:not(fieldset [aria-live])');
    return summary ? summary.textContent.trim() : '';
}"""


def focus_state(page, quiz_dom, index: int) -> dict:
    return page.evaluate(FOCUS_JS, [quiz_dom.QUIZ, index, list(quiz_dom.CHECK_NAMES)])


def tab_until(page, quiz_dom, index: int, wanted: str, what: str) -> dict:
    """Press Tab until focus satisfies `wanted` ("inFirstQuestion" or "onCheck"); fail if never."""
    trail = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        state = focus_state(page, quiz_dom, index)
        if state[wanted]:
            return state
        trail.append(f"{state['tag']}:{state['name']}")
    pytest.fail(
        f"quiz {index + 1}: {MAX_TABS} Tab presses never reached {what}; last stops: "
        + " | ".join(trail[-8:])
    )


def answer_with_keyboard(page, state: dict) -> None:
    """Give the focused control of the first question an answer, whatever its kind."""
    if state["tag"] == "input" and state["type"] in ("radio", "checkbox"):
        page.keyboard.press("Space")
    elif state["tag"] == "input":
        page.keyboard.type("1")
    elif state["tag"] == "select":
        page.keyboard.press("ArrowDown")
    else:
        # Ordering questions start on a "Move down" button: moving an item is an answer.
        page.keyboard.press("Enter")


SECTION_ID_JS = """([selector, index]) => {
    const quiz = document.querySelectorAll(selector)[index];
    const section = quiz.closest('section[id]');
    return section ? section.id : null;
}"""


def jump_to_quiz_section(page, quiz_dom, index: int) -> None:
    """Go to the heading of the section holding the quiz, as its "On this page" link does; Tab
    then starts from there instead of walking every link of the lesson before it."""
    section = page.evaluate(SECTION_ID_JS, [quiz_dom.QUIZ, index])
    if section:
        page.evaluate("(id) => { window.location.hash = id; }", section)


def test_every_quiz_works_with_keyboard_only(desktop_page, open_site_page, quiz_page, quiz_dom):
    """Can each quiz's first question be reached, answered and checked with Tab, Space and Enter,
    with the verdict then announced in an aria-live region?"""
    site_page = quiz_page
    page = desktop_page.page
    open_site_page(page, site_page)
    quizzes = quiz_dom.summary(page)
    assert quizzes, f"{site_page} holds a quiz that never started"
    for index in range(len(quizzes)):
        jump_to_quiz_section(page, quiz_dom, index)
        state = tab_until(page, quiz_dom, index, "inFirstQuestion", "the first question")
        answer_with_keyboard(page, state)
        tab_until(page, quiz_dom, index, "onCheck", "its Check button")
        page.keyboard.press("Enter")
        summary = page.evaluate(ASSESSMENT_SUMMARY_JS, [quiz_dom.QUIZ, index])
        if "again" in summary:
            # An assessment asks to confirm submitting with questions unanswered.
            page.keyboard.press("Enter")
        try:
            handle = page.wait_for_function(
                FEEDBACK_JS,
                arg=[quiz_dom.QUIZ, index, list(VERDICT_WORDS)],
                timeout=FEEDBACK_TIMEOUT_MS,
            )
        except PlaywrightTimeoutError:
            text = page.locator(quiz_dom.QUIZ).nth(index).locator("fieldset").first.inner_text()
            pytest.fail(
                f"{site_page}, quiz {index + 1}: no verdict announced after Check; "
                f"the first question reads:\n{text}"
            )
        live = handle.json_value()["live"]
        assert live in ("polite", "assertive"), f"quiz {index + 1}: aria-live={live!r}"


def test_page_shows_every_quiz_its_notebook_asks_for(visit_page, quiz_page, quiz_dom):
    """Does every quiz cell of the page's notebook become a started quiz with a Check (or Submit)
    button on the site, so the keyboard test never passes on a page whose quizzes failed?"""
    quizzes = visit_page(quiz_page).quizzes
    expected = quiz_dom.expected_quiz_calls(quiz_page)
    assert len(quizzes) >= expected, f"{quiz_page}: {expected} quiz cells, {len(quizzes)} quizzes"
    empty = [number for number, quiz in enumerate(quizzes, 1) if not quiz["checks"]]
    assert not empty, f"{quiz_page}: quiz {empty} has no Check or Submit button"
