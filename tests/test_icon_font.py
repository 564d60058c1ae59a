"""The theme's Font Awesome font is cut down to the glyphs the stylesheet shows, and embedded."""

import base64
import io
import re
import shutil
from pathlib import Path

import pydata_sphinx_theme
import pytest
from fontTools.ttLib import TTFont

from microneedling_course.sphinx.icon_font import (
    IconFontError,
    embed_icon_fonts,
    icon_code_points,
)

WEBFONTS = (
    Path(pydata_sphinx_theme.__file__).parent
    / "theme/pydata_sphinx_theme/static/vendor/fontawesome/webfonts"
)
FACE = (
    "@font-face{font-family:Font Awesome\\ 6 Free;font-weight:900;"
    'src:url(fonts/fa-solid-900.woff2) format("woff2"),'
    'url(fonts/fa-solid-900.ttf) format("truetype")}'
)


@pytest.fixture
def css_dir(tmp_path) -> Path:
    (tmp_path / "fonts").mkdir()
    shutil.copy(WEBFONTS / "fa-solid-900.ttf", tmp_path / "fonts")
    return tmp_path


def embedded_code_points(css: str) -> set[int]:
    data = re.search(r"data:font/woff;base64,([A-Za-z0-9+/=]+)", css).group(1)
    font = TTFont(io.BytesIO(base64.b64decode(data)))
    return {point for point in font.getBestCmap() if point >= 0xE000}


def test_code_points_are_read_as_characters_and_as_escapes():
    """Are private-use code points found whether written as characters or CSS escapes?"""
    css = '.a:after{content:"\uf05a"}.b:after{content:"\\f071"}.c{--icon:"\\f0f3 "}'
    assert icon_code_points(css) == {0xF05A, 0xF071, 0xF0F3}


def test_icon_font_holds_only_the_glyphs_the_stylesheet_uses(css_dir):
    """Does the embedded font hold the stylesheet's glyphs and no other icon?"""
    css = FACE + '.admonition-title:after{content:"\uf05a";font:var(--fa-font-solid)}'
    embedded = embed_icon_fonts(css, css_dir)
    assert "fa-solid-900" not in embedded  # no request for the full font any more
    assert embedded_code_points(embedded) == {0xF05A}
    assert len(embedded) < 4000


def test_other_rules_and_fonts_are_left_as_they_are(css_dir):
    """Are a non-icon @font-face and other rules kept unchanged?"""
    css = "@font-face{font-family:Body;src:url(body.woff2)}.card{color:red}"
    assert embed_icon_fonts(css, css_dir) == css


def test_an_icon_font_without_a_truetype_file_is_an_error_naming_it(tmp_path):
    """Is an icon @font-face whose font file is missing reported with its family?"""
    with pytest.raises(IconFontError, match="Font Awesome 6 Free"):
        embed_icon_fonts(FACE + '.x:after{content:"\uf05a"}', tmp_path)
