"""Microneedling training course: quiz engine, lesson labs, progress store and instructor tools."""

__version__ = "0.1.0"
