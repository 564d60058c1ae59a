"""The quiz on the static site: the no-JavaScript fallback and the hosted-widget bundle (the Sphinx
extension that ships the front-end is tested in test_sphinx_extensions.py)."""

import json
import re

import pytest
import traitlets

from microneedling_course import show_quiz
from microneedling_course.bank import load_bank
from microneedling_course.core.paths import static_path
from microneedling_course.quiz.hosting import HostedWidget
from microneedling_course.quiz.quiz_model import build_quiz_model
from microneedling_course.quiz.static_html import render_static_quiz
from microneedling_course.quiz.widget import SITE_CORE_TYPES, QuizWidget

pytestmark = pytest.mark.usefixtures("fixture_course")
STATE = re.compile(r'<script type="application/json" data-mnc-state>(.*?)</script>', re.S)


@pytest.fixture
def fallback():
    questions = load_bank().modules["demo"].questions
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
    """Does the inert JSON in the bundle hold the answer key with host "static"?"""
    html = show_quiz("demo").static_html()
    state = json.loads(STATE.search(html).group(1))
    assert state["host"] == "static"
    first = state["quiz"]["keys"]["demo-single"]
    assert first == {"answer": 2} and "questions" not in state["quiz"]
    assert set(state) == {"quiz", "host"}


def test_bundle_names_the_site_module_it_needs():
    """Does a practice quiz of choice and numeric questions name the lighter quiz-site.js, and any
    other quiz (more types, or an assessment) quiz-site-all.js?"""
    demo = show_quiz("demo").static_html()
    assert demo.startswith(
        '<div class="mnc-hosted" data-mnc-widget="quiz.js" data-mnc-site="quiz-site-all.js">'
    )
    choices = [q for q in load_bank().modules["demo"].questions if q.type in SITE_CORE_TYPES]
    plain = QuizWidget(choices).static_html()
    assert plain.startswith(
        '<div class="mnc-hosted" data-mnc-widget="quiz.js" data-mnc-site="quiz-site.js">'
    )
    assessed = QuizWidget(choices, mode="assessment").static_html()
    assert 'data-mnc-site="quiz-site-all.js"' in assessed


def test_feedback_and_hints_travel_in_an_inert_template(fallback):
    """Are the key's feedback and hint texts in a <template> (rendered, never shown), and gone
    from the JSON key?"""
    question = re.search(r'data-id="demo-single".*?</li></ol>(<template.*?</template>)', fallback)
    template = question.group(1)
    assert template.startswith('<template data-k="texts"><div data-f="feedback"><p>')
    assert template.count('data-f="feedback"') == 4
    assert '<div data-f="hint"><p>' in template


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
