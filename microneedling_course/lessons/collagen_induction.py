"""Lesson 2 figure and tables: the wound-healing timeline and the evidence on collagen induction."""

import textwrap

from IPython.display import HTML, SVG

from ..course_data.healing import load_evidence, load_phases
from ..course_data.sources import source_label
from .lesson_output import (
    PALETTE,
    figure_as_svg,
    html_table,
    new_figure,
)

MINUTE_IN_DAYS = 1 / (24 * 60)
# Log-scale ticks in days, labelled in words a trainee uses.
TIME_TICKS = (
    (MINUTE_IN_DAYS, "1 minute"),
    (1 / 24, "1 hour"),
    (1, "1 day"),
    (7, "1 week"),
    (365, "1 year"),
)
AXIS_START_DAYS = MINUTE_IN_DAYS / 2
AXIS_END_DAYS = 900


def evidence_table() -> HTML:
    """The evidence table: study, design, size, what it found and how much weight it can bear."""
    rows = [
        [
            f"{row['study']} {row['year']}",
            f"{row['design']}; {row['participants']}; {row['indication']}",
            row["main_finding"],
            row["strength"],
        ]
        for row in load_evidence()
    ]
    return html_table(
        ["Study", "Design; who; used for", "What it found", "How much weight it bears"],
        rows,
        caption="Key evidence: studies from the strongest design down, then reviews, a hypothesis",
    )


def phases_table() -> HTML:
    """The classic phases of wound healing with their published timing and sources."""
    rows = [
        [
            phase["phase"],
            phase["when_published"],
            phase["what_happens"],
            "; ".join(source_label(key) for key in phase["sources"]),
        ]
        for phase in load_phases()
        if phase["timeline"] == "general"
    ]
    return html_table(["Phase", "When", "What happens", "Sources"], rows)


def healing_timeline_figure() -> SVG:
    """Bars of the healing phases on a log time axis: general wound biology above, vendor below."""
    phases = load_phases()
    rows = [phase for phase in phases if phase["timeline"] == "general"]
    rows += [phase for phase in phases if phase["timeline"] == "vendor"]
    figure = new_figure(5.4, 5.8)
    axes = figure.add_subplot()
    axes.set_xscale("log")
    colours = [PALETTE["vermillion"], PALETTE["orange"], PALETTE["blue"], PALETTE["green"]]
    labels = []
    for position, phase in enumerate(rows):
        y = len(rows) - position - 1 - (0 if phase["timeline"] == "general" else 1.0)
        start = max(phase["start"], AXIS_START_DAYS)
        vendor = phase["timeline"] == "vendor"
        axes.barh(
            y,
            phase["end"] - start,
            left=start,
            height=0.55,
            color="white" if vendor else colours[(phase["order"] - 1) % len(colours)],
            hatch="///" if vendor else None,
            edgecolor=PALETTE["grey"] if vendor else PALETTE["ink"],
            linewidth=0.8,
        )
        if phase["open_ended"]:
            axes.annotate(
                "",
                xy=(AXIS_END_DAYS * 0.95, y),
                xytext=(phase["end"], y),
                arrowprops={"arrowstyle": "->", "color": PALETTE["ink"], "linewidth": 1.2},
            )
        prefix = "Vendor: " if vendor else ""
        labels.append(
            (y, f"{prefix}{phase['phase']}\n" + textwrap.fill(phase["when_published"], 26))
        )
    axes.set_yticks([y for y, _ in labels], [text for _, text in labels], fontsize=8)
    axes.set_xticks(
        [tick for tick, _ in TIME_TICKS], [label for _, label in TIME_TICKS], fontsize=9
    )
    axes.minorticks_off()
    axes.set_xlim(AXIS_START_DAYS, AXIS_END_DAYS)
    general_count = sum(1 for phase in rows if phase["timeline"] == "general")
    # The vendor rows sit one row lower than their position, leaving a gap row for the label.
    gap = len(rows) - general_count - 1
    axes.axhline(gap + 0.1, color=PALETTE["grey"], linewidth=0.8)
    vendor_label = source_label(next(p for p in rows if p["timeline"] == "vendor")["sources"][0])
    axes.text(
        AXIS_START_DAYS * 1.3,
        gap - 0.05,
        f"Below: a device maker's description,\nillustrative, not measured ({vendor_label})",
        fontsize=8,
        va="top",
        style="italic",
    )
    axes.set_ylim(-0.6 - 1.0, len(rows) - 0.4)
    axes.set_xlabel("Time after injury (log scale)")
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title("Phases of wound healing\n(a vendor's description below)", fontsize=11)
    return figure_as_svg(figure)
