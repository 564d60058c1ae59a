"""The quiz live in JupyterLab: open lesson 0, run all cells, answer, read the kernel's feedback."""

import shutil
from pathlib import Path

import pytest
from lab_server import running_lab

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = "00-how-to-use-this-course.ipynb"


@pytest.fixture
def jupyter_lab(tmp_path):
    """A JupyterLab server on 127.0.0.1 over a copy of the lesson, with fresh settings."""
    root = tmp_path / "notebooks"
    root.mkdir()
    shutil.copy(REPO / "notebooks" / NOTEBOOK, root / NOTEBOOK)
    with running_lab(root, tmp_path) as lab:
        yield lab.base, lab.token, lab.log


def select_kernel(page) -> None:
    """Accept the "Select Kernel" dialog that JupyterLab sometimes shows for a fresh notebook."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    select = page.locator(".jp-Dialog").get_by_role("button", name="Select", exact=True)
    try:
        select.click(timeout=5_000)
    except PlaywrightTimeoutError:
        return


def test_quiz_answers_from_the_kernel_in_jupyterlab(jupyter_lab, browser):
    """In a real JupyterLab, after Run All, does Check on a question show the kernel's feedback?"""
    base, token, log = jupyter_lab
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{base}/lab/tree/{NOTEBOOK}?reset&token={token}")
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell")
        select_kernel(page)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']")
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        quiz = page.locator(".mnc-quiz").first
        quiz.wait_for()
        quiz.scroll_into_view_if_needed()
        card = quiz.locator("fieldset.mnc-q").first
        card.get_by_label("1.5 mm").check()
        card.get_by_role("button", name="Check").click()
        feedback = card.locator(":scope > .mnc-feedback")
        feedback.filter(has_text="Correct").wait_for()
        text = feedback.inner_text()
        objectives = page.locator(".mnc-objectives").first.inner_text()
        page.screenshot(path=str(log.parent / "jupyterlab.png"))
    finally:
        context.close()
    assert text.startswith("✓ Correct")
    assert "Harris et al. 2015" in text
    # Objectives read as words; their internal ids stay out of the text a trainee sees.
    assert "Answer each kind of question" in objectives
    assert "how-to-use-answer-types" not in objectives
