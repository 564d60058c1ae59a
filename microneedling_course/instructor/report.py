"""Cohort report from collected trainee records: completion, module scores and item analysis."""

import base64
import csv
import html
import io
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from microneedling_course.progress.record_export import (
    RecordFileError,
    TraineeRecord,
    read_record_file,
)

UPPER_LOWER_SHARE = 0.27
FACILITY_TOO_HARD = 0.2
FACILITY_TOO_EASY = 0.95
PROGRESS_BAR_FROM = 50


@dataclass
class QuestionStats:
    """Item analysis of one question over the trainees who answered it (first attempts)."""

    question_id: str
    module: str
    answered: int
    facility: float
    mean_score: float
    discrimination: float | None
    flags: list[str] = field(default_factory=list)


@dataclass
class TraineeSummary:
    """One trainee's completion and scores, per module and overall."""

    label: str
    sources: list[str]
    answered: dict[str, int]
    module_scores: dict[str, float]
    total_score: float
    best_assessment: dict | None


@dataclass
class CohortReport:
    """Everything the CSV files and the HTML page show."""

    trainees: list[TraineeSummary]
    questions: list[QuestionStats]
    module_sizes: dict[str, int]
    module_titles: dict[str, str]
    skipped: list[tuple[str, str]]


def read_cohort(
    folder: Path | str, *, err=None
) -> tuple[list[TraineeRecord], list[tuple[str, str]]]:
    """Every readable export in a folder, merged per trainee, and the unusable files with why."""
    err = err or sys.stderr
    paths = sorted(
        p for p in Path(folder).rglob("*") if p.is_file() and p.suffix.lower() in {".json", ".csv"}
    )
    merged: dict[str, TraineeRecord] = {}
    skipped: list[tuple[str, str]] = []
    bar_off = True if len(paths) < PROGRESS_BAR_FROM else None
    for path in tqdm(paths, desc="Reading records", unit="file", disable=bar_off, file=err):
        try:
            record = read_record_file(path)
        except RecordFileError as error:
            skipped.append((path.name, str(error)))
            print(f"skipped {path.name}: {error}", file=err)
            continue
        if not record.records and not record.assessments:
            skipped.append((path.name, "holds no answers"))
            print(f"skipped {path.name}: holds no answers", file=err)
            continue
        _merge(merged, record)
    return list(merged.values()), skipped


def _merge(merged: dict[str, TraineeRecord], record: TraineeRecord) -> None:
    """Fold a second file from the same trainee (say their JSON and CSV) into the first."""
    existing = merged.get(record.key)
    if existing is None:
        merged[record.key] = record
        return
    seen = {(r["question_id"], r["time"]) for r in existing.records}
    existing.records.extend(r for r in record.records if (r["question_id"], r["time"]) not in seen)
    existing.records.sort(key=lambda r: r["time"])
    times = {a.get("time") for a in existing.assessments}
    existing.assessments.extend(a for a in record.assessments if a.get("time") not in times)
    existing.source = f"{existing.source}, {record.source}"


def first_attempts(trainee: TraineeRecord) -> dict[str, dict]:
    """Each question's first answer by this trainee: the measure before feedback taught it."""
    first: dict[str, dict] = {}
    for record in sorted(trainee.records, key=lambda r: r["time"]):
        first.setdefault(record["question_id"], record)
    return first


def cohort_statistics(
    trainees: list[TraineeRecord],
    module_sizes: dict[str, int] | None = None,
    module_titles: dict[str, str] | None = None,
    skipped: list[tuple[str, str]] | None = None,
    question_modules: dict[str, str] | None = None,
) -> CohortReport:
    """Completion, scores and item statistics for a cohort (module sizes from the bank if known)."""
    # The bank knows each question's module; records may carry another (the site keeps
    # assessment answers under "final-assessment").
    known = question_modules or {}
    firsts = {t.key: first_attempts(t) for t in trainees}
    for answers in firsts.values():
        for qid, record in answers.items():
            if qid in known and record["module"] != known[qid]:
                answers[qid] = {**record, "module": known[qid]}
    module_of = {qid: r["module"] for answers in firsts.values() for qid, r in answers.items()}
    seen_sizes: dict[str, int] = {}
    for module in module_of.values():
        seen_sizes[module] = seen_sizes.get(module, 0) + 1
    sizes = dict(module_sizes) if module_sizes else seen_sizes
    totals = {key: _mean([r["score"] for r in answers.values()]) for key, answers in firsts.items()}
    summaries = sorted(
        (_trainee_summary(t, firsts[t.key], totals[t.key]) for t in trainees),
        key=lambda summary: _natural_key(summary.label),
    )
    questions = [_question_stats(qid, module_of[qid], firsts, totals) for qid in sorted(module_of)]
    return CohortReport(summaries, questions, sizes, dict(module_titles or {}), list(skipped or []))


def _trainee_summary(trainee: TraineeRecord, answers: dict[str, dict], total: float):
    per_module: dict[str, list[float]] = {}
    for record in answers.values():
        per_module.setdefault(record["module"], []).append(record["score"])
    best = max(trainee.assessments, key=lambda a: a.get("score", 0), default=None)
    return TraineeSummary(
        label=trainee.name or trainee.trainee_id or trainee.source,
        sources=trainee.source.split(", "),
        answered={m: len(scores) for m, scores in per_module.items()},
        module_scores={m: _mean(scores) for m, scores in per_module.items()},
        total_score=total,
        best_assessment=best,
    )


def _question_stats(qid: str, module: str, firsts: dict, totals: dict) -> QuestionStats:
    answered = [(key, answers[qid]) for key, answers in firsts.items() if qid in answers]
    correct = {key: record["verdict"] == "correct" for key, record in answered}
    facility = sum(correct.values()) / len(answered)
    mean_score = _mean([record["score"] for _, record in answered])
    discrimination = upper_lower_discrimination(correct, totals)
    flags = []
    if facility < FACILITY_TOO_HARD:
        flags.append("facility below 0.2: check the key, the wording or the teaching")
    if facility > FACILITY_TOO_EASY:
        flags.append("facility above 0.95: too easy to tell anyone apart")
    if discrimination is not None and discrimination < 0:
        flags.append("negative discrimination: stronger trainees got it wrong more often")
    return QuestionStats(qid, module, len(answered), facility, mean_score, discrimination, flags)


def upper_lower_discrimination(correct: dict[str, bool], totals: dict[str, float]) -> float | None:
    """D = share correct in the top 27% minus that in the bottom 27%, ranked by mean score.

    Groups are ceil(27% of the trainees who answered), never overlapping; None under 2 answers.
    Ties in total score are broken by trainee key so the result is reproducible.
    """
    if len(correct) < 2:
        return None
    group = min(math.ceil(UPPER_LOWER_SHARE * len(correct)), len(correct) // 2)
    ranked = sorted(correct, key=lambda key: (-totals[key], key))
    upper, lower = ranked[:group], ranked[-group:]
    return (sum(correct[k] for k in upper) - sum(correct[k] for k in lower)) / group


def _natural_key(label: str) -> list:
    """'Trainee 2' before 'Trainee 10'."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", label)]


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


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


def questions_csv(report: CohortReport) -> str:
    """One row per question: answers, facility, mean score, discrimination and flags."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["question_id", "module", "answered", "facility", "mean_score", "discrimination", "flags"]
    )
    for q in report.questions:
        writer.writerow(
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
    return buffer.getvalue()


def trainees_csv(report: CohortReport) -> str:
    """One row per trainee and module: questions answered, completion and mean score."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["trainee", "module", "answered", "module_questions", "completion", "mean_score"]
    )
    for t in report.trainees:
        for module in list(report.module_sizes):
            answered = t.answered.get(module, 0)
            size = report.module_sizes[module]
            writer.writerow(
                [
                    t.label,
                    module,
                    answered,
                    size,
                    f"{answered / size:.3f}" if size else "",
                    f"{t.module_scores[module]:.3f}" if module in t.module_scores else "",
                ]
            )
    return buffer.getvalue()


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
        scores.append(_mean([t.module_scores[m] for t in report.trainees if m in t.module_scores]))
        completion.append(_mean([t.answered.get(m, 0) / size for t in report.trainees]))
    fig, ax = _new_figure(7, 0.5 + 0.55 * len(modules))
    y = range(len(modules))
    ax.barh([i + 0.2 for i in y], completion, height=0.38, label="completion", color="#9ecae1")
    ax.barh([i - 0.2 for i in y], scores, height=0.38, label="mean score", color="#08519c")
    ax.set_yticks(list(y), [_title(report, m) for m in modules])
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
    buffer = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buffer, format="png", dpi=110)
    return buffer.getvalue()


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
