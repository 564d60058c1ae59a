"""Limits on everything the course's tools read, in one place, and the bounded readers for them.

Every loader (the question bank, the bibliography, trainee records, the progress file) reads
through `read_bounded_file`, so a FIFO never hangs a tool, a link to /dev/zero never fills the
memory, and a file too large for its kind is refused before it is parsed. The instructor guide
(book/instructor-guide.md, "Limits") states the same numbers; a test checks that it does.
"""

import json
import os
import stat
from pathlib import Path

KIB = 1024
MIB = 1024 * KIB

# The question bank (quizzes/*.yml). The course's largest file is about 20 KB.
MAX_BANK_FILE_BYTES = 512 * KIB
MAX_BANK_BYTES = 2 * MIB
MAX_BANK_FILES = 50
MAX_BIBLIOGRAPHY_BYTES = 2 * MIB
# One piece of bank text (a prompt, an explanation, an option) and any one bibliography field.
MAX_TEXT_LENGTH = 20_000
# YAML anchors may be reused (`*name`) at most this often in one file, and a file may stand for
# at most this many values once every alias is expanded (a "billion laughs" file stands for 10^9).
MAX_YAML_ALIASES = 200
MAX_YAML_NODES = 200_000
# A number written with more characters than this is not a number anyone meant.
MAX_NUMBER_LENGTH = 100
# Lists and mappings inside lists and mappings, in a bank file, a record or a progress file.
MAX_NESTING_DEPTH = 40

# Trainee records (a trainee's JSON or CSV export) and the progress file they are exported from.
MAX_RECORD_FILE_BYTES = 16 * MIB
MAX_PROGRESS_FILE_BYTES = 16 * MIB
MAX_RECORDS_PER_FILE = 50_000
# A trainee's name or id, a module or question id, a time: short labels (the site keeps at most
# as long a text per field: frontend/src/shared/site-progress.js).
MAX_LABEL_LENGTH = 500
# The cohort report: files read from the records folder, and answers held in memory at once.
MAX_RECORD_FILES = 10_000
MAX_COHORT_ANSWERS = 500_000

_KINDS = (
    (stat.S_ISDIR, "is a folder, not a file"),
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a regular file"),
    (stat.S_ISCHR, "is a device, not a regular file"),
    (stat.S_ISBLK, "is a device, not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
)


class InputRefused(ValueError):
    """A file or value the tools will not read; the message says why, without the file's name."""


def size_text(size: int) -> str:
    """A byte count as people read it: "512 KiB", "16 MiB", "2.3 MiB", "800 bytes"."""
    if size >= MIB:
        return f"{size / MIB:.1f} MiB".replace(".0 ", " ")
    if size >= KIB:
        return f"{size / KIB:.1f} KiB".replace(".0 ", " ")
    return f"{size} bytes"


def read_bounded_file(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; InputRefused saying why otherwise.

    The file is opened without blocking (a FIFO would wait for a writer forever) and checked on
    the open descriptor, so a file swapped for a device between a check and the read is still
    refused; at most `limit` + 1 bytes are ever read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        if os.path.islink(path):
            raise InputRefused("is a broken link (it points at nothing)") from None
        raise InputRefused("does not exist") from None
    except PermissionError:
        raise InputRefused("cannot be read (permission denied)") from None
    except OSError as error:
        raise InputRefused(f"cannot be opened ({error.strerror or error})") from None
    try:
        mode = os.fstat(descriptor).st_mode
        for test, reason in _KINDS:
            if test(mode):
                raise InputRefused(reason)
        if not stat.S_ISREG(mode):
            raise InputRefused("is not a regular file")
        size = os.fstat(descriptor).st_size
        if size > limit:
            raise InputRefused(f"is {size_text(size)}, over the limit of {size_text(limit)}")
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(descriptor, min(limit + 1 - total, 1 * MIB))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as error:
        raise InputRefused(f"cannot be read ({error.strerror or error})") from None
    finally:
        os.close(descriptor)
    if total > limit:
        raise InputRefused(f"grew past the limit of {size_text(limit)} while it was read")
    return b"".join(chunks)


def nesting_depth(value) -> int:
    """How many lists and mappings are nested inside each other in a parsed value (iteratively,
    so no depth of nesting can exhaust Python's stack)."""
    deepest = 0
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list | tuple):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        pending.extend((child, depth + 1) for child in children)
    return deepest


def bounded_json(text: str, limit: int = MAX_NESTING_DEPTH):
    """Parse JSON text; InputRefused when it nests deeper than `limit` or holds a number too long.

    json.JSONDecodeError (a ValueError) still reports a syntax error with its line.
    """
    try:
        value = json.loads(text, parse_int=_bounded_int)
    except RecursionError:
        raise InputRefused(f"nests lists or objects more than {limit} levels deep") from None
    if nesting_depth(value) > limit:
        raise InputRefused(f"nests lists or objects more than {limit} levels deep")
    return value


def _bounded_int(text: str) -> int:
    if len(text) > MAX_NUMBER_LENGTH:
        raise InputRefused(f"holds a number longer than {MAX_NUMBER_LENGTH} digits")
    return int(text)


def is_regular_file(path: Path | str) -> bool:
    """Whether a path (after links) is a regular file; False for anything that cannot be read."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False
