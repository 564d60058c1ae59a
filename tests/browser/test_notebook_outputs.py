"""Widgets and lesson outputs as JupyterLab lays them out, without JupyterLab: each widget module
rendered as anywidget renders it (on a model whose kernel is the test), each output in an output
area of JupyterLab's own stylesheets, at the width a notebook has in an 800 px window with the file
browser open (tests/browser/notebook_harness/)."""

import functools
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import anywidget
import pytest
from jupyter_core.paths import jupyter_path

from microneedling_course.bank import load_bank, parse_question
from microneedling_course.core.markup import plain_text
from microneedling_course.core.paths import STATIC_DIR
from microneedling_course.labs.depth_explorer import show_depth_explorer
from microneedling_course.labs.treatment_plan import show_treatment_plan
from microneedling_course.lessons.aftercare import (
    aftercare_timeline_figure,
    avoid_table,
    warning_signs_table,
)
from microneedling_course.lessons.devices_and_technique import (
    depth_range_table,
    depth_ranges_figure,
    device_table,
    rf_expert_depth_table,
    sessions_table,
)
from microneedling_course.lessons.risks import decision_map_figure
from microneedling_course.lessons.skin_and_depth import (
    dermis_by_region_figure,
    dermis_table,
    epidermis_by_method_figure,
    histology_table,
    microchannel_table,
    relative_index_table,
)
from microneedling_course.progress.my_progress import show_my_progress
from microneedling_course.progress.store import ProgressStore
from microneedling_course.quiz.widget import QuizWidget, show_objectives

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fixture_course")]

HARNESS = Path(__file__).parent / "notebook_harness"
# An output's width in JupyterLab 4.6 in an 800 px wide window with the file browser open
# (measured: 368 px; the notebook itself is about 470 px wide).
NOTEBOOK_800 = 368
KERNEL_TIMEOUT_MS = 8000  # frontend/src/quiz/index.js


def lab_stylesheets() -> Path:
    """JupyterLab's stylesheets as nbconvert's "lab" template ships them (nbconvert comes with
    JupyterLab in requirements.txt)."""
    for folder in jupyter_path("nbconvert", "templates", "lab", "static"):
        if (Path(folder) / "index.css").is_file():
            return Path(folder)
    pytest.fail("nbconvert's lab template is not installed (pip install -r requirements.txt)")


class QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript"}

    def log_message(self, format, *args):
        return


@pytest.fixture(scope="module")
def notebook_url(tmp_path_factory):
    """The harness page served from 127.0.0.1, beside the shipped front-end and JupyterLab's CSS."""
    root = tmp_path_factory.mktemp("notebook")
    for path in HARNESS.iterdir():
        shutil.copy(path, root / path.name)
    shutil.copytree(STATIC_DIR, root / "static")
    shutil.copytree(lab_stylesheets(), root / "lab")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=root))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/notebook.html"
    server.shutdown()
    server.server_close()


@pytest.fixture
def notebook(browser, notebook_url):
    """A fresh harness page (window.notebook ready) in its own context."""
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(notebook_url)
    page.wait_for_function("window.notebook !== undefined")
    yield page
    context.close()
    assert errors == []


def kernel_state(widget) -> dict:
    """The widget's synced traits as JupyterLab's model holds them (host "kernel")."""
    base = set(anywidget.AnyWidget.class_trait_names())
    names = [n for n in widget.trait_names(sync=True) if n not in base and not n.startswith("_")]
    return widget.get_state(key=names)


def mount(page, widget, width: int = NOTEBOOK_800):
    """Render a HostedWidget's module into a new output on the page; returns its model's index."""
    state = kernel_state(widget)
    styles = list(widget._mnc_styles)
    return page.evaluate(
        "([module, styles, state, width]) => notebook.widget(module, styles, state, width)",
        [widget._mnc_module, styles, state, width],
    )


def output(page, index: int):
    """The output area of cell `index` (0-based, in the order outputs were added)."""
    return page.locator(".jp-OutputArea-output").nth(index)


def test_a_late_kernel_reply_still_updates_the_card(notebook):
    """When the kernel answers after the quiz's 8 s timeout, does the card say it is waiting, then
    show the kernel's result when the reply comes?"""
    quiz = QuizWidget([load_bank().question("demo-single")], title="Late")
    notebook.evaluate("notebook.holdTimers()")
    model = mount(notebook, quiz)
    card = output(notebook, 0).locator("fieldset.mnc-q")
    card.get_by_label("1.5 mm").check()
    card.get_by_role("button", name="Check").click()
    feedback = card.locator(":scope > .mnc-feedback")
    assert feedback.inner_text() == "Checking…"

    assert notebook.evaluate(f"notebook.runTimers({KERNEL_TIMEOUT_MS})") == 1
    assert feedback.inner_text().startswith("No reply from Python yet.")

    # The kernel grades what the card saved, late: the real widget's answer goes back.
    saved = notebook.evaluate(f"notebook.models[{model}].saved.at(-1).submission")
    assert saved["action"] == "check" and saved["response"] == 2
    quiz.submission = saved
    assert quiz.results["_status"] == {"nonce": saved["nonce"], "error": ""}
    notebook.evaluate(
        "([model, results]) => notebook.models[model].deliver('results', results)",
        [model, quiz.results],
    )
    assert feedback.inner_text().startswith("✓ Correct")
    assert "Yes, 1.5 mm." in feedback.inner_text()
    assert output(notebook, 0).locator(".mnc-score").inner_text() == "1 of 1 correct"


LABS = {
    "depth explorer": (show_depth_explorer, "mm", "depth_mm"),
    "treatment-plan checker": (
        show_treatment_plan,
        "Planned needle setting (nominal, mm)",
        "setting_mm",
    ),
}


@pytest.mark.parametrize("lab", LABS)
def test_enter_in_the_mm_field_applies_the_setting_in_a_notebook(notebook, lab):
    """With JupyterLab taking Enter at the document (command mode), does Enter in the lab's mm
    field still apply the typed setting, and stay in the field?"""
    show, label, trait = LABS[lab]
    notebook.evaluate("notebook.takeEnterLikeCommandMode()")
    model = mount(notebook, show())
    field = output(notebook, 0).get_by_label(label, exact=True)
    field.fill("1.3")
    field.press("Enter")
    saved = notebook.evaluate(f"notebook.models[{model}].saved.at(-1)")
    assert saved[trait] == 1.3
    assert notebook.evaluate("notebook.keys") == []


LONG = "Needles that deliver radio-frequency heat at their tips to tighten the deeper dermis"


def test_long_matching_choices_are_shown_whole_in_a_narrow_notebook(notebook):
    """In a narrow notebook, is each matching item above a select as wide as the card's row, and
    is a long chosen match repeated in full under it (a closed select shows one cut-off line)?"""
    question = parse_question(
        {
            "id": "long-match",
            "type": "matching",
            "objective": "demo-answer-types",
            "difficulty": "easy",
            "prompt": "Match each device with how it works.",
            "pairs": [
                {"left": "RF microneedling", "right": LONG},
                {"left": "Manual dermaroller", "right": "Rows of needles on a drum rolled over"},
            ],
            "explanation": "Fixture.",
            "references": ["harris2015"],
        }
    )
    mount(notebook, QuizWidget([question], title="Match"))
    rows = output(notebook, 0).locator(".mnc-match-row")
    row = rows.first
    row.locator("select").select_option(label=LONG)
    label_box = row.locator("label").bounding_box()
    select_box = row.locator("select").bounding_box()
    row_box = row.bounding_box()
    chosen = row.locator(".mnc-match-chosen")
    assert label_box["y"] + label_box["height"] <= select_box["y"] + 1
    assert abs(select_box["width"] - row_box["width"]) <= 1
    assert chosen.inner_text() == LONG
    assert chosen.evaluate("(el) => el.scrollWidth <= el.clientWidth")
    assert (
        chosen.bounding_box()["x"] + chosen.bounding_box()["width"]
        <= row_box["x"] + row_box["width"] + 1
    )
    assert select_box["width"] <= NOTEBOOK_800


def test_progress_chart_is_laid_out_at_the_notebooks_width(notebook, tmp_path):
    """In notebook 09, is the kernel's progress chart shown at a real width (it was laid out
    0 px wide inside a size container), within its output?"""
    page = show_my_progress(store=ProgressStore(tmp_path / "progress.json"))
    model = mount(notebook, page)
    assert notebook.evaluate(f"notebook.models[{model}].sent") == [{"type": "refresh"}]
    notebook.evaluate(
        "([model, payload]) => notebook.models[model].message(payload)",
        [model, page.live_payload()],
    )
    chart = output(notebook, 0).get_by_role("img", name=re.compile("^Bar chart of completion"))
    chart.evaluate("(img) => img.decode()")
    width = chart.bounding_box()["width"]
    assert 200 < width <= NOTEBOOK_800


def test_learning_objectives_end_in_words_not_internal_ids(notebook):
    """Does a lesson's objectives list read as sentences, with each objective's id kept out of
    the text a trainee reads?"""
    module = load_bank().modules["demo"]
    notebook.evaluate(
        "([html, width]) => notebook.html(html, width)",
        [show_objectives("demo")._repr_html_(), NOTEBOOK_800],
    )
    texts = output(notebook, 0).locator("li").all_inner_texts()
    assert texts == [plain_text(objective.text) for objective in module.objectives]
    shown = output(notebook, 0).inner_text()
    assert not [objective.id for objective in module.objectives if objective.id in shown]
    assert not [text for text in texts if re.search(r"\([a-z0-9-]+\)\s*$", text)]


FIGURES = [
    dermis_by_region_figure,
    epidermis_by_method_figure,
    depth_ranges_figure,
    aftercare_timeline_figure,
    decision_map_figure,
]
TABLES = [
    dermis_table,
    histology_table,
    relative_index_table,
    microchannel_table,
    device_table,
    depth_range_table,
    rf_expert_depth_table,
    sessions_table,
    avoid_table,
    warning_signs_table,
]
# [output's width, its content's width, the widest figure or table box in it] for every output.
FITS_JS = """() => [...document.querySelectorAll('.jp-OutputArea-output')].map((output) => {
    const boxes = [...output.querySelectorAll(':scope > img, .mnc-table-scroll')];
    return [output.clientWidth, output.scrollWidth,
            Math.max(...boxes.map((box) => box.getBoundingClientRect().width))];
})"""


def test_lesson_figures_fit_a_narrow_notebook_once_the_lesson_has_run(notebook):
    """JupyterLab shows an SVG output as an <img> and confines only <svg> elements to the output:
    once a lesson's quiz has brought the course CSS, is every lesson figure scaled to fit its
    output at 800 px, where before it ran past the edge?"""
    for draw in FIGURES:
        notebook.evaluate("([svg, width]) => notebook.svg(svg, width)", [draw().data, NOTEBOOK_800])
    notebook.wait_for_function(
        "[...document.querySelectorAll('.jp-RenderedSVG img')].every((img) => img.complete)"
    )
    before = notebook.evaluate(FITS_JS)
    mount(notebook, QuizWidget([load_bank().question("demo-single")], title="Quiz"))
    after = notebook.evaluate(FITS_JS)[: len(FIGURES)]
    assert [fit for fit in before if fit[2] > fit[0]], "the harness shows no figure running over"
    assert all(content <= width and 0.9 * width < box <= width for width, content, box in after)


def test_lesson_tables_stay_in_their_output_and_read_left_aligned(notebook):
    """At 800 px, does each lesson table stay inside its output (a wide one scrolls in its own
    keyboard-reachable box), with its prose cells left-aligned once the course CSS is in?"""
    mount(notebook, QuizWidget([load_bank().question("demo-single")], title="Quiz"))
    for table in TABLES:
        notebook.evaluate(
            "([html, width]) => notebook.html(html, width)", [table().data, NOTEBOOK_800]
        )
    fits = notebook.evaluate(FITS_JS)[1:]
    assert all(content <= width and box <= width for width, content, box in fits)
    aligned = notebook.evaluate(
        "[...document.querySelectorAll('.mnc-data-table td')]"
        ".map((cell) => getComputedStyle(cell).textAlign)"
    )
    assert aligned and set(aligned) == {"left"}
    scrolling = notebook.locator(".mnc-table-scroll").evaluate_all(
        "(boxes) => boxes.filter((b) => b.scrollWidth > b.clientWidth)"
        ".map((b) => b.getAttribute('tabindex'))"
    )
    assert set(scrolling) <= {"0"}
