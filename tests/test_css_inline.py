"""The lean site's one stylesheet: @imports inlined and url()s pointing where they did."""

from microneedling_course.sphinx.css_inline import stylesheet_text


def test_imported_sheet_keeps_urls_relative_to_its_own_folder(tmp_path):
    """Does a sheet imported from a subfolder keep its url()s pointing at its own files?

    The theme's styles/theme.css imports ../basic.css, whose url(file.png) means _static/file.png;
    rebasing it a second time from styles/ gave styles/file.png, a file that does not exist."""
    (tmp_path / "styles").mkdir()
    (tmp_path / "basic.css").write_text("a{background:url(file.png)}", encoding="utf-8")
    (tmp_path / "styles" / "theme.css").write_text(
        '@import "../basic.css";\nb{background:url(../img/x.png)}', encoding="utf-8"
    )
    combined = stylesheet_text((tmp_path / "styles" / "theme.css").resolve(), tmp_path.resolve())
    assert 'url("file.png")' in combined
    assert 'url("img/x.png")' in combined
    assert "styles/file.png" not in combined


def test_import_with_media_becomes_a_media_block(tmp_path):
    """Does `@import "x.css" print;` keep its media query around the imported rules?"""
    (tmp_path / "x.css").write_text("p{color:red}", encoding="utf-8")
    (tmp_path / "main.css").write_text('@import "x.css" print;', encoding="utf-8")
    assert stylesheet_text((tmp_path / "main.css").resolve(), tmp_path.resolve()) == (
        "@media print{p{color:red}}"
    )
