"""The package's layers import one way only: each subpackage imports its own modules and the layers
below it, never one beside it or above it (read from every module's imports with ast)."""

import ast
from pathlib import Path

import pytest

PACKAGE = "microneedling_course"
PACKAGE_DIR = Path(__file__).resolve().parent.parent / PACKAGE
# Rank of each layer: a module may import from its own subpackage or a lower rank. Equal ranks are
# side by side and never import each other (lessons and labs; quiz and course_data; the
# instructor tools and the Sphinx side). The top-level modules (the notebooks' API and
# `python -m`) sit above everything.
LAYERS = {
    "core": 0,
    "bank": 1,
    "quiz": 2,
    "course_data": 2,
    "progress": 3,
    "lessons": 4,
    "labs": 4,
    "instructor": 5,
    "sphinx": 5,
    "trainee_lab": 5,
}
TOP = max(LAYERS.values()) + 1
# The package's one version string may be read from anywhere (pyproject reads it too).
ALLOWED_ANYWHERE = {f"{PACKAGE}.__version__"}
MAX_MODULE_LINES = 400


def module_name(path: Path, root: Path = PACKAGE_DIR) -> str:
    """microneedling_course/quiz/widget.py -> microneedling_course.quiz.widget."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, root: Path = PACKAGE_DIR) -> list[tuple[int, str]]:
    """(line, absolute module name) for every import in a file, relative ones resolved, and every
    string given to importlib.import_module (a way round a plain import)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path, root)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.append((node.lineno, str(node.args[0].value)))
    return found


def layer_of(module: str) -> tuple[str, int] | None:
    """(subpackage, rank) of a package module; None outside the package."""
    parts = module.split(".")
    if parts[0] != PACKAGE:
        return None
    if len(parts) == 1 or parts[1] not in LAYERS:
        return ("", TOP)
    return (parts[1], LAYERS[parts[1]])


def wrong_imports(root: Path = PACKAGE_DIR) -> list[str]:
    """Every import from a layer beside or above the importing module's own layer."""
    problems: dict[tuple[Path, int], str] = {}
    for path in sorted(root.rglob("*.py")):
        own_package, own_rank = layer_of(module_name(path, root))
        for line, target in imported_modules(path, root):
            target_layer = layer_of(target)
            if target_layer is None or target in ALLOWED_ANYWHERE:
                continue
            package, rank = target_layer
            if package == own_package and package:
                continue
            if rank >= own_rank and not (own_rank == TOP and rank == TOP):
                where = path.relative_to(root.parent)
                direction = "beside" if rank == own_rank else "above"
                message = f"{where}:{line} imports {target} ({direction} its layer)"
                problems.setdefault((path, line), message)
    return list(problems.values())


def test_every_subpackage_has_a_layer():
    """Is every subpackage of the package placed in the layer table (so none escapes the check)?"""
    subpackages = {path.parent.name for path in PACKAGE_DIR.glob("*/__init__.py")}
    assert subpackages == set(LAYERS)


def test_imports_run_one_way():
    """Does every module import only from its own subpackage or from the layers below it?"""
    assert wrong_imports() == []


@pytest.mark.parametrize(
    ("relative_path", "source", "expected"),
    [
        ("quiz/widget.py", "from microneedling_course.progress import store\n", "above"),
        ("quiz/widget.py", "import microneedling_course.progress.store\n", "above"),
        ("lessons/figures.py", "from ..labs.demo import thing\n", "beside"),
        (
            "quiz/widget.py",
            'import importlib\nimportlib.import_module("microneedling_course.progress.hook")\n',
            "above",
        ),
    ],
    ids=["from-import", "plain-import", "relative-sideways", "import_module-string"],
)
def test_check_catches_a_wrong_import(tmp_path, relative_path, source, expected):
    """Does the check report an upward or sideways import written in each form it reads?"""
    root = tmp_path / PACKAGE
    for layer in LAYERS:
        (root / layer).mkdir(parents=True)
        (root / layer / "__init__.py").write_text('"""A layer."""\n')
    (root / relative_path).write_text(source)
    problems = wrong_imports(root)
    assert len(problems) == 1 and f"({expected} its layer)" in problems[0]


def test_downward_and_own_imports_pass(tmp_path):
    """Are imports from a lower layer and from the module's own subpackage accepted?"""
    root = tmp_path / PACKAGE
    for layer in LAYERS:
        (root / layer).mkdir(parents=True)
        (root / layer / "__init__.py").write_text('"""A layer."""\n')
    (root / "labs" / "lab.py").write_text(
        "from microneedling_course.core.paths import data_dir\n"
        "from ..course_data.skin import load\n"
        "from .other import thing\n"
    )
    assert wrong_imports(root) == []


@pytest.mark.parametrize(
    "path", sorted(PACKAGE_DIR.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE_DIR))
)
def test_module_is_short_and_says_what_it_owns(path):
    """Is every module at most about 400 lines, opening with a docstring that says what it owns?"""
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES
    if path.name == "__main__.py" or text.strip():
        docstring = ast.get_docstring(ast.parse(text))
        assert docstring and len(docstring.splitlines()[0]) > 20, "first line: what it owns"
