"""Sphinx extension: checks the bank, ships the quiz and lab front-end, lists the objectives."""

import hashlib
import re
import shutil
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from microneedling_course import __version__
from microneedling_course.bank import BankError, load_bank
from microneedling_course.core.paths import STATIC_DIR, CourseContentNotFound

logger = logging.getLogger(__name__)

ASSET_FOLDER = "mnc"
_WIDGET_MARK = "data-mnc-widget="
# A hosted widget's opening tag (quiz/hosting.py) and its data-mnc-* attributes.
_CONTAINER = re.compile(r'<div class="mnc-hosted"([^>]*)>')
_ATTRIBUTE = re.compile(r'(data-mnc-[a-z]+)="([^"]*)"')
_FILE_NAME = re.compile(r"^[a-z0-9-]+\.(js|css)$")


def _front_end_files() -> list[Path]:
    return sorted(p for p in STATIC_DIR.iterdir() if p.is_file() and p.suffix in (".js", ".css"))


def check_bank(app) -> None:
    """Fail the build at once, with the loader's one-line messages, when the bank is malformed."""
    try:
        load_bank()
    except BankError as error:
        raise ExtensionError(f"the question bank has problems:\n{error}") from None
    except CourseContentNotFound as error:
        raise ExtensionError(str(error)) from None


def copy_front_end(app) -> None:
    """Copy static/*.js and *.css to _static/mnc/ before pages are written (so Sphinx adds ?v=)."""
    if app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / ASSET_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    for path in _front_end_files():
        shutil.copyfile(path, target / path.name)
        digest.update(path.name.encode() + path.read_bytes())
    app.env.mnc_front_end_version = digest.hexdigest()[:12]


def drop_widget_state(app, doctree) -> None:
    """Keep MyST-NB from inlining the executed widgets' saved state into the page.

    The course's pages mount every widget from the inert JSON in its own text/html output, so
    the saved ipywidgets state (which repeats each widget's whole ES module and CSS) is never
    read on the site: without this it roughly doubles the bytes a quiz adds to a page.
    """
    metadata = getattr(app.env, "nb_metadata", None)
    if metadata is None:
        return
    js_files = metadata.get(app.env.docname, {}).get("js_files", {})
    js_files.pop("ipywidgets_state", None)


def _shipped(names) -> set[str]:
    """The names that are front-end files shipped in static/."""
    return {name for name in names if _FILE_NAME.match(name) and (STATIC_DIR / name).is_file()}


def page_front_end(body: str) -> tuple[set[str], set[str]]:
    """(modules, stylesheets) the hosted widgets in a page's body need.

    A widget's site module is its data-mnc-site file when it has one (that module brings its own
    styles), else its data-mnc-widget module with its data-mnc-css stylesheets.
    """
    modules, styles = set(), set()
    for match in _CONTAINER.finditer(body):
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        modules.add(attributes.get("data-mnc-site") or attributes.get("data-mnc-widget", ""))
        styles.update(attributes.get("data-mnc-css", "").split())
    return _shipped(modules), _shipped(styles)


def add_page_assets(app, pagename, templatename, context, doctree) -> None:
    """Give each widget's ES module (one request, no loader) and CSS only to pages that hold it.

    Each module mounts its own containers on the page (frontend/src/shared/site-host.js); the
    data-mnc-version attribute marks a site page (never set in JupyterLab) and busts caches.
    """
    body = context.get("body") or ""
    if _WIDGET_MARK not in body:
        return
    version = getattr(app.env, "mnc_front_end_version", "")
    modules, styles = page_front_end(body)
    for name in sorted(modules):
        app.builder.add_js_file(
            f"{ASSET_FOLDER}/{name}", type="module", **{"data-mnc-version": version}
        )
    for name in sorted(styles):
        app.builder.add_css_file(f"{ASSET_FOLDER}/{name}")


class objective_section(nodes.inline):
    """A link to the lesson heading that teaches an objective, resolved once every page is read."""


class CourseObjectivesDirective(SphinxDirective):
    """```{course-objectives}``` lists every module's objectives from the bank, with links."""

    has_content = False
    option_spec = {"module": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        bank = load_bank()
        for module in bank.modules.values():
            self.env.note_dependency(str(bank.directory / Path(module.source).name))
        wanted = self.options.get("module")
        if wanted and wanted not in bank.modules:
            known = ", ".join(bank.modules)
            raise self.error(f"course-objectives: unknown module '{wanted}' (known: {known})")
        modules = [bank.modules[wanted]] if wanted else list(bank.modules.values())
        return [node for module in modules for node in self._module_nodes(module)]

    def _module_nodes(self, module) -> list[nodes.Node]:
        heading = nodes.rubric("", "")
        heading += self._doc_link(module.lesson, module.title)
        items = nodes.bullet_list()
        for objective in module.objectives:
            paragraph = nodes.paragraph("", objective.text + " ")
            paragraph += nodes.inline("", f"({objective.id})", classes=["mnc-objective-id"])
            if objective.section:
                paragraph += nodes.Text(" ")
                paragraph += objective_section(
                    "", "", lesson=module.lesson, section=objective.section
                )
            items += nodes.list_item("", paragraph)
        container = nodes.container(
            classes=["mnc-course-objectives"], ids=[f"objectives-{module.id}"]
        )
        container += [heading, items]
        return [container]

    def _doc_link(self, docname: str, title: str) -> nodes.Node:
        link = addnodes.pending_xref(
            "",
            refdomain="std",
            reftype="doc",
            reftarget=f"/{docname}",
            refexplicit=True,
            refwarn=True,
            refdoc=self.env.docname,
        )
        link += nodes.inline("", title)
        return link


def resolve_objective_sections(app, doctree, fromdocname) -> None:
    """Link each objective to its lesson heading; warn (an error under -W) if it is missing."""
    section_ids: dict[str, set[str]] = {}
    for node in list(doctree.findall(objective_section)):
        lesson, section = node["lesson"], node["section"]
        if lesson in app.env.all_docs and lesson not in section_ids:
            section_ids[lesson] = _section_ids(app.env, lesson)
        found = section in section_ids.get(lesson, ())
        if not found:
            logger.warning(
                f"objective section '{section}' is not a heading anchor in {lesson}",
                location=node,
                type="mnc",
                subtype="objective-section",
            )
            node.replace_self(nodes.Text(""))
            continue
        uri = app.builder.get_relative_uri(fromdocname, lesson) + "#" + section
        reference = nodes.reference("", "", internal=True, refuri=uri)
        reference += nodes.Text("(taught in this section)")
        node.replace_self(reference)


def _section_ids(env, docname: str) -> set[str]:
    doctree = env.get_doctree(docname)
    return {anchor for section in doctree.findall(nodes.section) for anchor in section["ids"]}


def setup(app):
    app.add_directive("course-objectives", CourseObjectivesDirective)
    app.connect("builder-inited", check_bank)
    app.connect("builder-inited", copy_front_end)
    app.connect("doctree-read", drop_widget_state)
    app.connect("html-page-context", add_page_assets)
    app.connect("doctree-resolved", resolve_objective_sections)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": __version__}
