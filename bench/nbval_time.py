"""Measures nbval over every lesson: `pytest --nbval-lax --nbval-current-env notebooks/`, with
pytest-xdist workers (one notebook per worker at a time: `--dist loadfile`) or in one process."""

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
PYTEST = Path(sys.executable).parent / "pytest"
WORKERS = 2  # the machine's cores; each worker runs whole notebooks, each in its own kernel


@dataclass(frozen=True)
class TimedRun:
    """How long the nbval run took, its exit code and pytest's summary line."""

    seconds: float
    returncode: int
    summary: str


def lesson_notebooks(repo_root: Path = REPO_ROOT) -> list[Path]:
    """The notebooks nbval runs."""
    return sorted((repo_root / "notebooks").glob("*.ipynb"))


def nbval_run(root: Path = REPO_ROOT, workers: int = WORKERS) -> TimedRun:
    """Time one nbval run over notebooks/ from a repository root (its pytest settings apply)."""
    command = [str(PYTEST), "--nbval-lax", "--nbval-current-env", "notebooks/", "-q"]
    command += ["-p", "no:cacheprovider"]
    if workers > 1:
        command += ["-n", str(workers), "--dist", "loadfile"]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    return TimedRun(seconds, result.returncode, lines[-1] if lines else "")


def main() -> None:
    print(f"notebooks: {len(lesson_notebooks())}")
    for workers in (WORKERS, 1):
        run = nbval_run(workers=workers)
        print(
            f"nbval over notebooks/, {workers} worker(s): {run.seconds:.2f} s "
            f"(exit {run.returncode}: {run.summary})"
        )


if __name__ == "__main__":
    main()
