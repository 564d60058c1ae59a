"""Sphinx extensions the course build loads: quiz and objectives, citation roles."""
