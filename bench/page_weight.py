"""Measures what a phone's browser fetches for course pages, before and after issue 15.

For each site (the course at 55adaee and the course now, see site_builds.py): a first visit
(empty cache) to lesson 1, the glossary and the search page, and lesson 2 right after lesson 1
(the shared files cached); and the heaviest first and next-lesson visits over every lesson.
Counted from Chromium's network log, raw and gzip-compressed as a static host sends them
(microneedling_course/sphinx/page_weight.py, the same measure as the page-weight guard test).
"""

import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import sync_playwright

from microneedling_course.sphinx.page_weight import (
    CHROMIUM,
    CHROMIUM_ARGS,
    FIRST_VISIT_GZIP_BUDGET,
    LATER_VISIT_GZIP_BUDGET,
    PHONE,
    Visit,
    serve_site,
    visit_in_turn,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
LESSON_1 = "notebooks/01-skin-and-depth.html"
LESSON_2 = "notebooks/02-collagen-induction.html"
# (label, pages visited in turn in one fresh context; the last one is measured)
VISITS = (
    ("lesson 1, first visit", [LESSON_1]),
    ("lesson 2 after lesson 1", [LESSON_1, LESSON_2]),
    ("glossary, first visit", ["book/glossary.html"]),
    ("search page, first visit", ["search.html"]),
)
BUDGETS = {"first": FIRST_VISIT_GZIP_BUDGET, "later": LATER_VISIT_GZIP_BUDGET}


@dataclass(frozen=True)
class SiteWeight:
    """One site's visits, and its heaviest lesson visits (first, and after the previous lesson)."""

    visits: dict[str, Visit]
    heaviest_first: Visit
    heaviest_later: Visit


def lessons() -> list[str]:
    return [f"notebooks/{path.stem}.html" for path in sorted(REPO_ROOT.glob("notebooks/*.ipynb"))]


def measure_site(browser, site: Path) -> SiteWeight:
    """Every visit of VISITS, and every lesson first and after the one before it."""

    def run(pages: list[str]) -> Visit:
        context = browser.new_context(**PHONE)
        try:
            return visit_in_turn(context, base, pages)[-1]
        finally:
            context.close()

    with serve_site(site) as base:
        visits = {label: run(pages) for label, pages in VISITS}
        names = [name for name in lessons() if (site / name).is_file()]
        firsts = [run([name]) for name in names]
        laters = [run([previous, name]) for previous, name in zip(names, names[1:], strict=False)]
    return SiteWeight(visits, max(firsts, key=lambda v: v.gzip), max(laters, key=lambda v: v.gzip))


def measure(sites: dict[str, Path]) -> dict[str, SiteWeight]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return {name: measure_site(browser, site) for name, site in sites.items()}
        finally:
            browser.close()


def table(weights: dict[str, SiteWeight]) -> list[str]:
    """A Markdown table: each visit of each site, requests, raw and gzip bytes."""
    lines = ["| page | site | requests | raw | gzip |", "|---|---|---|---|---|"]
    labels = [label for label, _ in VISITS]
    for label in labels + ["heaviest lesson, first visit", "heaviest lesson after the previous"]:
        for name, weight in weights.items():
            visit = {
                "heaviest lesson, first visit": weight.heaviest_first,
                "heaviest lesson after the previous": weight.heaviest_later,
            }.get(label) or weight.visits[label]
            page = f" ({visit.page})" if label.startswith("heaviest") else ""
            lines.append(
                f"| {label}{page} | {name} | {visit.requests} | {visit.raw:,} | {visit.gzip:,} |"
            )
    return lines


def main() -> None:
    import site_builds

    with tempfile.TemporaryDirectory(prefix="bench-page-weight-") as tmp:
        sites = {
            f"before ({site_builds.BASELINE_COMMIT})": site_builds.baseline_site(),
            "now": site_builds.current_site(Path(tmp)),
        }
        weights = measure(sites)
    print("\n".join(table(weights)))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
