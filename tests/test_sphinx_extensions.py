"""The course's Sphinx extensions, built in-process with sphinx.testing on tiny test roots
(tests/fixtures/sphinx/test-*/conf.py): front-end assets only where a widget is, objectives
linked to their sections, a missing section warned about, a malformed bank stopping the build."""

import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from sphinx.errors import ExtensionError
from sphinx.testing.util import SphinxTestApp

from microneedling_course.core.paths import static_path
from microneedling_course.sphinx.citation_roles import use_listitem_role

pytest_plugins = ["sphinx.testing.fixtures"]
pytestmark = pytest.mark.usefixtures("fixture_course")

TEST_ROOTS = Path(__file__).parent / "fixtures" / "sphinx"
FIXTURE_BANKS = Path(__file__).parent / "fixtures" / "banks"


@pytest.fixture
def build(make_app, tmp_path, monkeypatch):
    """`build(scenario, bank=None)`: an HTML build of test-<scenario> in a scratch copy, with the
    scenario's own bank/ folder (or the bank given) as the question bank; returns the app."""

    def run(scenario: str, bank: Path | None = None):
        source = tmp_path / scenario
        shutil.copytree(TEST_ROOTS / f"test-{scenario}", source)
        monkeypatch.setenv("MNC_BANK_DIR", str(bank or source / "bank"))
        app = make_app("html", srcdir=source)
        app.build()
        return app

    return run


@pytest.fixture(scope="module")
def quiz_pages(tmp_path_factory, request):
    """One build of test-quiz-pages shared by the tests that only read its pages."""
    source = tmp_path_factory.mktemp("sphinx") / "quiz-pages"
    shutil.copytree(TEST_ROOTS / "test-quiz-pages", source)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MNC_COURSE_ROOT", str(request.getfixturevalue("fixture_course_root")))
        patch.setenv("MNC_BANK_DIR", str(source / "bank"))
        app = SphinxTestApp("html", srcdir=source, status=StringIO(), warning=StringIO())
        try:
            app.build()
        finally:
            app.cleanup()
    return app


def page(app, name: str) -> str:
    return (Path(app.outdir) / f"{name}.html").read_text(encoding="utf-8")


def test_front_end_goes_to_widget_pages_only(quiz_pages):
    """Do only pages holding a hosted widget load its module (marked for the site) and its CSS?"""
    lesson, plain = page(quiz_pages, "lesson"), page(quiz_pages, "plain")
    lab = re.search(
        r'<script data-mnc-version="(\w+)" type="module" src="_static/mnc/depth-explorer.js', lesson
    )
    assert lab and 'href="_static/mnc/depth-explorer.css' in lesson
    assert "mnc/depth-explorer" not in plain and "mnc/quiz" not in plain


def test_quiz_page_loads_the_site_module_its_quiz_names(quiz_pages):
    """Does a quiz page load the site module its quiz names (which brings its styles), and not
    JupyterLab's quiz.js and quiz.css?"""
    lesson = page(quiz_pages, "lesson")
    assert re.search(
        r'<script data-mnc-version="\w+" type="module" src="_static/mnc/quiz-site-all.js', lesson
    )
    assert "mnc/quiz.js" not in lesson and "mnc/quiz.css" not in lesson


def test_shipped_front_end_is_the_package_file(quiz_pages):
    """Is the front-end copied into _static/mnc/ byte for byte?"""
    for name in ("quiz.js", "quiz-site.js", "quiz-site-all.js"):
        shipped = Path(quiz_pages.outdir) / "_static" / "mnc" / name
        assert shipped.read_bytes() == static_path(name).read_bytes()


def test_objectives_link_to_the_section_teaching_them(quiz_pages):
    """Does ```course-objectives``` list each objective, its id, and a link to its heading?"""
    outcomes = page(quiz_pages, "outcomes")
    assert "Do the demo thing." in outcomes and "(demo-part)" in outcomes
    assert 'href="lesson.html#the-part"' in outcomes
    assert quiz_pages.warning.getvalue() == ""


def test_missing_objective_section_is_a_warning_naming_it(build):
    """Does an objective pointing at a heading the lesson lacks warn (an error under -W)?"""
    app = build("missing-section")
    assert "objective section 'a-gone-heading' is not a heading anchor in lesson" in (
        app.warning.getvalue()
    )
    assert "#a-gone-heading" not in page(app, "outcomes")


def test_malformed_bank_stops_the_build_with_its_message(build):
    """Does a malformed bank stop the build at once with the loader's one-line message?"""
    with pytest.raises(ExtensionError) as raised:
        build("malformed-bank", bank=FIXTURE_BANKS / "answer-out-of-range")
    message = str(raised.value)
    assert "question 'demo-single': field 'answer': 'E' is out of range (options A-D)" in message


def test_bibliography_entries_get_the_listitem_role():
    """Does the citation-roles extension replace the deprecated doc-biblioentry role in a page?"""
    context = {"body": '<div role="list"><div role="doc-biblioentry">A</div></div>'}
    use_listitem_role(None, "references", "page.html", context, None)
    assert context["body"] == '<div role="list"><div role="listitem">A</div></div>'
