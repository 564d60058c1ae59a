"""pybtex's plugins are registered once, so a citation no longer scans the installed packages."""

import pybtex.plugin
import sphinxcontrib.bibtex.plugin

from microneedling_course.sphinx.bibtex_plugins import register_installed_plugins


def test_lookups_after_registering_read_the_runtime_register(monkeypatch):
    """After registering, do pybtex's and sphinxcontrib-bibtex's look-ups find the plain style
    and the author-year referencing style without reading any entry point?"""
    plain = pybtex.plugin.find_plugin("pybtex.style.formatting", "plain")
    author_year = sphinxcontrib.bibtex.plugin.find_plugin(
        "sphinxcontrib.bibtex.style.referencing", "author_year"
    )
    assert register_installed_plugins() > 5

    def no_scan(*args, **kwargs):
        raise AssertionError("an entry-point scan after registration")

    monkeypatch.setattr(pybtex.plugin, "entry_points", no_scan)
    monkeypatch.setattr(sphinxcontrib.bibtex.plugin, "_entry_points", no_scan)
    assert pybtex.plugin.find_plugin("pybtex.style.formatting", "plain") is plain
    assert pybtex.plugin.find_plugin("pybtex.backends", "plaintext")
    found = sphinxcontrib.bibtex.plugin.find_plugin(
        "sphinxcontrib.bibtex.style.referencing", "author_year"
    )
    assert found is author_year
