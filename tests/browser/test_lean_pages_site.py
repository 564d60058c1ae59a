"""The lean pages keep every feature of the theme: icons, menus, colour modes, search."""

import io

import numpy as np
import pytest
from PIL import Image

pytestmark = pytest.mark.browser

LESSON = "notebooks/01-skin-and-depth.html"
HEADER_ICONS = ".bd-header-article svg.svg-inline--fa"
LAUNCH_BUTTON = ".dropdown-launch-buttons > button"


def painted_pixels(png: bytes) -> int:
    """How many pixels of a screenshot differ clearly from its top-left pixel (the background)."""
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)
    return int((np.abs(pixels - pixels[0, 0]).sum(axis=2) > 96).sum())


def test_every_page_fetches_no_font_awesome_and_no_web_font(visit_page, site_page):
    """Does the page load neither fontawesome.js nor any web font (icons come from the one
    stylesheet)?"""
    requests = visit_page(site_page).record.requests
    heavy = [url for url in requests if "fontawesome" in url or url.endswith((".woff2", ".ttf"))]
    assert heavy == []


def test_only_the_search_page_fetches_the_search_index(visit_page, site_page):
    """Is the search index fetched on the search page and on no other page?"""
    fetched = any("searchindex.js" in url for url in visit_page(site_page).record.requests)
    assert fetched == (site_page == "search.html")


def test_header_icons_are_drawn(desktop_page, open_site_page):
    """Is each visible icon of the lesson header a box of its own size with a shape painted in it
    (the rocket, GitHub, download, full-screen and colour-mode icons)?"""
    page = desktop_page.page
    open_site_page(page, LESSON)
    icons = [icon for icon in page.locator(HEADER_ICONS).all() if icon.is_visible()]
    assert len(icons) >= 5
    for icon in icons:
        box = icon.bounding_box()
        assert box["width"] >= 10 and box["height"] >= 10, icon.evaluate("e => e.outerHTML")
        assert painted_pixels(icon.screenshot()) > 20, icon.evaluate("e => e.outerHTML")


def test_launch_menu_works_by_keyboard_and_shows_its_logos(desktop_page, open_site_page):
    """Does the launch button open its menu with Enter, offer Binder, JupyterHub and Colab with
    their logos, move by arrow keys and close with Escape, back on the button?"""
    page = desktop_page.page
    open_site_page(page, LESSON)
    button = page.locator(LAUNCH_BUTTON)
    button.focus()
    page.keyboard.press("Enter")
    menu = page.locator(".dropdown-launch-buttons .dropdown-menu")
    menu.wait_for(state="visible")
    assert [text.strip() for text in menu.locator("a").all_inner_texts()] == [
        "Binder",
        "JupyterHub",
        "Colab",
    ]
    page.wait_for_function(
        "() => [...document.querySelectorAll('.dropdown-launch-buttons img')]"
        ".every((img) => img.complete && img.naturalWidth > 0)"
    )
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Binder"
    page.keyboard.press("Escape")
    menu.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "Launch interactive content"
    )


def test_download_menu_offers_the_lesson_notebook(desktop_page, open_site_page, site_url):
    """Does the download menu offer the lesson as a notebook that the site serves?"""
    page = desktop_page.page
    open_site_page(page, LESSON)
    page.locator(".dropdown-download-buttons > button").click()
    link = page.locator(".dropdown-download-buttons a", has_text=".ipynb")
    link.wait_for(state="visible")
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.ok
    assert "cells" in response.json()


def test_colour_mode_button_switches_between_light_and_dark(desktop_page, open_site_page):
    """Does the colour-mode button reach dark mode (dark page, moon icon shown) and light mode?"""
    page = desktop_page.page
    open_site_page(page, LESSON)
    button = page.locator(".theme-switch-button").first
    seen = {}
    for _ in range(3):
        button.click()
        theme = page.evaluate("document.documentElement.dataset.theme")
        seen[theme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        if theme == "dark":
            assert page.locator(".theme-switch-button svg.fa-moon").first.is_visible()
    assert set(seen) == {"light", "dark"}
    assert seen["light"] != seen["dark"]


def test_search_from_a_lesson_opens_the_search_page_with_results(desktop_page, open_site_page):
    """Does Ctrl+K on a lesson open the search box, and does a query show matching pages?"""
    page = desktop_page.page
    open_site_page(page, LESSON)
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name=q]")
    field.wait_for(state="visible")
    field.fill("collagen")
    field.press("Enter")
    page.wait_for_url("**/search.html?q=collagen*")
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for(state="visible", timeout=15_000)
    assert results.count() >= 2
    assert not desktop_page.record.unexpected_errors()


@pytest.mark.parametrize(
    "button, dialog, link",
    [
        ("primary-toggle", "pst-primary-sidebar-modal", "Aftercare"),
        ("secondary-toggle", "pst-secondary-sidebar-modal", "Learning objectives"),
    ],
    ids=["course navigation", "page contents"],
)
def test_phone_header_buttons_open_the_sidebars(
    phone_context, open_site_page, button, dialog, link
):
    """At 375 px, do the article header's menu and contents buttons open the course navigation
    and the page's contents (before, only hidden copies of the buttons had the theme's handler)?"""
    page = phone_context.new_page()
    try:
        open_site_page(page, LESSON)
        page.locator(f".bd-header-article .{button}").click()
        page.locator(f"#{dialog} a", has_text=link).first.wait_for(state="visible")
    finally:
        page.close()
