"""The instructor command line: validate the bank, answer keys, LMS exports, cohort report.

Every command answers bad input with one line per problem (file, and question, entry or field
where there is one), never a traceback; what it prints from files goes through `printable`, so a
crafted id cannot rewrite the terminal. Exit codes: 0 done, 1 the input had problems (nothing or
only the readable part was written), 2 a usage error or missing course content, 70 a bug.
"""

import argparse
import sys
import time
import warnings
from pathlib import Path

from microneedling_course.core.paths import CourseContentNotFound
from microneedling_course.core.printable import printable

DEFAULT_OUT = Path("instructor-out")
EXIT_BUG = 70


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per instructor task."""
    parser = argparse.ArgumentParser(
        prog="mncourse",
        description="Instructor tools for the microneedling course "
        "(also run as: python -m microneedling_course).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="check the question bank",
        description="Check every quizzes/*.yml file, exactly as the book build does. "
        "Exits 1 and prints each problem (file, question, field) on its own line.",
    )
    _bank_option(validate)

    key = commands.add_parser(
        "answer-key",
        help="write HTML and Markdown answer keys",
        description="Write an HTML and a Markdown answer key per module (answers, explanations, "
        "references). Never publish these: they stay out of the site.",
    )
    _bank_option(key)
    key.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT / "answer-key",
        help="folder to write into (default: instructor-out/answer-key, ignored by git)",
    )
    key.add_argument("--module", help="only this module id (default: every module)")

    export = commands.add_parser(
        "export",
        help="export the bank for an LMS (Moodle XML, QTI 2.1, GIFT)",
        description="Export the question bank for a learning management system. Question types "
        "a format cannot express are listed by id on stderr and in the summary.",
    )
    _bank_option(export)
    export.add_argument(
        "--format",
        required=True,
        choices=("moodle-xml", "qti21", "gift", "scorm"),
        help="moodle-xml (Moodle XML), qti21 (IMS QTI 2.1 zip package), gift (Moodle GIFT) or "
        "scorm (the whole course as a SCORM package, from the built site)",
    )
    export.add_argument(
        "--site",
        type=Path,
        help="scorm only: the built site to package (default: _build/html of the course)",
    )
    export.add_argument(
        "--scorm-version",
        choices=("1.2", "2004"),
        default="1.2",
        help="scorm only: SCORM 1.2 (default, every LMS) or 2004 (4th edition)",
    )
    export.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="a file, or a folder for the default file name (default: instructor-out/)",
    )
    export.add_argument("--module", help="only this module id (default: every module)")

    report = commands.add_parser(
        "report",
        help="cohort report from collected trainee records",
        description="Read every trainee export (.json or .csv) in RECORDS_DIR and write "
        "questions.csv, trainees.csv and report.html (completion, module scores, facility and "
        "upper-lower 27%% discrimination per question, flagged questions). Unreadable files are "
        "listed and skipped.",
    )
    report.add_argument("records_dir", metavar="RECORDS_DIR", type=Path, help="folder of records")
    report.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT / "report",
        help="folder to write into (default: instructor-out/report)",
    )
    _bank_option(report)

    record = commands.add_parser(
        "export-record",
        help="(trainees) export your own progress as JSON and CSV",
        description="Write your progress record (every answer and assessment result) as JSON "
        "and CSV, to hand to an instructor.",
    )
    record.add_argument(
        "--out", type=Path, default=Path("."), help="folder to write into (default: here)"
    )
    record.add_argument(
        "--progress-file",
        type=Path,
        help="a progress file other than yours (default: MNC_PROGRESS_PATH or your data folder)",
    )
    return parser


def _bank_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--bank",
        type=Path,
        help="question bank folder (default: MNC_BANK_DIR or the course's quizzes/)",
    )


def _error(message) -> None:
    print(printable(f"error: {message}"), file=sys.stderr)


def _say(message) -> None:
    print(printable(message))


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the process exit code."""
    args = build_parser().parse_args(argv)
    handlers = {
        "validate": _validate,
        "answer-key": _answer_key,
        "export": _export,
        "report": _report,
        "export-record": _export_record,
    }
    try:
        return handlers[args.command](args)
    except CourseContentNotFound as error:
        _error(error)
        return 2
    except OSError as error:
        # Writing the output failed (a folder that is a file, no permission, a full disk).
        where = f"{error.filename}: " if error.filename else ""
        _error(f"{where}{error.strerror or error}")
        return 1
    except Exception as error:  # the last line of defence: one line, never a traceback
        _error(
            f"mncourse {args.command} stopped on an unexpected problem "
            f"({type(error).__name__}: {error}); this is a bug, please report it"
        )
        return EXIT_BUG


def _load(args):
    """The bank, or None after printing why it cannot be used."""
    from microneedling_course.bank import BankError, load_bank

    try:
        return load_bank(args.bank)
    except BankError as error:
        for problem in error.problems:
            _error(problem)
        return None


def _validate(args) -> int:
    bank = _load(args)
    if bank is None:
        return 1
    parts = sum(len(q.parts) for q in bank.questions.values())
    _say(
        f"bank OK: {len(bank.modules)} module(s), {len(bank.questions)} question(s) "
        f"({parts} case part(s)), {len(bank.objectives)} objective(s)"
    )
    return 0


def _answer_key(args) -> int:
    from microneedling_course.instructor.answer_key import write_answer_keys

    bank = _load(args)
    if bank is None:
        return 1
    try:
        written = write_answer_keys(bank, args.out, args.module)
    except KeyError as error:
        _error(error.args[0])
        return 2
    for path in written:
        _say(path)
    return 0


def _export(args) -> int:
    from microneedling_course.instructor.exports import write_export

    bank = _load(args)
    if bank is None:
        return 1
    if args.format == "scorm":
        return _export_scorm(args, bank)
    from microneedling_course.instructor.exports.characters import ExportError

    try:
        summary = write_export(args.format, bank, args.out, args.module)
    except KeyError as error:
        _error(error.args[0])
        return 2
    except ExportError as error:
        for problem in error.problems:
            _error(problem)
        return 1
    except (ValueError, OSError) as error:
        _error(error)
        return 1
    for qid, reason in summary.unsupported:
        print(printable(f"not exported: {qid}: {reason}"), file=sys.stderr)
    size = summary.path.stat().st_size
    for line in summary.lines():
        _say(line)
    _say(f"  file size: {size:,} bytes")
    return 0


def _export_scorm(args, bank) -> int:
    from microneedling_course.instructor.exports.scorm import ScormError, write_scorm

    if args.module:
        _error("--module does not apply to --format scorm (it packages the course)")
        return 2
    try:
        summary = write_scorm(bank, args.out, args.site, args.scorm_version)
    except (ScormError, OSError, ValueError) as error:
        _error(error)
        return 1
    for line in summary.lines():
        _say(line)
    _say(f"  file size: {summary.path.stat().st_size:,} bytes")
    return 0


def _report(args) -> int:
    from microneedling_course.instructor.cohort import cohort_statistics, read_cohort
    from microneedling_course.instructor.report import write_report

    if not args.records_dir.is_dir():
        _error(f"{args.records_dir} is not a folder")
        return 2
    started = time.perf_counter()
    trainees, skipped = read_cohort(args.records_dir)
    sizes, titles, modules = _module_facts(args)
    report = cohort_statistics(trainees, sizes, titles, skipped, modules)
    paths = write_report(report, args.out)
    flagged = sum(1 for q in report.questions if q.flags)
    _say(
        f"{len(trainees)} trainee(s), {len(skipped)} file(s) skipped, "
        f"{len(report.questions)} question(s), {flagged} flagged "
        f"({time.perf_counter() - started:.1f} s)"
    )
    for path in paths.values():
        _say(path)
    return 0


def _module_facts(args) -> tuple[dict[str, int] | None, dict[str, str], dict[str, str]]:
    """Module sizes, titles and each question's module from the bank (else from the records)."""
    from microneedling_course.bank import BankError, load_bank

    try:
        bank = load_bank(args.bank)
    except (BankError, CourseContentNotFound):
        print(
            "note: the bank could not be loaded; completion counts what was answered",
            file=sys.stderr,
        )
        return None, {}, {}
    sizes = {m.id: len(m.questions) for m in bank.modules.values()}
    modules = {q.id: q.module for q in bank.questions.values()}
    return sizes, {m.id: m.title for m in bank.modules.values()}, modules


def _export_record(args) -> int:
    from microneedling_course.progress.record_export import write_exports
    from microneedling_course.progress.store import ProgressFileRefused, ProgressStore

    store = ProgressStore(args.progress_file)
    with warnings.catch_warnings(record=True) as notices:
        warnings.simplefilter("always")
        try:
            document = store.load(strict=True)
        except ProgressFileRefused as error:
            _error(error)
            return 1
    for notice in notices:
        print(printable(f"note: {notice.message}"), file=sys.stderr)
    for path in write_exports(document, args.out):
        _say(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
