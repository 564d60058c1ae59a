"""The quiz on the built site in Chromium: quiz-site-all.js grades exactly like grading.py, every
question type works by keyboard and mouse, hostile bank text stays text, phones and dark mode hold
up."""

import json
from pathlib import Path

import pytest
import yaml

from microneedling_course.bank import load_bank, parse_question, read_yaml
from microneedling_course.quiz.widget import QuizWidget

pytestmark = pytest.mark.browser

TESTS = Path(__file__).resolve().parents[1]
LESSON = "notebooks/00-how-to-use-this-course.html"
QUIZ_JS = "_static/mnc/quiz-site-all.js"


def shared_cases() -> list[dict]:
    """The shared grading cases with each question in the form the quiz grades from."""
    data = read_yaml((TESTS / "shared" / "grading_cases.yml").read_text(encoding="utf-8"), "cases")
    inline = {qid: parse_question(spec) for qid, spec in data["questions"].items()}
    fixture_course = TESTS / "fixtures" / "course"
    bank = load_bank(
        fixture_course / "quizzes", bibliography=fixture_course / "book" / "references.bib"
    )
    cases = []
    for case in data["cases"]:
        question = inline.get(case["question"]) or bank.question(case["question"])
        cases.append({**case, "q": question.to_dict()})
    return json.loads(json.dumps(cases))


GRADE_ALL_JS = """async ([url, cases]) => {
    const quiz = await import(url);
    return cases.map((c) => {
        try {
            return { grade: quiz.gradeResponse(c.q, c.response) };
        } catch (error) {
            const isResponseError = error instanceof quiz.ResponseError;
            return { error: error.name + ": " + error.message, isResponseError };
        }
    });
}"""


def test_quiz_js_grades_every_shared_case_like_python(lesson_page, site_url):
    """Does the site's quiz (quiz-site-all.js, which grades every type) give each shared case the
    verdict, score and feedback of grading.py?"""
    page = lesson_page.page
    cases = shared_cases()
    outcomes = page.evaluate(GRADE_ALL_JS, [site_url + QUIZ_JS, cases])
    mismatches = []
    for case, outcome in zip(cases, outcomes, strict=True):
        if case.get("error"):
            if not outcome.get("isResponseError"):
                mismatches.append(f"{case['name']}: expected a ResponseError, got {outcome}")
            continue
        grade = outcome.get("grade")
        if grade is None:
            mismatches.append(f"{case['name']}: raised {outcome['error']}")
            continue
        same = grade["verdict"] == case["verdict"] and abs(grade["score"] - case["score"]) <= 1e-6
        if "feedback" in case:
            same = same and grade["feedback"] == case["feedback"]
        if not same:
            mismatches.append(f"{case['name']}: got {grade}")
    assert len(outcomes) == len(cases) > 50
    assert not mismatches, "\n".join(mismatches)


def question(page, number: int):
    """The card (fieldset) of question `number` (1-based) of the page's first quiz."""
    return page.locator(".mnc-quiz fieldset.mnc-q").nth(number - 1)


def feedback_text(card) -> str:
    return card.locator(":scope > .mnc-feedback").inner_text()


def solve_ordering_by_keyboard(page, card) -> None:
    """Sort the items with the Move up buttons, pressed with the keyboard only."""
    wanted = ["Haemostasis", "Inflammation", "Proliferation", "Remodelling"]
    for position, stem in enumerate(wanted):
        while True:
            texts = card.locator(".mnc-order-text").all_inner_texts()
            current = next(i for i, text in enumerate(texts) if text.startswith(stem))
            if current == position:
                break
            card.get_by_role("button", name=f"Move up: {texts[current]}").focus()
            page.keyboard.press("Enter")


def open_quiz_page(page, url: str) -> None:
    """Open a page and wait until quiz.js has mounted its quiz."""
    page.goto(url)
    page.wait_for_selector(".mnc-quiz fieldset.mnc-q")


def local_context(browser, **options):
    """A fresh context (empty localStorage) whose requests may not leave 127.0.0.1."""
    context = browser.new_context(**options)
    context.set_default_timeout(15_000)
    context.route(
        lambda url: not url.startswith(("http://127.0.0.1", "data:", "blob:")),
        lambda route: route.abort("blockedbyclient"),
    )
    return context


def page_errors(page) -> list[str]:
    """Collect uncaught errors and console errors of a page (bar the known upstream one)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


KNOWN_UPSTREAM = "Identifier 'THEBE_JS_URL' has already been declared"


class LessonPage:
    """The lesson 0 page with its quiz mounted, and the errors it has logged so far."""

    def __init__(self, page, errors):
        self.page = page
        self.errors = errors

    def unexpected_errors(self) -> list[str]:
        return [error for error in self.errors if KNOWN_UPSTREAM not in error]


@pytest.fixture
def lesson_page(browser, site_url):
    context = local_context(browser, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = page_errors(page)
    open_quiz_page(page, site_url + LESSON)
    yield LessonPage(page, errors)
    context.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """artifacts/screenshots/ (git-ignored): pictures of the quiz for people to look at."""
    folder = TESTS.parent / "artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_every_question_type_answered_by_keyboard_and_mouse(lesson_page, screenshot_dir):
    """Can a trainee answer one question of each type and read the feedback in words?"""
    page = lesson_page.page
    q1 = question(page, 1)
    q1.get_by_label("1.5 mm").check()
    q1.get_by_role("button", name="Check").click()
    assert "Correct" in feedback_text(q1)
    assert "Harris et al. 2015" in feedback_text(q1)

    q2 = question(page, 2)
    for label in ("Infection", "Scarring"):
        q2.get_by_label(label).focus()
        page.keyboard.press("Space")
    q2.get_by_role("button", name="Check").focus()
    page.keyboard.press("Enter")
    assert "Partly right (score 67%)" in feedback_text(q2)

    q3 = question(page, 3)
    q3.get_by_label("Myth").check()
    q3.get_by_role("button", name="Check").click()
    assert "Correct" in feedback_text(q3)

    q4 = question(page, 4)
    q4.get_by_label("Your answer").fill("4")
    q4.get_by_role("button", name="Check").click()
    assert "Correct" in feedback_text(q4)

    q5 = question(page, 5)
    solve_ordering_by_keyboard(page, q5)
    q5.get_by_role("button", name="Check").click()
    assert "Correct" in feedback_text(q5)

    q6 = question(page, 6)
    q6.get_by_label("Manual dermaroller").select_option(
        label="Rows of needles on a drum that rolls over the skin"
    )
    q6.get_by_label("Motorised pen").select_option(
        label="Single-use cartridge; needles enter straight down at a set depth"
    )
    q6.get_by_label("RF microneedling").select_option(
        label="Needles that deliver heat at their tips"
    )
    q6.get_by_role("button", name="Check").click()
    assert "Correct" in feedback_text(q6)

    q7 = question(page, 7)
    q7.get_by_label("It is the thinnest skin on the face.").check()
    q7.locator(".mnc-part").nth(1).get_by_label("True").check()
    q7.get_by_role("button", name="Check").click()
    assert "Correct" in feedback_text(q7)

    assert page.locator(".mnc-quiz .mnc-score").inner_text() == "6 of 7 correct"
    page.locator(".mnc-quiz").screenshot(path=str(screenshot_dir / "quiz-answered-1280.png"))
    assert not lesson_page.unexpected_errors()


def test_feedback_is_announced_politely(lesson_page):
    """Is each question's verdict in an aria-live="polite" region, inside its feedback, that
    fills on Check?"""
    page = lesson_page.page
    card = question(page, 3)
    region = card.locator(":scope > .mnc-feedback [aria-live]")
    assert region.get_attribute("aria-live") == "polite"
    card.get_by_label("Fact").check()
    card.get_by_role("button", name="Check").click()
    assert region.inner_text().startswith("✗ Not quite")


def test_only_the_verdict_and_score_are_announced(lesson_page):
    """Does the live region announce just the verdict and the running score, with the feedback,
    explanation and sources after it, visible but outside every live region?"""
    page = lesson_page.page
    question(page, 3).get_by_label("Myth").check()
    question(page, 3).get_by_role("button", name="Check").click()
    card = question(page, 2)
    for label in ("Infection", "Scarring"):
        card.get_by_label(label).check()
    card.get_by_role("button", name="Check").click()
    announced = card.locator("[aria-live]").all_text_contents()
    assert "◐ Partly right (score 67%). 1 of 7 correct." in announced
    assert not [text for text in announced if "Why" in text or "Sources" in text]
    details = card.locator(":scope > .mnc-feedback > .mnc-feedback-details")
    assert details.is_visible()
    assert "Why" in details.inner_text() and "Sources:" in details.inner_text()
    assert details.evaluate("(el) => el.closest('[aria-live]') === null")
    order = details.evaluate(
        "(el) => el.previousElementSibling && el.previousElementSibling.getAttribute('aria-live')"
    )
    assert order == "polite"


def test_try_again_clears_the_answer(lesson_page):
    """Does Try again empty the question and its feedback so the trainee can answer afresh?"""
    page = lesson_page.page
    card = question(page, 1)
    card.get_by_label("0.5 mm").check()
    card.get_by_role("button", name="Check").click()
    assert "Not quite" in feedback_text(card)
    card.get_by_role("button", name="Try again").click()
    assert feedback_text(card) == ""
    assert not card.get_by_label("0.5 mm").is_checked()
    assert card.get_by_label("1.5 mm").is_enabled()


def test_hint_button_toggles_its_region(lesson_page):
    """Does Show hint open the hint and say so with aria-expanded?"""
    card = question(lesson_page.page, 1)
    toggle = card.locator("button[aria-controls]")
    assert toggle.inner_text() == "Show hint"
    toggle.click()
    assert toggle.inner_text() == "Hide hint"
    assert toggle.get_attribute("aria-expanded") == "true"
    assert "between 1 and 2 mm" in card.locator(".mnc-hint").inner_text()


def test_check_without_answer_asks_for_one(lesson_page):
    """Does pressing Check with nothing chosen ask for an answer instead of marking it wrong?"""
    card = question(lesson_page.page, 4)
    card.get_by_role("button", name="Check").click()
    assert "answer first" in feedback_text(card)


def test_progress_is_kept_in_local_storage(lesson_page):
    """Does a checked answer land in localStorage under mnc-progress-v1 in the agreed shape?"""
    page = lesson_page.page
    card = question(page, 1)
    card.get_by_label("1.5 mm").check()
    card.get_by_role("button", name="Check").click()
    stored = json.loads(page.evaluate("localStorage.getItem('mnc-progress-v1')"))
    record = stored["records"][-1]
    assert {k: record[k] for k in ("module", "question_id", "response", "verdict", "score")} == {
        "module": "how-to-use",
        "question_id": "how-to-use-median-needle-length",
        "response": 2,
        "verdict": "correct",
        "score": 1,
    }
    assert record["time"].endswith("Z")


def test_quiz_has_no_accessibility_violation(lesson_page):
    """Does axe-core find no violation at all inside the quiz, after answers are checked?"""
    from axe_playwright_python.sync_playwright import Axe

    page = lesson_page.page
    card = question(page, 2)
    card.get_by_label("Infection").check()
    card.get_by_role("button", name="Check").click()
    violations = Axe().run(page, context=".mnc-quiz").response["violations"]
    assert not violations, json.dumps([(v["id"], v["help"]) for v in violations], indent=1)


def test_quiz_fits_a_phone(browser, site_url, screenshot_dir):
    """At 375 px wide, is there no horizontal scrolling, and is every target 24 px or more?"""
    context = local_context(
        browser, viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    open_quiz_page(page, site_url + LESSON)
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    small = page.evaluate(
        """[...document.querySelectorAll(
            '.mnc-quiz button:not([hidden]), .mnc-quiz label.mnc-option, .mnc-quiz select')]
        .map((e) => e.getBoundingClientRect())
        .filter((r) => r.width && (r.width < 24 || r.height < 24)).length"""
    )
    page.locator(".mnc-quiz").screenshot(path=str(screenshot_dir / "quiz-375.png"))
    context.close()
    assert widths[0] <= widths[1]
    assert small == 0


CONTRAST_JS = """() => {
    const rgb = (text) => text.match(/[\\d.]+/g).map(Number);
    const lum = ([r, g, b]) => {
        const linear = (v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        const c = [r, g, b].map((v) => linear(v / 255));
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    };
    const background = (el) => {
        for (; el; el = el.parentElement) {
            const value = rgb(getComputedStyle(el).backgroundColor);
            if (value.length < 4 || value[3] > 0) return value.slice(0, 3);
        }
        return [255, 255, 255];
    };
    const selectors = ['.mnc-quiz-title', '.mnc-prompt', '.mnc-option-text', '.mnc-instruction',
                       '.mnc-btn', '.mnc-btn-primary', '.mnc-verdict', '.mnc-explanation p',
                       'summary'];
    const out = [];
    for (const selector of selectors) {
        for (const el of document.querySelectorAll('.mnc-quiz ' + selector)) {
            const fg = lum(rgb(getComputedStyle(el).color));
            const bg = lum(background(el));
            out.push([selector, (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05)]);
        }
    }
    return out;
}"""


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_quiz_text_contrast_in_both_theme_modes(browser, site_url, mode):
    """Does quiz text keep a 4.5:1 contrast in the theme's light and dark modes?"""
    context = local_context(browser, viewport={"width": 1280, "height": 900})
    context.add_init_script(f"localStorage.setItem('mode', '{mode}');")
    page = context.new_page()
    open_quiz_page(page, site_url + LESSON)
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    card = question(page, 1)
    card.get_by_label("0.5 mm").check()
    card.get_by_role("button", name="Check").click()
    ratios = page.evaluate(CONTRAST_JS)
    context.close()
    low = [(selector, round(ratio, 2)) for selector, ratio in ratios if ratio < 4.5]
    assert len(ratios) > 20
    assert not low


def test_fallback_without_javascript(browser, site_url):
    """With JavaScript off, are the questions listed with answers behind 'Show answer'?"""
    context = local_context(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + LESSON)
    fallback = page.locator(".mnc-hosted .mnc-fallback").first
    assert fallback.is_visible()
    assert fallback.locator("summary", has_text="Show answer").count() == 7
    context.close()


PAYLOAD_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>payloads</title>
<script type="module" src="../_static/mnc/quiz-site-all.js" data-mnc-version="test"></script></head>
<body><main>{bundle}</main></body></html>"""


def payload_questions(payload: str, n: int):
    """Questions with the payload in prompt, options, feedback, items, pairs and a case."""
    common = {
        "objective": "safe-o",
        "difficulty": "easy",
        "explanation": payload,
        "hint": payload,
        "references": ["harris2015"],
        "prompt": payload,
    }
    specs = [
        {
            "id": f"safe-single-{n}",
            "type": "single",
            "answer": "A",
            "options": [{"text": payload, "feedback": payload}, {"text": "other"}],
        },
        {"id": f"safe-order-{n}", "type": "ordering", "items": [payload, "second"]},
        {
            "id": f"safe-match-{n}",
            "type": "matching",
            "pairs": [{"left": payload, "right": payload}, {"left": "L", "right": "R"}],
        },
        {
            "id": f"safe-case-{n}",
            "type": "case",
            "vignette": payload,
            "parts": [
                {
                    "id": f"safe-case-{n}-tf",
                    "type": "truefalse",
                    "answer": True,
                    "explanation": payload,
                    "prompt": payload,
                    "true_label": payload,
                }
            ],
        },
    ]
    return [parse_question({**common, **spec}) for spec in specs]


def test_hostile_bank_text_stays_text_in_the_browser(browser, site_url):
    """Does the site's quiz show hostile bank text as text: no dialog, no new script, the words
    visible?"""
    payloads = yaml.safe_load((TESTS / "shared" / "markup_payloads.yml").read_text())["payloads"]
    questions = [q for n, payload in enumerate(payloads) for q in payload_questions(payload, n)]
    bundle = QuizWidget(questions, title=payloads[0]).static_html()
    context = local_context(browser, viewport={"width": 1280, "height": 900})
    context.route(
        "**/mnc-test/payloads.html",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body=PAYLOAD_PAGE.format(bundle=bundle)
        ),
    )
    page = context.new_page()
    errors = page_errors(page)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_quiz_page(page, site_url + "mnc-test/payloads.html")
    first = page.locator(".mnc-quiz fieldset.mnc-q").first
    first.locator("input[type=radio]").first.check()
    first.get_by_role("button", name="Check").click()
    text = page.locator(".mnc-quiz").inner_text()
    scripts = page.evaluate("[...document.scripts].map((s) => s.type || 'classic')")
    injected = page.evaluate(
        "document.querySelectorAll("
        "'.mnc-quiz img, .mnc-quiz svg, .mnc-quiz iframe, .mnc-quiz a').length"
    )
    context.close()
    assert dialogs == []
    assert sorted(scripts) == ["application/json", "module"]
    assert injected == 0
    assert "<script>alert(1)</script>" in text
    assert '"><iframe src=javascript:alert(1)>' in text
    assert "&lt;script&gt; already escaped &amp;" in text
    assert [error for error in errors if KNOWN_UPSTREAM not in error] == []
