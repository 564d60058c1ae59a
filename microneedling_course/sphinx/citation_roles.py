"""Sphinx extension: bibliography entries get the ARIA role `listitem` their `role="list"` needs."""

from microneedling_course import __version__

# docutils 0.21 writes each citation as role="doc-biblioentry" inside role="list"; DPUB-ARIA 1.1
# deprecated that role and axe-core reports the list as missing its required children (critical).
DEPRECATED_ROLE = 'role="doc-biblioentry"'
LIST_ITEM_ROLE = 'role="listitem"'


def use_listitem_role(app, pagename, templatename, context, doctree):
    """Rewrite the deprecated role in a page's body before the page is written."""
    if "body" in context:
        context["body"] = context["body"].replace(DEPRECATED_ROLE, LIST_ITEM_ROLE)


def setup(app):
    app.connect("html-page-context", use_listitem_role)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": __version__}
