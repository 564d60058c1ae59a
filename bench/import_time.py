"""Measures import time of the course package against ipywidgets, each in a fresh interpreter."""

import statistics
import subprocess
import sys

RUNS = 15
STATEMENTS = {
    "import microneedling_course": "import microneedling_course",
    "from microneedling_course import show_quiz": "from microneedling_course import show_quiz",
    "import ipywidgets": "import ipywidgets",
}

# Work every lesson kernel does once: the first citation parses and formats the bibliography.
FIRST_CITATION = (
    "from microneedling_course.bank.references import bibliography_keys, cite; "
    "cite(sorted(bibliography_keys())[0])"
)

# Timed inside the child so interpreter start-up is left out; only the import is measured.
TIMER = "import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"


def one_import(statement: str) -> float:
    """Seconds one fresh interpreter spends running an import statement."""
    result = subprocess.run(
        [sys.executable, "-c", TIMER.format(statement=statement)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(result.stdout.strip())


def import_medians(statements: dict[str, str], runs: int = RUNS) -> dict[str, float]:
    """Median seconds per statement over `runs` rounds; each round runs every statement once, so
    all of them see the same machine state."""
    times: dict[str, list[float]] = {label: [] for label in statements}
    for _ in range(runs):
        for label, statement in statements.items():
            times[label].append(one_import(statement))
    return {label: statistics.median(values) for label, values in times.items()}


def imported_modules(statement: str) -> dict[str, int]:
    """Each module a statement imports, with its own import time in microseconds (-X importtime)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement],
        capture_output=True,
        text=True,
        check=True,
    )
    modules = {}
    for line in result.stderr.splitlines():
        fields = line.removeprefix("import time:").split("|")
        if len(fields) == 3 and fields[0].strip().isdigit():
            modules[fields[2].strip()] = int(fields[0])
    return modules


def extra_import_costs(statement: str, baseline: str, top: int = 6) -> list[tuple[str, float]]:
    """The packages a statement imports beyond the baseline's, by their own import time in ms,
    largest first (one run each: a rough split, not a median)."""
    already = imported_modules(baseline)
    packages: dict[str, int] = {}
    for module, micros in imported_modules(statement).items():
        if module not in already:
            package = module.split(".")[0]
            packages[package] = packages.get(package, 0) + micros
    ranked = sorted(packages.items(), key=lambda item: -item[1])[:top]
    return [(package, micros / 1000) for package, micros in ranked]


def main() -> None:
    for label, seconds in import_medians(STATEMENTS).items():
        print(f"{label}: {seconds * 1000:.1f} ms (median of {RUNS})")
    extra = extra_import_costs(
        STATEMENTS["from microneedling_course import show_quiz"], "import ipywidgets"
    )
    print("show_quiz imports beyond ipywidgets:", ", ".join(f"{p} {ms:.1f} ms" for p, ms in extra))


if __name__ == "__main__":
    main()
