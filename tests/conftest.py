"""Shared pytest fixtures: the repository, Debian's Chromium and one strict course build."""

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from microneedling_course.sphinx import page_weight

REPO_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(page_weight.CHROMIUM)
CHROMIUM_ARGS = page_weight.CHROMIUM_ARGS
# The venv's own jupyter-book, so the build runs with the pinned stack whatever PATH says.
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
# ipykernel logs this on every kernel start; it is not a Sphinx warning and says nothing about the
# book, so it is the one line a strict build's log may hold with "WARNING" in it.
KERNEL_TRANSPORT_NOTICE = "[IPKernelApp] WARNING | Kernel is running over TCP without encryption"


@dataclass(frozen=True)
class BookBuild:
    """What one `jupyter-book build` left behind: its exit code, its log and its HTML folder."""

    returncode: int
    log: str
    html_dir: Path

    @property
    def warnings(self) -> list[str]:
        """The log's warning lines (Sphinx's, MyST-NB's), less the kernel's transport notice."""
        return [
            line
            for line in self.log.splitlines()
            if "WARNING" in line and KERNEL_TRANSPORT_NOTICE not in line
        ]


def build_book(source: Path, path_output: Path) -> BookBuild:
    """Build a book strictly (warnings are errors, keep going) into a fresh output folder."""
    result = subprocess.run(
        [str(JUPYTER_BOOK), "build", str(source), "-W", "-n", "--keep-going"]
        + ["--path-output", str(path_output)],
        capture_output=True,
        text=True,
        check=False,
    )
    return BookBuild(
        returncode=result.returncode,
        log=ANSI_ESCAPE.sub("", result.stdout + result.stderr),
        html_dir=path_output / "_build" / "html",
    )


@pytest.fixture
def run_es_module(tmp_path):
    """`run_es_module(name, body)`: run `body` in Node with static/<name> imported as `lab`, and
    return what it prints, parsed as JSON (the labs' Python/JavaScript parity tests use it)."""
    from microneedling_course.core.paths import static_path
    from tests.frontend_node import node_or_skip

    node = node_or_skip()

    def run(module_name: str, body: str):
        module = tmp_path / module_name.replace(".js", ".mjs")
        module.write_text(static_path(module_name).read_text(encoding="utf-8"), encoding="utf-8")
        script = tmp_path / "run.mjs"
        script.write_text(
            f"import * as lab from {json.dumps(module.as_uri())};\n{body}\n", encoding="utf-8"
        )
        result = subprocess.run(
            [node, str(script)], capture_output=True, text=True, timeout=60, check=False
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return run


FIXTURE_COURSE = Path(__file__).resolve().parent / "fixtures" / "course"


@pytest.fixture(scope="session")
def fixture_course_root() -> Path:
    """The fixture course's folder (for module-scoped fixtures that set MNC_COURSE_ROOT alone)."""
    return FIXTURE_COURSE


@pytest.fixture
def fixture_course(monkeypatch) -> Path:
    """Product tests read the fixture course (tests/fixtures/course: its bank, bibliography and
    assessment settings), never the real course content: MNC_COURSE_ROOT points there, and in
    subprocesses started by the test too."""
    monkeypatch.setenv("MNC_COURSE_ROOT", str(FIXTURE_COURSE))
    monkeypatch.delenv("MNC_BANK_DIR", raising=False)
    return FIXTURE_COURSE


@pytest.fixture(scope="session")
def node_package():
    """`node_package(name)`: the path of `node` once the npm package `name` is in node_modules/
    (`npm ci` installs package.json's packages); a skip otherwise, a failure under CI=true."""

    def require(name: str) -> str:
        node = shutil.which("node")
        if node is not None and (REPO_ROOT / "node_modules" / name / "package.json").is_file():
            return node
        missing = "Node.js" if node is None else f"node_modules/{name}"
        reason = f"{missing} is missing: run `npm ci` in the repository (see README.md)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; tests may not skip in CI", pytrace=False)
        pytest.skip(reason)

    return require


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The course repository this test run belongs to."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's Chromium; a skip when missing, except under CI=true, where missing is a failure."""
    if CHROMIUM.exists():
        return str(CHROMIUM)
    reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; browser tests may not skip in CI", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser(chromium_path):
    """One headless Chromium under Playwright for the whole session, shared by every test file:
    Playwright's sync API refuses a second instance while one is running."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def build_strict_book():
    """Build a book as CI does: `build_strict_book(source, path_output)` returns a BookBuild."""
    return build_book


@pytest.fixture(scope="session")
def course_build(tmp_path_factory) -> BookBuild:
    """The whole course, built once per session into an empty folder, so every notebook runs."""
    return build_book(REPO_ROOT, tmp_path_factory.mktemp("course-build"))


@pytest.fixture(scope="session")
def built_site(request) -> Path:
    """The built course's HTML folder; MNC_SITE_DIR reuses an existing build instead of building."""
    existing = os.environ.get("MNC_SITE_DIR")
    if existing:
        html_dir = Path(existing).resolve()
        if not (html_dir / "index.html").is_file():
            pytest.fail(f"MNC_SITE_DIR={existing} holds no index.html", pytrace=False)
        return html_dir
    build = request.getfixturevalue("course_build")
    if build.returncode != 0:
        warnings = "\n".join(build.warnings[:40]) or build.log[-4000:]
        pytest.fail(
            f"the course build failed (exit {build.returncode}):\n{warnings}", pytrace=False
        )
    return build.html_dir


@pytest.fixture(scope="session", autouse=True)
def isolated_progress_file(tmp_path_factory) -> Path:
    """Tests never write to the developer's own progress file: every graded quiz answer is recorded
    (progress_hook), and subprocesses (kernels, servers, the CLI) inherit this environment."""
    path = tmp_path_factory.mktemp("progress") / "progress.json"
    previous = os.environ.get("MNC_PROGRESS_PATH")
    os.environ["MNC_PROGRESS_PATH"] = str(path)
    yield path
    if previous is None:
        os.environ.pop("MNC_PROGRESS_PATH", None)
    else:
        os.environ["MNC_PROGRESS_PATH"] = previous
