"""The trainee edition in a real JupyterLab, set up as the trainee command sets it up.

One JupyterLab for the session (127.0.0.1, a free port, fresh settings and workspace, the
trainee command's options) over a copy of the built edition; the notebooks one after another.
Each is opened and checked before and after Run All; then a saved lesson is reopened with its
kernel gone, and links are followed inside JupyterLab. Open and Run All times go to
artifacts/trainee-jupyterlab-timings.json (reported, never asserted).
"""

import json
import re
import shutil
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lab_server import api, running_lab

from microneedling_course.trainee_lab import launch

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
JUPYTER = Path(sys.executable).parent / "jupyter"
TIMINGS = REPO / "artifacts" / "trainee-jupyterlab-timings.json"
STARTUP_TIMEOUT_S = 90
# What a trainee would see if the edition left MyST syntax in a Markdown cell.
RAW_MYST = re.compile(
    r"\{(?:cite|term|doc|ref|numref|eq)(?::\w+)?\}|^\([\w-]+\)=$|\{bibliography\}|:::", re.M
)
AUTHOR_YEAR = re.compile(r"(?:\d{4}[a-z]?|n\.d\.)$")
WIDGET_ERROR = "Error displaying widget"
KERNEL_IDLE = re.compile(r"\| Idle$")
# Every Markdown cell of the open notebook is rendered (JupyterLab renders them one by one).
MARKDOWN_RENDERED_JS = """() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    const cells = panel ? [...panel.querySelectorAll('.jp-MarkdownCell')] : [];
    return cells.length > 0 && cells.every((cell) => {
        const rendered = cell.querySelector('.jp-RenderedMarkdown');
        return rendered && rendered.childElementCount > 0;
    });
}"""
# Run All is done when no "starts when the lesson runs" placeholder is left, every code cell has
# an output again and the kernel is idle.
RUN_ALL_DONE_JS = """() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    const cells = [...panel.querySelectorAll('.jp-CodeCell')];
    return panel.querySelectorAll('.mnc-run-note').length === 0
        && cells.every((cell) => cell.querySelector('.jp-OutputArea-output'))
        && panel.querySelector('.jp-Notebook-ExecutionIndicator').dataset.status === 'idle';
}"""
RUN_ALL_STATE_JS = """() => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    const cells = [...panel.querySelectorAll('.jp-CodeCell')];
    return {
        notes: panel.querySelectorAll('.mnc-run-note').length,
        cells_without_output: cells.filter((c) => !c.querySelector('.jp-OutputArea-output')).length,
        kernel: panel.querySelector('.jp-Notebook-ExecutionIndicator').dataset.status,
        prompts: cells.map((c) => c.querySelector('.jp-OutputPrompt')?.textContent || ''),
    };
}"""
LAB_ROOTS = ".mnc-quiz, .mnc-depth, .mnc-plan, .mnc-aftercare, .mnc-screening, .mnc-progress-page"


def edition_names() -> list[str]:
    """Every page of the course, root first, as `_toc.yml` names them, less the site-only pages
    the edition redirects (`trainee_edition_redirects` in `_config.yml`)."""
    import yaml

    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    redirected = config["sphinx"]["config"].get("trainee_edition_redirects", {})
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part.get("chapters", [])]
    return [f"{name}.ipynb" for name in files if name not in redirected]


class TraineeLab:
    """The session's JupyterLab: its root folder, base URL, token and a Chromium context."""

    def __init__(self, root: Path, base: str, token: str, context, timings: dict):
        self.root, self.base, self.token, self.context = root, base, token, context
        self.timings = timings

    def open(self, name: str):
        """A new page showing the notebook (fresh workspace); returns (page, console errors)."""
        page = self.context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(f"{error.name}: {error.message}"))
        started = time.monotonic()
        page.goto(f"{self.base}/lab/tree/{name}?reset&token={self.token}")
        page.wait_for_selector(".jp-NotebookPanel .jp-RenderedMarkdown h1")
        page.wait_for_function(MARKDOWN_RENDERED_JS)
        # The status bar says Idle only once a kernel is connected: JupyterLab's Run All before
        # that clears every output and runs nothing.
        page.locator(".jp-StatusBar-Widget").get_by_text(KERNEL_IDLE).first.wait_for()
        self.timings.setdefault(name, {})["open_s"] = round(time.monotonic() - started, 2)
        return page, errors

    def run_all(self, page, name: str) -> None:
        started = time.monotonic()
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            page.wait_for_function(RUN_ALL_DONE_JS)
        except Exception:
            self.keep_screenshot(page, name)
            state = page.evaluate(RUN_ALL_STATE_JS)
            raise AssertionError(f"Run All did not finish in {name}: {state}") from None
        self.timings.setdefault(name, {})["run_all_s"] = round(time.monotonic() - started, 2)

    @staticmethod
    def keep_screenshot(page, name: str) -> None:
        folder = REPO / "artifacts" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / ("trainee-lab-" + name.replace("/", "-") + ".png")))

    @contextmanager
    def opened(self, name: str):
        """`with lab.opened(name) as (page, errors)`: the page closes and kernels stop after."""
        page, errors = self.open(name)
        try:
            yield page, errors
        finally:
            page.close()
            self.stop_kernels()

    def stop_kernels(self) -> None:
        for session in api(self.base, self.token, "/api/sessions"):
            api(self.base, self.token, f"/api/sessions/{session['id']}", "DELETE")


@pytest.fixture(scope="session")
def trainee_lab(built_site, browser, tmp_path_factory):
    """JupyterLab with the trainee command's options over a copy of the built trainee edition."""
    edition = built_site.parent / "trainee"
    if not (edition / launch.FIRST_PAGE).is_file():
        pytest.fail(f"the build wrote no trainee edition in {edition}", pytrace=False)
    base_dir = tmp_path_factory.mktemp("trainee-lab")
    root = base_dir / "lab"
    shutil.copytree(edition, root, ignore=shutil.ignore_patterns(launch.RECORDS_FOLDER))
    (root / launch.RECORDS_FOLDER).mkdir()
    env = launch.lab_environment(root)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    timings: dict = {}
    try:
        # The trainee's own settings folder starts empty; the course's come with lab_arguments.
        with running_lab(
            root, base_dir, arguments=launch.lab_arguments(root), env=env, settings={}
        ) as lab:
            yield TraineeLab(root, lab.base, lab.token, context, timings)
    finally:
        context.close()
        TIMINGS.parent.mkdir(parents=True, exist_ok=True)
        TIMINGS.write_text(json.dumps(timings, indent=1, sort_keys=True) + "\n")


# --------------------------------------------------------------------------- checks
def panel_text(page) -> str:
    """The notebook's text, off-screen cells included (JupyterLab skips laying those out, so
    innerText would leave them out)."""
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").text_content()


MARKDOWN_LINKS = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedMarkdown a[href]"
LINKS_JS = """(selector) => [...document.querySelectorAll(selector)].map((a) => ({
    href: a.getAttribute('href'), text: a.textContent.trim(), title: a.title || ''}))"""
ANCHORS_JS = """() => [...document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) [data-jupyter-id]')].map((e) => e.dataset.jupyterId)"""


def notebook_cell_ids(path: Path) -> set[str]:
    return {cell["id"] for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]}


def wait_for_anchors(page, fragments: list[str]) -> None:
    """Give JupyterLab time to render every cell a same-page link points into."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    script = (
        f"(wanted) => {{ const have = new Set(({ANCHORS_JS})());"
        " return wanted.every((id) => have.has(id)); }"
    )
    try:
        page.wait_for_function(script, arg=fragments, timeout=15_000)
    except PlaywrightTimeoutError:
        return


def unresolved_links(page, lab: TraineeLab, selector: str = MARKDOWN_LINKS) -> list[str]:
    """Links (in the rendered Markdown) whose target (file, anchor or cell) does not exist."""
    links = page.evaluate(LINKS_JS, selector)
    wait_for_anchors(page, [link["href"][1:] for link in links if link["href"].startswith("#")])
    anchors = set(page.evaluate(ANCHORS_JS))
    problems = []
    for link in links:
        href = link["href"]
        if href.startswith("#"):
            if href[1:] not in anchors:
                problems.append(f"{link['text']} -> {href}")
            continue
        parts = urlsplit(href)
        if parts.scheme in ("http", "https") and parts.hostname != "127.0.0.1":
            continue
        path = unquote(parts.path).split("/files/", 1)[-1]
        target = lab.root / path
        if not target.is_file():
            problems.append(f"{link['text']} -> missing {path}")
        elif parts.fragment.startswith("cell-id="):
            if parts.fragment.removeprefix("cell-id=") not in notebook_cell_ids(target):
                problems.append(f"{link['text']} -> no cell {parts.fragment} in {path}")
    return problems


def check_citations_and_terms(page) -> None:
    links = page.evaluate(LINKS_JS, MARKDOWN_LINKS)
    for link in links:
        if "glossary.ipynb" in link["href"] and "#cell-id=term-" in link["href"]:
            assert link["title"], f"term {link['text']} has no definition on hover"
        if AUTHOR_YEAR.search(link["text"]) and link["href"].startswith("#"):
            assert link["title"], f"citation {link['text']} has no reference on hover"


# One interaction per live widget: each proves the widget is rendered and its kernel answers.
def answer_quiz(page, root) -> None:
    card = root.locator("fieldset.mnc-q:has(input[type=radio])").first
    card.locator("input[type=radio]").first.check()
    submit_all = root.get_by_role("button", name="Submit all answers")
    if submit_all.count():
        # The final assessment grades nothing until every answer is submitted at once; with
        # questions left unanswered, a second press submits anyway.
        submit_all.click()
        root.get_by_text("Press Submit all answers again").wait_for()
        submit_all.click()
        page.get_by_text("Submitted. Your score").wait_for()
        return
    card.get_by_role("button", name="Check").click()
    verdict = re.compile("Correct|Not quite|Partly")
    card.locator(":scope > .mnc-feedback").filter(has_text=verdict).wait_for()


def changes_text(root, act) -> None:
    before = root.inner_text()
    act()
    root.page.wait_for_function(
        "([el, before]) => el.innerText !== before", arg=[root.element_handle(), before]
    )


def interact(page, root) -> None:
    classes = root.get_attribute("class") or ""
    if "mnc-quiz" in classes:
        answer_quiz(page, root)
    elif "mnc-depth" in classes:
        changes_text(root, lambda: root.get_by_label("Facial region").select_option("eyelid"))
    elif "mnc-plan" in classes:
        changes_text(root, lambda: root.get_by_label("Device").select_option("rf"))
    elif "mnc-aftercare" in classes:
        root.get_by_label("Day 10").check()
        root.locator(".mnc-ac-title").filter(has_text="Day 10").wait_for()
    elif "mnc-screening" in classes:
        root.locator("select").first.select_option(index=1)
        root.get_by_label("Defer").check()
        root.get_by_role("button", name="Check my decision").click()
        root.locator(".mnc-cs-verdict").filter(has_text="you chose Defer").wait_for()
    elif "mnc-progress-page" in classes:
        root.get_by_text("Your progress file:").wait_for()
    else:
        raise AssertionError(f"no interaction known for a widget with classes {classes!r}")


def start_final_assessment(page) -> None:
    page.get_by_label("Your name").fill("Test Trainee")
    page.get_by_role("button", name="Start my assessment").click()
    page.locator(".mnc-quiz").first.wait_for()


def code_cell_count(path: Path) -> int:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return sum(1 for cell in cells if cell["cell_type"] == "code")


# --------------------------------------------------------------------------- tests
@pytest.mark.parametrize("name", edition_names())
def test_edition_notebook_reads_and_runs_in_jupyterlab(trainee_lab, name):
    """Opened in JupyterLab, does the notebook show no MyST syntax, resolve every citation, term
    and link, keep its code collapsed, and after Run All render every widget, each answering
    one interaction, with no error output and no console error?"""
    path = trainee_lab.root / name
    assert path.is_file(), f"the trainee edition has no {name}"
    with trainee_lab.opened(name) as (page, errors):
        assert not RAW_MYST.findall(panel_text(page))
        assert unresolved_links(page, trainee_lab) == []
        check_citations_and_terms(page)
        code_cells = code_cell_count(path)
        collapsed = page.locator(".jp-CodeCell .jp-InputPlaceholder").count()
        assert collapsed == code_cells
        if code_cells:
            placeholders = page.locator(".mnc-run-note").count()
            trainee_lab.run_all(page, name)
            assert page.locator(".mnc-run-note").count() == 0
            widgets = page.locator(LAB_ROOTS)
            if "08-final-assessment" in name:
                start_final_assessment(page)
            else:
                assert widgets.count() == placeholders
            for index in range(widgets.count()):
                root = widgets.nth(index)
                root.scroll_into_view_if_needed()
                interact(page, root)
            text = panel_text(page)
            assert WIDGET_ERROR not in text
            assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
        assert errors == []


def test_saved_lesson_reopens_without_a_widget_error(trainee_lab):
    """Run, answered, saved and reopened after its kernel stopped, does the lesson show each
    quiz's no-JavaScript version under a note to re-run, and never a widget error?"""
    name = "notebooks/00-how-to-use-this-course.ipynb"
    with trainee_lab.opened(name) as (page, errors):
        trainee_lab.run_all(page, name)
        answer_quiz(page, page.locator(".mnc-quiz").first)
        page.keyboard.press("Control+s")
        page.locator(".lm-TabBar-tab.jp-mod-dirty").wait_for(state="detached")
    saved = json.dumps(json.loads((trainee_lab.root / name).read_text(encoding="utf-8")))
    # The save hook wrote the re-run note (the edition as built says "appears here" instead).
    assert "This quiz is not running" in saved
    assert "application/vnd.jupyter.widget-view+json" not in saved
    with trainee_lab.opened(name) as (page, errors):
        note = page.locator(".mnc-run-note").first
        note.wait_for()
        assert "This quiz is not running" in note.text_content()
        assert page.locator(".mnc-fallback").count() == 1
        assert WIDGET_ERROR not in panel_text(page)
        assert errors == []


def wait_in_view(page, tag: str, text: str) -> None:
    """Wait until the open notebook has scrolled the heading into the window. The heading is
    looked up on every poll: JupyterLab may render a cell again while it scrolls, and a handle
    to the first element would then wait on a detached one forever."""
    in_view = """([tag, text]) => [...document.querySelectorAll(
        `.jp-NotebookPanel:not(.lm-mod-hidden) ${tag}`)].some((el) => {
            if (!el.textContent.includes(text)) return false;
            const top = el.getBoundingClientRect().top;
            return top >= 0 && top < window.innerHeight;
        })"""
    page.wait_for_function(in_view, arg=[tag, text])


def test_links_to_the_disclaimer_and_the_next_lesson_open_inside_jupyterlab(trainee_lab):
    """Do a lesson's links to the disclaimer and to the next lesson open as JupyterLab tabs,
    in the same browser tab?"""
    with trainee_lab.opened("notebooks/01-skin-and-depth.ipynb") as (page, errors):
        page.locator(".jp-RenderedMarkdown a", has_text="disclaimer").first.click()
        page.locator(".lm-TabBar-tabLabel", has_text="disclaimer.ipynb").wait_for()
        page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) h1", has_text="Disclaimer").wait_for()
        page.locator(".lm-TabBar-tabLabel", has_text="01-skin-and-depth.ipynb").click()
        page.locator(
            ".jp-RenderedMarkdown a", has_text="Collagen induction and wound healing"
        ).last.click()
        page.locator(".lm-TabBar-tabLabel", has_text="02-collagen-induction.ipynb").wait_for()
        assert len(trainee_lab.context.pages) == 1
        assert errors == []


def test_section_link_scrolls_a_just_opened_lesson_to_the_section(trainee_lab):
    """From the learning outcomes, does "taught in this section" open the lesson at it?"""
    with trainee_lab.opened("book/learning-outcomes.ipynb") as (page, errors):
        link = page.locator(
            ".jp-RenderedMarkdown a[href*='01-skin-and-depth']", has_text="taught in this section"
        ).first
        link.click()
        page.locator(".lm-TabBar-tabLabel", has_text="01-skin-and-depth.ipynb").wait_for()
        wait_in_view(page, "h2", "The three layers of the skin")
        assert errors == []


def test_progress_links_open_lessons_inside_jupyterlab(trainee_lab):
    """After a wrong answer in lesson 0, do the progress notebook's links (below its widget, not
    inside it, where they would open a second JupyterLab) resolve, and does the link to the
    section to review open lesson 0 as a tab of the same JupyterLab, at that section?"""
    lesson = "notebooks/00-how-to-use-this-course.ipynb"
    with trainee_lab.opened(lesson) as (page, errors):
        trainee_lab.run_all(page, lesson)
        card = page.locator(".mnc-quiz fieldset.mnc-q").first
        card.get_by_label("0.25 mm").check()
        card.get_by_role("button", name="Check").click()
        card.locator(":scope > .mnc-feedback").filter(has_text="Not quite").wait_for()
    name = "notebooks/09-my-progress.ipynb"
    with trainee_lab.opened(name) as (page, errors):
        trainee_lab.run_all(page, name)
        section = page.locator(
            ".mnc-lesson-links a[href*='00-how-to-use-this-course.ipynb'][href*='#cell-id=']"
        ).first
        section.wait_for()
        assert unresolved_links(page, trainee_lab, ".mnc-lesson-links a[href]") == []
        assert page.locator(".mnc-progress-page a[href]").count() == 0
        section.click()
        page.locator(".lm-TabBar-tabLabel", has_text="00-how-to-use-this-course.ipynb").wait_for()
        wait_in_view(page, "h2", "The seven kinds of question")
        assert len(trainee_lab.context.pages) == 1
        assert errors == []


def test_records_folder_is_in_the_file_browser(trainee_lab):
    """Is the folder the final assessment saves records to listed in JupyterLab's file browser?"""
    records = Path(launch.lab_environment(trainee_lab.root, {})[launch.RECORDS_ENV])
    with trainee_lab.opened(launch.FIRST_PAGE) as (page, errors):
        page.locator(".jp-BreadCrumbs-home").first.click()
        item = page.locator(".jp-DirListing-item", has_text=records.name)
        item.wait_for()
        assert records.parent == trainee_lab.root
        assert errors == []
