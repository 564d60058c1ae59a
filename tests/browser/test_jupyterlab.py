"""The quiz live in JupyterLab: open lesson 0, run all cells, answer, read the kernel's feedback."""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = "00-how-to-use-this-course.ipynb"
JUPYTER = Path(sys.executable).parent / "jupyter"
# Fresh settings: every cell rendered (no windowing, so the quiz output is in the page) and no
# news check (nothing leaves the machine, no toast over the notebook).
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
}
STARTUP_TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_status(url: str, process: subprocess.Popen) -> None:
    """Poll /api/status until the server answers (design.md: then opening Lab is reliable)."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jupyter lab exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    raise TimeoutError("jupyter lab did not answer /api/status in time")


@pytest.fixture
def jupyter_lab(tmp_path):
    """A JupyterLab server on 127.0.0.1 over a copy of the lesson, with fresh settings."""
    root = tmp_path / "notebooks"
    root.mkdir()
    shutil.copy(REPO / "notebooks" / NOTEBOOK, root / NOTEBOOK)
    settings = tmp_path / "settings"
    for name, values in SETTINGS.items():
        target = settings / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    token = secrets.token_hex(16)
    port = free_port()
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
    }
    log = (tmp_path / "lab.log").open("w")
    process = subprocess.Popen(
        [
            str(JUPYTER),
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            # Root in containers and CI; the extension manager would otherwise ask PyPI.
            "--allow-root",
            "--LabApp.extension_manager=readonly",
            f"--ServerApp.root_dir={root}",
            f"--LabApp.user_settings_dir={settings}",
            f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=root,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_status(f"{base}/api/status?token={token}", process)
        yield base, token, tmp_path / "lab.log"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


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
