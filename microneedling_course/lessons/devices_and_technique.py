"""Lesson 3 figures and tables: devices, published depth ranges, RF suggestions, sessions."""

import textwrap

from IPython.display import HTML, SVG

from ..course_data.skin import load_dermis_ultrasound
from ..course_data.sources import source_label
from ..course_data.technique import (
    COMPARISON_WORDS,
    load_depth_ranges,
    load_devices,
    load_sessions,
    millimetres,
    range_words,
)
from .lesson_output import (
    PALETTE,
    figure_as_svg,
    html_table,
    new_figure,
)


def _sources(keys) -> str:
    return "; ".join(source_label(key) for key in keys)


def device_table() -> HTML:
    """The device families: how each works and what sets it apart."""
    rows = [
        [
            family["name"],
            "RF (adds heat)" if family["kind"] == "rf" else "mechanical",
            family["how_it_works"],
            " ".join(family["features"]),
            _sources(family["sources"]),
        ]
        for family in load_devices()
    ]
    return html_table(["Device", "Type", "How it works", "Key features", "Sources"], rows)


def depth_range_table() -> HTML:
    """Published depth ranges by indication, with the strength of each and its sources."""
    rows = []
    for indication in load_depth_ranges()["indications"]:
        median = indication.get("median_mm")
        rows.append(
            [
                indication["name"],
                range_words(indication),
                f"{millimetres(median)} mm ({source_label(indication['median_source'])})"
                if median
                else "not reported",
                indication["evidence"],
                _sources(indication["sources"]),
            ]
        )
    return html_table(
        ["Indication", "Published range (nominal)", "Median across studies", "How firm", "Sources"],
        rows,
        caption="Published ranges, not validated settings",
    )


def rf_expert_depth_table() -> HTML:
    """One review's RF-microneedling depth suggestions by site (expert opinion, level 5)."""
    suggestions = load_depth_ranges()["rf_site_suggestions"]
    label = source_label(suggestions["source"])
    rows = []
    for site in suggestions["sites"]:
        words = COMPARISON_WORDS[site["comparison"]]
        depth = f"{words} {millimetres(site['depth_mm'])} mm".strip()
        if site["comparison"] == "maximum":
            depth = f"{millimetres(site['depth_mm'])} mm (stated as the RF maximum)"
        rows.append(
            [site["site"], depth, f"expert opinion (level {suggestions['evidence_level']})", label]
        )
    return html_table(
        ["Site", "Suggested RF depth", "Evidence", "Source"],
        rows,
        caption="RF microneedling only; device-specific; not for mechanical pens",
    )


def sessions_table() -> HTML:
    """How many sessions, how far apart, in the studies the course cites."""
    rows = [
        [row["context"], row["sessions"], row["interval"], source_label(row["source"])]
        for row in load_sessions()
    ]
    return html_table(["Study or review", "Sessions", "Interval", "Source"], rows)


def depth_ranges_figure() -> SVG:
    """Published ranges by indication as bars, against the band of mean facial dermis."""
    indications = load_depth_ranges()["indications"]
    dermis = load_dermis_ultrasound()
    thinnest = min(dermis, key=lambda measurement: measurement.dermis_mm)
    thickest = max(dermis, key=lambda measurement: measurement.dermis_mm)
    figure = new_figure(5.2, 3.9)
    axes = figure.add_subplot()
    axes.axvspan(
        thinnest.dermis_mm, thickest.dermis_mm, color=PALETTE["grey"], alpha=0.15, zorder=0
    )
    axes.text(
        (thinnest.dermis_mm + thickest.dermis_mm) / 2,
        len(indications) - 0.35,
        f"mean facial dermis\n{thinnest.dermis_mm:.2f}-{thickest.dermis_mm:.2f} mm\n"
        f"({thinnest.region.lower()} to {thickest.region.lower()})",
        ha="center",
        va="bottom",
        fontsize=9,
    )
    for index, indication in enumerate(reversed(indications)):
        low, high = indication["usual_mm"]
        axes.barh(
            index,
            high - low,
            left=low,
            height=0.45,
            color=PALETTE["blue"],
            edgecolor=PALETTE["ink"],
            linewidth=0.6,
            label="usual published range" if index == 0 else None,
        )
        extra = indication.get("occasional_max_mm")
        if extra:
            axes.barh(
                index,
                extra - high,
                left=high,
                height=0.45,
                color="white",
                hatch="///",
                edgecolor=PALETTE["blue"],
                linewidth=0.6,
                label="occasional, on thicker skin",
            )
        if indication.get("median_mm"):
            axes.plot(
                indication["median_mm"],
                index,
                marker="D",
                color=PALETTE["orange"],
                markeredgecolor=PALETTE["ink"],
                markersize=8,
                linestyle="none",
                label=f"median across studies ({source_label(indication['median_source'])})",
            )
    axes.set_yticks(
        range(len(indications)),
        [textwrap.fill(item["name"], 22) for item in reversed(indications)],
        fontsize=10,
    )
    axes.set_xlim(0, 3.0)
    axes.set_ylim(-0.6, len(indications) + 0.7)
    axes.set_xlabel(
        "Nominal needle setting (mm)\n"
        f"grey band: mean facial dermis ({source_label(thinnest.source)})",
        fontsize=9,
    )
    axes.legend(loc="lower right", fontsize=8, frameon=True)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title(
        "Published depth ranges by indication\n(not validated settings)",
        fontsize=11,
    )
    return figure_as_svg(figure)
