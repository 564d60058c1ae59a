"""The quiz on the static site: the no-JavaScript fallback, the hosted-widget bundle, and the
Sphinx extension that ships the front-end only to pages that need it."""

import json
import re
from pathlib import Path

import pytest
import traitlets

from microneedling_course import show_quiz
from microneedling_course.bank import load_bank
from microneedling_course.hosting import HostedWidget
from microneedling_course.paths import static_path
from microneedling_course.quiz_model import build_quiz_model
from microneedling_course.static_html import render_static_quiz

FIXTURE_BANKS = Path(__file__).parent / "fixtures" / "banks"
STATE = re.compile(r'<script type="application/json" data-mnc-state>(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def fallback():
    questions = load_bank().modules["how-to-use"].questions
    return render_static_quiz(build_quiz_model(questions, title="Demo", include_key=True))


def test_fallback_shows_every_question_with_its_answer_hidden(fallback):
    """Does the no-JS quiz list every question, each with a closed 'Show answer' section?"""
    assert fallback.count('<li class="mnc-static-question" data-id=') == 7
    assert fallback.count("<details><summary>Show answer</summary>") == 7
    assert "<details open" not in fallback


def test_fallback_lists_options_and_gives_the_answer(fallback):
    """Does the fallback show the options as a lettered list and name the right one?"""
    assert (
        '<ol type="A" data-k="options"><li data-i="0">0.25 mm</li><li data-i="1">0.5 mm</li>'
        '<li data-i="2">1.5 mm</li><li data-i="3">3.0 mm</li></ol>' in fallback
    )
    assert (
        '<p><strong>Answer:</strong></p><ul class="mnc-static-solution"><li>1.5 mm</li></ul>'
        in fallback
    )


def test_fallback_cites_sources_in_full(fallback):
    """Does each answer carry its sources, short label and full citation?"""
    assert "Harris et al. 2015</span>: A. G. Harris, C. Naidoo, and D. F. Murrell." in fallback


def test_fallback_gives_case_parts_their_answers(fallback):
    """Does a case show its story, its parts, and an answer per part?"""
    assert "mnc-static-vignette" in fallback
    assert (
        "<p><strong>Part 2.</strong></p><p><strong>Answer:</strong></p>"
        '<ul class="mnc-static-solution"><li>True</li></ul>' in fallback
    )


def test_bundle_state_is_the_static_model():
    """Does the inert JSON in the bundle hold the quiz's answer key with host "static"?"""
    html = show_quiz("how-to-use").static_html()
    assert html.startswith(
        '<div class="mnc-hosted" data-mnc-widget="quiz.js" data-mnc-css="quiz.css">'
    )
    state = json.loads(STATE.search(html).group(1))
    assert state["host"] == "static"
    first = state["quiz"]["keys"]["how-to-use-median-needle-length"]
    assert first["answer"] == 2 and "questions" not in state["quiz"]
    assert set(state) == {"quiz", "submission", "results", "host"}


class InlineWidget(HostedWidget):
    _esm = "export default { render({ el }) { el.textContent = 'hi'; } }"
    value = traitlets.Int(3).tag(sync=True)


class ShippedWidget(HostedWidget):
    _esm = static_path("depth-explorer.js")
    _css = static_path("quiz.css")
    value = traitlets.Int(3).tag(sync=True)
    _private = traitlets.Int(4).tag(sync=True)


def test_widget_with_inline_module_falls_back_only():
    """Does a widget whose module is not a shipped file give only the fallback (nothing to boot)?"""
    html = InlineWidget().static_html()
    assert "data-mnc-widget" not in html
    assert "needs JavaScript" in html


def test_shipped_widget_names_module_css_and_public_state():
    """Does a lab built from static files name them, and carry only its public synced traits?"""
    widget = ShippedWidget()
    html = widget.static_html()
    assert 'data-mnc-widget="depth-explorer.js" data-mnc-css="quiz.css"' in html
    assert json.loads(STATE.search(html).group(1)) == {"value": 3, "host": "static"}


# --------------------------------------------------------------------- the Sphinx extension

CONFIG = """title: Quiz extension test
only_build_toc_files: true
execute:
  execute_notebooks: "off"
sphinx:
  extra_extensions:
    - microneedling_course.sphinx_quiz
"""
TOC = """format: jb-book
root: index
chapters:
  - file: lesson
  - file: outcomes
  - file: plain
"""
BANK = """schema_version: 1
module: demo
title: Demo module
lesson: lesson
objectives:
  - id: demo-part
    text: Do the demo thing.
    section: {section}
questions:
  - id: demo-q
    type: truefalse
    objective: demo-part
    difficulty: easy
    prompt: True?
    answer: true
    explanation: Yes.
    references: [harris2015]
"""


def make_book(root: Path, section: str = "the-part") -> Path:
    book = root / "book"
    bank = root / "bank"
    book.mkdir()
    bank.mkdir()
    (bank / "01-demo.yml").write_text(BANK.format(section=section))
    (book / "_config.yml").write_text(CONFIG)
    (book / "_toc.yml").write_text(TOC)
    (book / "index.md").write_text("# Home\n")
    (book / "plain.md").write_text("# Plain\n\nNo widget here.\n")
    (book / "outcomes.md").write_text("# Outcomes\n\n```{course-objectives}\n```\n")
    (book / "lesson.md").write_text(
        "# Lesson\n\n## The part\n\nText.\n\n"
        '<div class="mnc-hosted" data-mnc-widget="quiz.js" data-mnc-css="quiz.css"></div>\n'
    )
    return book


@pytest.fixture(scope="module")
def demo_build(tmp_path_factory, build_strict_book):
    """One strict build of the demo book with its own one-module bank."""
    root = tmp_path_factory.mktemp("quiz-extension")
    book = make_book(root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MNC_BANK_DIR", str(root / "bank"))
        build = build_strict_book(book, root / "out")
    assert build.returncode == 0, build.log[-3000:]
    return build


@pytest.mark.build
def test_extension_ships_front_end_to_widget_pages_only(demo_build):
    """Do only pages with a hosted widget load its module (marked for the site) and its CSS?"""
    lesson = (demo_build.html_dir / "lesson.html").read_text()
    plain = (demo_build.html_dir / "plain.html").read_text()
    assert re.search(
        r'<script data-mnc-version="\w+" type="module" src="_static/mnc/quiz.js', lesson
    )
    assert 'href="_static/mnc/quiz.css' in lesson
    assert "mnc/quiz.js" not in plain and "mnc/quiz.css" not in plain
    shipped = demo_build.html_dir / "_static" / "mnc" / "quiz.js"
    assert shipped.read_bytes() == static_path("quiz.js").read_bytes()


@pytest.mark.build
def test_objectives_page_links_each_objective_to_its_section(demo_build):
    """Does ```{course-objectives}``` list each objective with a link to the heading teaching it?"""
    outcomes = (demo_build.html_dir / "outcomes.html").read_text()
    assert "Do the demo thing." in outcomes and "(demo-part)" in outcomes
    assert 'href="lesson.html#the-part"' in outcomes


@pytest.mark.build
def test_missing_objective_section_fails_the_strict_build(tmp_path, monkeypatch, build_strict_book):
    """Does an objective pointing at a heading the lesson lacks fail the build, naming it?"""
    book = make_book(tmp_path, section="a-gone-heading")
    monkeypatch.setenv("MNC_BANK_DIR", str(tmp_path / "bank"))
    build = build_strict_book(book, tmp_path / "out")
    assert build.returncode != 0
    assert "objective section 'a-gone-heading' is not a heading anchor in lesson" in build.log


@pytest.mark.build
def test_malformed_bank_stops_the_build_with_its_message(tmp_path, monkeypatch, build_strict_book):
    """Does a malformed bank stop the build with the loader's one-line message?"""
    book = make_book(tmp_path)
    monkeypatch.setenv("MNC_BANK_DIR", str(FIXTURE_BANKS / "answer-out-of-range"))
    build = build_strict_book(book, tmp_path / "out")
    assert build.returncode != 0
    assert "question 'demo-single': field 'answer': 'E' is out of range (options A-D)" in build.log
