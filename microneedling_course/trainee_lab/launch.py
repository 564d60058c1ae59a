"""`python -m microneedling_course.trainee_lab`: JupyterLab on the trainee edition, for trainees.

It opens the lessons as the site build wrote them (`_build/trainee/`, built first if missing)
in a JupyterLab set up for non-programmers: no news or update pop-ups (`lab_settings/`), saved
lessons that reopen without widget errors (the pre-save hook in quiz/widget_outputs.py), and
the final assessment's records in `my-records/`, a folder the file browser shows. Everything is
passed on the command line and in the environment: nothing goes to the trainee's ~/.jupyter.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from microneedling_course.core.paths import repo_root

SETTINGS_DIR = Path(__file__).resolve().parent / "lab_settings"
PRE_SAVE_HOOK = "microneedling_course.quiz.widget_outputs.pre_save_hook"
RECORDS_FOLDER = "my-records"
RECORDS_ENV = "MNC_RECORDS_DIR"
FIRST_PAGE = "book/intro.ipynb"
# Hidden in the file browser; a rebuild of the edition leaves it alone.
LAB_STATE_FOLDER = ".jupyterlab"


def edition_dir(root: Path | None = None) -> Path:
    """Where the site build writes the trainee edition (trainee_edition.EDITION_FOLDER)."""
    return (root or repo_root()) / "_build" / "trainee"


def lab_arguments(lab_root: Path) -> list[str]:
    """The options of `jupyter lab` that make the trainee set-up (the tests use the same)."""
    return [
        f"--ServerApp.root_dir={lab_root}",
        f"--ContentsManager.pre_save_hook={PRE_SAVE_HOOK}",
        f"--LabApp.app_settings_dir={SETTINGS_DIR}",
        # Never ask PyPI for extensions: nothing leaves the machine.
        "--LabApp.extension_manager=readonly",
    ]


def lab_environment(lab_root: Path, base: dict | None = None) -> dict:
    """The environment for the server and its kernels: records go beside the lessons."""
    env = dict(os.environ if base is None else base)
    env[RECORDS_ENV] = str(lab_root / RECORDS_FOLDER)
    return env


def binder_setup(prefix: Path) -> list[Path]:
    """Install the same settings into an environment (Binder's postBuild, a JupyterHub image):
    JupyterLab's overrides.json and a server config that enables the pre-save hook."""
    settings = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    server = prefix / "etc" / "jupyter" / "jupyter_server_config.d" / "microneedling-course.json"
    for path in (settings, server):
        path.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text((SETTINGS_DIR / "overrides.json").read_text(encoding="utf-8"))
    server.write_text(json.dumps({"ContentsManager": {"pre_save_hook": PRE_SAVE_HOOK}}, indent=2))
    return [settings, server]


def build_edition(root: Path) -> int:
    """Build the site (and with it the trainee edition), as the README's first command does."""
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    print("Building the course first (a minute or two, only this once)...", flush=True)
    return subprocess.call([str(jupyter_book), "build", str(root), "-W", "-n", "--keep-going"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m microneedling_course.trainee_lab",
        description="Open the course lessons in JupyterLab, set up for trainees. Other options "
        "(such as --port=8890) are passed to JupyterLab.",
    )
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    parser.add_argument(
        "--binder-setup",
        metavar="PREFIX",
        help="install the trainee settings into the environment at PREFIX and exit",
    )
    args, lab_options = parser.parse_known_args(argv)
    if args.binder_setup:
        for path in binder_setup(Path(args.binder_setup)):
            print(f"wrote {path}")
        return 0
    root = repo_root()
    lab_root = edition_dir(root)
    if not (lab_root / FIRST_PAGE).is_file():
        status = build_edition(root)
        if status != 0 or not (lab_root / FIRST_PAGE).is_file():
            print("The course did not build; see the messages above.", file=sys.stderr)
            return status or 1
    (lab_root / RECORDS_FOLDER).mkdir(exist_ok=True)
    command = [str(Path(sys.executable).parent / "jupyter"), "lab", *lab_arguments(lab_root)]
    # The trainee's own setting changes and window layout stay with the course, not in ~/.jupyter.
    own = lab_root / LAB_STATE_FOLDER
    command += [
        f"--LabApp.user_settings_dir={own / 'user-settings'}",
        f"--LabApp.workspaces_dir={own / 'workspaces'}",
        f"--LabApp.default_url=/lab/tree/{FIRST_PAGE}",
    ]
    if args.no_browser:
        command.append("--no-browser")
    command += lab_options  # anything else goes to JupyterLab as it is, e.g. --port=8890
    return subprocess.call(command, env=lab_environment(lab_root), cwd=lab_root)
