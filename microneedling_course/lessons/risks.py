"""Lesson 5 figure: where each screening finding in data/screening/rules.yml lands."""

import textwrap

from IPython.display import SVG

from ..course_data.screening import load_rules
from .lesson_output import PALETTE, figure_as_svg, new_figure

# One marker per decision so the figure never relies on colour alone.
DECISION_STYLE = {
    "proceed": ("o", PALETTE["green"]),
    "proceed-with-precautions": ("s", PALETTE["blue"]),
    "defer": ("D", PALETTE["orange"]),
    "refer": ("^", PALETTE["vermillion"]),
}


def decision_map_figure(rules: dict | None = None) -> SVG:
    """A dot chart: one row per screening finding, its dot in the column of its decision."""
    rules = rules or load_rules()
    decisions = [d["id"] for d in rules["decisions"]]
    labels = {d["id"]: d.get("short", d["label"]) for d in rules["decisions"]}
    findings = sorted(rules["findings"], key=lambda f: (decisions.index(f["decision"]), f["label"]))
    # Each decision column is about 0.85 in wide, so its heading (wrapped to two short lines)
    # never meets its neighbour's (tests/content checks that no two labels overlap).
    figure = new_figure(2.2 + 0.85 * len(decisions), 0.36 * len(findings) + 1.6)
    axes = figure.add_subplot()
    for row, finding in enumerate(findings):
        marker, colour = DECISION_STYLE[finding["decision"]]
        axes.scatter(decisions.index(finding["decision"]), row, marker=marker, s=70, color=colour)
    axes.set_yticks(
        range(len(findings)),
        [textwrap.fill(f.get("short", f["label"]), 24) for f in findings],
        fontsize=10.5,
    )
    axes.invert_yaxis()
    axes.set_xticks(
        range(len(decisions)),
        [textwrap.fill(labels[d], width=11) for d in decisions],
        fontsize=9.5,
    )
    axes.xaxis.tick_top()
    axes.set_xlim(-0.5, len(decisions) - 0.5)
    axes.grid(color="#E3E3E3", linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("right", "bottom"):
        axes.spines[side].set_visible(False)
    axes.set_xlabel("Less restrictive  →  more restrictive", fontsize=10)
    return figure_as_svg(figure)
