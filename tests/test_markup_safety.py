"""Bank text is shown as text: hostile strings never become elements, attributes or scripts."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from microneedling_course.bank import parse_question
from microneedling_course.core.markup import inline_html, markdown_html, plain_text
from microneedling_course.core.script_json import json_for_script
from microneedling_course.quiz.quiz_model import build_quiz_model
from microneedling_course.quiz.static_html import render_static_quiz
from microneedling_course.quiz.widget import QuizWidget

PAYLOADS = yaml.safe_load(
    (Path(__file__).parent / "shared" / "markup_payloads.yml").read_text(encoding="utf-8")
)["payloads"]
# Every element the renderers may produce; anything else came from bank text.
# Citations in the quiz HTML come from the fixture course's bibliography, not the course's.
pytestmark = pytest.mark.usefixtures("fixture_course")
ALLOWED_TAGS = {
    "p",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "code",
    "details",
    "summary",
    "div",
    "span",
    "template",
}


class TagCollector(HTMLParser):
    """Records every start tag with its attributes, and any comment or declaration."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.comments: list[str] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_comment(self, data):
        self.comments.append(data)

    def handle_data(self, data):
        self.text += data


def collect(markup: str) -> TagCollector:
    parser = TagCollector()
    parser.feed(markup)
    parser.close()
    return parser


def payload_question(payload: str, kind: str) -> dict:
    """A question of the given type with the payload in every text field."""
    base = {
        "id": f"safe-{kind}",
        "type": kind,
        "objective": "safe-o",
        "difficulty": "easy",
        "prompt": payload,
        "hint": payload,
        "explanation": payload,
        "references": ["harris2015"],
    }
    if kind == "single":
        base.update(options=[{"text": payload, "feedback": payload}, {"text": "B"}], answer="A")
    elif kind == "matching":
        base.update(pairs=[{"left": payload, "right": payload}, {"left": "L", "right": "R"}])
    elif kind == "ordering":
        base.update(items=[payload, "second"])
    elif kind == "case":
        base.update(
            vignette=payload,
            parts=[
                {
                    "id": "safe-case-part",
                    "type": "truefalse",
                    "prompt": payload,
                    "answer": True,
                    "explanation": payload,
                    "true_label": payload,
                }
            ],
        )
    return base


KINDS = ("single", "matching", "ordering", "case")


def assert_only_renderer_markup(markup: str) -> TagCollector:
    found = collect(markup)
    for tag, attributes in found.tags:
        assert tag in ALLOWED_TAGS, f"unexpected <{tag}> in {markup[:200]!r}"
        for name, value in attributes.items():
            assert not name.startswith("on"), f"event attribute {name} on <{tag}>"
            assert "javascript:" not in (value or "").lower()
    assert found.comments == []
    return found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_renderer_escapes_payload(payload):
    """Does markdown_html turn every hostile string into text inside the subset's own tags?"""
    found = assert_only_renderer_markup(markdown_html(payload))
    assert "alert(1)" not in "".join(str(a) for _, a in found.tags)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_inline_renderer_escapes_payload(payload):
    """Does inline_html (options, labels) escape every hostile string?"""
    assert_only_renderer_markup(inline_html(payload))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_text_survives_as_text(payload):
    """Is the visible text of a rendered payload the payload itself (minus the subset's markers)?"""
    found = collect(markdown_html(payload))
    assert " ".join(found.text.split()) == " ".join(plain_text(payload).split())


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_static_quiz_escapes_every_field(payload, kind):
    """Does the no-JavaScript quiz escape payloads in prompts, options, pairs, items and cases?"""
    question = parse_question(payload_question(payload, kind))
    model = build_quiz_model([question], title=payload, include_key=True)
    assert_only_renderer_markup(render_static_quiz(model))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_state_json_cannot_end_its_script_element(payload):
    """Is the widget state inert inside <script>: no '<', '>' or '&' left, and it parses back?"""
    text = json_for_script({"text": payload})
    assert not re.search(r"[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"text": payload}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_widget_bundle_has_one_script_and_no_payload_markup(payload):
    """Does the whole text/html bundle of a payload quiz hold exactly one (JSON) script element?"""
    questions = [parse_question(payload_question(payload, kind)) for kind in KINDS]
    bundle = QuizWidget(questions, title=payload).static_html()
    found = collect(bundle)
    scripts = [attributes for tag, attributes in found.tags if tag == "script"]
    assert scripts == [{"type": "application/json", "data-mnc-state": None}]
    others = [(tag, attributes) for tag, attributes in found.tags if tag != "script"]
    for tag, attributes in others:
        assert tag in ALLOWED_TAGS
        assert not any(name.startswith("on") for name in attributes)
