"""The depth-explorer lab (lesson 1): which skin layer a nominal needle tip reaches, by region."""

import html
import math
from dataclasses import dataclass

import traitlets

from ..core.paths import static_path
from ..course_data.below_dermis import below_dermis_for, load_below_dermis
from ..course_data.skin import (
    FIGURE_SETTINGS_MM,
    DermisMeasurement,
    load_dermis_ultrasound,
    load_explorer_settings,
    region_labels,
)
from ..course_data.sources import source_label
from ..quiz.hosting import HostedWidget

LAYERS = ("epidermis", "dermis", "below-dermis")


@dataclass(frozen=True)
class LayerReading:
    """Where a nominal tip would sit in a region's skin, and how far from the dermis edge."""

    region_id: str
    region: str
    sex: str
    depth_mm: float
    epidermis_mm: float
    dermis_mm: float
    skin_mm: float
    layer: str
    # Positive: the tip stays this far above the lower edge of the dermis; negative: it passes it.
    margin_mm: float
    dermis_approximate: bool
    # What lies below the dermis in this region (data/skin/below_dermis.yml): label and words.
    below_dermis: dict | None = None

    @property
    def passes_dermis(self) -> bool:
        return self.layer == "below-dermis"


def _check_depth(depth_mm) -> float:
    try:
        depth = float(depth_mm)
    except (TypeError, ValueError) as error:
        raise ValueError(
            f"needle setting must be a number of millimetres, got {depth_mm!r}"
        ) from error
    if not math.isfinite(depth) or depth <= 0:
        raise ValueError(
            f"needle setting must be a positive number of millimetres, got {depth_mm!r}"
        )
    return depth


def _measurement(region: str, sex: str, measurements: list[DermisMeasurement]) -> DermisMeasurement:
    for measurement in measurements:
        if region in (measurement.region_id, measurement.region) and measurement.sex == sex:
            return measurement
    known = sorted({measurement.region_id for measurement in measurements})
    raise KeyError(
        f"no dermis data for region {region!r} and sex {sex!r}; "
        f"regions are {known}, sexes men/women"
    )


def layer_reached(
    region: str,
    sex: str,
    depth_mm: float,
    *,
    measurements: list[DermisMeasurement] | None = None,
    epidermis_mm: float | None = None,
) -> LayerReading:
    """The layer a nominal tip at depth_mm would reach in the average skin of region and sex.

    The epidermis is the thinnest facial epidermis on histology (data/skin/depth_explorer.yml)
    and the dermis is the ultrasound mean (data/skin/facial_dermis_ultrasound.csv).
    The static front-end (static/depth-explorer.js, layerReached) makes the same comparisons
    in the same order.
    """
    depth = _check_depth(depth_mm)
    measurements = measurements if measurements is not None else load_dermis_ultrasound()
    if epidermis_mm is None:
        epidermis_mm = float(load_explorer_settings()["epidermis_drawn_mm"]["value"])
    measurement = _measurement(region, sex, measurements)
    skin_mm = epidermis_mm + measurement.dermis_mm
    if depth <= epidermis_mm:
        layer = "epidermis"
    elif depth <= skin_mm:
        layer = "dermis"
    else:
        layer = "below-dermis"
    return LayerReading(
        region_id=measurement.region_id,
        region=measurement.region,
        sex=sex,
        depth_mm=depth,
        epidermis_mm=epidermis_mm,
        dermis_mm=measurement.dermis_mm,
        skin_mm=skin_mm,
        layer=layer,
        margin_mm=round(skin_mm - depth, 3),
        dermis_approximate=measurement.approximate,
        below_dermis=below_dermis_for(measurement.region_id),
    )


def describe_reading(reading: LayerReading) -> str:
    """One plain sentence about the reading, worded as the front-end words it."""
    setting = f"At a {reading.depth_mm:.2f} mm setting"
    if reading.layer == "epidermis":
        return f"{setting} the nominal tip would stay in the epidermis."
    if reading.layer == "dermis":
        return (
            f"{setting} the nominal tip would be in the dermis, "
            f"{reading.margin_mm:.2f} mm above its lower edge."
        )
    below = reading.below_dermis or below_dermis_for(reading.region_id)
    return (
        f"Warning: at a {reading.depth_mm:.2f} mm setting the nominal tip would pass the lower "
        f"edge of this group's average dermis and reach {-reading.margin_mm:.2f} mm into "
        f"{below['into']}."
    )


def regions_with_below_dermis(measurements: list[DermisMeasurement]) -> list[dict]:
    """Each region with its dermis per sex and what lies below its dermis, for the front-ends."""
    below = load_below_dermis()
    regions = []
    for region_id, label in region_labels(measurements).items():
        entry = {
            "id": region_id,
            "label": label,
            "below_dermis": below_dermis_for(region_id, below),
        }
        for measurement in measurements:
            if measurement.region_id == region_id:
                entry[measurement.sex] = {
                    "dermis_mm": measurement.dermis_mm,
                    "approximate": measurement.approximate,
                }
        regions.append(entry)
    return regions


def explorer_data() -> dict:
    """All the front-end needs, JSON-safe: regions, dermis per sex, drawing choices, caveats."""
    measurements = load_dermis_ultrasound()
    settings = load_explorer_settings()
    regions = regions_with_below_dermis(measurements)
    epidermis = settings["epidermis_drawn_mm"]
    reminder = settings["penetration_reminder"]
    dermis_source = source_label(measurements[0].source)
    return {
        "regions": regions,
        "sexes": ["women", "men"],
        "epidermis_mm": float(epidermis["value"]),
        "settings_mm": {
            key: float(settings["settings_mm"][key]) for key in ("min", "max", "step", "start")
        },
        "caveats": [
            (
                "Dermis values are group averages measured by ultrasound in 118 adults "
                f"({dermis_source}). Thickness also varies with age, body mass and sun damage "
                f"({dermis_source}; {source_label('psk_microneedling')}), so assess each client."
            ),
            (
                f"The epidermis is drawn {epidermis['value'] * 1000:.1f} µm thick, "
                "the thinnest facial "
                f"epidermis on histology ({source_label(epidermis['source'])}). "
                "Ultrasound reports an 'epidermis' of about 0.17-0.22 mm, several times more: "
                "measured values depend on the method."
            ),
            (
                "The needle setting is nominal. Real penetration is usually shallower: "
                f"in hairless-rat skin, {reminder['nominal_mm']:.2f} mm needles made channels "
                f"about {reminder['measured_mm']:.2f} mm "
                f"deep on average ({source_label(reminder['source'])}, an animal study)."
            ),
            (
                "This compares a nominal setting with a group average measured by ultrasound. "
                "It is not a measurement of your client and not a pass or fail test: published "
                "depth ranges are nominal settings too, and how deep needles really go varies. "
                "The gap between setting and depth reached is not a safety margin."
            ),
            (
                "What lies below the dermis is standard anatomy; the eyelid has no fat layer "
                f"under the skin ({source_label('aao_eyelid')})."
            ),
        ],
        "sources": sorted(
            {
                measurements[0].source,
                epidermis["source"],
                reminder["source"],
                "psk_microneedling",
                "aao_eyelid",
            }
        ),
    }


def explorer_fallback_html(data: dict, settings_mm: tuple[float, ...] = FIGURE_SETTINGS_MM) -> str:
    """Escaped HTML for readers without JavaScript: where common settings land, per region."""
    measurements = load_dermis_ultrasound()
    head = "".join(f'<th scope="col">{setting:.1f} mm setting</th>' for setting in settings_mm)
    rows = []
    for region in data["regions"]:
        for sex in data["sexes"]:
            dermis = region[sex]
            cells = []
            for setting in settings_mm:
                reading = layer_reached(region["id"], sex, setting, measurements=measurements)
                cells.append("⚠ passes the dermis" if reading.passes_dermis else reading.layer)
            about = "about " if dermis["approximate"] else ""
            rows.append(
                f'<tr><th scope="row">{html.escape(region["label"])}, {html.escape(sex)}</th>'
                f"<td>{about}{dermis['dermis_mm']:.2f}</td>"
                + "".join(f"<td>{html.escape(cell)}</td>" for cell in cells)
                + "</tr>"
            )
    caveats = "".join(f"<li>{html.escape(caveat)}</li>" for caveat in data["caveats"])
    return (
        '<div class="mnc-depth-fallback">'
        "<p><strong>Depth explorer.</strong> Where the nominal tip of common needle settings "
        "would sit in the average skin of each facial region.</p>"
        '<div role="region" tabindex="0" aria-label="Where common settings land" '
        'style="overflow-x:auto"><table class="table">'
        '<thead><tr><th scope="col">Region, group</th><th scope="col">Mean dermis (mm)</th>'
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        f"<ul>{caveats}</ul></div>"
    )


class DepthExplorer(HostedWidget):
    """The lab widget: region, group and needle setting in; a to-scale drawing and a verdict out."""

    _esm = static_path("depth-explorer.js")
    _css = static_path("depth-explorer.css")
    data = traitlets.Dict().tag(sync=True)
    region = traitlets.Unicode("forehead").tag(sync=True)
    sex = traitlets.Unicode("women").tag(sync=True)
    depth_mm = traitlets.Float(1.0).tag(sync=True)

    def reading(self) -> LayerReading:
        """The current selection's reading, as the front-end shows it."""
        return layer_reached(self.region, self.sex, self.depth_mm)

    def fallback_html(self) -> str:
        return explorer_fallback_html(self.data)


def show_depth_explorer() -> DepthExplorer:
    """The depth-explorer lab for a lesson cell (it displays itself as the cell's result)."""
    data = explorer_data()
    return DepthExplorer(data=data, depth_mm=data["settings_mm"]["start"])
