"""The two sites the page benchmarks compare: the course before issue 15 and the course now.

- before: commit 55adaee (the start of this round), checked out in a temporary `git worktree` and
  built once into bench/out/site-55adaee/ (kept, so later runs reuse it); the build imports that
  commit's own package (PYTHONPATH), not the one installed from this checkout.
- now: the committed tree (`git archive HEAD`), built into a folder the caller gives (run_all.py
  reuses its clean-build benchmark's output); or an existing build named by MNC_SITE_DIR.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import build_time

REPO_ROOT = Path(__file__).resolve().parent.parent
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
BASELINE_COMMIT = "55adaee"
BASELINE_DIR = REPO_ROOT / "bench" / "out" / f"site-{BASELINE_COMMIT}"


def html_dir(path_output: Path) -> Path:
    return path_output / "_build" / "html"


def build(source: Path, path_output: Path, env: dict | None = None) -> Path:
    """A strict build of `source` into `path_output`; its HTML folder (a failed build raises)."""
    result = subprocess.run(
        [str(JUPYTER_BOOK), "build", str(source), "-W", "-n", "--keep-going"]
        + ["--path-output", str(path_output)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if result.returncode != 0 or not (html_dir(path_output) / "index.html").is_file():
        tail = (result.stdout + result.stderr)[-3000:]
        raise RuntimeError(f"building {source} failed (exit {result.returncode}):\n{tail}")
    return html_dir(path_output)


def baseline_site() -> Path:
    """The site as it was at BASELINE_COMMIT (built on first use, then reused)."""
    if (html_dir(BASELINE_DIR) / "index.html").is_file():
        return html_dir(BASELINE_DIR)
    with tempfile.TemporaryDirectory(prefix="bench-baseline-") as tmp:
        worktree = Path(tmp) / f"course-{BASELINE_COMMIT}"
        subprocess.run(
            ["git", "-C", str(REPO_ROOT), "worktree", "add", "--detach", str(worktree)]
            + [BASELINE_COMMIT],
            capture_output=True,
            check=True,
        )
        try:
            env = {**os.environ, "PYTHONPATH": str(worktree)}
            env.pop("MNC_COURSE_ROOT", None)
            partial = BASELINE_DIR.with_name(BASELINE_DIR.name + ".partial")
            shutil.rmtree(partial, ignore_errors=True)
            build(worktree, partial, env)
            shutil.rmtree(BASELINE_DIR, ignore_errors=True)
            partial.rename(BASELINE_DIR)
        finally:
            subprocess.run(
                ["git", "-C", str(REPO_ROOT), "worktree", "remove", "--force", str(worktree)],
                capture_output=True,
                check=False,
            )
    return html_dir(BASELINE_DIR)


def current_site(workdir: Path) -> Path:
    """The site of the committed tree (or MNC_SITE_DIR's existing build)."""
    existing = os.environ.get("MNC_SITE_DIR")
    if existing:
        return Path(existing).resolve()
    source = build_time.committed_tree(workdir)
    # The committed package too, not the one installed (editable) from the working copy.
    return build(source, workdir / "current-out", {**os.environ, "PYTHONPATH": str(source)})


def main() -> None:
    print(f"site at {BASELINE_COMMIT}: {baseline_site()}")


if __name__ == "__main__":
    main()
