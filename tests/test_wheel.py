"""The package as a wheel: built offline, installed into a fresh venv, every module imports and the
front-end files ship; without a clone the command line says where the content should be."""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import microneedling_course

pytestmark = pytest.mark.build

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURE_COURSE = Path(__file__).resolve().parent / "fixtures" / "course"
PACKAGE = "microneedling_course"

IMPORT_EVERY_MODULE = """
import importlib, json, pathlib, pkgutil
import importlib.metadata as metadata
import microneedling_course as package
names = [info.name for info in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
files = {}
for name in names:
    if name.endswith(".__main__"):
        continue
    files[name] = importlib.import_module(name).__file__
static = sorted(p.name for p in (pathlib.Path(package.__file__).parent / "static").iterdir())
print(json.dumps({"package": package.__file__, "modules": files, "static": static,
                  "version": package.__version__,
                  "distribution": metadata.version("microneedling-course")}))
"""


def run(command, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        **kwargs,
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv holding only the built wheel; the project venv's site-packages supplies the
    dependencies through a .pth file, so nothing is downloaded."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO_ROOT / name, source / name)
    shutil.copytree(
        REPO_ROOT / PACKAGE, source / PACKAGE, ignore=shutil.ignore_patterns("__pycache__")
    )
    built = run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index"]
        + ["--quiet", "--wheel-dir", root / "dist", source]
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (root / "dist").glob("*.whl")

    venv = root / "venv"
    created = run([sys.executable, "-m", "venv", "--without-pip", venv])
    assert created.returncode == 0, created.stderr
    python = venv / "bin" / "python"
    purelib = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
    site_packages = Path(purelib.stdout.strip())
    (site_packages / "project-dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    pip = [sys.executable, "-m", "pip", "--python", python, "install", "--quiet"]
    installed = run(pip + ["--no-deps", "--no-index", wheel])
    assert installed.returncode == 0, installed.stderr
    return venv


def fresh_env(**extra: str) -> dict[str, str]:
    """The environment without any pointer to this clone's content."""
    env = {k: v for k, v in os.environ.items() if k not in ("MNC_COURSE_ROOT", "MNC_BANK_DIR")}
    return {**env, **extra}


def test_every_module_imports_from_the_installed_wheel(installed, tmp_path):
    """Does every module of the package import in the fresh venv, from the wheel (not the clone),
    with every front-end file and one version for the package and its distribution?"""
    result = run([installed / "bin" / "python", "-c", IMPORT_EVERY_MODULE], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["package"].startswith(str(installed))
    expected = {
        ".".join(path.relative_to(REPO_ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in (REPO_ROOT / PACKAGE).rglob("*.py")
        if path.name != "__main__.py"
    } - {PACKAGE}
    assert set(found["modules"]) == expected
    assert all(path.startswith(str(installed)) for path in found["modules"].values())
    shipped = sorted(p.name for p in (REPO_ROOT / PACKAGE / "static").iterdir() if p.is_file())
    assert found["static"] == shipped
    assert found["version"] == found["distribution"] == microneedling_course.__version__


def test_console_script_and_module_run_from_the_wheel(installed, tmp_path):
    """Do `mncourse --help` and `python -m microneedling_course --help` work from the wheel?"""
    for command in (
        [installed / "bin" / "mncourse"],
        [installed / "bin" / "python", "-m", PACKAGE],
    ):
        result = run(command + ["--help"], cwd=tmp_path, env=fresh_env())
        assert result.returncode == 0, result.stderr
        assert "validate" in result.stdout


def test_wheel_without_a_clone_says_where_content_belongs(installed, tmp_path):
    """Without a clone, does `mncourse validate` fail with one line naming MNC_COURSE_ROOT and
    no traceback?"""
    result = run([installed / "bin" / "mncourse", "validate"], cwd=tmp_path, env=fresh_env())
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: course content not found")
    assert "MNC_COURSE_ROOT" in lines[0] and "Traceback" not in result.stderr


def test_wheel_reads_a_clone_named_by_mnc_course_root(installed, tmp_path):
    """With MNC_COURSE_ROOT naming a course folder, does the installed wheel read its bank?"""
    env = fresh_env(MNC_COURSE_ROOT=str(FIXTURE_COURSE))
    result = run([installed / "bin" / "mncourse", "validate"], cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("bank OK: 3 module(s)")
