"""The progress notebook's links to lessons, as an output JupyterLab opens in place.

JupyterLab opens a link inside its own window only when the link is in rendered Markdown or in
an HTML output: a link inside a widget's DOM opens a second JupyterLab in a new browser tab. So
in JupyterLab the progress widget shows lesson names as text, and the kernel writes the same
links into a plain HTML output below it. A link to a lesson section names the notebook cell that
holds the section's anchor (`#cell-id=...`): JupyterLab scrolls a notebook it has only just
opened to a cell id, while it looks other fragments up before the lesson is rendered.
"""

import html
import json
from pathlib import Path

_CELL_FRAGMENT = "cell-id="


def cell_fragment(href: str, base: Path) -> str:
    """`lesson.ipynb#section` pointed at the cell of the trainee-edition notebook whose Markdown
    holds `<a id="section">`; the href as it was when there is no such notebook or cell."""
    path, _, section = href.partition("#")
    if not section or section.startswith(_CELL_FRAGMENT):
        return href
    try:
        notebook = json.loads((base / path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return href
    anchor = f'<a id="{section}"></a>'
    for cell in notebook.get("cells", []):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        if cell.get("cell_type") == "markdown" and anchor in source and cell.get("id"):
            return f"{path}#{_CELL_FRAGMENT}{cell['id']}"
    return href


def lesson_links_html(summary: dict, course: dict, base: Path) -> str:
    """Every lesson, then the objectives worth another look, as links (relative .ipynb hrefs
    from the progress notebook's folder, `base`)."""

    def link(item: dict) -> str:
        href = cell_fragment(item.get("live_href") or item["href"], base)
        text = html.escape(item.get("text") or item["title"])
        return f'<a href="{html.escape(href, quote=True)}">{text}</a>'

    lessons = "".join(f"<li>{link(module)}</li>" for module in course["modules"])
    parts = [
        '<section class="mnc-lesson-links">',
        "<h3>Open a lesson</h3>",
        f"<ul>{lessons}</ul>",
    ]
    review = [
        (course["objectives"][objective], len(questions))
        for objective, questions in summary.get("review", {}).items()
        if objective in course["objectives"]
    ]
    if review:
        items = "".join(
            f"<li>{link(objective)} ({count} question{'' if count == 1 else 's'})</li>"
            for objective, count in review
        )
        parts += [
            "<h3>Worth another look: the lesson sections</h3>",
            "<p>Each link opens the lesson section that teaches an objective you answered "
            "wrongly or only partly.</p>",
            f"<ul>{items}</ul>",
        ]
    parts.append("</section>")
    return "".join(parts)
