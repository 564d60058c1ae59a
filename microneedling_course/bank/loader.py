"""Loading the bank: every quizzes/*.yml file read, validated, checked across files, cached."""

import difflib
import os
import re
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from microneedling_course.bank.field_checker import FieldChecker, describe_value, shorten
from microneedling_course.bank.model import SCHEMA_VERSION, Bank, Module, Objective
from microneedling_course.bank.problems import BankError, Problem
from microneedling_course.bank.question_reader import read_question
from microneedling_course.bank.yaml_reader import read_yaml
from microneedling_course.core.input_limits import (
    MAX_BANK_BYTES,
    MAX_BANK_FILE_BYTES,
    MAX_BANK_FILES,
    InputRefused,
    read_bounded_file,
    size_text,
)
from microneedling_course.core.paths import bank_dir, bibliography_path, repo_root

# A page of the course, relative to its root: folders and a name, never "." or ".." (a lesson
# link must stay inside the site) and never a hidden folder.
DOCNAME = re.compile(r"^[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$")


MODULE_FIELDS = ("schema_version", "module", "title", "lesson", "objectives", "questions")


def _read_objectives(checker: FieldChecker, data: dict, module: str) -> list[Objective]:
    raw = checker.sequence(data, "objectives") or []
    objectives = []
    for index, entry in enumerate(raw):
        where = f"objectives[{index}]."
        if not isinstance(entry, dict):
            checker.problem(
                f"objectives[{index}]",
                f"should be a mapping with id and text, not {describe_value(entry)}",
            )
            continue
        checker.keys(entry, ("id", "text", "section"), ("id", "text"), where)
        oid = checker.slug(entry, "id", where)
        text = checker.text(entry, "text", where=where)
        section = checker.slug(entry, "section", where) if "section" in entry else ""
        if None not in (oid, text, section):
            objectives.append(Objective(oid, text, module, section))
    if not raw and "objectives" in data:
        checker.problem("objectives", "is empty; list at least one objective")
    return objectives


def _read_header(checker: FieldChecker, data: dict) -> dict | None:
    version = data.get("schema_version")
    if "schema_version" not in data:
        checker.problem("schema_version", "is required but missing (write: schema_version: 1)")
        return None
    if isinstance(version, bool) or version != SCHEMA_VERSION:
        shown = (
            f"{version!r}"
            if isinstance(version, int | float) and abs(version) < 10**9
            else f"'{shorten(version)}'"
            if isinstance(version, str)
            else describe_value(version)
        )
        checker.problem(
            "schema_version",
            f"{shown} is not supported; this course reads version {SCHEMA_VERSION}",
        )
        return None
    checker.keys(data, MODULE_FIELDS, MODULE_FIELDS)
    header = {
        "module": checker.slug(data, "module"),
        "title": checker.text(data, "title"),
        "lesson": checker.text(data, "lesson"),
    }
    lesson = header["lesson"]
    if lesson is not None and any(part in (".", "..") for part in lesson.split("/")):
        checker.problem(
            "lesson",
            f"'{shorten(lesson)}' points outside the course; write the page's path from the "
            "course folder, like notebooks/04-aftercare",
        )
    elif lesson is not None and (not DOCNAME.match(lesson) or lesson.endswith((".ipynb", ".md"))):
        checker.problem(
            "lesson",
            f"'{shorten(lesson)}' should be a page name without extension, like "
            "notebooks/04-aftercare",
        )
    return header


def read_module(
    data: Any, display: str, known_keys: frozenset[str] | None
) -> tuple[Module | None, list[Problem]]:
    """Validate one parsed bank file; cross-file checks happen in load_bank."""
    checker = FieldChecker(display)
    if not isinstance(data, dict):
        return None, [
            Problem(display, f"the file should be a mapping of fields, not {describe_value(data)}")
        ]
    header = _read_header(checker, data)
    if header is None or header["module"] is None:
        return None, checker.problems
    objectives = _read_objectives(checker, data, header["module"])
    questions = []
    raw_questions = checker.sequence(data, "questions") or []
    if "questions" in data and not raw_questions and isinstance(data["questions"], list):
        checker.problem("questions", "is empty; write at least one question")
    context = {"module": header["module"], "source": display}
    for index, entry in enumerate(raw_questions):
        if not isinstance(entry, dict):
            checker.problem(
                f"questions[{index}]",
                f"should be a question (a mapping), not {describe_value(entry)}",
            )
            continue
        qid = entry.get("id")
        checker.question_id = shorten(qid) if isinstance(qid, str) else f"#{index + 1}"
        question = read_question(checker, entry, context, known_keys)
        checker.question_id = ""
        if question is not None:
            questions.append(question)
    if checker.problems:
        return None, checker.problems
    module = Module(
        id=header["module"],
        title=header["title"],
        lesson=header["lesson"],
        objectives=tuple(objectives),
        questions=tuple(questions),
        source=display,
    )
    return module, []


def _display_path(path: Path) -> str:
    """The path as an author would type it: relative to the course folder, else to the current
    folder (an instructor's own bank), else as given."""
    for base in (repo_root(), Path.cwd()):
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def _cross_file_problems(modules: list[Module]) -> list[Problem]:
    problems = []
    module_seen: dict[str, str] = {}
    objective_seen: dict[str, str] = {}
    question_seen: dict[str, str] = {}
    for module in modules:
        if module.id in module_seen:
            problems.append(
                Problem(
                    module.source,
                    f"module id '{module.id}' is also used by {module_seen[module.id]}",
                    field="module",
                )
            )
        module_seen.setdefault(module.id, module.source)
        for objective in module.objectives:
            if objective.id in objective_seen:
                problems.append(
                    Problem(
                        module.source,
                        f"objective id '{objective.id}' is also defined in "
                        f"{objective_seen[objective.id]}",
                        field="objectives",
                    )
                )
            objective_seen.setdefault(objective.id, module.source)
    for module in modules:
        for question in module.questions:
            for item in (question, *question.parts):
                case_id = question.id if item is not question else ""
                if item.id in question_seen:
                    problems.append(
                        Problem(
                            module.source,
                            f"duplicate question id; '{item.id}' is also used in "
                            f"{question_seen[item.id]}",
                            question_id=item.id,
                            field="id",
                            case_id=case_id,
                        )
                    )
                question_seen.setdefault(item.id, module.source)
                if item.objective not in objective_seen and (
                    item is question or item.objective != question.objective
                ):
                    close = difflib.get_close_matches(item.objective, sorted(objective_seen), n=1)
                    hint = f"; did you mean '{close[0]}'?" if close else ""
                    problems.append(
                        Problem(
                            module.source,
                            f"'{item.objective}' is not an objective id in any bank file{hint}",
                            question_id=item.id,
                            field="objective",
                            case_id=case_id,
                        )
                    )
    return problems


def load_bank(
    directory: Path | str | None = None,
    *,
    bibliography: Path | str | None = None,
    check_bibliography: bool = True,
) -> Bank:
    """Read and validate every quizzes/*.yml file and the bibliography the questions cite; raise
    BankError listing every problem found. What this accepts, every later step can use.

    `check_bibliography=False` checks only that each cited key is in the bibliography, not that
    every entry renders (formatting all of them cost each lesson kernel ~0.2 s): for the
    notebooks, which run after `mncourse validate` or the site build has checked it in full."""
    folder = Path(directory) if directory is not None else bank_dir()
    files = sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")]) if folder.is_dir() else []
    if not files:
        raise BankError([Problem(_display_path(folder), "no question files (*.yml) found")])
    if len(files) > MAX_BANK_FILES:
        raise BankError(
            [
                Problem(
                    _display_path(folder),
                    f"holds {len(files)} question files, over the limit of {MAX_BANK_FILES}",
                )
            ]
        )
    bib = Path(bibliography) if bibliography is not None else bibliography_path()
    stamp = tuple(_file_version(path) for path in files)
    return _load_bank_cached(str(folder.resolve()), stamp, _file_version(bib), check_bibliography)


def _file_version(path: Path) -> tuple[str, int, int]:
    """(path, mtime, size): the cache key of one file; a file that cannot be looked at gets -1s
    (it is reported when it is read)."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return str(path), -1, -1
    return str(path), status.st_mtime_ns, status.st_size


def _read_bank_file(path: Path, display: str, budget: int) -> tuple[Any, int, list[Problem]]:
    """(parsed YAML, bytes read, problems) of one bank file, read through the bounded reader."""
    if budget <= 0:
        limit = size_text(MAX_BANK_BYTES)
        message = f"not read: the bank's files together pass the limit of {limit}"
        return None, 0, [Problem(display, message)]
    try:
        raw = read_bounded_file(path, min(MAX_BANK_FILE_BYTES, budget))
    except InputRefused as error:
        message = str(error)
        if budget < MAX_BANK_FILE_BYTES and "over the limit" in message:
            message += f" left of the {size_text(MAX_BANK_BYTES)} the whole bank may hold"
        return None, 0, [Problem(display, message)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, len(raw), [Problem(display, "is not UTF-8 text", line=line)]
    try:
        return read_yaml(text, display), len(raw), []
    except BankError as error:
        return None, len(raw), list(error.problems)


def _bibliography_problems(bib_path: Path, every_entry: bool) -> list[Problem]:
    from microneedling_course.bank.references import bibliography_problems

    display = _display_path(bib_path)
    return [
        Problem(display, found.message, field=found.field, line=found.line, entry=found.entry)
        for found in bibliography_problems(bib_path, every_entry)
    ]


@lru_cache(maxsize=8)
def _load_bank_cached(folder: str, stamp: tuple, bib_stamp: tuple, whole_bib: bool) -> Bank:
    from microneedling_course.bank.references import bibliography_keys

    bib_path = Path(bib_stamp[0])
    problems = _bibliography_problems(bib_path, whole_bib) if bib_stamp[2] >= 0 else []
    # Without a readable bibliography every reference would look unknown: say it once instead.
    known_keys = bibliography_keys(bib_path) if bib_stamp[2] >= 0 and not problems else None
    if bib_stamp[2] < 0:
        problems.append(Problem(_display_path(bib_path), "the bibliography is missing"))
    modules = []
    budget = MAX_BANK_BYTES
    for path_text, _, _ in stamp:
        path = Path(path_text)
        display = _display_path(path)
        data, size, file_problems = _read_bank_file(path, display, budget)
        budget -= size
        problems.extend(file_problems)
        if file_problems:
            continue
        module, file_problems = read_module(data, display, known_keys)
        problems.extend(file_problems)
        if module is not None:
            modules.append(module)
    problems.extend(_cross_file_problems(modules))
    if problems:
        raise BankError(problems)
    return Bank(
        modules=MappingProxyType({m.id: m for m in modules}),
        questions=MappingProxyType({q.id: q for m in modules for q in m.questions}),
        objectives=MappingProxyType({o.id: o for m in modules for o in m.objectives}),
        directory=Path(folder),
    )
