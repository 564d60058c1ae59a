"""Lesson 1 figures and tables: facial skin thickness by region, sex and method; microchannels."""

from IPython.display import HTML, SVG

from ..course_data.skin import (
    FIGURE_SETTINGS_MM,
    DermisMeasurement,
    dermis_mm,
    load_dermis_ultrasound,
    load_epidermis_by_method,
    load_histology_extremes,
    load_microchannels,
    load_relative_index,
    region_labels,
)
from ..course_data.sources import source_label
from .lesson_output import (
    PALETTE,
    figure_as_svg,
    html_table,
    new_figure,
)


def _micrometres(value: str) -> str:
    number = float(value)
    return f"{number:,.0f}" if number.is_integer() else f"{number:,.1f}"


def _about(value: str, approximate: bool) -> str:
    return f"about {value}" if approximate else value


def dermis_table() -> HTML:
    """Meng 2022's dermis by region and sex, with units, method and source columns."""
    measurements = load_dermis_ultrasound()
    by_region: dict[str, dict[str, DermisMeasurement]] = {}
    for measurement in measurements:
        by_region.setdefault(measurement.region_id, {})[measurement.sex] = measurement
    rows = []
    for sexes in by_region.values():
        men, women = sexes["men"], sexes["women"]
        rows.append(
            [
                men.region,
                _about(f"{men.dermis_mm:.2f}", men.approximate),
                _about(f"{women.dermis_mm:.2f}", women.approximate),
                men.method,
                source_label(men.source),
            ]
        )
    participants = measurements[0].participants
    return html_table(
        ["Region", "Men (mm)", "Women (mm)", "Method", "Source"],
        rows,
        caption=f"Mean dermal thickness by ultrasound ({participants})",
    )


def histology_table() -> HTML:
    """Chopra 2015's thinnest and thickest facial layers, in µm and mm."""
    rows = [
        [
            row["layer"].capitalize(),
            row["extreme"],
            row["site"],
            f"about {_micrometres(row['thickness_um'])}",
            f"{float(row['thickness_um']) / 1000:.2f}",
            source_label(row["source"]),
        ]
        for row in load_histology_extremes()
    ]
    return html_table(
        ["Layer", "Extreme", "Site", "Thickness (µm)", "Thickness (mm)", "Source"],
        rows,
        caption=(
            "The thinnest and thickest facial skin layers on histology (39 sites, 10 cadaver heads)"
        ),
    )


def relative_index_table() -> HTML:
    """Ha 2005's relative thickness index (upper eyelid = 1.0)."""
    rows = [
        [
            row["site"],
            _about(f"{float(row['relative_index']):.1f}×", row["approximate"] == "yes"),
            source_label(row["source"]),
        ]
        for row in load_relative_index()
    ]
    return html_table(
        ["Site", "Thickness relative to upper eyelid", "Source"],
        rows,
        caption="Relative thickness index (upper-eyelid skin = 1.0)",
    )


def microchannel_table() -> HTML:
    """Kalluri 2011's channel depth and closure times (animal model)."""
    rows = []
    for row in load_microchannels():
        needle = f"{row['needle_length_um']} µm" if row["needle_length_um"] else "not stated"
        unit = "µm" if row["unit"] == "um" else row["unit"]
        rows.append(
            [
                row["measurement"],
                needle,
                _about(f"{row['value']} {unit}", row["approximate"] == "yes"),
                row["model"],
                source_label(row["source"]),
            ]
        )
    return html_table(["What was measured", "Needle length", "Result", "Model", "Source"], rows)


def dermis_by_region_figure(settings_mm: tuple[float, ...] = FIGURE_SETTINGS_MM) -> SVG:
    """Bars of mean dermis by region for men and women, dashed lines at common nominal settings."""
    measurements = load_dermis_ultrasound()
    labels = region_labels(measurements)
    # Thinnest first, so the eye reads from the eyelid downwards.
    order = sorted(
        labels, key=lambda region: dermis_mm(region, "women", measurements), reverse=True
    )
    figure = new_figure(5.2, 5.2)
    axes = figure.add_subplot()
    height = 0.38
    styles = {
        "men": {"color": PALETTE["blue"], "hatch": None, "offset": height / 2},
        "women": {"color": PALETTE["orange"], "hatch": "///", "offset": -height / 2},
    }
    for sex, style in styles.items():
        values = [dermis_mm(region, sex, measurements) for region in order]
        positions = [index + style["offset"] for index in range(len(order))]
        bars = axes.barh(
            positions,
            values,
            height=height,
            color=style["color"],
            hatch=style["hatch"],
            edgecolor=PALETTE["ink"],
            linewidth=0.6,
            label=sex.capitalize(),
        )
        value_labels = axes.bar_label(
            bars, labels=[f"{value:.2f}" for value in values], padding=3, fontsize=9
        )
        for text in value_labels:
            text.set_bbox({"facecolor": "white", "edgecolor": "none", "pad": 0.5})
    for setting in settings_mm:
        axes.axvline(setting, color=PALETTE["grey"], linestyle=(0, (4, 3)), linewidth=1, zorder=0)
        axes.text(
            setting,
            len(order) - 0.3,
            f"{setting:g} mm",
            ha="center",
            va="bottom",
            fontsize=9,
            color=PALETTE["ink"],
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
        )
    axes.set_yticks(range(len(order)), [labels[region] for region in order], fontsize=10)
    axes.set_xlim(0, max(settings_mm) + 0.25)
    axes.set_ylim(-0.7, len(order) + 0.1)
    axes.set_xlabel("Mean dermal thickness (mm), ultrasound\ndashed lines: nominal needle settings")
    axes.legend(loc="lower right", frameon=True, fontsize=9)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title(
        f"Mean dermis by region ({source_label(measurements[0].source)})\n"
        "Real penetration is usually shallower",
        fontsize=11,
    )
    return figure_as_svg(figure)


def epidermis_by_method_figure() -> SVG:
    """Facial epidermis on histology next to the ultrasound 'epidermis', and a 0.25 mm setting."""
    ranges = load_epidermis_by_method()
    figure = new_figure(4.8, 2.8)
    axes = figure.add_subplot()
    colours = [PALETTE["green"], PALETTE["purple"]]
    hatches = [None, "xx"]
    for index, row in enumerate(ranges):
        low, high = float(row["low_mm"]), float(row["high_mm"])
        axes.barh(
            index,
            high - low,
            left=low,
            height=0.5,
            color=colours[index % 2],
            hatch=hatches[index % 2],
            edgecolor=PALETTE["ink"],
            linewidth=0.6,
        )
        axes.text(
            low,
            index + 0.3,
            f"about {low:.2f}–{high:.2f} mm",
            va="bottom",
            fontsize=9,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
        )
    axes.axvline(0.25, color=PALETTE["grey"], linestyle=(0, (4, 3)), linewidth=1, zorder=0)
    axes.text(0.255, -0.55, "0.25 mm setting", ha="left", va="bottom", fontsize=9)
    axes.set_yticks(
        range(len(ranges)),
        [f"{row['method'].capitalize()}\n({source_label(row['source'])})" for row in ranges],
        fontsize=9,
    )
    axes.set_xlim(0, 0.4)
    axes.set_xticks([0, 0.1, 0.2, 0.3])
    axes.set_ylim(-0.6, len(ranges) + 0.05)
    axes.set_xlabel("Facial epidermis thickness (mm)")
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title("The same layer, measured two ways", fontsize=11)
    return figure_as_svg(figure)
