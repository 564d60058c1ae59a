"""Runs every benchmark side by side in one go, prints the figures and rewrites bench/results.md."""

import argparse
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
import kernel_profile
import kernel_start
import nbval_time
import page_weight
import phone_profile
import quiz_bytes
import quiz_interactive
import quiz_pages
import robustness
import site_builds
import trainee_edition

from microneedling_course.sphinx.page_weight import (
    FIRST_VISIT_GZIP_BUDGET,
    LATER_VISIT_GZIP_BUDGET,
)

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "results.md"
KERNEL_RUNS = 7
# The salvage before issue 13 was quadratic (minutes on 2 MB): a step past this is reported as
# stopped rather than holding the whole run.
ROBUSTNESS_TIMEOUT_S = 300


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
        edition = site_builds.html_dir(workdir / "course-out").parent / "trainee"
        data["edition"] = {
            "source notebooks (notebooks/)": trainee_edition.count(
                sorted((source / "notebooks").glob("*.ipynb"))
            ),
            "trainee edition (_build/trainee)": trainee_edition.count(
                sorted(edition.rglob("*.ipynb"))
            ),
        }
        print("nbval ...", flush=True)
        data["nbval_notebooks"] = nbval_time.lesson_notebooks(source)
        data["nbval"] = nbval_time.nbval_run(source)
        data["nbval_serial"] = nbval_time.nbval_run(source, workers=1)
        print("lesson kernels ...", flush=True)
        data["kernels"] = kernel_profile.profile_notebooks(source)
        data["first_uses"] = kernel_profile.first_uses(source / "notebooks")
        print(f"site at {site_builds.BASELINE_COMMIT} (built once, then reused) ...", flush=True)
        sites = {
            f"before ({site_builds.BASELINE_COMMIT})": site_builds.baseline_site(),
            "now": site_builds.html_dir(workdir / "course-out"),
        }
        data["sites"] = list(sites)
        print("page weight ...", flush=True)
        data["weights"] = page_weight.measure(sites)
        print("phone profile ...", flush=True)
        data["phone"] = {
            "uncompressed": phone_profile.measure(sites, compress=False),
            "gzip": phone_profile.measure(sites, compress=True),
        }
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
    print("bad input: report and salvage, before and now ...", flush=True)
    data["robustness"] = robustness.measure_before_and_now(timeout=ROBUSTNESS_TIMEOUT_S)
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
    result = [
        Figure(
            "clean strict build of the course",
            f"{clean:.1f} s",
            f"floor {count} notebooks × {kernel:.2f} s + empty book {data['empty'].seconds:.1f} s"
            f" = {floor:.1f} s",
            clean / floor,
            "≤ 2×",
            clean / floor <= 2,
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
            f"nbval over all lessons ({nbval_time.WORKERS} workers)",
            f"{nbval:.1f} s",
            f"{len(data['nbval_notebooks'])} notebooks × {kernel:.2f} s = {nbval_floor:.1f} s",
            nbval / nbval_floor,
            "≤ 2×",
            nbval / nbval_floor <= 2,
        ),
    ]
    result += page_figures(data) + phone_figures(data) + quiz_figures(data)
    imports = data["imports"]
    widgets = imports["import ipywidgets"]
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


def page_figures(data: dict) -> list[Figure]:
    """Bytes a phone fetches for lesson pages (gzip) against the lean-page budgets."""
    before, now = (data["weights"][name] for name in data["sites"])
    rows = (
        ("lesson 1, first visit", "lesson 1, first visit", FIRST_VISIT_GZIP_BUDGET),
        ("lesson 2 after lesson 1", "lesson 2 after lesson 1", LATER_VISIT_GZIP_BUDGET),
    )
    result = []
    for name, label, budget in rows:
        visit, old = now.visits[label], before.visits[label]
        result.append(_budget_figure(f"{name} (gzip)", visit.gzip, old.gzip, budget))
    result.append(
        _budget_figure(
            f"heaviest lesson, first visit ({now.heaviest_first.page}, gzip)",
            now.heaviest_first.gzip,
            before.heaviest_first.gzip,
            FIRST_VISIT_GZIP_BUDGET,
        )
    )
    result.append(
        _budget_figure(
            f"heaviest next lesson ({now.heaviest_later.page}, gzip)",
            now.heaviest_later.gzip,
            before.heaviest_later.gzip,
            LATER_VISIT_GZIP_BUDGET,
        )
    )
    return result


def _budget_figure(name: str, measured: int, before: int, budget: int) -> Figure:
    return Figure(
        name,
        f"{measured:,} B",
        f"budget {budget:,} B (before: {before:,} B)",
        measured / budget,
        "≤ 1.0×",
        measured <= budget,
    )


PHONE_FIGURES = (("first paint", "first_paint_ms"), ("quiz interactive", "quiz_ms"))


def phone_figures(data: dict) -> list[Figure]:
    """Lesson 1 on the phone profile: now against before, served the same way."""
    result = []
    before_name, now_name = data["sites"]
    for mode, loads in data["phone"].items():
        before, now = loads[before_name], loads[now_name]
        for label, attribute in PHONE_FIGURES:
            old, new = getattr(before, attribute), getattr(now, attribute)
            result.append(
                Figure(
                    f"phone profile, lesson 1 {label} ({mode})",
                    f"{new / 1000:.2f} s",
                    f"{before_name} {old / 1000:.2f} s",
                    new / old,
                    "≤ 0.3×",
                    new / old <= 0.3,
                )
            )
    return result


def quiz_figures(data: dict) -> list[Figure]:
    """The course quiz against jupyterquiz (issue 15's targets)."""
    ours, theirs = data["pages"]
    (_, our_gzip), our_parts, _ = data["bytes"][ours]
    (_, their_gzip), _, _ = data["bytes"][theirs]
    our_tti = data["interactive"][ours].median_ms
    their_tti = data["interactive"][theirs].median_ms
    result = [
        Figure(
            "bytes a quiz adds, first visit (gzip)",
            f"{our_gzip:,} B",
            f"{theirs} {their_gzip:,} B",
            our_gzip / their_gzip,
            "≤ 1.0×",
            our_gzip / their_gzip <= 1.0,
        )
    ]
    inline = sum(packed for name, (_, packed) in our_parts.items() if name.startswith("inline"))
    if inline:
        result.append(
            Figure(
                "bytes a quiz adds to a later page (inline, gzip)",
                f"{inline:,} B",
                f"{theirs} {their_gzip:,} B",
                inline / their_gzip,
                "≤ 0.5×",
                inline / their_gzip <= 0.5,
            )
        )
    result.append(
        Figure(
            "time until the first quiz is interactive",
            f"{our_tti:.0f} ms",
            f"{theirs} {their_tti:.0f} ms",
            our_tti / their_tti,
            "≤ 1.0×",
            our_tti / their_tti <= 1.0,
        )
    )
    return result


def build_line(label: str, build) -> str:
    state = "ok" if build.returncode == 0 else f"exit {build.returncode}"
    return f"| {label} | {build.seconds:.2f} s | {state}, {build.warnings} warnings |"


def phone_runs(load) -> str:
    """Each run as first paint / quiz interactive, in ms."""
    return ", ".join(f"{run['fcp']:.0f} / {run['quiz']:.0f}" for run in load.runs)


EDITION_ROWS = (
    ("notebooks", "notebooks"),
    ("roles_total", "raw MyST roles"),
    ("label_lines", "`(label)=` lines"),
    ("directive_blocks", "directive blocks"),
    ("code_cells", "code cells"),
    ("code_cells_shown", "code cells shown expanded"),
)


def edition_table(counts: dict[str, dict]) -> list[str]:
    """The trainee edition's counts next to the source notebooks'."""
    names = list(counts)
    lines = ["| count | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for key, label in EDITION_ROWS:
        lines.append(f"| {label} | " + " | ".join(str(counts[n][key]) for n in names) + " |")
    return lines


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
        f"`pytest --nbval-lax --nbval-current-env notebooks/ -n {nbval_time.WORKERS} "
        f"--dist loadfile`: {data['nbval'].seconds:.2f} s, exit {data['nbval'].returncode} "
        f"({data['nbval'].summary}); in one process: {data['nbval_serial'].seconds:.2f} s, "
        f"exit {data['nbval_serial'].returncode}.",
        "",
        "### What a trainee sees in JupyterLab (Markdown cells of every notebook opened)",
        "",
        *edition_table(data["edition"]),
        "",
        "### Bad input: the cohort report and the progress salvage (fresh interpreter each; "
        f"a step over {ROBUSTNESS_TIMEOUT_S} s is stopped)",
        "",
        *robustness.side_by_side(data["robustness"]),
        "",
        "### What each lesson's kernel spends its time on (s; one run each, fresh kernel)",
        "",
        *kernel_profile.table(data["kernels"]),
        "",
        "First use of each library a lesson needs, one after another in a fresh interpreter: "
        + ", ".join(f"{label} {sec * 1000:.0f} ms" for label, sec in data["first_uses"].items())
        + ".",
        "",
        "### Bytes a phone fetches (Chromium's network log, 375 px; gzip as a static host sends)",
        "",
        *page_weight.table(data["weights"]),
        "",
        f"### Phone profile (lesson 1; {phone_profile.NETWORK['latency']} ms round trip, "
        f"{phone_profile.NETWORK['downloadThroughput'] * 8 / 1e6:.1f} Mbps down, CPU "
        f"{phone_profile.CPU_SLOWDOWN}x slower; median of {phone_profile.RUNS} first visits)",
        "",
        "| served | site | first paint | quiz interactive | runs (ms) |",
        "|---|---|---|---|---|",
        *[
            f"| {mode} | {name} | {load.first_paint_ms / 1000:.2f} s | {load.quiz_ms / 1000:.2f} s"
            f" | {phone_runs(load)} |"
            for mode, loads in data["phone"].items()
            for name, load in loads.items()
        ],
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
            f"notebook, but each notebook's kernel also runs its cells (see the kernel table "
            f"below); the build ran them {nbval_time.WORKERS} at a time and logged {ran:.1f} s of "
            f"execution in total ({per_notebook}). The rest of the {data['clean'].seconds:.1f} s "
            f"is Jupyter Book's start-up (the empty book: {data['empty'].seconds:.1f} s) and "
            "Sphinx reading and writing the pages."
        )
    if any(name.startswith("nbval over all lessons") for name in missed):
        cells = sum(profile.cells_s for profile in data["kernels"])
        lines.append(
            f"- **nbval**: it runs the same cells as the build, one fresh kernel per notebook; "
            f"the lessons' cells took {cells:.1f} s in all (kernel table below), against a floor "
            "of kernel starts only."
        )
    now = data["weights"][data["sites"][1]]
    for figure in table:
        if figure.met or not figure.name.startswith(("lesson ", "heaviest ")):
            continue
        visit = {
            "lesson 1, first visit (gzip)": now.visits["lesson 1, first visit"],
            "lesson 2 after lesson 1 (gzip)": now.visits["lesson 2 after lesson 1"],
        }.get(figure.name)
        if visit is None:
            visit = now.heaviest_first if "first visit" in figure.name else now.heaviest_later
        lines.append(f"- **{figure.name}**: the heaviest responses:\n{visit.describe()}")
    if any(name.startswith("phone profile") for name in missed):
        first = now.visits["lesson 1, first visit"]
        lines.append(
            f"- **Phone profile**: lesson 1 still fetches {first.raw:,} B raw ({first.gzip:,} B "
            f"gzip) in {first.requests} requests on a first visit; at "
            f"{phone_profile.NETWORK['downloadThroughput'] * 8 / 1e6:.1f} Mbps every 200 KB is "
            "a second, and the first paint waits for the stylesheets while the page, the "
            "widget modules and the scripts share the line."
        )
    ours, theirs = data["pages"]
    if any(name.startswith("bytes a quiz adds") for name in missed):
        _, parts, breakdown = data["bytes"][ours]
        files = sum(raw for name, (raw, _) in parts.items() if not name.startswith("inline"))
        described = ", ".join(f"{name} {raw:,} B" for name, (raw, _) in breakdown.items())
        lines.append(
            f"- **Quiz bytes**: the course quiz's files are {files:,} B raw on their own; the "
            f"page also carries {described}; {theirs} ships questions and feedback only."
        )
    if "time until the first quiz is interactive" in missed:
        phases = data["interactive"][ours].phases_ms
        steps = "; ".join(f"{phase} at {at:.0f} ms" for phase, at in phases.items())
        lines.append(
            f"- **Time to interactive**: {theirs}'s code is inline in the page. Measured phases "
            f"of the course quiz (medians): {steps}."
        )
    for figure in table:
        if figure.name.startswith("`") and not figure.met:
            extra = ", ".join(f"{package} {ms:.1f} ms" for package, ms in data["import_extra"])
            lines.append(
                f"- **{figure.name}**: it imports ipywidgets (through anywidget) and more: "
                f"{extra} (own import times beyond `import ipywidgets`)."
            )
    return lines


def report(data: dict, note: str = "") -> str:
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
    if note:
        lines += [f"**{note}**", ""]
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
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--note", default="", help="a line for the top of results.md")
    arguments = parser.parse_args()
    text = report(measure(), arguments.note)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
