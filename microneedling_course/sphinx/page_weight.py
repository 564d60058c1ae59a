"""What a browser fetches for pages of the built site: the lean-page budgets and their measure.

Shared by the page-weight guard (tests/browser/test_page_weight.py) and the benchmarks (bench/).
The site is served as a static host serves it (`Cache-Control: max-age`, optionally gzip), the
pages are opened one after another in one Chromium context (so a later page reuses the browser's
cache), and every request is read from Chromium's own network log (DevTools protocol). Bytes are
counted for responses that came over the network, not from the cache: raw, and gzip-compressed at
level 6 for text types as a static host would send them (images in PNG/JPEG and fonts in WOFF2
are already compressed and count as they are).
"""

from __future__ import annotations

import base64
import functools
import gzip
import mimetypes
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from email.utils import formatdate
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

# Budgets of issue 15 (1 KB = 1,000 bytes, as the issue's own figures count).
FIRST_VISIT_GZIP_BUDGET = 150_000
LATER_VISIT_GZIP_BUDGET = 50_000

# Debian's Chromium, started as design.md says (Playwright cannot download its own browser here).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The phone the budgets are for: a Playwright browser context's options.
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
GZIP_LEVEL = 6  # what common web servers use
CACHE_MAX_AGE_S = 600  # GitHub Pages' value
COMPRESSIBLE_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
)
EXTRA_TYPES = {".js": "text/javascript", ".mjs": "text/javascript", ".svg": "image/svg+xml"}

# Scrolls through the whole page as a reader would, so images and anything else loaded on the
# way count; resolves once the end is reached.
READ_TO_THE_END_JS = """async () => {
    const step = Math.max(200, window.innerHeight - 50);
    for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
        window.scrollTo(0, y);
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 20)));
    }
    window.scrollTo(0, document.documentElement.scrollHeight);
}"""


def compressible(content_type: str) -> bool:
    """Whether a static host would gzip a response of this type."""
    return content_type.split(";")[0].strip().startswith(COMPRESSIBLE_TYPES)


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def content_type_of(path: str) -> str:
    suffix = Path(path).suffix
    return EXTRA_TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"


class StaticHostHandler(SimpleHTTPRequestHandler):
    """Serves a folder as a static host does: cacheable responses, gzip when asked for (class
    attribute `compress`), no request log on stderr."""

    compress = False
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **EXTRA_TYPES}

    def log_message(self, format, *args):
        return

    def end_headers(self):
        self.send_header("Cache-Control", f"max-age={CACHE_MAX_AGE_S}")
        super().end_headers()

    def do_GET(self):
        if not self.compress:
            return super().do_GET()
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or not accepts_gzip or not compressible(content_type_of(path.name)):
            return super().do_GET()
        body = _gzipped(path, path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", content_type_of(path.name))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", formatdate(path.stat().st_mtime, usegmt=True))
        self.end_headers()
        self.wfile.write(body)


@functools.lru_cache(maxsize=512)
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0)


class QuietServer(ThreadingHTTPServer):
    """A browser that closes a tab mid-download (a lazy image, the end of a visit) is normal."""

    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve_site(folder: Path, compress: bool = False) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (a free port) as a static host would; yields the base URL."""
    handler_class = type("Handler", (StaticHostHandler,), {"compress": compress})
    handler = functools.partial(handler_class, directory=str(folder))
    server = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class Transfer:
    """One response of a visit as Chromium logged it."""

    url: str
    status: int
    content_type: str
    from_cache: bool
    raw: int
    gzip: int


@dataclass
class Visit:
    """Everything one page load asked for, in the order Chromium sent the requests."""

    page: str
    transfers: list[Transfer] = field(default_factory=list)

    @property
    def fetched(self) -> list[Transfer]:
        """Responses that came over the network (not from the browser's cache)."""
        return [transfer for transfer in self.transfers if not transfer.from_cache]

    @property
    def requests(self) -> int:
        return len(self.fetched)

    @property
    def raw(self) -> int:
        return sum(transfer.raw for transfer in self.fetched)

    @property
    def gzip(self) -> int:
        return sum(transfer.gzip for transfer in self.fetched)

    def heaviest(self, count: int = 8) -> list[Transfer]:
        return sorted(self.fetched, key=lambda transfer: -transfer.gzip)[:count]

    def describe(self, count: int = 8) -> str:
        """One line per heaviest response: what to look at when a budget is exceeded."""
        return "\n".join(
            f"    {transfer.gzip:>9,} B gzip {transfer.raw:>10,} B raw  {transfer.url}"
            for transfer in self.heaviest(count)
        )


class NetworkLog:
    """Chromium's network events for one page (DevTools protocol `Network` domain)."""

    def __init__(self, cdp):
        self.cdp = cdp
        self.order: list[str] = []
        self.urls: dict[str, str] = {}
        self.responses: dict[str, dict] = {}
        self.cached: set[str] = set()
        self.finished: set[str] = set()
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.requestServedFromCache", lambda e: self.cached.add(e["requestId"]))
        cdp.on("Network.responseReceived", self._received)
        cdp.on("Network.loadingFinished", lambda e: self.finished.add(e["requestId"]))
        cdp.send("Network.enable")

    def _sent(self, event):
        request_id, url = event["requestId"], event["request"]["url"]
        if urlsplit(url).scheme in ("data", "blob"):
            return
        if request_id not in self.urls:
            self.order.append(request_id)
        self.urls[request_id] = url  # a redirect keeps the id and moves on to the new URL

    def _received(self, event):
        self.responses[event["requestId"]] = event["response"]

    def clear(self):
        self.order.clear()
        self.urls.clear()
        self.responses.clear()
        self.cached.clear()
        self.finished.clear()

    def transfers(self) -> list[Transfer]:
        """Each finished request with its size; bodies are read before the page navigates away."""
        found = []
        for request_id in self.order:
            response = self.responses.get(request_id)
            if response is None or request_id not in self.finished:
                continue
            from_cache = (
                request_id in self.cached
                or response.get("fromDiskCache", False)
                or response.get("fromPrefetchCache", False)
                or response["status"] == 304
            )
            content_type = response.get("mimeType", "")
            raw = packed = 0
            if not from_cache:
                body = self._body(request_id)
                raw = len(body)
                packed = gzip_size(body) if compressible(content_type) else raw
            found.append(
                Transfer(
                    self.urls[request_id], response["status"], content_type, from_cache, raw, packed
                )
            )
        return found

    def _body(self, request_id: str) -> bytes:
        reply = self.cdp.send("Network.getResponseBody", {"requestId": request_id})
        if reply.get("base64Encoded"):
            return base64.b64decode(reply["body"])
        return reply["body"].encode("utf-8")


def visit_in_turn(
    context, base_url: str, pages: list[str], read_to_end: bool = True
) -> list[Visit]:
    """Open each page in turn in one tab of `context` (so later pages find earlier files in the
    cache), wait until the network is quiet, read to the end; returns one Visit per page."""
    page = context.new_page()
    log = NetworkLog(context.new_cdp_session(page))
    visits = []
    try:
        for path in pages:
            log.clear()
            page.goto(base_url + path, wait_until="load")
            page.wait_for_load_state("networkidle")
            if read_to_end:
                page.evaluate(READ_TO_THE_END_JS)
                page.wait_for_load_state("networkidle")
            local = [replace(t, url=t.url.removeprefix(base_url)) for t in log.transfers()]
            visits.append(Visit(path, local))
    finally:
        page.close()
    return visits
