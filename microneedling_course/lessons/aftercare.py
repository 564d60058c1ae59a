"""Lesson 4 figure and tables: expected course, what to avoid and warning signs (data/aftercare)."""

import textwrap

from IPython.display import HTML, SVG

from ..course_data.aftercare import load_aftercare_data, urgency_levels
from ..course_data.sources import source_label
from .lesson_output import PALETTE, figure_as_svg, html_table, new_figure

FIGURE_LAST_DAY = 10
# Narrow figures with large type stay readable when a phone scales them to its width.
FIGURE_WIDTH_IN = 4.4
LABEL_WRAP = 18


def aftercare_timeline_figure(data: dict | None = None) -> SVG:
    """A day-by-day chart of the expected course and of what to avoid for how long."""
    data = data or load_aftercare_data()
    course, avoid = data["course"], data["avoid"]
    rows = []  # (label, start_day, end_day, style); label None continues the row above
    for stage in course["stages"]:
        if stage["to_day"] is None:
            continue
        # A same-day stage ("straight after") is drawn as half a day so that it is visible.
        end = stage["to_day"] if stage["to_day"] > stage["from_day"] else stage["from_day"] + 0.5
        rows.append((stage["label"], stage["from_day"], end, "course"))
    for item in avoid["items"]:
        label = f"Avoid {item['short']}"
        if item.get("until") == "healed":
            rows.append((label + " (until healed)", 0, course["healing_window_days"], "avoid"))
            continue
        shortest, longest = (hours / 24 for hours in item["typical_hours"])
        rows.append((label, 0, shortest, "avoid"))
        if longest > shortest:
            rows.append((None, shortest, longest, "ends"))

    styles = {
        "course": {"color": PALETTE["blue"], "hatch": None, "name": "Expected course"},
        "avoid": {"color": PALETTE["vermillion"], "hatch": None, "name": "Avoid"},
        "ends": {"color": "#F6C7A8", "hatch": "///", "name": "Typical period ends"},
    }
    labelled = [row for row in rows if row[0]]
    figure = new_figure(FIGURE_WIDTH_IN, 0.55 * len(labelled) + 1.8)
    axes = figure.add_subplot()
    y_of: dict[str, int] = {}
    drawn = {}
    for label, start, end, style in rows:
        if label:
            y_of[label] = len(y_of)
        bars = axes.barh(
            len(y_of) - 1,
            end - start,
            left=start,
            height=0.6,
            color=styles[style]["color"],
            hatch=styles[style]["hatch"],
            edgecolor=PALETTE["ink"] if style == "ends" else "none",
            linewidth=0.6,
        )
        drawn.setdefault(style, bars)
    axes.set_yticks(
        range(len(y_of)), [textwrap.fill(label, LABEL_WRAP) for label in y_of], fontsize=11
    )
    axes.invert_yaxis()
    axes.set_xlim(0, FIGURE_LAST_DAY)
    axes.set_xticks([0, 1, 2, 3, 5, 7, 10])
    axes.tick_params(axis="x", labelsize=11)
    axes.set_xlabel("Days after treatment", fontsize=11)
    axes.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.legend(
        [drawn[style] for style in styles],
        [styles[style]["name"] for style in styles],
        loc="outside lower center",
        ncols=2,
        fontsize=10.5,
        frameon=False,
    )
    return figure_as_svg(figure)


STANDARD_PRACTICE_SOURCE = "Standard practice (no published source in this course)"


def warning_signs_table(data: dict | None = None) -> HTML:
    """The warning-signs table: sign, possible cause, how soon, what to do, and sources."""
    data = data or load_aftercare_data()
    signs = data["signs"]
    levels = urgency_levels(signs)
    rows = [
        [
            sign["sign"],
            sign["possible_cause"],
            ("⚠ " if sign["urgency"] == "urgent" else "") + levels[sign["urgency"]]["label"],
            levels[sign["urgency"]]["action"],
            "; ".join(source_label(key) for key in sign["sources"]) or STANDARD_PRACTICE_SOURCE,
        ]
        for sign in signs["signs"]
    ]
    return html_table(
        ["Sign", "Possible cause", "How soon", "What to do", "Sources"],
        rows,
        caption=(
            "Signs after microneedling that need medical review, most urgent first "
            "(education, not diagnosis; how soon is standard practice)."
        ),
    )


def avoid_table(data: dict | None = None) -> HTML:
    """What to avoid and for how long (typical periods), with the reason and its sources."""
    data = data or load_aftercare_data()
    rows = [
        [
            item["avoid"],
            item["period_text"],
            item["why"],
            "; ".join(source_label(key) for key in item["why_sources"]),
        ]
        for item in data["avoid"]["items"]
    ]
    return html_table(
        ["Avoid", "Typical period", "Why", "Source for the reason"],
        rows,
        caption="Typical periods from clinic protocols and expert opinion, not trial results.",
    )
