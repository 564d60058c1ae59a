"""The theme's Font Awesome icons become <svg> elements at build time, shaped by the stylesheet."""

from pathlib import Path

import pydata_sphinx_theme
import pytest

from microneedling_course.sphinx.theme_icons import (
    IconError,
    base_stylesheet,
    draw_icons,
    drawn_icons,
    drop_glyph_rules,
    icon_packs,
    icon_stylesheet,
)

# Two packs in the shape of Font Awesome 6's JavaScript build (a solid and a brands pack).
FONTAWESOME_JS = (
    'var p={bars:[448,512,["navicon"],"f0c9","M0 96z"],"arrow-up":[384,512,[8593],"f062","M2 3z"]}'
    ';!function(c){c()}(function(){d("fas",p),d("fa-solid",p)})'
    ';var p={github:[496,512,[],"f09b","M1 1z"]};!function(c){c()}(function(){d("fab",p)})'
    ';function zc(){var e=\':host,:root{--fa-font-solid:normal 900 1em/1 "Font Awesome 6 Solid"}'
    ".svg-inline--fa{height:1em}';return e}"
)
THEME_FONTAWESOME = (
    Path(pydata_sphinx_theme.__file__).parent
    / "theme/pydata_sphinx_theme/static/scripts/fontawesome.js"
)


@pytest.fixture(scope="module")
def packs():
    return icon_packs(FONTAWESOME_JS)


def test_packs_hold_each_icon_by_name_and_alias(packs):
    """Are icons read with their size and path, under their name and their aliases?"""
    assert packs["fas"]["bars"].width == 448
    assert packs["fas"]["navicon"] == packs["fas"]["bars"]
    assert packs["fab"]["github"].path == "M1 1z"


def test_an_icon_element_becomes_the_svg_fontawesome_js_would_make(packs):
    """Does <i class="fa-solid fa-bars fa-lg"> become an aria-hidden <svg> with the same classes
    (less the style class), its pack and its viewBox, and no path of its own?"""
    page = '<button><i class="fa-solid fa-bars fa-lg"></i></button>'
    assert draw_icons(page, packs) == (
        '<button><svg class="svg-inline--fa fa-bars fa-lg" data-prefix="fas" aria-hidden="true" '
        'focusable="false" role="img" viewBox="0 0 448 512"></svg></button>'
    )


def test_a_titled_icon_keeps_its_title_as_the_svg_name(packs):
    """Does an icon with a title (the theme switcher's "Light") keep it as the svg's <title>
    and its other attributes, instead of being hidden from assistive technology?"""
    page = '<i class="theme-switch fab fa-github" data-mode="light" title="Light"></i>'
    drawn = draw_icons(page, packs)
    assert drawn.startswith('<svg class="svg-inline--fa fa-github theme-switch" data-prefix="fab"')
    assert ' data-mode="light"' in drawn and "<title>Light</title></svg>" in drawn
    assert "aria-hidden" not in drawn


def test_elements_that_are_not_icons_are_left_alone(packs):
    """Are an <i> with text, a span without Font Awesome classes and a style class without an
    icon name left as they are?"""
    page = '<i class="fa-solid fa-bars">x</i><span class="bars"></span><i class="fas"></i>'
    assert draw_icons(page, packs) == page


def test_an_icon_the_build_lacks_is_an_error_naming_it(packs):
    """Is an icon missing from Font Awesome's build reported by name, not drawn blank?"""
    with pytest.raises(IconError, match="fa-rocket"):
        draw_icons('<i class="fas fa-rocket"></i>', packs)


def test_the_stylesheet_shapes_each_drawn_icon_by_its_pack(packs):
    """Does each icon drawn on a page get its shape as a mask, keyed by its pack?"""
    page = draw_icons('<i class="fa-solid fa-arrow-up"></i><i class="fab fa-github"></i>', packs)
    assert drawn_icons(page) == {("fas", "arrow-up"), ("fab", "github")}
    css = icon_stylesheet(drawn_icons(page), packs)
    assert '.fa-arrow-up[data-prefix=fas]{--mnc-icon:url("data:image/svg+xml,' in css
    assert "viewBox='0 0 496 512'" in css and "M1 1z" in css


def test_fontawesome_js_own_stylesheet_is_read(packs):
    """Is the stylesheet fontawesome.js adds to a page read from the script?"""
    assert base_stylesheet(FONTAWESOME_JS).endswith(".svg-inline--fa{height:1em}")


def test_web_font_glyph_rules_of_icon_classes_are_dropped():
    """Are `.fa-x:before{content:...}` rules dropped and other rules kept?"""
    css = '.fa-bars:before,.fa-navicon:before{content:"\uf0c9"}.admonition:after{content:"x"}'
    assert drop_glyph_rules(css) == '.admonition:after{content:"x"}'


def test_the_theme_fontawesome_build_is_still_readable():
    """Does the pinned theme's fontawesome.js still hold the packs and stylesheet this reads
    (an upgrade that changes its format fails here, not on the site)?"""
    script = THEME_FONTAWESOME.read_text(encoding="utf-8")
    packs = icon_packs(script)
    for prefix, name in [("fas", "magnifying-glass"), ("fas", "bars"), ("fab", "github")]:
        assert name in packs[prefix]
    assert ".svg-inline--fa" in base_stylesheet(script)
