"""Lesson figures and data tables as display objects that read well in JupyterLab and online."""

import hashlib
import html
import io

from IPython.display import HTML, SVG
from matplotlib import rc_context
from matplotlib.figure import Figure

# One palette for every lesson figure: Okabe-Ito colours stay distinguishable with colour-vision
# deficiency, and every figure also separates series by hatch or label, never by colour alone.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#6E6E6E",
    "ink": "#1A1A1A",
}


def new_figure(width_in: float, height_in: float) -> Figure:
    """A figure that is never registered with pyplot, so the notebook shows it exactly once."""
    figure = Figure(figsize=(width_in, height_in), layout="constrained")
    figure.patch.set_facecolor("white")
    return figure


def figure_as_svg(figure: Figure) -> SVG:
    """The figure as scalable SVG (sharp on phones and zoomed); text as paths, so no web fonts."""
    buffer = io.BytesIO()
    # A fixed salt makes the SVG's internal ids, so its bytes and its file name on the site, the
    # same on every build: a reader's browser keeps the cached figure after a redeploy.
    with rc_context({"svg.hashsalt": "microneedling-course"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return SVG(data=buffer.getvalue().decode("utf-8"))


def html_table(columns: list[str], rows: list[list[str]], caption: str | None = None) -> HTML:
    """An escaped HTML table in a horizontal-scroll box, so it never breaks a phone layout.

    A caption sits outside the scroll box (a figure's figcaption), so on a phone it wraps
    instead of being cut off at the box's edge, and it names the box and the table.
    """
    head = "".join(f'<th scope="col">{html.escape(str(column))}</th>' for column in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>"
        for row in rows
    )
    if caption:
        caption_id = _table_id(columns, rows, caption)
        named = f'aria-labelledby="{caption_id}"'
    else:
        named = 'aria-label="{}"'.format(
            html.escape("Table: " + ", ".join(str(column) for column in columns))
        )
    # The table is named by its caption too, as a <caption> would; an uncaptioned one is not.
    table_name = f" {named}" if caption else ""
    # A scroll box must be reachable by keyboard (WCAG 2.1.1; axe scrollable-region-focusable),
    # so it is a focusable, named region.
    scroll_box = (
        f'<div class="mnc-table-scroll" role="region" tabindex="0" {named} '
        'style="overflow-x:auto;max-width:100%">'
        f'<table class="table mnc-data-table"{table_name}>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )
    if not caption:
        return HTML(scroll_box)
    # Inline styles, so the table looks the same in JupyterLab (no course CSS) and on the site.
    return HTML(
        '<figure class="mnc-table" style="margin:0 0 1rem;padding:0;max-width:100%">'
        f'<figcaption id="{caption_id}" style="overflow-wrap:anywhere">'
        f"{html.escape(caption)}</figcaption>{scroll_box}</figure>"
    )


def _table_id(columns: list[str], rows: list[list[str]], caption: str) -> str:
    # Derived from the table's content, so a notebook's output is the same on every run and two
    # tables on one page get different ids.
    content = repr((caption, [str(column) for column in columns], rows)).encode("utf-8")
    return "mnc-table-" + hashlib.sha256(content).hexdigest()[:12]
