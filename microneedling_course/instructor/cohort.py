"""Cohort statistics from collected trainee records: completion, module scores, item analysis."""

import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from microneedling_course.core.input_limits import MAX_COHORT_ANSWERS, MAX_RECORD_FILES
from microneedling_course.core.printable import printable
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


def record_paths(folder: Path | str) -> list[Path]:
    """Every .json and .csv entry under a folder, in name order: files, and also whatever else
    carries such a name (a folder, a broken link, a FIFO), so that it is reported, not ignored.
    Linked folders are not followed."""
    return sorted(
        path for path in Path(folder).rglob("*") if path.suffix.lower() in {".json", ".csv"}
    )


def read_cohort(
    folder: Path | str, *, err=None
) -> tuple[list[TraineeRecord], list[tuple[str, str]]]:
    """Every readable export in a folder, merged per trainee, and the unusable files with why.

    At most MAX_RECORD_FILES files and MAX_COHORT_ANSWERS answers are read; files past either
    limit are listed as skipped, so the report is still written from the others.
    """
    err = err or sys.stderr
    folder = Path(folder)
    paths = record_paths(folder)
    merged: dict[str, TraineeRecord] = {}
    skipped: list[tuple[str, str]] = []

    def skip(name: str, reason: str) -> None:
        skipped.append((name, reason))
        print(printable(f"skipped {name}: {reason}"), file=err)

    if len(paths) > MAX_RECORD_FILES:
        skip(
            f"{len(paths) - MAX_RECORD_FILES} file(s) after {paths[MAX_RECORD_FILES - 1].name}",
            f"not read: a report reads at most {MAX_RECORD_FILES:,} files",
        )
        paths = paths[:MAX_RECORD_FILES]
    answers = 0
    bar_off = True if len(paths) < PROGRESS_BAR_FROM else None
    for path in tqdm(paths, desc="Reading records", unit="file", disable=bar_off, file=err):
        name = path.relative_to(folder).as_posix()
        try:
            record = read_record_file(path)
        except RecordFileError as error:
            skip(name, str(error))
            continue
        if not record.records and not record.assessments:
            skip(name, "holds no answers")
            continue
        if answers + len(record.records) > MAX_COHORT_ANSWERS:
            skip(name, f"not read: a report holds at most {MAX_COHORT_ANSWERS:,} answers")
            continue
        answers += len(record.records)
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
    totals = {
        key: mean_or_zero([r["score"] for r in answers.values()]) for key, answers in firsts.items()
    }
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
    # Results were checked when the file was read: a score is a number from 0 to 1 when present.
    best = max(trainee.assessments, key=lambda a: a.get("score", 0), default=None)
    return TraineeSummary(
        label=trainee.name or trainee.trainee_id or trainee.source,
        sources=trainee.source.split(", "),
        answered={m: len(scores) for m, scores in per_module.items()},
        module_scores={m: mean_or_zero(scores) for m, scores in per_module.items()},
        total_score=total,
        best_assessment=best,
    )


def _question_stats(qid: str, module: str, firsts: dict, totals: dict) -> QuestionStats:
    answered = [(key, answers[qid]) for key, answers in firsts.items() if qid in answers]
    correct = {key: record["verdict"] == "correct" for key, record in answered}
    facility = sum(correct.values()) / len(answered)
    mean_score = mean_or_zero([record["score"] for _, record in answered])
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
    """'Trainee 2' before 'Trainee 10'. re.split with a group alternates text and digit runs, so
    every odd part is a number (any script's decimal digits) and every even part is text: the
    keys of two labels always compare like with like ("1²" once broke this: ² is a digit to
    str.isdigit but not a decimal digit to int)."""
    parts = re.split(r"(\d+)", label)
    return [int(part) if index % 2 else part.casefold() for index, part in enumerate(parts)]


def mean_or_zero(values: list[float]) -> float:
    """The mean of the values, or 0.0 when there are none."""
    return sum(values) / len(values) if values else 0.0
