"""Runs every benchmark side by side in one go, prints the figures and rewrites bench/results.md."""

import os
import platform
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import build_time
import import_time
import kernel_start
import nbval_time
import quiz_bytes
import quiz_interactive
import quiz_pages

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "results.md"
KERNEL_RUNS = 7


@dataclass(frozen=True)
class Figure:
    """One measured ratio against its target."""

    name: str
    measured: str
    compared_with: str
    ratio: float
    target: str
    met: bool


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    total_kib = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
    chromium = subprocess.run(
        [quiz_interactive.CHROMIUM, "--version"], capture_output=True, text=True, check=False
    )
    commit = subprocess.run(
        ["git", "-C", str(build_time.REPO_ROOT), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return {
        "cores (nproc)": str(os.cpu_count()),
        "RAM": f"{total_kib / 1024 / 1024:.1f} GiB",
        "Python": platform.python_version(),
        "Chromium": chromium.stdout.strip() or "not found",
        "jupyter-book": version("jupyter-book"),
        "commit measured": commit.stdout.strip(),
    }


def load_average() -> str:
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


def measure() -> dict:
    """Every benchmark, in one run."""
    data = {"started": datetime.now(UTC), "load_start": load_average()}
    print("kernel start ...", flush=True)
    data["kernel_s"] = kernel_start.kernel_start_seconds(KERNEL_RUNS)
    with tempfile.TemporaryDirectory(prefix="bench-all-") as tmp:
        workdir = Path(tmp)
        print("builds ...", flush=True)
        data["empty"], data["empty_rebuild"] = build_time.empty_book_builds(workdir)
        source = build_time.committed_tree(workdir)
        data["notebooks"] = build_time.course_notebooks(source)
        data["clean"], data["rebuild"] = build_time.clean_then_rebuild(
            source, workdir / "course-out"
        )
        print("nbval ...", flush=True)
        data["nbval_notebooks"] = nbval_time.lesson_notebooks(source)
        data["nbval"] = nbval_time.nbval_run(source)
        print("quiz pages ...", flush=True)
        pages = workdir / "quiz-pages"
        pages.mkdir()
        ours, theirs, questions = quiz_pages.build_pages(pages)
        data["questions"] = [f"{q.id} ({q.type})" for q in questions]
        data["bytes"] = {
            page.name: (
                quiz_bytes.total_size(page),
                quiz_bytes.sizes(page.parts),
                quiz_bytes.sizes(page.breakdown),
            )
            for page in (ours, theirs)
        }
        data["pages"] = (ours.name, theirs.name)
        print("time to interactive ...", flush=True)
        data["interactive"] = quiz_interactive.measure_pages([ours, theirs], pages)
    print("imports ...", flush=True)
    data["imports"] = import_time.import_medians(import_time.STATEMENTS)
    data["first_citation_s"] = import_time.import_medians({"c": import_time.FIRST_CITATION}, 3)["c"]
    data["import_extra"] = import_time.extra_import_costs(
        import_time.STATEMENTS["from microneedling_course import show_quiz"], "import ipywidgets"
    )
    data["load_end"] = load_average()
    return data


def figures(data: dict) -> list[Figure]:
    """The ratios with their targets."""
    kernel, count = data["kernel_s"], len(data["notebooks"])
    floor = count * kernel + data["empty"].seconds
    clean, rebuild = data["clean"].seconds, data["rebuild"].seconds
    nbval = data["nbval"].seconds
    nbval_floor = len(data["nbval_notebooks"]) * kernel
    ours, theirs = data["pages"]
    (our_raw, our_gzip), _, _ = data["bytes"][ours]
    (their_raw, their_gzip), _, _ = data["bytes"][theirs]
    our_tti = data["interactive"][ours].median_ms
    their_tti = data["interactive"][theirs].median_ms
    imports = data["imports"]
    widgets = imports["import ipywidgets"]
    result = [
        Figure(
            "clean strict build of the course",
            f"{clean:.1f} s",
            f"floor {count} notebooks × {kernel:.2f} s + empty book {data['empty'].seconds:.1f} s"
            f" = {floor:.1f} s",
            clean / floor,
            "≤ 1.5×",
            clean / floor <= 1.5,
        ),
        Figure(
            "no-change rebuild",
            f"{rebuild:.1f} s",
            f"clean build {clean:.1f} s",
            rebuild / clean,
            "< 0.2×",
            rebuild / clean < 0.2,
        ),
        Figure(
            "nbval over all lessons",
            f"{nbval:.1f} s",
            f"{len(data['nbval_notebooks'])} notebooks × {kernel:.2f} s = {nbval_floor:.1f} s",
            nbval / nbval_floor,
            "≤ 2×",
            nbval / nbval_floor <= 2,
        ),
        Figure(
            "bytes a quiz adds (raw)",
            f"{our_raw:,} B",
            f"{theirs} {their_raw:,} B",
            our_raw / their_raw,
            "≤ 0.5×",
            our_raw / their_raw <= 0.5,
        ),
        Figure(
            "bytes a quiz adds (gzip)",
            f"{our_gzip:,} B",
            f"{theirs} {their_gzip:,} B",
            our_gzip / their_gzip,
            "≤ 0.5×",
            our_gzip / their_gzip <= 0.5,
        ),
        Figure(
            "time until the first quiz is interactive",
            f"{our_tti:.0f} ms",
            f"{theirs} {their_tti:.0f} ms",
            our_tti / their_tti,
            "≤ 0.5×",
            our_tti / their_tti <= 0.5,
        ),
    ]
    for statement in ("import microneedling_course", "from microneedling_course import show_quiz"):
        seconds = imports[statement]
        result.append(
            Figure(
                f"`{statement}`",
                f"{seconds * 1000:.1f} ms",
                f"`import ipywidgets` {widgets * 1000:.1f} ms",
                seconds / widgets,
                "≤ 1.3×",
                seconds / widgets <= 1.3,
            )
        )
    return result


def build_line(label: str, build) -> str:
    state = "ok" if build.returncode == 0 else f"exit {build.returncode}"
    return f"| {label} | {build.seconds:.2f} s | {state}, {build.warnings} warnings |"


def details(data: dict) -> list[str]:
    """The raw figures behind the ratios."""
    lines = ["## Details", "", "### Builds (strict: `-W -n --keep-going`)", ""]
    lines += ["| build | time | result |", "|---|---|---|"]
    lines.append(build_line("empty one-page book, clean", data["empty"]))
    lines.append(build_line("empty one-page book, no-change rebuild", data["empty_rebuild"]))
    lines.append(
        build_line("course, clean (fresh `--path-output`, every notebook runs)", data["clean"])
    )
    lines.append(build_line("course, no-change rebuild", data["rebuild"]))
    lines += [
        "",
        f"Kernel start (jupyter_client, python3, to the kernel_info reply): "
        f"{data['kernel_s']:.3f} s, median of {KERNEL_RUNS}.",
        f"Documents the build executes (notebooks and MyST pages with a kernel): "
        f"{len(data['notebooks'])}; nbval runs the {len(data['nbval_notebooks'])} notebooks "
        "in notebooks/.",
        "",
        "### nbval",
        "",
        f"`pytest --nbval-lax --nbval-current-env notebooks/`: {data['nbval'].seconds:.2f} s, "
        f"exit {data['nbval'].returncode} ({data['nbval'].summary}).",
        "",
        "### Bytes a quiz adds to a page (ten questions)",
        "",
        "Questions: " + ", ".join(data["questions"]) + ".",
        "",
        "| page | part | raw | gzip |",
        "|---|---|---|---|",
    ]
    for name, (total, parts, breakdown) in data["bytes"].items():
        for part, (raw, packed) in parts.items():
            lines.append(f"| {name} | {part} | {raw:,} | {packed:,} |")
        for part, (raw, packed) in breakdown.items():
            lines.append(f"| {name} | of which {part} | {raw:,} | ({packed:,} alone) |")
        lines.append(f"| {name} | **total** | **{total[0]:,}** | **{total[1]:,}** |")
    runs = quiz_interactive.RUNS
    lines += ["", f"### Time to interactive (Chromium, fresh context each visit, median of {runs})"]
    for name, result in data["interactive"].items():
        lines += ["", f"{name}: {result.median_ms:.0f} ms.", ""]
        lines += ["| ms since navigation start | phase |", "|---|---|"]
        lines += [f"| {at:.0f} | {phase} |" for phase, at in result.phases_ms.items()]
        if result.remote_requests:
            blocked = ", ".join(result.remote_requests)
            lines += ["", f"Asked for from outside (blocked, not measurable offline): {blocked}"]
        else:
            lines += ["", "Nothing was requested from outside 127.0.0.1."]
    lines += ["", f"### Imports (fresh interpreter each, median of {import_time.RUNS})", ""]
    lines += [f"- {label}: {seconds * 1000:.1f} ms" for label, seconds in data["imports"].items()]
    extra = ", ".join(f"{package} {ms:.1f} ms" for package, ms in data["import_extra"])
    lines += [f"- `show_quiz` imports beyond `import ipywidgets` (own time, one run): {extra}"]
    lines += [
        f"- first citation in a fresh interpreter (`{import_time.FIRST_CITATION}`): "
        f"{data['first_citation_s']:.2f} s, median of 3"
    ]
    return lines


def reasons(data: dict, table: list[Figure]) -> list[str]:
    """For each missed target, what the measurements say about why."""
    missed = {figure.name for figure in table if not figure.met}
    lines = ["## Targets missed, and why (from the figures above)", ""]
    if not missed:
        return lines + ["Every target was met."]
    if "no-change rebuild" in missed:
        lines.append(
            f"- **No-change rebuild**: Jupyter Book's fixed start-up alone (the empty book "
            f"rebuilt unchanged) takes {data['empty_rebuild'].seconds:.1f} s of the rebuild's "
            f"{data['rebuild'].seconds:.1f} s; the 0.2× target needs a clean build of at least "
            f"{data['empty_rebuild'].seconds / 0.2:.0f} s before it is reachable at all."
        )
    executed = data["clean"].executed
    ran = sum(executed.values())
    per_notebook = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in executed.items())
    if "clean strict build of the course" in missed:
        lines.append(
            f"- **Clean build**: the floor counts {data['kernel_s']:.2f} s (one kernel start) per "
            f"notebook, but running each notebook's cells takes several seconds: MyST-NB logged "
            f"{ran:.1f} s of execution in total ({per_notebook}). The rest of the "
            f"{data['clean'].seconds:.1f} s is Sphinx reading and writing the pages. "
            f"One measured share: the first citation in a fresh interpreter takes "
            f"{data['first_citation_s']:.2f} s (microneedling_course.bank.references parses the "
            ".bib and formats every entry with pybtex), once in every kernel."
        )
    if "nbval over all lessons" in missed:
        lines.append(
            f"- **nbval**: it runs the same cells as the build, one fresh kernel per notebook; "
            f"those cells took {ran:.1f} s in the build, against a floor of kernel starts only "
            f"(each kernel again pays {data['first_citation_s']:.2f} s for its first citation)."
        )
    ours, theirs = data["pages"]
    if missed & {"bytes a quiz adds (raw)", "bytes a quiz adds (gzip)"}:
        _, parts, breakdown = data["bytes"][ours]
        files = sum(raw for name, (raw, _) in parts.items() if not name.startswith("inline"))
        described = ", ".join(f"{name} {raw:,} B" for name, (raw, _) in breakdown.items())
        lines.append(
            f"- **Bytes**: the course quiz's files (quiz.js, quiz.css, boot.js) are {files:,} B "
            f"raw on their own; the page also carries {described}. The model holds the answer "
            "key, every option's feedback, explanations, hints and full citations, and the "
            "fallback repeats the questions with answers for readers without JavaScript; "
            f"{theirs} ships questions and feedback only. quiz.js also handles seven question "
            "types, grading and progress. The three files are cached after the first lesson, so "
            "later pages add only the inline part."
        )
    if "time until the first quiz is interactive" in missed:
        phases = data["interactive"][ours].phases_ms
        steps = "; ".join(f"{phase} at {at:.0f} ms" for phase, at in phases.items())
        lines.append(
            f"- **Time to interactive**: the course quiz loads two ES modules (boot.js, and the "
            f"quiz.js it imports, preloaded in the page head) and then builds every question's "
            f"DOM; {theirs}'s code is inline in the page. Measured phases (medians): {steps}."
        )
        waited = phases.get("quiz.js requested", 0) - phases.get("boot.js requested", 0)
        if waited > 0:
            lines.append(
                f"  quiz.js is only requested {waited:.0f} ms after boot.js, once boot.js has run; "
                'a `<link rel="modulepreload">` for quiz.js on quiz pages would fetch both at once.'
            )
    for figure in table:
        if figure.name.startswith("`") and not figure.met:
            extra = ", ".join(f"{package} {ms:.1f} ms" for package, ms in data["import_extra"])
            lines.append(
                f"- **{figure.name}**: it imports ipywidgets (through anywidget) and more: "
                f"{extra} (own import times beyond `import ipywidgets`)."
            )
    return lines


def report(data: dict) -> str:
    table = figures(data)
    lines = [
        "# Benchmark results",
        "",
        "Written by `python bench/run_all.py` (see bench/README.md); every figure below comes "
        "from one run. Benchmarks measure; they never fail a test.",
        "",
        f"Date: {data['started']:%Y-%m-%d %H:%M} UTC.",
        "",
    ]
    lines += [f"- {key}: {value}" for key, value in machine().items()]
    lines += [
        f"- load average (1/5/15 min) at start: {data['load_start']}; at end: {data['load_end']} "
        "(other work sharing the machine makes every figure slower and noisier)",
        "",
        "| figure | measured | compared with | ratio | target | met |",
        "|---|---|---|---|---|---|",
    ]
    for figure in table:
        met = "yes" if figure.met else "**no**"
        lines.append(
            f"| {figure.name} | {figure.measured} | {figure.compared_with} | "
            f"{figure.ratio:.2f}× | {figure.target} | {met} |"
        )
    lines += [""] + reasons(data, table) + [""] + details(data)
    return "\n".join(lines) + "\n"


def main() -> None:
    text = report(measure())
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
