"""HostedWidget: one ES module, run as an anywidget live and mounted by itself on the site."""

from pathlib import Path

import anywidget
import traitlets

from microneedling_course.core.paths import STATIC_DIR
from microneedling_course.core.script_json import json_for_script

# Traits every anywidget has (model names, layout, tooltip...): never part of a lab's static state.
_BASE_TRAITS = frozenset(anywidget.AnyWidget.class_trait_names())


def _static_file_name(value, suffix: str) -> str | None:
    """The file name when value is a front-end file shipped in microneedling_course/static/."""
    if not isinstance(value, (str, Path)) or (isinstance(value, str) and "\n" in value):
        return None
    try:
        path = Path(value).resolve()
        shipped = path.parent == STATIC_DIR.resolve() and path.is_file()
    except (OSError, ValueError):
        return None
    return path.name if shipped and path.suffix == suffix else None


class HostedWidget(anywidget.AnyWidget):
    """An anywidget whose display bundle also carries a no-JavaScript fallback and its state.

    Subclasses set `_esm` (and optionally `_css`) to files from `static_path(...)`, declare their
    synced traits, and override `fallback_html()`. On the site, `model.get("host")` is "static".
    A subclass whose site module differs from `_esm` names it in `_site_module` (a file in
    static/ that brings its own styles; it may depend on the instance).
    """

    host = traitlets.Unicode("kernel").tag(sync=True)
    _mnc_module: str | None = None
    _mnc_styles: tuple[str, ...] = ()
    _site_module: str | None = None

    def __init_subclass__(cls, **kwargs):
        # anywidget replaces _esm/_css by their contents (and add_traits derives a class per
        # instance whose _esm is a trait): keep the file names for the site when they are paths.
        module = _static_file_name(cls.__dict__.get("_esm"), ".js")
        style = _static_file_name(cls.__dict__.get("_css"), ".css")
        if module:
            cls._mnc_module = module
        if style:
            cls._mnc_styles = (style,)
        super().__init_subclass__(**kwargs)

    def fallback_html(self) -> str:
        """Escaped HTML shown where JavaScript is off; subclasses describe their content here."""
        return "<p>This interactive part of the lesson needs JavaScript.</p>"

    def static_state(self) -> dict:
        """The synced traits the site's model starts from (JSON-safe), with host set to "static"."""
        names = [
            name
            for name in self.trait_names(sync=True)
            if name not in _BASE_TRAITS and not name.startswith("_")
        ]
        state = self.get_state(key=names)
        state["host"] = "static"
        return state

    def _site_attributes(self) -> str:
        """data-mnc-site, or data-mnc-css: what the site's page loads for this widget."""
        if self._site_module:
            return f' data-mnc-site="{self._site_module}"'
        return f' data-mnc-css="{" ".join(self._mnc_styles)}"' if self._mnc_styles else ""

    def static_html(self) -> str:
        """The text/html part of the display bundle: fallback plus the module's inert JSON state."""
        fallback = f'<div class="mnc-fallback">{self.fallback_html()}</div>'
        if not self._mnc_module:
            return f'<div class="mnc-hosted">{fallback}</div>'
        state = json_for_script(self.static_state())
        return (
            f'<div class="mnc-hosted" data-mnc-widget="{self._mnc_module}"'
            f"{self._site_attributes()}>"
            f'<script type="application/json" data-mnc-state>{state}</script>{fallback}</div>'
        )

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is None:
            return None
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
        return {**data, "text/html": self.static_html()}, metadata
