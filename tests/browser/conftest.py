"""Browser fixtures: the built course served on 127.0.0.1, shared contexts, pages that record.

The session's one Chromium is the `browser` fixture of tests/conftest.py (Playwright's sync API
refuses a second instance in the same run).
"""

import functools
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = REPO_ROOT / "artifacts" / "screenshots"

# Jupyter Book 1 declares THEBE_JS_URL in two scripts on every page (upstream); only this exact
# uncaught error is tolerated, anything else a page logs is a failure.
KNOWN_UPSTREAM_ERRORS = frozenset(
    {"SyntaxError: Identifier 'THEBE_JS_URL' has already been declared"}
)

# Pages Sphinx writes beside the table of contents; tested when the build has them.
GENERATED_PAGES = ("genindex.html", "search.html")

DESKTOP_VIEWPORT = {"width": 1280, "height": 900}
PHONE_VIEWPORT = {"width": 375, "height": 812}
DEFAULT_TIMEOUT_MS = 15_000


def toc_docnames(toc_file: Path) -> list[str]:
    """Every docname of a Jupyter Book 1 `_toc.yml`, root first, in reading order."""
    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    found = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                found.append(entry["file"])
            for key in ("parts", "chapters", "sections"):
                walk(entry.get(key))

    for key in ("parts", "chapters", "sections"):
        walk(toc.get(key))
    return [
        str(Path(name).with_suffix("")) if name.endswith((".md", ".ipynb")) else name
        for name in found
    ]


def site_pages() -> list[str]:
    """HTML paths (from the site root) of every page of the course, then Sphinx's own pages."""
    return [f"{name}.html" for name in toc_docnames(REPO_ROOT / "_toc.yml")] + list(GENERATED_PAGES)


def page_source(page_path: str) -> Path | None:
    """The notebook or Markdown file a page is built from (None for pages Sphinx generates)."""
    stem = REPO_ROOT / page_path.removesuffix(".html")
    for suffix in (".ipynb", ".md"):
        if stem.with_suffix(suffix).is_file():
            return stem.with_suffix(suffix)
    return None


def screenshot_name(page_path: str) -> str:
    """A flat file name for a page's screenshot: notebooks/01-x.html -> notebooks-01-x.png."""
    return page_path.removesuffix(".html").replace("/", "-") + ".png"


# Everything but 127.0.0.1, data: and blob:, as a regular expression so that Playwright's driver
# matches it without a round trip to Python for each of a page's local requests.
REMOTE_URL = re.compile(r"^(?!(?:https?|wss?)://127\.0\.0\.1(?:[:/]|$)|data:|blob:)")


def is_local_url(url: str) -> bool:
    """True for URLs that stay on this machine: 127.0.0.1, data: and blob:."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname == "127.0.0.1"


# Notebook calls that put a quiz on the page (a lesson's quiz, the final assessment's self-check).
QUIZ_CALLS = ("show_quiz(", "start_final_assessment(")


def quiz_calls(page_path: str) -> int:
    """How many code cells of the page's notebook put a quiz on it (0 for other pages)."""
    source = page_source(page_path)
    if source is None or source.suffix != ".ipynb":
        return 0
    cells = json.loads(source.read_text(encoding="utf-8"))["cells"]
    return sum(
        1
        for cell in cells
        if cell["cell_type"] == "code"
        and any(call in "".join(cell["source"]) for call in QUIZ_CALLS)
    )


def pytest_generate_tests(metafunc):
    """Run a test taking `site_page` once per page (`quiz_page`: once per page whose notebook
    asks for a quiz), named by the page's path."""
    if "site_page" in metafunc.fixturenames:
        pages = site_pages()
        metafunc.parametrize("site_page", pages, ids=pages)
    if "quiz_page" in metafunc.fixturenames:
        pages = [page for page in site_pages() if quiz_calls(page)]
        metafunc.parametrize("quiz_page", pages, ids=pages)


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging each request to stderr."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".svg": "image/svg+xml",
    }

    def log_message(self, format, *args):
        return


@pytest.fixture(scope="session")
def site_url(built_site):
    """Base URL (ending /) of the built course, served by a threaded http.server on a free port."""
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@dataclass
class PageRecord:
    """What a page did while a test drove it: console errors and every URL it asked for."""

    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def unexpected_errors(self) -> list[str]:
        return [text for text in self.console_errors if text not in KNOWN_UPSTREAM_ERRORS]

    def remote_requests(self) -> list[str]:
        return [url for url in self.requests if not is_local_url(url)]


def record_page(page) -> PageRecord:
    """Attach listeners that record console errors, uncaught exceptions and requests of a page."""
    record = PageRecord()

    def on_console(message):
        if message.type == "error":
            where = message.location.get("url", "")
            record.console_errors.append(f"{message.text} ({where})" if where else message.text)

    page.on("console", on_console)
    page.on(
        "pageerror", lambda error: record.console_errors.append(f"{error.name}: {error.message}")
    )
    page.on("request", lambda request: record.requests.append(request.url))
    page.on("websocket", lambda socket: record.requests.append(socket.url))
    return record


def new_context(browser, viewport: dict, **options):
    """A context where each page starts as a first-time reader and nothing leaves the machine."""
    context = browser.new_context(viewport=viewport, **options)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    # Requests are recorded by each page; remote ones are also stopped here so none leaves.
    context.route(REMOTE_URL, lambda route: route.abort("blockedbyclient"))
    # A fresh localStorage per page load: a returning reader's stored state could hide errors
    # that a first visit shows (the theme's colour mode, saved quiz progress).
    context.add_init_script("try { window.localStorage.clear(); } catch (error) {}")
    return context


@pytest.fixture(scope="session")
def desktop_context(browser):
    """A shared desktop-sized context (1280 x 900)."""
    context = new_context(browser, DESKTOP_VIEWPORT)
    yield context
    context.close()


@pytest.fixture(scope="session")
def phone_context(browser):
    """A shared phone-sized context: 375 px wide, touch, mobile viewport rules."""
    context = new_context(browser, PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    yield context
    context.close()


@dataclass
class RecordedPage:
    """A Playwright page together with the record of what it did."""

    page: object
    record: PageRecord


@pytest.fixture
def desktop_page(desktop_context):
    """A new desktop page that records console errors and requests; closed after the test."""
    page = desktop_context.new_page()
    record = record_page(page)
    yield RecordedPage(page, record)
    page.close()


@dataclass
class PageVisit:
    """One desktop load of a page: its record, its quizzes and axe-core's violations."""

    page_path: str
    record: PageRecord
    quizzes: list[dict]
    axe_violations: list[dict]


def load_page(page, url: str) -> None:
    """Open a page and wait until the network is quiet and every quiz and lab on it is mounted."""
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    wait_for_widgets(page)


@pytest.fixture(scope="session")
def visit_page(built_site, site_url, desktop_context, quiz_dom):
    """Load a page once per session (record, then axe-core); every check reads that one visit."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    visits: dict[str, PageVisit] = {}

    def visit(page_path: str) -> PageVisit:
        if not (built_site / page_path).is_file():
            pytest.skip(f"the build has no {page_path}")
        if page_path not in visits:
            page = desktop_context.new_page()
            record = record_page(page)
            try:
                load_page(page, site_url + page_path)
                # axe-core re-fetches @import-ed stylesheets relative to the page rather than the
                # sheet (a 404 the reader never causes), so console errors are taken before it runs.
                page_errors = list(record.console_errors)
                quizzes = quiz_dom.summary(page)
                # axe.min.js comes from the installed package and is evaluated in the page; any
                # request it made would land in the record like the page's own.
                results = axe.run(page)
            finally:
                page.close()
            record.console_errors = page_errors
            violations = results.response["violations"]
            visits[page_path] = PageVisit(page_path, record, quizzes, violations)
        return visits[page_path]

    return visit


# A hosted widget (quiz or lab, see hosting.py and frontend/src/shared/site-host.js) is mounted
# once its module has rendered it into its .mnc-mount and hidden the no-JavaScript fallback.
WIDGETS_MOUNTED_JS = """() => [...document.querySelectorAll('[data-mnc-widget]')].every((box) => {
    const fallback = box.querySelector(':scope > .mnc-fallback');
    return box.querySelector(':scope > .mnc-mount') !== null && (!fallback || fallback.hidden);
})"""
WIDGET_MOUNT_TIMEOUT_MS = 8_000


def wait_for_widgets(page) -> None:
    """Wait until every hosted widget on the page is mounted; one that never mounts is left for
    the checks to report (its console error, its missing controls) rather than failing here."""
    try:
        page.wait_for_function(WIDGETS_MOUNTED_JS, timeout=WIDGET_MOUNT_TIMEOUT_MS)
    except PlaywrightTimeoutError:
        return


@dataclass(frozen=True)
class QuizDom:
    """Where the course quiz (static/quiz.js) puts things, found by role and visible name.

    A quiz is a <section> holding one <fieldset> per question; each practice question has a
    button named "Check" and an aria-live feedback region; an assessment has one
    "Submit all answers" button instead.
    """

    site_dir: Path
    QUIZ = "[data-mnc-widget='quiz.js'] section"
    CHECK_NAMES = ("Check", "Submit all answers")
    CHECK_NAME_PATTERN = re.compile(r"^\s*(Check|Submit all answers)\s*$")

    # The quizzes of a page, each as {questions, checks} counts, for reports and expectations.
    SUMMARY_JS = """([selector, names]) => [...document.querySelectorAll(selector)].map((quiz) => ({
        questions: quiz.querySelectorAll('fieldset').length,
        checks: [...quiz.querySelectorAll('button')]
            .filter((button) => names.includes(button.textContent.trim())).length,
    }))"""

    def summary(self, page) -> list[dict]:
        """{questions, checks} for each quiz on the page."""
        return page.evaluate(self.SUMMARY_JS, [self.QUIZ, list(self.CHECK_NAMES)])

    def built_page_has_quiz(self, page_path: str) -> bool:
        """Whether the built HTML file holds a quiz (read from disk, no browser needed)."""
        path = self.site_dir / page_path
        return path.is_file() and 'data-mnc-widget="quiz.js"' in path.read_text(encoding="utf-8")

    @staticmethod
    def expected_quiz_calls(page_path: str) -> int:
        """How many cells of the page's notebook put a quiz on it."""
        return quiz_calls(page_path)


@pytest.fixture(scope="session")
def quiz_dom(built_site) -> QuizDom:
    """Selectors and expectations for the course quiz's DOM on the built site."""
    return QuizDom(built_site)


@pytest.fixture(scope="session")
def open_site_page(built_site, site_url):
    """open(page, page_path): load a page of the built site and wait for its quizzes and labs."""

    def open_page(page, page_path: str) -> None:
        if not (built_site / page_path).is_file():
            pytest.skip(f"the build has no {page_path}")
        page.goto(site_url + page_path, wait_until="load")
        wait_for_widgets(page)

    return open_page


@pytest.fixture(scope="session")
def save_screenshot():
    """save(page, page_path): full-page PNG in artifacts/screenshots/ (git-ignored; CI keeps it)."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)

    def save(page, page_path: str) -> Path:
        path = SCREENSHOT_DIR / screenshot_name(page_path)
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
