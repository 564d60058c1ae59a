"""Every page of the built course in Chromium: no console error, nothing from outside, no serious axe finding."""

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
    """Does the page load without any console error or uncaught exception (bar the known upstream one)?"""
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
