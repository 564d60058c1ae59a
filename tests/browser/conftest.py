"""Browser fixtures: the built course served on 127.0.0.1, one Chromium per session, recording pages."""

import functools
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = REPO_ROOT / "artifacts" / "screenshots"

# design.md: Debian's Chromium takes these flags; nothing may reach the network on its own.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Jupyter Book 1 declares THEBE_JS_URL in two scripts on every page (upstream); only this exact
# uncaught error is tolerated, anything else a page logs is a failure.
KNOWN_UPSTREAM_ERRORS = frozenset({"SyntaxError: Identifier 'THEBE_JS_URL' has already been declared"})

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
    return [str(Path(name).with_suffix("")) if name.endswith((".md", ".ipynb")) else name for name in found]


def site_pages() -> list[str]:
    """HTML paths (relative to the site root) of every page in the course, then Sphinx's own pages."""
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


def is_local_url(url: str) -> bool:
    """True for URLs that stay on this machine: 127.0.0.1, data: and blob:."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname == "127.0.0.1"


def pytest_generate_tests(metafunc):
    """Run a test taking `site_page` once per page, named by the page's path."""
    if "site_page" in metafunc.fixturenames:
        pages = site_pages()
        metafunc.parametrize("site_page", pages, ids=pages)


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
    """Base URL (ending in /) of the built course served by a threaded http.server on a free port."""
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser(chromium_path):
    """One headless Debian Chromium for the whole session."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


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
    page.on("pageerror", lambda error: record.console_errors.append(f"{error.name}: {error.message}"))
    page.on("request", lambda request: record.requests.append(request.url))
    page.on("websocket", lambda socket: record.requests.append(socket.url))
    return record


def new_context(browser, viewport: dict, **options):
    """A browser context where each page starts as a first-time reader and nothing leaves the machine."""
    context = browser.new_context(viewport=viewport, **options)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    # Requests are recorded by each page; remote ones are also stopped here so none leaves.
    context.route(lambda url: not is_local_url(url), lambda route: route.abort("blockedbyclient"))
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


@pytest.fixture
def phone_page(phone_context):
    """A new 375 px page that records console errors and requests; closed after the test."""
    page = phone_context.new_page()
    record = record_page(page)
    yield RecordedPage(page, record)
    page.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """artifacts/screenshots/ (git-ignored; CI keeps it)."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR


@dataclass
class PageVisit:
    """One load of a page on the desktop context: its record and axe-core's violations."""

    page_path: str
    record: PageRecord
    axe_violations: list[dict]


def load_page(page, url: str) -> None:
    """Open a page and wait until the network is quiet and every quiz on it is ready."""
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    wait_for_quizzes(page)


@pytest.fixture(scope="session")
def visit_page(built_site, site_url, desktop_context):
    """Load a page once per session (record, then axe-core) and hand the same visit to every check."""
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
                # axe.min.js comes from the installed package and is evaluated in the page; any
                # request it made would land in the record like the page's own.
                results = axe.run(page)
            finally:
                page.close()
            record.console_errors = page_errors
            visits[page_path] = PageVisit(page_path, record, results.response["violations"])
        return visits[page_path]

    return visit


def wait_for_quizzes(page) -> None:
    """Wait until every quiz on the page has been mounted by its front-end (placeholder)."""
    return
