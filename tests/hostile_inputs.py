"""The hostile input collection: committed fixtures (tests/fixtures/hostile) plus the cases a
repository cannot hold (a FIFO, links, an unreadable file, files of many megabytes), made in a
temporary folder, and a guard that turns a hang into a failure.

Each case is named after its failure class; a name starting with `accepted-` is input every tool
must take and use, every other one must be refused with a clear line.
"""

import contextlib
import io
import json
import os
import signal
import threading
from pathlib import Path

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
GOOD_RECORDS = Path(__file__).parent / "fixtures" / "records"
FIXTURE_COURSE = Path(__file__).parent / "fixtures" / "course"
GOOD_MODULE = HOSTILE / "banks" / "accepted-dollar-percent-title" / "01-demo.yml"

# Bank cases made at run time: name -> what goes where a quizzes/*.yml file should be.
SPECIAL_BANK_CASES = (
    "folder-named-yml",
    "broken-link-named-yml",
    "unreadable-file",
    "fifo-named-yml",
    "link-to-dev-zero",
    "bank-of-50-mb",
)
SPECIAL_RECORD_CASES = (
    "folder-named.json",
    "broken-link.json",
    "unreadable.csv",
    "fifo.csv",
    "link-to-dev-zero.json",
    "csv-cell-of-200-kb.csv",
    "record-of-17-mib.json",
)
SPECIAL_PROGRESS_CASES = ("fifo", "link-to-dev-zero", "folder", "stray-braces-2-mb")


def committed(kind: str) -> dict[str, Path]:
    """The committed cases of one kind (banks, bibliographies, records, progress) by name."""
    folder = HOSTILE / kind
    return {path.name: path for path in sorted(folder.iterdir()) if path.name != "README.md"}


def make_unreadable(path: Path, monkeypatch) -> None:
    """Take read permission away; as root (which reads anything) make opening it fail the way
    it fails for everyone else, through both os.open and io.open."""
    path.chmod(0)
    if os.geteuid() != 0:
        return
    target = str(path)
    real_os_open, real_io_open = os.open, io.open

    def os_open(name, *args, **kwargs):
        if str(name) == target:
            raise PermissionError(13, "Permission denied", target)
        return real_os_open(name, *args, **kwargs)

    def io_open(name, *args, **kwargs):
        if str(name) == target:
            raise PermissionError(13, "Permission denied", target)
        return real_io_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(io, "open", io_open)


def special_bank(name: str, folder: Path, monkeypatch) -> Path:
    """A bank folder holding one good module and the special case `name` as 02-*.yml."""
    folder.mkdir(parents=True)
    (folder / "01-demo.yml").write_text(GOOD_MODULE.read_text(encoding="utf-8"), encoding="utf-8")
    target = folder / "02-other.yml"
    if name == "folder-named-yml":
        target.mkdir()
        (target / "inside.txt").write_text("a folder, not a question file\n")
    elif name == "broken-link-named-yml":
        target.symlink_to(folder / "nowhere.yml")
    elif name == "unreadable-file":
        target.write_text(GOOD_MODULE.read_text().replace("module: demo", "module: other"))
        make_unreadable(target, monkeypatch)
    elif name == "fifo-named-yml":
        os.mkfifo(target)
    elif name == "link-to-dev-zero":
        target.symlink_to("/dev/zero")
    elif name == "bank-of-50-mb":
        question = GOOD_MODULE.read_text().split("questions:\n", 1)[1]
        with target.open("w", encoding="utf-8") as out:
            out.write("schema_version: 1\nmodule: other\ntitle: Other\nlesson: notebooks/other\n")
            out.write("objectives:\n  - id: other-x\n    text: Large.\nquestions:\n")
            for number in range(50 * 1024 * 1024 // len(question) + 1):
                out.write(question.replace("id: demo-single", f"id: other-{number}", 1))
    else:
        raise KeyError(name)
    return folder


def special_record(name: str, folder: Path, monkeypatch) -> Path:
    """One special trainee file `name` inside `folder` (which must exist)."""
    target = folder / name
    good = json.loads((GOOD_RECORDS / "ana.json").read_text(encoding="utf-8"))
    if name == "folder-named.json":
        target.mkdir()
    elif name == "broken-link.json":
        target.symlink_to(folder / "nowhere.json")
    elif name == "unreadable.csv":
        target.write_text((GOOD_RECORDS / "ben.csv").read_text().replace("Ben", "Una"))
        make_unreadable(target, monkeypatch)
    elif name == "fifo.csv":
        os.mkfifo(target)
    elif name == "link-to-dev-zero.json":
        target.symlink_to("/dev/zero")
    elif name == "csv-cell-of-200-kb.csv":
        header = (GOOD_RECORDS / "ben.csv").read_text().splitlines()[0]
        row = f"attempt,{'Z' * 200_000},z,aftercare,aftercare-a,correct,1,2026-03-01T09:00:00Z,0"
        target.write_text(f"{header}\n{row}\n")
    elif name == "record-of-17-mib.json":
        record = good["records"][0]
        good["records"] = [dict(record, time=f"2026-03-01T{n:09d}") for n in range(125_000)]
        target.write_text(json.dumps(good))
    else:
        raise KeyError(name)
    return target


def special_progress(name: str, folder: Path) -> Path:
    """A progress path of the special kind `name` inside `folder` (which must exist)."""
    target = folder / "progress.json"
    if name == "fifo":
        os.mkfifo(target)
    elif name == "link-to-dev-zero":
        target.symlink_to("/dev/zero")
    elif name == "folder":
        target.mkdir()
    elif name == "stray-braces-2-mb":
        target.write_text(stray_braces_document(2_000_000), encoding="utf-8")
    else:
        raise KeyError(name)
    return target


def stray_braces_document(size: int) -> str:
    """A progress file of about `size` characters whose records are interleaved with runs of stray
    `{` (the damage that made the old salvage quadratic: every `{` began a failed parse whose
    error message counted the lines before it)."""
    record = {
        "module": "aftercare",
        "question_id": "aftercare-a",
        "response": [0, 2],
        "verdict": "partial",
        "score": 0.5,
        "time": "2026-03-01T10:00:00.000Z",
    }
    head = '{"schema_version": 1, "trainee": {"name": "Ana Example", "id": "ana"}, "records": ['
    pieces, length, number = [head], len(head), 0
    while length < size:
        text = json.dumps(dict(record, question_id=f"aftercare-{number}")) + ", " + "{" * 50
        pieces.append(text)
        length += len(text)
        number += 1
    return "".join(pieces)[:size]


@contextlib.contextmanager
def hang_guard(seconds: int, what: str):
    """Fail (TimeoutError) instead of hanging when the body runs longer than `seconds`: a guard
    against a FIFO or a runaway parse, set far above the time the work takes (not a timing test)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise TimeoutError(f"{what} still running after {seconds} s: it hangs")

    previous = signal.signal(signal.SIGALRM, expire)
    # Repeating: code that swallows one TimeoutError (it is an OSError) and blocks again is
    # interrupted again, so the test ends either way.
    signal.setitimer(signal.ITIMER_REAL, seconds, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
