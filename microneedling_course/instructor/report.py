"""The cohort report's files: questions.csv, trainees.csv and report.html with its charts."""

import base64
import html
from pathlib import Path

from microneedling_course.core.figure_png import figure_png
from microneedling_course.core.printable import printable
from microneedling_course.core.spreadsheet_safe import csv_line
from microneedling_course.instructor.cohort import (
    FACILITY_TOO_EASY,
    FACILITY_TOO_HARD,
    CohortReport,
    mean_or_zero,
)


def write_report(report: CohortReport, out_dir: Path | str) -> dict[str, Path]:
    """Write questions.csv, trainees.csv and report.html; return their paths by name."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "questions": out / "questions.csv",
        "trainees": out / "trainees.csv",
        "html": out / "report.html",
    }
    paths["questions"].write_text(questions_csv(report), encoding="utf-8")
    paths["trainees"].write_text(trainees_csv(report), encoding="utf-8")
    paths["html"].write_text(report_html(report), encoding="utf-8")
    return paths


def _csv(rows) -> str:
    """Rows as CSV a spreadsheet opens safely: trainee names, question ids and modules come from
    trainees' files, so a cell starting with = + - @ tab or CR is neutralised and a line break
    inside a cell never starts a row (core/spreadsheet_safe.py, as the trainee's own export)."""
    return "".join(csv_line(row) + "\n" for row in rows)


def questions_csv(report: CohortReport) -> str:
    """One row per question: answers, facility, mean score, discrimination and flags."""
    rows = [
        ["question_id", "module", "answered", "facility", "mean_score", "discrimination", "flags"]
    ]
    for q in report.questions:
        rows.append(
            [
                q.question_id,
                q.module,
                q.answered,
                f"{q.facility:.3f}",
                f"{q.mean_score:.3f}",
                "" if q.discrimination is None else f"{q.discrimination:.3f}",
                "; ".join(q.flags),
            ]
        )
    return _csv(rows)


def trainees_csv(report: CohortReport) -> str:
    """One row per trainee and module: questions answered, completion and mean score."""
    rows = [["trainee", "module", "answered", "module_questions", "completion", "mean_score"]]
    for t in report.trainees:
        for module in list(report.module_sizes):
            answered = t.answered.get(module, 0)
            size = report.module_sizes[module]
            rows.append(
                [
                    t.label,
                    module,
                    answered,
                    size,
                    f"{answered / size:.3f}" if size else "",
                    f"{t.module_scores[module]:.3f}" if module in t.module_scores else "",
                ]
            )
    return _csv(rows)


def report_html(report: CohortReport) -> str:
    """A self-contained HTML page: tables plus matplotlib figures embedded as data URIs."""
    modules = list(report.module_sizes)
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        "<title>Cohort report</title><style>",
        _REPORT_CSS,
        "</style></head><body><main>",
        "<h1>Cohort report</h1>",
        f"<p>{len(report.trainees)} trainee(s), {len(report.questions)} question(s) answered.",
        " Statistics use each trainee's <em>first</em> answer to each question.</p>",
        _figure(_module_chart(report, modules), "Mean score and completion per module"),
        _trainee_table(report, modules),
        "<h2>Questions</h2>",
        "<p>Facility is the share of trainees who answered correctly.",
        " Discrimination is the upper-lower index: the share correct among the top 27% of",
        " trainees (ranked by their mean score) minus the share correct among the bottom 27%.",
        " Flagged rows deserve a look before the next cohort.</p>",
        _figure(_item_chart(report), "Facility against discrimination for every question"),
        _question_table(report),
        _skipped_list(report),
        "</main></body></html>",
    ]
    return "".join(parts)


def _trainee_table(report: CohortReport, modules: list[str]) -> str:
    head = "".join(f"<th scope='col'>{html.escape(_title(report, m))}</th>" for m in modules)
    rows = []
    for t in report.trainees:
        cells = []
        for m in modules:
            size = report.module_sizes[m] or 1
            if m in t.module_scores:
                cells.append(
                    f"<td>{t.answered[m]}/{report.module_sizes[m]} answered"
                    f" ({t.answered[m] / size:.0%}), score {t.module_scores[m]:.0%}</td>"
                )
            else:
                cells.append("<td>not started</td>")
        best = t.best_assessment
        assessment = (
            f"{best.get('score', 0):.0%} ({'passed' if best.get('passed') else 'not passed'})"
            if best
            else "not taken"
        )
        rows.append(
            f"<tr><th scope='row'>{html.escape(t.label)}</th>{''.join(cells)}"
            f"<td>{t.total_score:.0%}</td><td>{html.escape(assessment)}</td></tr>"
        )
    return (
        "<h2>Trainees</h2><div class='scroll'><table><caption>Completion and mean score per "
        "module</caption><thead><tr><th scope='col'>Trainee</th>"
        f"{head}<th scope='col'>Overall</th><th scope='col'>Final assessment</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _question_table(report: CohortReport) -> str:
    rows = []
    for q in report.questions:
        d = "n/a" if q.discrimination is None else f"{q.discrimination:+.2f}"
        flags = "<br>".join(f"⚠ {html.escape(f)}" for f in q.flags) or "none"
        css = " class='flagged'" if q.flags else ""
        rows.append(
            f"<tr{css}><th scope='row'><code>{html.escape(q.question_id)}</code></th>"
            f"<td>{html.escape(q.module)}</td><td>{q.answered}</td><td>{q.facility:.2f}</td>"
            f"<td>{q.mean_score:.2f}</td><td>{d}</td><td>{flags}</td></tr>"
        )
    return (
        "<div class='scroll'><table><caption>Item analysis (first attempts)</caption><thead><tr>"
        "<th scope='col'>Question</th><th scope='col'>Module</th><th scope='col'>Answered</th>"
        "<th scope='col'>Facility</th><th scope='col'>Mean score</th>"
        "<th scope='col'>Discrimination</th><th scope='col'>Flags</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _skipped_list(report: CohortReport) -> str:
    if not report.skipped:
        return "<h2>Files skipped</h2><p>None: every file was read.</p>"
    items = "".join(
        f"<li><code>{html.escape(name)}</code>: {html.escape(reason)}</li>"
        for name, reason in report.skipped
    )
    return f"<h2>Files skipped</h2><ul>{items}</ul>"


def _title(report: CohortReport, module: str) -> str:
    return report.module_titles.get(module, module)


def _figure(png: bytes | None, alt: str) -> str:
    if png is None:
        return ""
    data = base64.b64encode(png).decode("ascii")
    return (
        f"<figure><img src='data:image/png;base64,{data}' alt='{html.escape(alt)}'>"
        f"<figcaption>{html.escape(alt)}</figcaption></figure>"
    )


def _module_chart(report: CohortReport, modules: list[str]) -> bytes | None:
    if not modules or not report.trainees:
        return None
    scores, completion = [], []
    for m in modules:
        size = report.module_sizes[m] or 1
        scores.append(
            mean_or_zero([t.module_scores[m] for t in report.trainees if m in t.module_scores])
        )
        completion.append(mean_or_zero([t.answered.get(m, 0) / size for t in report.trainees]))
    fig, ax = _new_figure(7, 0.5 + 0.55 * len(modules))
    y = range(len(modules))
    ax.barh([i + 0.2 for i in y], completion, height=0.38, label="completion", color="#9ecae1")
    ax.barh([i - 0.2 for i in y], scores, height=0.38, label="mean score", color="#08519c")
    # A title or module id such as "TCA $35%$" is text, not matplotlib mathtext (parse_math), and
    # a control character in it is shown escaped, as on the terminal (no missing-glyph warning).
    labels = [printable(_title(report, m), keep_tabs=False) for m in modules]
    ax.set_yticks(list(y), labels, parse_math=False)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.invert_yaxis()
    ax.legend(loc="lower right", fontsize="small")
    return _png(fig)


def _item_chart(report: CohortReport) -> bytes | None:
    points = [q for q in report.questions if q.discrimination is not None]
    if not points:
        return None
    fig, ax = _new_figure(7, 4)
    styles = ((False, "o", "#08519c", "ok"), (True, "X", "#b30000", "flagged"))
    for flagged, marker, colour, label in styles:
        chosen = [q for q in points if bool(q.flags) == flagged]
        ax.scatter(
            [q.facility for q in chosen],
            [q.discrimination for q in chosen],
            marker=marker,
            color=colour,
            label=f"{label} ({len(chosen)})",
        )
    ax.axvspan(0, FACILITY_TOO_HARD, color="#eeeeee")
    ax.axvspan(FACILITY_TOO_EASY, 1, color="#eeeeee")
    ax.axhline(0, color="#555555", linewidth=0.8)
    ax.set_xlim(0, 1)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("facility (share correct)")
    ax.set_ylabel("discrimination (upper − lower)")
    ax.legend(loc="lower left", fontsize="small")
    return _png(fig)


def _new_figure(width: float, height: float):
    # A bare Figure, not pyplot: no global backend or figure list, so the report can run
    # inside a notebook or a terminal without a display and without side effects.
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    return fig, fig.subplots()


def _png(fig) -> bytes:
    return figure_png(fig, dpi=110)


_REPORT_CSS = """
body { font-family: system-ui, sans-serif; line-height: 1.45; color: #1a1a1a; margin: 0; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.95rem; }
th, td { border: 1px solid #999; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
tr.flagged { background: #fff4e5; }
img { max-width: 100%; height: auto; }
"""
