"""`python -m microneedling_course.trainee_lab.branch DEST`: the trainee-edition branch's files.

The site's launch buttons (Binder, JupyterHub, Colab) open the branch `repository.branch` names
in `_config.yml`; `.github/workflows/publish.yml` fills it with this folder on every push to
main (ghp-import -b). It holds the built trainee edition, mirrored as on the site
(`notebooks/*.ipynb`, `book/*.ipynb`), and what Binder (repo2docker) needs to run it: the
package, the question bank, the data, the pinned requirements, a `postBuild` that installs the
trainee's JupyterLab settings and save hook, and a `start` that sends records into `my-records/`.
"""

import argparse
import shutil
import stat
import sys
from pathlib import Path

from microneedling_course.core.paths import repo_root
from microneedling_course.trainee_lab.launch import RECORDS_ENV, RECORDS_FOLDER, edition_dir

# What the package reads at run time, and what installs it (pyproject names README.md).
COPIED = (
    "microneedling_course",
    "quizzes",
    "data",
    "book/references.bib",
    "pyproject.toml",
    "requirements.txt",
    "constraints.txt",
)
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".ipynb_checkpoints")

POST_BUILD = """#!/bin/bash
# repo2docker runs this once after installing requirements.txt: the trainee's JupyterLab
# settings (no news pop-up) and the save hook that keeps reopened lessons readable.
set -euo pipefail
prefix="${NB_PYTHON_PREFIX:-$(python -c 'import sys; print(sys.prefix)')}"
python -m microneedling_course.trainee_lab --binder-setup "$prefix"
"""

START = f"""#!/bin/bash
# repo2docker runs this before JupyterLab: the final assessment saves records in a folder the
# file browser shows.
export {RECORDS_ENV}="${{REPO_DIR:-$HOME}}/{RECORDS_FOLDER}"
mkdir -p "${RECORDS_ENV}"
exec "$@"
"""

README = """# Microneedling course: trainee edition

This branch is generated: every push to `main` rebuilds it from the course sources
(`.github/workflows/publish.yml`). Do not edit it; edit the sources on `main`.

It holds the lessons as notebooks that read well in JupyterLab (`notebooks/`, and the pages they
link to in `book/`), with the course package they run. The site's launch buttons open it on
Binder or a JupyterHub: open a lesson and choose **Run > Run All Cells**.
"""


def write_branch(destination: Path, root: Path | None = None) -> list[Path]:
    """Fill `destination` (emptied first) with the branch's files; returns the top-level paths."""
    root = root or repo_root()
    edition = edition_dir(root)
    if not (edition / "notebooks").is_dir():
        raise FileNotFoundError(f"no trainee edition in {edition}: build the book first")
    if destination.exists():
        shutil.rmtree(destination)
    destination.mkdir(parents=True)
    for folder in ("notebooks", "book"):
        shutil.copytree(edition / folder, destination / folder, ignore=IGNORED)
    for name in COPIED:
        source, target = root / name, destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=IGNORED)
        else:
            shutil.copyfile(source, target)
    (destination / "README.md").write_text(README, encoding="utf-8")
    for name, text in (("postBuild", POST_BUILD), ("start", START)):
        path = destination / name
        path.write_text(text, encoding="utf-8")
        path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return sorted(destination.iterdir())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m microneedling_course.trainee_lab.branch",
        description="Write the trainee-edition branch's files (after the book build).",
    )
    parser.add_argument("destination", type=Path, help="folder to write (emptied first)")
    args = parser.parse_args(argv)
    try:
        paths = write_branch(args.destination)
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"wrote {len(paths)} entries to {args.destination}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
