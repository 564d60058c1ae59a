"""Page-weight guard (issue 15): what Chromium fetches for a lesson page stays within budget.

A first visit to any lesson page (empty cache) transfers at most 150 KB gzip-compressed; the next
lesson in reading order, with the shared files cached, at most 50 KB more. Bytes are counted from
Chromium's own network log (see microneedling_course/sphinx/page_weight.py), on the built course
served as a static host serves it. Bytes are deterministic, so this is a size check, not timing.
"""

import base64
import os
from pathlib import Path

import pytest

from microneedling_course.sphinx.page_weight import (
    FIRST_VISIT_GZIP_BUDGET,
    LATER_VISIT_GZIP_BUDGET,
    PHONE,
    serve_site,
    visit_in_turn,
)

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
# The lesson pages in reading order (the notebooks are numbered in the course order).
LESSONS = [f"notebooks/{path.stem}.html" for path in sorted(REPO_ROOT.glob("notebooks/*.ipynb"))]


@pytest.fixture(scope="module")
def static_host(built_site):
    with serve_site(built_site) as base:
        yield base


@pytest.fixture
def phone(browser):
    """A fresh phone-sized context: an empty cache, as on a reader's first visit."""
    context = browser.new_context(**PHONE)
    yield context
    context.close()


def kb(size: int) -> str:
    return f"{size / 1000:.1f} KB"


@pytest.mark.parametrize("lesson", LESSONS)
def test_first_visit_to_a_lesson_fits_the_budget(phone, static_host, built_site, lesson):
    """Does a first visit to the lesson (read to the end) transfer at most 150 KB gzip?"""
    if not (built_site / lesson).is_file():
        pytest.skip(f"the build has no {lesson}")
    (visit,) = visit_in_turn(phone, static_host, [lesson])
    assert visit.gzip <= FIRST_VISIT_GZIP_BUDGET, (
        f"{lesson}: {kb(visit.gzip)} gzip in {visit.requests} requests, budget "
        f"{kb(FIRST_VISIT_GZIP_BUDGET)}; heaviest:\n{visit.describe()}"
    )


@pytest.mark.parametrize("previous, lesson", list(zip(LESSONS, LESSONS[1:], strict=False)))
def test_next_lesson_fits_the_budget(phone, static_host, built_site, previous, lesson):
    """After the previous lesson, does the next one add at most 50 KB gzip (its own page, images
    and any widget code not seen before; the theme's files come from the cache)?"""
    if not (built_site / lesson).is_file():
        pytest.skip(f"the build has no {lesson}")
    _, visit = visit_in_turn(phone, static_host, [previous, lesson])
    assert visit.gzip <= LATER_VISIT_GZIP_BUDGET, (
        f"{lesson} after {previous}: {kb(visit.gzip)} gzip in {visit.requests} requests, budget "
        f"{kb(LATER_VISIT_GZIP_BUDGET)}; heaviest:\n{visit.describe()}"
    )


def test_the_measure_counts_fetched_bytes_and_not_cached_ones(browser, tmp_path):
    """Does the guard's measure count a page's script in full (incompressible bytes stay large)
    on a first visit, and not at all on a second page that finds it in the cache?"""
    (tmp_path / "heavy.js").write_bytes(b"//" + base64.b64encode(os.urandom(150_000)))
    for name in ("one.html", "two.html"):
        (tmp_path / name).write_text(
            f'<!DOCTYPE html><title>{name}</title><link rel="icon" href="data:,">'
            f'<script src="heavy.js"></script><p>{name}</p>'
        )
    context = browser.new_context()
    try:
        with serve_site(tmp_path) as base:
            first, second = visit_in_turn(context, base, ["one.html", "two.html"])
    finally:
        context.close()
    assert [t.url for t in first.fetched] == ["one.html", "heavy.js"]
    assert first.raw > 200_000 and first.gzip > 100_000
    assert [t.url for t in second.fetched] == ["two.html"]
    assert [t.url for t in second.transfers if t.from_cache] == ["heavy.js"]
