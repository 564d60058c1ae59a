"""Loads lesson 1 on a phone-like profile, before and after issue 15, in one run.

Chromium at 375 px (mobile viewport, touch), network throttled through the DevTools protocol to
1.6 Mbps down, 0.75 Mbps up and 150 ms round trip, CPU slowed 4x; a first visit (fresh context,
empty cache) each time. Prints the time from navigation start to the first contentful paint and
to the first interactive quiz (its first Check button enabled in the mounted quiz). Both sites
are served the same way by one local server: once uncompressed (as the issue measured them),
once gzip-compressed as a static host would; the runs of the two sites take turns.
"""

import json
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import sync_playwright

from microneedling_course.sphinx.page_weight import CHROMIUM, CHROMIUM_ARGS, PHONE, serve_site

NETWORK = {
    "offline": False,
    "latency": 150,  # ms added to each request's round trip
    "downloadThroughput": 1_600_000 / 8,  # bytes per second
    "uploadThroughput": 750_000 / 8,
}
CPU_SLOWDOWN = 4
PAGE = "notebooks/01-skin-and-depth.html"
RUNS = 3
TIMEOUT_MS = 120_000

# Runs before the page's scripts: notes performance.now() the first time the first quiz, mounted
# by its module, has an enabled Check (or Submit all answers) button.
QUIZ_READY_PROBE = """(() => {
  const names = ['Check', 'Submit all answers'];
  const note = () => {
    if (window.__quizReadyMs !== undefined) return;
    const mount = document.querySelector("[data-mnc-widget='quiz.js'] .mnc-mount");
    const ready = mount && [...mount.querySelectorAll('button')]
      .some((b) => !b.disabled && names.includes(b.textContent.trim()));
    if (ready) {
      window.__quizReadyMs = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(note);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
})();"""

TIMINGS_JS = """() => ({
  fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
  quiz: window.__quizReadyMs,
})"""


@dataclass(frozen=True)
class PhoneLoad:
    """Medians (ms) over the runs, and every run."""

    first_paint_ms: float
    quiz_ms: float
    runs: list[dict]


def one_load(browser, url: str) -> dict:
    """One first visit on the phone profile: {'fcp': ms, 'quiz': ms}."""
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", NETWORK)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        page.add_init_script(QUIZ_READY_PROBE)
        page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        page.wait_for_function("window.__quizReadyMs !== undefined", timeout=TIMEOUT_MS)
        page.wait_for_function(
            "performance.getEntriesByName('first-contentful-paint').length > 0",
            timeout=TIMEOUT_MS,
        )
        return page.evaluate(TIMINGS_JS)
    finally:
        context.close()


def measure(sites: dict[str, Path], compress: bool, runs: int = RUNS) -> dict[str, PhoneLoad]:
    """Each site's lesson 1, `runs` first visits each, the sites taking turns."""
    loads: dict[str, list[dict]] = {name: [] for name in sites}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            servers = {name: serve_site(site, compress=compress) for name, site in sites.items()}
            bases = {name: server.__enter__() for name, server in servers.items()}
            try:
                for _ in range(runs):
                    for name, base in bases.items():
                        loads[name].append(one_load(browser, base + PAGE))
            finally:
                for server in servers.values():
                    server.__exit__(None, None, None)
        finally:
            browser.close()
    return {
        name: PhoneLoad(
            statistics.median(run["fcp"] for run in runs_),
            statistics.median(run["quiz"] for run in runs_),
            runs_,
        )
        for name, runs_ in loads.items()
    }


def main() -> None:
    import site_builds

    with tempfile.TemporaryDirectory(prefix="bench-phone-") as tmp:
        sites = {
            f"before ({site_builds.BASELINE_COMMIT})": site_builds.baseline_site(),
            "now": site_builds.current_site(Path(tmp)),
        }
        for compress in (False, True):
            label = "gzip" if compress else "uncompressed"
            for name, load in measure(sites, compress).items():
                print(
                    f"{label:>12} {name:>17}: first paint {load.first_paint_ms / 1000:.2f} s, "
                    f"quiz interactive {load.quiz_ms / 1000:.2f} s  {json.dumps(load.runs)}"
                )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
