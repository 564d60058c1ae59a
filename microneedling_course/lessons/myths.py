"""Lesson 7 figure and the "Claims and evidence" page, both generated from data/claims."""

import textwrap
from collections import Counter
from pathlib import Path

from IPython.display import SVG

from ..core.paths import repo_root
from ..course_data.claims import load_claims
from .lesson_output import PALETTE, figure_as_svg, new_figure

CATEGORY_HATCH = {
    "correct": "",
    "needs-caveat": "..",
    "partly-supported": "//",
    "misstated": "xx",
    "wrong-or-unsupported": "\\\\",
}
CATEGORY_COLOUR = {
    "correct": PALETTE["green"],
    "needs-caveat": PALETTE["blue"],
    "partly-supported": PALETTE["orange"],
    "misstated": PALETTE["purple"],
    "wrong-or-unsupported": PALETTE["vermillion"],
}


def verdict_counts(data: dict | None = None) -> list[tuple[str, str, int]]:
    """(category id, label, number of claims) for every category, in the data's order."""
    data = data or load_claims()
    counts = Counter(claim["category"] for claim in data["claims"])
    return [(c["id"], c["label"], counts.get(c["id"], 0)) for c in data["categories"]]


def verdict_figure(data: dict | None = None) -> SVG:
    """A bar chart of how many of the commissioned material's claims got each verdict."""
    data = data or load_claims()
    counts = verdict_counts(data)
    figure = new_figure(4.4, 3.6)
    axes = figure.add_subplot()
    for row, (category, _label, count) in enumerate(counts):
        axes.barh(
            row,
            count,
            height=0.6,
            color=CATEGORY_COLOUR[category],
            hatch=CATEGORY_HATCH[category],
            edgecolor="white",
        )
        axes.text(count + 0.2, row, str(count), va="center", fontsize=11)
    axes.set_yticks(
        range(len(counts)), [textwrap.fill(label, 14) for _id, label, _count in counts], fontsize=11
    )
    axes.invert_yaxis()
    axes.set_xlim(0, max(count for *_rest, count in counts) + 2)
    axes.set_xlabel(f"Number of claims (of {len(data['claims'])})", fontsize=11)
    axes.tick_params(axis="x", labelsize=10)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure_as_svg(figure)


# Lesson labels start with their lesson's word, so a claim's "taught in" link can name the lesson.
LESSON_OF_LABEL = {
    "aftercare-": "notebooks/04-aftercare",
    "risks-": "notebooks/05-risks-and-contraindications",
    "regulation-": "notebooks/06-regulation-and-safe-practice",
    "myths-": "notebooks/07-myths-and-evidence",
}


def _where_taught(claim: dict) -> str:
    links = []
    for place in claim.get("taught_in", []):
        if "ref" not in place:
            links.append(f"{{doc}}`/{place['doc']}`")
            continue
        lesson = next(
            (doc for prefix, doc in LESSON_OF_LABEL.items() if place["ref"].startswith(prefix)),
            None,
        )
        section = f"{{ref}}`{place['ref']}`"
        links.append(f"{{doc}}`/{lesson}`, {section}" if lesson else section)
    return "; ".join(links)


def render_claims_page(data: dict | None = None) -> str:
    """The MyST text of book/claims-and-evidence.md: a summary table, then each claim in turn."""
    data = data or load_claims()
    labels = {c["id"]: c["label"] for c in data["categories"]}
    lines = [
        "# Claims and evidence",
        "",
        "<!-- Generated from data/claims/claims.yml by "
        "microneedling_course.lessons.myths.write_claims_page(); edit the data, not this page. -->",
        "",
        "The course was commissioned with three short articles about microneedling, "
        "called S1, S2 and S3 below.",
        f"This page answers their {len(data['claims'])} main claims one by one, "
        "beside the evidence.",
        "Each verdict is the course's reading of the published evidence, with its sources.",
        "Lesson 7, {doc}`/notebooks/07-myths-and-evidence`, works through the most common myths.",
        "This page is education, not medical advice: see the [disclaimer](disclaimer.md).",
        "",
        "## Summary",
        "",
        "| # | Claim | Verdict |",
        "|---|---|---|",
    ]
    for claim in data["claims"]:
        lines.append(
            f"| [{claim['number']}](claim-{claim['number']}) "
            f"| {claim['claim']} | {claim['verdict']} |"
        )
    lines += ["", "## Claim by claim", ""]
    for claim in data["claims"]:
        lines += [
            f"(claim-{claim['number']})=",
            f"### {claim['number']}. {claim['claim']}",
            "",
            f"**Verdict:** {claim['verdict']}.",
            f"Made in seed article {claim['seed']}; counted in lesson 7's figure as "
            f"*{labels[claim['category']].lower()}*.",
            "",
        ]
        lines += [f"- {sentence}" for sentence in claim["evidence"]]
        taught = _where_taught(claim)
        if taught:
            lines += ["", f"Taught in: {taught}."]
        lines.append("")
    lines += [
        "## References",
        "",
        "```{bibliography}",
        ":filter: docname in docnames",
        ":labelprefix: CE-",
        "```",
        "",
    ]
    return "\n".join(lines)


def claims_page_path() -> Path:
    """book/claims-and-evidence.md."""
    return repo_root() / "book" / "claims-and-evidence.md"


def write_claims_page(data: dict | None = None) -> Path:
    """Regenerate book/claims-and-evidence.md from the claims data; returns the page's path."""
    path = claims_page_path()
    path.write_text(render_claims_page(data), encoding="utf-8")
    return path
