"""Measures the course build: clean strict build, no-change rebuild, and an empty one-page book."""

import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"

EMPTY_BOOK = {
    "_config.yml": (
        "title: Empty\nonly_build_toc_files: true\nexecute:\n  execute_notebooks: cache\n"
    ),
    "_toc.yml": "format: jb-book\nroot: intro\n",
    "intro.md": "# Empty\n\nOne page.\n",
}


# MyST-NB logs one line per executed document: "<path>: Executed notebook in 3.32 seconds".
EXECUTED_LINE = re.compile(r"^(?P<path>\S+): Executed notebook in (?P<seconds>[0-9.]+) seconds")


@dataclass(frozen=True)
class TimedBuild:
    """How long one strict build took, whether it ended cleanly, and each notebook's execution."""

    seconds: float
    returncode: int
    warnings: int
    executed: dict[str, float]


def timed_build(source: Path, path_output: Path) -> TimedBuild:
    """Run `jupyter-book build -W -n --keep-going` and time it."""
    command = [str(JUPYTER_BOOK), "build", str(source), "-W", "-n", "--keep-going"]
    started = time.perf_counter()
    result = subprocess.run(
        command + ["--path-output", str(path_output)], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    log = result.stdout + result.stderr
    executed = {
        Path(match["path"]).name: float(match["seconds"])
        for match in map(EXECUTED_LINE.match, log.splitlines())
        if match
    }
    return TimedBuild(seconds, result.returncode, log.count("WARNING:"), executed)


def executes(path: Path) -> bool:
    """A notebook, or a MyST Markdown page with a kernelspec: the build runs it in a kernel."""
    if path.suffix == ".ipynb":
        return path.is_file()
    if not path.is_file():
        return False
    text = path.read_text(encoding="utf-8")
    front_matter = text.split("---", 2)[1] if text.startswith("---") else ""
    return "kernelspec:" in front_matter


def course_notebooks(repo_root: Path = REPO_ROOT) -> list[str]:
    """Docnames in _toc.yml that a clean build executes, each starting its own kernel."""
    toc = yaml.safe_load((repo_root / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                names.append(entry["file"])
            for key in ("parts", "chapters", "sections"):
                walk(entry.get(key))

    for key in ("parts", "chapters", "sections"):
        walk(toc.get(key))
    stems = [name.removesuffix(".ipynb").removesuffix(".md") for name in names]
    return [
        stem
        for stem in stems
        if executes(repo_root / f"{stem}.ipynb") or executes(repo_root / f"{stem}.md")
    ]


def committed_tree(workdir: Path) -> Path:
    """The repository as committed (git archive HEAD), so edits in progress never change a run."""
    source = workdir / "course-src"
    source.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "archive", "--format=tar", "HEAD"],
        capture_output=True,
        check=True,
    )
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive.stdout, check=True)
    return source


def clean_then_rebuild(source: Path, output: Path) -> tuple[TimedBuild, TimedBuild]:
    """A build into a fresh output folder (every notebook runs), then the same build unchanged."""
    return timed_build(source, output), timed_build(source, output)


def empty_book_builds(workdir: Path) -> tuple[TimedBuild, TimedBuild]:
    """A one-page book with Jupyter Book's defaults: the fixed cost of any build and rebuild."""
    source = workdir / "empty-book"
    source.mkdir()
    for name, text in EMPTY_BOOK.items():
        (source / name).write_text(text, encoding="utf-8")
    return clean_then_rebuild(source, workdir / "empty-out")


def course_builds(workdir: Path) -> tuple[TimedBuild, TimedBuild]:
    """The committed course: a clean strict build, then a no-change rebuild."""
    return clean_then_rebuild(committed_tree(workdir), workdir / "course-out")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        workdir = Path(tmp)
        empty, empty_rebuild = empty_book_builds(workdir)
        clean, rebuild = course_builds(workdir)
    print(f"notebooks in the course: {len(course_notebooks())}")
    for label, build in (
        ("empty one-page book", empty),
        ("empty book, no-change rebuild", empty_rebuild),
        ("clean course build", clean),
        ("no-change rebuild", rebuild),
    ):
        print(
            f"{label}: {build.seconds:.2f} s (exit {build.returncode}, {build.warnings} warnings)"
        )


if __name__ == "__main__":
    main()
