"""Lesson 6 figure and table: a dated timeline of microneedling rules (data/regulation)."""

import textwrap
from datetime import date

from IPython.display import HTML, SVG

from ..course_data.regulation import load_timeline
from ..course_data.sources import source_label
from .lesson_output import (
    PALETTE,
    figure_as_svg,
    html_table,
    new_figure,
)

# Marker and colour per jurisdiction, so the figure never relies on colour alone.
JURISDICTION_STYLE = {
    "US (federal)": ("o", PALETTE["blue"]),
    "US: Nebraska": ("s", PALETTE["purple"]),
    "England": ("D", PALETTE["orange"]),
    "Scotland": ("^", PALETTE["green"]),
}


def date_text(row: dict) -> str:
    """The date as precisely as the source gives it: '8 Jun 2018', 'Feb 2007' or '2022'."""
    when = row["when"]
    if row["date_precision"] == "year":
        return str(when.year)
    if row["date_precision"] == "month":
        return when.strftime("%b %Y")
    return f"{when.day} {when.strftime('%b %Y')}"


def regulation_timeline_figure(rows: list[dict] | None = None) -> SVG:
    """One row per dated rule or communication, placed on a time axis, marked by jurisdiction."""
    rows = rows or load_timeline()
    figure = new_figure(4.4, 0.62 * len(rows) + 1.8)
    axes = figure.add_subplot()
    seen = {}
    for index, row in enumerate(rows):
        marker, colour = JURISDICTION_STYLE[row["jurisdiction"]]
        point = axes.scatter(row["when"], index, marker=marker, s=70, color=colour, zorder=3)
        seen.setdefault(row["jurisdiction"], point)
    axes.set_yticks(
        range(len(rows)),
        [f"{date_text(row)}\n{textwrap.fill(row['short_label'], 24)}" for row in rows],
        fontsize=10,
    )
    axes.invert_yaxis()
    first, last = rows[0]["when"].year, rows[-1]["when"].year
    axes.set_xlim(date(first - 1, 1, 1), date(last + 1, 12, 31))
    ticks = [date(year, 1, 1) for year in range(first - first % 10 + 10, last + 2, 10)]
    axes.set_xticks(ticks, [str(tick.year) for tick in ticks], fontsize=10)
    axes.grid(color="#E3E3E3", linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.legend(
        list(seen.values()),
        list(seen),
        loc="outside lower center",
        ncols=2,
        fontsize=10.5,
        frameon=False,
    )
    return figure_as_svg(figure)


def regulation_timeline_table(rows: list[dict] | None = None) -> HTML:
    """The timeline as a table: date, jurisdiction, what happened, what to re-check, source."""
    rows = rows or load_timeline()
    return html_table(
        ["Date", "Where", "What happened", "Check before relying on it", "Source"],
        [
            [
                date_text(row),
                row["jurisdiction"],
                f"{row['instrument']}: {row['event']}",
                row["status_note"] or "Check current local law.",
                source_label(row["source"]),
            ]
            for row in rows
        ],
        caption="Dated and jurisdiction-specific: check current local law.",
    )
