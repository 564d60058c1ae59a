"""Every page in Chromium: no console error, nothing fetched from outside, no serious axe issue."""

import pytest

pytestmark = pytest.mark.browser

# axe-core impacts that fail a page; "minor" and "moderate" findings are left to review.
FAILING_IMPACTS = ("serious", "critical")


def describe_violation(violation: dict) -> str:
    """One readable block per axe rule: id, impact, help text and the selectors it matched."""
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
    lines = [f"{violation['id']} ({violation['impact']}): {violation['help']}"]
    lines += [f"    {target}" for target in targets]
    return "\n".join(lines)


def test_page_logs_no_console_error(visit_page, site_page):
    """Does the page load without a console error or uncaught exception (bar the known one)?"""
    errors = visit_page(site_page).record.unexpected_errors()
    assert not errors, f"{site_page} logged:\n" + "\n".join(errors)


def test_page_requests_nothing_from_outside(visit_page, site_page):
    """Does every request the page makes (axe-core's run included) stay on 127.0.0.1?"""
    remote = visit_page(site_page).record.remote_requests()
    assert not remote, f"{site_page} asked for (blocked):\n" + "\n".join(sorted(set(remote)))


def test_page_has_no_serious_accessibility_violation(visit_page, site_page):
    """Does axe-core find no serious or critical WCAG violation on the page?"""
    violations = [v for v in visit_page(site_page).axe_violations if v["impact"] in FAILING_IMPACTS]
    assert not violations, f"{site_page}:\n" + "\n".join(map(describe_violation, violations))


def test_offline_guard_stops_and_records_a_remote_request(desktop_page, open_site_page):
    """Does the browser fixture really stop a request to another host and list it (so the
    check above cannot pass because requests went unseen)?"""
    page = desktop_page.page
    open_site_page(page, "book/intro.html")
    outcome = page.evaluate(
        "() => fetch('https://cdn.example.org/library.js').then(() => 'fetched', () => 'blocked')"
    )
    assert outcome == "blocked"
    assert desktop_page.record.remote_requests() == ["https://cdn.example.org/library.js"]
