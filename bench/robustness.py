"""Robustness figures: the cohort report on 20,000 answer records, and the salvage of a 2 MB
damaged progress file (time and peak memory), each measured in a fresh interpreter.

Runs alone (`.venv/bin/python bench/robustness.py`) and prints one line per figure. The inputs
are generated into a temporary folder from a fixed seed; the report reads the fixture course's
bank (tests/fixtures/course), so the figures do not move when the course's content changes.
`--before REF` measures the package as it was at a git commit too (unpacked with `git archive`)
and prints the two side by side; `--package-root DIR` measures only another copy of the package.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURE_COURSE = REPO_ROOT / "tests" / "fixtures" / "course"
REPORT_ANSWERS = 20_000
REPORT_TRAINEES = 200
SALVAGE_BYTES = 2_000_000
SEED = 20260101
# The last commit before issue 13's work: the report and the salvage as the issue measured them.
BASELINE_COMMIT = "80735b9"
CHILD_TIMEOUT_S = 3600

# Each child prints {"seconds": ..., "peak_growth_kib": ..., **facts} as its last line.
# Peak growth is the process's peak resident size after the measured step minus the peak before
# it (imports and input already loaded), so it is the step's own memory. The peak is VmHWM from
# /proc/self/status: getrusage's ru_maxrss carries the parent's peak over fork and exec, so a
# child of a large process (run_all.py) would show no growth at all.
PEAK_KIB = (
    "PEAK = lambda: int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1])\n"
)
REPORT_CHILD = (
    PEAK_KIB
    + """
import io, json, re, sys, time, contextlib
from microneedling_course.instructor.cli import main
folder, out = sys.argv[1], sys.argv[2]
before = PEAK()
started = time.perf_counter()
printed = io.StringIO()
with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(io.StringIO()):
    code = main(["report", folder, "--out", out])
seconds = time.perf_counter() - started
peak = PEAK() - before
print(json.dumps({"seconds": seconds, "peak_growth_kib": peak, "exit": code,
                  "summary": printed.getvalue().splitlines()[0]}))
"""
)

SALVAGE_CHILD = (
    PEAK_KIB
    + """
import json, re, sys, time, warnings
from microneedling_course.progress.store import ProgressStore
store = ProgressStore(sys.argv[1])
store.path.read_bytes()
before = PEAK()
started = time.perf_counter()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    try:
        document = store.load()
        outcome = "loaded"
    except BaseException as error:
        document, outcome = None, f"raised {type(error).__name__}"
seconds = time.perf_counter() - started
peak = PEAK() - before
facts = {"seconds": seconds, "peak_growth_kib": peak, "outcome": outcome,
         "warnings": len(caught)}
if document is not None:
    facts.update(records=len(document["records"]), assessments=len(document["assessments"]),
                 name=document["trainee"]["name"])
print(json.dumps(facts))
"""
)


def _record(rng: random.Random, question_ids: list[tuple[str, str]], minute: int) -> dict:
    module, question_id = rng.choice(question_ids)
    score = rng.choice((0.0, 0.5, 1.0, 1.0))
    verdict = "correct" if score == 1 else "partial" if score else "incorrect"
    return {
        "module": module,
        "question_id": question_id,
        "response": rng.randrange(4),
        "verdict": verdict,
        "score": score,
        "time": f"2026-03-{1 + minute // 1440 % 28:02d}T{minute // 60 % 24:02d}:"
        f"{minute % 60:02d}:00.000Z",
    }


def _fixture_question_ids() -> list[tuple[str, str]]:
    os.environ.setdefault("MNC_COURSE_ROOT", str(FIXTURE_COURSE))
    from microneedling_course.bank import load_bank

    bank = load_bank(FIXTURE_COURSE / "quizzes")
    return [(q.module, q.id) for q in bank.questions.values()]


def _document(name: str, records: list[dict], assessments: list[dict]) -> dict:
    return {
        "schema_version": 1,
        "kind": "microneedling-course-progress",
        "trainee": {"name": name, "id": name.lower().replace(" ", "-")},
        "records": records,
        "assessments": assessments,
    }


def write_cohort(folder: Path, answers: int = REPORT_ANSWERS, trainees: int = REPORT_TRAINEES):
    """`trainees` JSON exports holding `answers` answer records in all."""
    rng = random.Random(SEED)
    question_ids = _fixture_question_ids()
    per_trainee = answers // trainees
    for n in range(trainees):
        records = [_record(rng, question_ids, minute) for minute in range(per_trainee)]
        result = {"attempt_id": f"t{n}-1", "score": rng.random(), "passed": rng.random() < 0.6}
        document = _document(f"Trainee {n}", records, [result])
        (folder / f"trainee-{n:05d}.json").write_text(json.dumps(document), encoding="utf-8")


def damaged_progress_files(folder: Path, size: int = SALVAGE_BYTES) -> dict[str, Path]:
    """Two damaged progress files of about `size` bytes, each with a name, records and results.

    - cut-short: a BOM in front and the file cut off in its last record (an interrupted copy);
    - stray-braces: a run of stray `{` bytes after every tenth record (garbage from a disk or a
      bad merge), the damage that made the old salvage quadratic.
    """
    rng = random.Random(SEED)
    question_ids = [("aftercare", f"aftercare-q{n}") for n in range(40)]
    records, text = [], ""
    assessments = [{"attempt_id": "ana-1", "score": 0.85, "passed": True}]
    while len(text) < size:
        records.extend(_record(rng, question_ids, len(records) + m) for m in range(500))
        text = json.dumps(_document("Ana Example", records, assessments), indent=1)
    files = {}
    # The trainee and the results go first, as a file written by an older version might.
    ordered = {"trainee": {"name": "Ana Example", "id": "ana"}, "assessments": assessments}
    ordered.update(_document("Ana Example", records, assessments))
    full = json.dumps(ordered, indent=1)
    files["cut-short"] = folder / "cut-short.json"
    files["cut-short"].write_bytes(b"\xef\xbb\xbf" + full[: size - 40].encode("utf-8"))
    pieces = full.split("\n  },\n")
    for index in range(0, len(pieces), 10):
        pieces[index] += "\n" + "{" * 200
    files["stray-braces"] = folder / "stray-braces.json"
    files["stray-braces"].write_text("\n  },\n".join(pieces)[:size], encoding="utf-8")
    return files


def _child(code: str, args: list[str], package_root: Path | None, timeout: float) -> dict:
    env = dict(os.environ, MNC_COURSE_ROOT=str(FIXTURE_COURSE))
    if package_root is not None:
        env["PYTHONPATH"] = str(package_root)
    try:
        result = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=timeout,
            # Not the repository: `python -c` puts the working folder first on sys.path, which
            # would import this checkout's package over `package_root`.
            cwd=package_root or tempfile.gettempdir(),
        )
    except subprocess.TimeoutExpired:
        return {"failed": f"stopped after {timeout:.0f} s"}
    if result.returncode != 0:
        tail = (result.stderr.strip().splitlines() or ["(no output)"])[-1]
        return {"failed": tail}
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(package_root: Path | None = None, timeout: float = CHILD_TIMEOUT_S) -> dict[str, dict]:
    """Every figure of this benchmark, by name (a step longer than `timeout` is stopped)."""
    figures = {}
    with tempfile.TemporaryDirectory(prefix="mnc-bench-robustness-") as temp:
        temp = Path(temp)
        cohort = temp / "cohort"
        cohort.mkdir()
        write_cohort(cohort)
        figures[f"report, {REPORT_ANSWERS:,} answers from {REPORT_TRAINEES} trainees"] = _child(
            REPORT_CHILD, [str(cohort), str(temp / "report")], package_root, timeout
        )
        for kind, path in damaged_progress_files(temp).items():
            size = path.stat().st_size / 1e6
            figures[f"salvage, {size:.1f} MB progress file, {kind}"] = _child(
                SALVAGE_CHILD, [str(path)], package_root, timeout
            )
    return figures


def measure_before_and_now(
    ref: str = BASELINE_COMMIT, timeout: float = CHILD_TIMEOUT_S
) -> dict[str, dict[str, dict]]:
    """{"before (ref)": figures, "now": figures}: the package at `ref` and the working tree."""
    with tempfile.TemporaryDirectory(prefix="mnc-bench-before-") as root:
        archive = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "archive", ref, "microneedling_course"],
            capture_output=True,
            check=True,
        )
        subprocess.run(["tar", "-x", "-C", root], input=archive.stdout, check=True)
        before = measure(Path(root), timeout)
    return {f"before ({ref})": before, "now": measure(None, timeout)}


def side_by_side(runs: dict[str, dict[str, dict]]) -> list[str]:
    """A Markdown table: one row per figure, time and peak memory for each run."""
    names = list(runs)
    lines = ["| figure | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for figure in runs[names[-1]]:
        cells = []
        for name in names:
            facts = runs[name].get(figure, {"failed": "not measured"})
            if "failed" in facts:
                cells.append(f"failed: {facts['failed']}")
            else:
                cells.append(
                    f"{facts['seconds']:.2f} s, +{facts['peak_growth_kib'] / 1024:.0f} MiB"
                )
        lines.append(f"| {figure} | " + " | ".join(cells) + " |")
    return lines


def format_figure(name: str, facts: dict) -> str:
    """One printed line: the figure's name, its time and memory, then what it found."""
    if "failed" in facts:
        return f"{name}: FAILED ({facts['failed']})"
    extra = {k: v for k, v in facts.items() if k not in ("seconds", "peak_growth_kib")}
    details = ", ".join(f"{k} {v}" for k, v in extra.items())
    return (
        f"{name}: {facts['seconds']:.2f} s, peak memory +{facts['peak_growth_kib'] / 1024:.0f} MiB"
        f" ({details})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--package-root",
        type=Path,
        help="a folder holding another microneedling_course package to measure instead",
    )
    parser.add_argument(
        "--before",
        metavar="REF",
        help=f"also measure the package at this git commit (issue 13's: {BASELINE_COMMIT})",
    )
    args = parser.parse_args(argv)
    if args.before:
        runs = measure_before_and_now(args.before)
        print("\n".join(side_by_side(runs)))
        for run, figures in runs.items():
            for name, facts in figures.items():
                print(f"{run}: {format_figure(name, facts)}", flush=True)
        return 0
    for name, facts in measure(args.package_root).items():
        print(format_figure(name, facts), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
