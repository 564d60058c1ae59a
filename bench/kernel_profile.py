"""What each lesson's kernel spends its time on: start-up, and each kind of cell.

Runs every notebook in notebooks/ top to bottom in a fresh python3 kernel (nbclient, as the build
and nbval do) and splits the wall time into the kernel's start and shut-down and the time of each
cell, grouped by what the cell does (learning objectives, tables, figures, labs, quiz). The first
cell that needs a library pays for importing it, so the first-use costs are also measured alone,
one after another in a fresh interpreter: the widget libraries, the question bank, the first
citation, matplotlib and one figure.
"""

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import nbformat
from import_time import FIRST_CITATION
from nbclient import NotebookClient

REPO_ROOT = Path(__file__).resolve().parent.parent
KINDS = (
    ("objectives", ("show_objectives(",)),
    ("quiz", ("show_quiz(", "start_final_assessment(")),
    ("figure", ("_figure(",)),
    ("table", ("_table(",)),
    ("lab or progress", ("show_",)),
)

# Each step in the order a lesson kernel meets it; timed in one fresh interpreter.
FIRST_USES = {
    "widget libraries (anywidget, ipywidgets)": "import anywidget",
    "learning objectives (question bank)": (
        "from microneedling_course import show_objectives; show_objectives('skin-and-depth')"
    ),
    "first citation (bibliography)": FIRST_CITATION,
    "matplotlib": "import matplotlib.figure",
    "one figure (draw, SVG)": (
        "from microneedling_course.lessons.skin_and_depth import dermis_by_region_figure; "
        "dermis_by_region_figure()"
    ),
}
FIRST_USE_SCRIPT = """
import json, sys, time
steps = json.loads(sys.argv[1]); times = {}
for label, statement in steps.items():
    started = time.perf_counter(); exec(statement); times[label] = time.perf_counter() - started
print(json.dumps(times))
"""


@dataclass(frozen=True)
class NotebookProfile:
    name: str
    wall_s: float
    kinds_s: dict[str, float]

    @property
    def cells_s(self) -> float:
        return sum(self.kinds_s.values())

    @property
    def kernel_s(self) -> float:
        """Start-up, shut-down and messaging: the wall time no cell accounts for."""
        return self.wall_s - self.cells_s


def kind_of(source: str) -> str:
    return next((kind for kind, marks in KINDS if any(m in source for m in marks)), "other")


def _stamp(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def profile_notebook(path: Path) -> NotebookProfile:
    """One run of the notebook in a fresh kernel, its cells' times grouped by kind."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": path.parent}}
    )
    started = time.perf_counter()
    # The kernel's stderr only carries its TCP notice; it would bury the figures.
    client.execute(stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    kinds: dict[str, float] = {}
    for cell in notebook.cells:
        timing = cell.metadata.get("execution", {})
        if cell.cell_type != "code" or "shell.execute_reply" not in timing:
            continue
        seconds = (
            _stamp(timing["shell.execute_reply"]) - _stamp(timing["iopub.execute_input"])
        ).total_seconds()
        kind = kind_of("".join(cell.source))
        kinds[kind] = kinds.get(kind, 0.0) + seconds
    return NotebookProfile(path.name, wall, kinds)


def profile_notebooks(root: Path = REPO_ROOT) -> list[NotebookProfile]:
    return [profile_notebook(path) for path in sorted((root / "notebooks").glob("*.ipynb"))]


def first_uses(cwd: Path = REPO_ROOT / "notebooks") -> dict[str, float]:
    """Seconds of each first use, in order, in one fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-c", FIRST_USE_SCRIPT, json.dumps(FIRST_USES)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def table(profiles: list[NotebookProfile]) -> list[str]:
    """A Markdown table: each notebook's wall time, kernel share and cells by kind."""
    kinds = [kind for kind, _ in KINDS] + ["other"]
    lines = [
        "| notebook | wall | kernel start, stop | " + " | ".join(kinds) + " |",
        "|---|---|---|" + "---|" * len(kinds),
    ]
    for p in profiles:
        cells = " | ".join(f"{p.kinds_s.get(kind, 0):.2f}" for kind in kinds)
        lines.append(f"| {p.name} | {p.wall_s:.2f} | {p.kernel_s:.2f} | {cells} |")
    return lines


def main() -> None:
    print("\n".join(table(profile_notebooks())))
    print()
    for label, seconds in first_uses().items():
        print(f"first use, {label}: {seconds * 1000:.0f} ms")


if __name__ == "__main__":
    main()
