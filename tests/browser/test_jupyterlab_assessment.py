"""The final assessment in a real JupyterLab at 800 px: its ipywidgets buttons show their whole
words ("Start my asses…" before) and its download links look like links (JupyterLab's base style
makes a link in widget HTML plain text). Only JupyterLab has the ipywidgets front-end, so this one
runs there; the course's own widget modules are tested without it in test_notebook_outputs.py."""

import json
import os
from pathlib import Path

import pytest
from lab_server import running_lab

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.usefixtures("fixture_course")]

NOTEBOOK = "assessment.ipynb"
CELL = "from microneedling_course import start_final_assessment\n\nstart_final_assessment()"
# A button's words are cut off when its text is wider than its box, or its box than the output.
CUT_OFF_JS = """(button) => {
    const output = button.closest('.jp-OutputArea-output').getBoundingClientRect();
    const box = button.getBoundingClientRect();
    return button.scrollWidth > button.clientWidth + 1 || box.right > output.right + 1;
}"""


def one_cell_notebook(path: Path) -> None:
    cell = {
        "cell_type": "code",
        "metadata": {},
        "source": CELL,
        "outputs": [],
        "execution_count": None,
    }
    notebook = {
        "cells": [cell],
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(notebook), encoding="utf-8")


@pytest.fixture
def lab_url(tmp_path, fixture_course):
    """JupyterLab on 127.0.0.1 over a one-cell notebook that starts the final assessment (on the
    fixture course, which the kernel inherits through MNC_COURSE_ROOT)."""
    root = tmp_path / "root"
    root.mkdir()
    one_cell_notebook(root / NOTEBOOK)
    with running_lab(root, tmp_path, env={**os.environ, "HOME": str(tmp_path)}) as lab:
        yield lab.url(f"/lab/tree/{NOTEBOOK}?reset")


def test_assessment_buttons_and_links_read_whole_in_a_narrow_notebook(lab_url, browser):
    """At 800 px with the file browser open, are the assessment's buttons never cut off, before
    and after submitting, and do its download links look like links?"""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    context = browser.new_context(viewport={"width": 800, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(lab_url)
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell")
        try:
            page.locator(".jp-Dialog").get_by_role("button", name="Select").click(timeout=5_000)
        except PlaywrightTimeoutError:
            pass
        idle = ".jp-Notebook-ExecutionIndicator[data-status='idle']"
        page.wait_for_selector(idle, state="attached")
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        start = page.get_by_role("button", name="Start my assessment")
        start_cut = start.evaluate(CUT_OFF_JS)
        page.get_by_label("Your name").fill("Ada Trainee")
        start.click()
        submit = page.get_by_role("button", name="Submit all answers")
        submit.click()
        submit.click()
        save = page.get_by_role("button", name="Save completion record")
        save.wait_for()
        buttons = ["Start a new attempt", "Save completion record", "Export my record"]
        cut = [
            name for name in buttons if page.get_by_role("button", name=name).evaluate(CUT_OFF_JS)
        ]
        link = page.get_by_role("link", name="Download").first
        look = link.evaluate(
            "(a) => [getComputedStyle(a).color, getComputedStyle(a).textDecorationLine,"
            " getComputedStyle(a.parentElement).color]"
        )
    finally:
        context.close()
    assert not start_cut
    assert cut == []
    color, decoration, text_color = look
    assert decoration == "underline" and color == "rgb(11, 79, 128)" and color != text_color
