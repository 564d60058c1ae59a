"""Sphinx extension that ships the course's quiz and lab front-end to pages that use it."""


def setup(app):
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
