"""Microneedling training course: quiz engine, lesson labs, progress store and instructor tools."""

import importlib

__version__ = "0.1.0"

# The lesson API is imported on first use, so `import microneedling_course` stays cheap
# (no ipywidgets, no bank) for the instructor tools and the build.
_LAZY = {
    "show_quiz": "microneedling_course.widget",
    "show_objectives": "microneedling_course.widget",
}

__all__ = ["show_quiz", "show_objectives"]


def __getattr__(name):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'microneedling_course' has no attribute {name!r}")
