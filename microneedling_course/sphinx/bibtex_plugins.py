"""Sphinx extension: pybtex's plugins looked up once per build, not once per citation.

sphinxcontrib-bibtex asks pybtex for its style, label, name, sorting and backend plugins each
time it resolves a citation, and pybtex answers each request by scanning the entry points of
every installed package: about 340 scans in a clean build of the course, ~2 s of it on this
machine (bench/results.md). pybtex and sphinxcontrib-bibtex both look in their runtime plugin
registers before the entry points, so registering the few plugins of those groups there once,
when the builder starts, turns every later look-up into a dictionary read.
"""

from importlib.metadata import entry_points

PYBTEX_GROUPS = (
    "pybtex.backends",
    "pybtex.style.formatting",
    "pybtex.style.labels",
    "pybtex.style.names",
    "pybtex.style.sorting",
)
SPHINXCONTRIB_GROUPS = ("sphinxcontrib.bibtex.style.referencing",)


def register_installed_plugins(app=None) -> int:
    """Register the installed plugins of those groups at runtime; returns how many."""
    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin

    registered = 0
    for groups, plugins in (
        (PYBTEX_GROUPS, pybtex.plugin),
        (SPHINXCONTRIB_GROUPS, sphinxcontrib.bibtex.plugin),
    ):
        for group in groups:
            for entry_point in entry_points(group=group):
                # What a look-up finds now (a plugin the project registered itself comes first).
                found = plugins.find_plugin(group, entry_point.name)
                plugins.register_plugin(group, entry_point.name, found, force=True)
                registered += 1
    return registered


def setup(app):
    app.connect("builder-inited", register_installed_plugins)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
