"""Measures time until the first quiz is interactive in Chromium, course quiz vs jupyterquiz."""

import functools
import json
import statistics
import tempfile
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright
from quiz_pages import QuizPage, build_pages

from microneedling_course.sphinx.page_weight import CHROMIUM, CHROMIUM_ARGS

RUNS = 15

# Runs before the page's own scripts: notes performance.now() (milliseconds since navigation
# start) the first time the page holds an enabled control of its first question.
READY_PROBE = """(() => {
  const selector = %s;
  const note = () => {
    if (window.__quizReadyMs === undefined && document.querySelector(selector)) {
      window.__quizReadyMs = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(note);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
})();"""


# What happened on the way, from the page's own timings (ms since navigation start).
PHASES_JS = """() => {
    const phases = {
        'HTML received': performance.getEntriesByType('navigation')[0].responseEnd,
        'DOMContentLoaded': performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
    };
    for (const entry of performance.getEntriesByType('resource')) {
        const file = new URL(entry.name).pathname.split('/').pop();
        phases[file + ' requested'] = entry.startTime;
        phases[file + ' received'] = entry.responseEnd;
    }
    phases['first quiz interactive'] = window.__quizReadyMs;
    return phases;
}"""


@dataclass(frozen=True)
class Interactive:
    """Median time to interactive over fresh first visits, the median of each phase on the way,
    and any request that left the machine."""

    median_ms: float
    runs_ms: list[float]
    phases_ms: dict[str, float]
    remote_requests: list[str]


class QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript"}

    def log_message(self, format, *args):
        return


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder))
    )
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob") or parts.hostname == "127.0.0.1"


def one_visit(browser, url: str, selector: str, remote: list[str]) -> dict[str, float]:
    """A first visit in a fresh context (empty cache): ms from navigation start to each phase."""
    context = browser.new_context()
    context.route(lambda address: not is_local(address), lambda route: route.abort())
    page = context.new_page()
    page.on(
        "request", lambda request: None if is_local(request.url) else remote.append(request.url)
    )
    page.add_init_script(READY_PROBE % json.dumps(selector))
    try:
        page.goto(url)
        page.wait_for_function("window.__quizReadyMs !== undefined", timeout=30_000)
        return page.evaluate(PHASES_JS)
    finally:
        context.close()


def measure_pages(pages: list[QuizPage], folder: Path, runs: int = RUNS) -> dict[str, Interactive]:
    """Each page visited `runs` times, the pages taking turns so both see the same machine state."""
    server, base = serve(folder)
    visits = {page.name: [] for page in pages}
    remote = {page.name: [] for page in pages}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for page in pages:  # one unmeasured visit each: Chromium's own first-start costs
                one_visit(browser, base + page.path.name, page.ready_selector, [])
            for _ in range(runs):
                for page in pages:
                    url = base + page.path.name
                    visits[page.name].append(
                        one_visit(browser, url, page.ready_selector, remote[page.name])
                    )
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {name: summarise(runs, remote[name]) for name, runs in visits.items()}


def summarise(runs: list[dict[str, float]], remote: list[str]) -> Interactive:
    """Medians over the runs; a phase counts only if every run had it."""
    ready = [run["first quiz interactive"] for run in runs]
    phases = {
        name: statistics.median(run[name] for run in runs)
        for name in runs[0]
        if all(name in run for run in runs)
    }
    ordered = dict(sorted(phases.items(), key=lambda item: item[1]))
    return Interactive(statistics.median(ready), ready, ordered, sorted(set(remote)))


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-quiz-tti-") as tmp:
        folder = Path(tmp)
        ours, theirs, _ = build_pages(folder)
        results = measure_pages([ours, theirs], folder)
    for name, result in results.items():
        print(f"{name}: {result.median_ms:.1f} ms to interactive (median of {RUNS})")
        for phase, at in result.phases_ms.items():
            print(f"    {at:7.1f} ms  {phase}")
        if result.remote_requests:
            print("    asked for (blocked):", ", ".join(result.remote_requests))


if __name__ == "__main__":
    main()
