"""The treatment-plan checker lab (lesson 3): a setting against published ranges and skin data."""

import html
from dataclasses import dataclass

import traitlets

from ..core.paths import static_path
from ..course_data.skin import load_dermis_ultrasound, load_explorer_settings
from ..course_data.sources import source_labels
from ..course_data.technique import (
    COMPARISON_WORDS,
    load_depth_ranges,
    load_devices,
    millimetres,
    range_words,
)
from ..quiz.hosting import HostedWidget
from .depth_explorer import (
    LayerReading,
    describe_reading,
    layer_reached,
    regions_with_below_dermis,
)

# Settings are typed or slid in 0.05 mm steps; a tolerance keeps 1.0 from reading as 0.9999999.
TOLERANCE_MM = 1e-6
# "outside-site-practice": a site note (the eyelid) overrides the indication's range when the
# nominal tip would pass the dermis there (data/technique/depth_ranges.yml, site_notes).
RANGE_VERDICTS = ("below", "within", "above-usual", "above", "outside-site-practice")
RANGE_WORDS = {
    "below": "below the published range",
    "within": "within the published range",
    "above-usual": "above the usual range, within its occasional upper end",
    "above": "above the published range",
    "outside-site-practice": "outside published practice for this site",
}
RF_WORDS = {
    "below": "is below this suggestion",
    "matches": "matches this suggestion",
    "above": "is above this suggestion",
    "meets-minimum": "meets this suggested minimum",
    "within-maximum": "is within this stated maximum",
    "above-maximum": "is above this stated maximum",
}
PENETRATION_WORDS = (
    " The setting is nominal: real penetration is usually shallower, by an amount that varies,"
    " so the difference is not a safety margin."
)
# Worked examples shown to readers without JavaScript (region, sex, indication, device, mm).
FALLBACK_EXAMPLES = (
    ("eyelid", "women", "fine-lines", "pen", 1.0),
    ("forehead", "men", "acne-scars", "pen", 1.5),
    ("zygoma", "women", "acne-scars", "roller", 2.5),
    ("forehead", "women", "acne-scars", "rf", 1.0),
)
RF_VERDICTS = (
    "below",
    "matches",
    "above",
    "meets-minimum",
    "within-maximum",
    "above-maximum",
    "no-suggestion",
)


@dataclass(frozen=True)
class PlanCheck:
    """What the published ranges and the lesson-1 thickness data say about one planned setting."""

    region_id: str
    sex: str
    indication_id: str
    device_id: str
    setting_mm: float
    range_verdict: str
    layer: LayerReading
    device_length_verdict: str
    rf_verdict: str | None
    rf_site: str | None
    notes: tuple[str, ...]
    sources: tuple[str, ...]
    # Site-specific words for the range verdict (the eyelid's), or None for RANGE_WORDS.
    range_text: str | None = None


def range_verdict(setting_mm: float, indication: dict) -> str:
    """below / within / above-usual (within an occasional upper end) / above a published range."""
    low, high = indication["usual_mm"]
    if setting_mm < low - TOLERANCE_MM:
        return "below"
    if setting_mm <= high + TOLERANCE_MM:
        return "within"
    extra = indication.get("occasional_max_mm")
    if extra is not None and setting_mm <= extra + TOLERANCE_MM:
        return "above-usual"
    return "above"


def rf_verdict(setting_mm: float, suggestion: dict | None) -> str:
    """How a setting compares with one RF site suggestion ('at least', 'about' or 'maximum')."""
    if suggestion is None:
        return "no-suggestion"
    depth = suggestion["depth_mm"]
    if suggestion["comparison"] == "at-least":
        return "meets-minimum" if setting_mm >= depth - TOLERANCE_MM else "below"
    if suggestion["comparison"] == "maximum":
        return "within-maximum" if setting_mm <= depth + TOLERANCE_MM else "above-maximum"
    if abs(setting_mm - depth) <= TOLERANCE_MM:
        return "matches"
    return "below" if setting_mm < depth else "above"


def device_length_verdict(setting_mm: float, device: dict) -> str:
    """Whether a setting lies within the needle lengths published for a device type."""
    lengths = device.get("needle_length_mm")
    if not lengths:
        return "not-published"
    low, high = lengths
    return "within" if low - TOLERANCE_MM <= setting_mm <= high + TOLERANCE_MM else "outside"


def _by_id(items: list[dict], item_id: str, what: str) -> dict:
    for item in items:
        if item["id"] == item_id:
            return item
    raise KeyError(f"unknown {what} {item_id!r}; known: {[item['id'] for item in items]}")


def _rf_suggestion(region_id: str, ranges: dict) -> dict | None:
    for site in ranges["rf_site_suggestions"]["sites"]:
        if region_id in site["regions"]:
            return site
    return None


def check_plan(region: str, sex: str, indication: str, device: str, setting_mm: float) -> PlanCheck:
    """Compare a planned nominal setting with the indication's published range and the dermis.

    Never a recommendation: it reports what the data files say. The static front-end
    (static/treatment-plan.js, checkPlan) makes the same comparisons in the same order.
    """
    ranges = load_depth_ranges()
    devices = load_devices()
    reading = layer_reached(region, sex, setting_mm)
    chosen_indication = _by_id(ranges["indications"], indication, "indication")
    chosen_device = _by_id(devices, device, "device")
    setting = reading.depth_mm
    notes = [chosen_device["plan_note"]] if chosen_device.get("plan_note") else []
    sources = list(chosen_indication["sources"]) + list(chosen_device["sources"])
    length_verdict = device_length_verdict(setting, chosen_device)
    if length_verdict == "outside":
        low, high = chosen_device["needle_length_mm"]
        notes.append(
            "Published needle lengths for this device type are about "
            f"{millimetres(low)}-{millimetres(high)} mm."
        )
    verdict = range_verdict(setting, chosen_indication)
    range_text = None
    for site_note in ranges["site_notes"]:
        if reading.region_id in site_note["regions"]:
            notes.append(site_note["note"])
            sources.extend(site_note["sources"])
            # A site where published practice differs (the eyelid) overrides the indication's range.
            if reading.passes_dermis and site_note.get("range_verdict_if_tip_passes_dermis"):
                verdict = site_note["range_verdict_if_tip_passes_dermis"]
            range_text = (site_note.get("range_words") or {}).get(verdict) or range_text
    verdict_rf = site_rf = None
    if chosen_device["kind"] == "rf":
        suggestion = _rf_suggestion(reading.region_id, ranges)
        verdict_rf = rf_verdict(setting, suggestion)
        site_rf = suggestion["site"] if suggestion else None
        notes.append(ranges["rf_note"])
        sources.append(ranges["rf_site_suggestions"]["source"])
        if reading.passes_dermis and chosen_device.get("deep_note"):
            notes.append(chosen_device["deep_note"])
    notes.append(ranges["always_note"])
    sources.append(load_dermis_ultrasound()[0].source)
    return PlanCheck(
        region_id=reading.region_id,
        sex=sex,
        indication_id=chosen_indication["id"],
        device_id=chosen_device["id"],
        setting_mm=setting,
        range_verdict=verdict,
        layer=reading,
        device_length_verdict=length_verdict,
        rf_verdict=verdict_rf,
        rf_site=site_rf,
        notes=tuple(" ".join(note.split()) for note in notes),
        sources=tuple(dict.fromkeys(sources)),
        range_text=range_text,
    )


def planner_data() -> dict:
    """Everything the front-end needs, JSON-safe: regions, indications, devices, RF table, notes."""
    measurements = load_dermis_ultrasound()
    ranges = load_depth_ranges()
    devices = load_devices()
    settings = load_explorer_settings()
    regions = regions_with_below_dermis(measurements)
    keys = set()
    for indication in ranges["indications"]:
        keys.update(indication["sources"])
    for device in devices:
        keys.update(device["sources"])
    for site_note in ranges["site_notes"]:
        keys.update(site_note["sources"])
    keys.add(ranges["rf_site_suggestions"]["source"])
    keys.add(measurements[0].source)
    return {
        "regions": regions,
        "sexes": ["women", "men"],
        "epidermis_mm": float(settings["epidermis_drawn_mm"]["value"]),
        "settings_mm": {
            key: float(settings["settings_mm"][key]) for key in ("min", "max", "step", "start")
        },
        "tolerance_mm": TOLERANCE_MM,
        "indications": ranges["indications"],
        "devices": [
            {
                key: device.get(key)
                for key in (
                    "id",
                    "name",
                    "kind",
                    "needle_length_mm",
                    "plan_note",
                    "deep_note",
                    "sources",
                )
            }
            for device in devices
        ],
        "site_notes": ranges["site_notes"],
        "rf_site_suggestions": ranges["rf_site_suggestions"],
        "rf_note": " ".join(ranges["rf_note"].split()),
        "always_note": " ".join(ranges["always_note"].split()),
        "dermis_source": measurements[0].source,
        "source_labels": source_labels(sorted(keys)),
    }


def plan_summary(check: PlanCheck, data: dict | None = None) -> list[str]:
    """The checker's findings as plain sentences, worded exactly as the front-end words them."""
    data = data or planner_data()
    indication = next(item for item in data["indications"] if item["id"] == check.indication_id)
    setting = f"{check.setting_mm:.2f} mm"
    range_line = (
        f"Published range for {indication['name'].lower()}: {range_words(indication)}. "
        f"A {setting} setting is {check.range_text or RANGE_WORDS[check.range_verdict]}."
    )
    if indication.get("median_mm"):
        range_line += (
            f" The median across studies was {millimetres(indication['median_mm'])} mm "
            f"({data['source_labels'][indication['median_source']]})."
        )
    reading = check.layer
    about = "about " if reading.dermis_approximate else ""
    lines = [
        range_line,
        f"{reading.region}, {reading.sex}: average dermis {about}{reading.dermis_mm:.2f} mm "
        f"on ultrasound ({data['source_labels'][data['dermis_source']]}). "
        + describe_reading(reading)
        + (PENETRATION_WORDS if reading.passes_dermis else ""),
    ]
    if check.rf_verdict == "no-suggestion":
        lines.append("The RF review used in this course gives no suggestion for this region.")
    elif check.rf_verdict is not None:
        site = next(
            item for item in data["rf_site_suggestions"]["sites"] if item["site"] == check.rf_site
        )
        words = COMPARISON_WORDS[site["comparison"]]
        depth = f"{words} {millimetres(site['depth_mm'])} mm".strip()
        lines.append(
            f"One review suggests {depth} for RF microneedling on the {site['site'].lower()} "
            f"({data['source_labels'][data['rf_site_suggestions']['source']]}, expert opinion). "
            f"This setting {RF_WORDS[check.rf_verdict]}."
        )
    return lines


def plan_fallback_html(data: dict) -> str:
    """Escaped HTML for readers without JavaScript: the published ranges and worked examples."""
    ranges = "".join(
        f"<li>{html.escape(item['name'])}: {html.escape(range_words(item))}</li>"
        for item in data["indications"]
    )
    examples = []
    for region, sex, indication, device, setting in FALLBACK_EXAMPLES:
        check = check_plan(region, sex, indication, device, setting)
        device_name = next(item["name"] for item in data["devices"] if item["id"] == device)
        title = (
            f"{check.layer.region}, {sex}, "
            f"{next(i['name'] for i in data['indications'] if i['id'] == indication).lower()}, "
            f"{device_name.lower()}, {setting:.2f} mm"
        )
        lines = "".join(f"<li>{html.escape(line)}</li>" for line in plan_summary(check, data))
        notes = "".join(f"<li>{html.escape(note)}</li>" for note in check.notes)
        examples.append(
            f"<details><summary>{html.escape(title)}</summary><ul>{lines}</ul>"
            f"<p>Notes:</p><ul>{notes}</ul></details>"
        )
    return (
        '<div class="mnc-plan-fallback">'
        "<p><strong>Treatment-plan checker.</strong> "
        f"{html.escape(data['always_note'])}</p>"
        f"<p>Published ranges (nominal settings):</p><ul>{ranges}</ul>"
        f"<p>Worked examples:</p>{''.join(examples)}</div>"
    )


class TreatmentPlanChecker(HostedWidget):
    """The lab widget: region, group, indication, device and setting in; findings out."""

    _esm = static_path("treatment-plan.js")
    _css = static_path("treatment-plan.css")
    data = traitlets.Dict().tag(sync=True)
    region = traitlets.Unicode("forehead").tag(sync=True)
    sex = traitlets.Unicode("women").tag(sync=True)
    indication = traitlets.Unicode("acne-scars").tag(sync=True)
    device = traitlets.Unicode("pen").tag(sync=True)
    setting_mm = traitlets.Float(1.5).tag(sync=True)

    def check(self) -> PlanCheck:
        """The current selection checked, as the front-end shows it."""
        return check_plan(self.region, self.sex, self.indication, self.device, self.setting_mm)

    def fallback_html(self) -> str:
        return plan_fallback_html(self.data)


def show_treatment_plan() -> TreatmentPlanChecker:
    """The treatment-plan checker for a lesson cell (it displays itself as the cell's result)."""
    return TreatmentPlanChecker(data=planner_data())
