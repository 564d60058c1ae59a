"""Bibliography look-ups: which keys exist, each key as "Harris et al. 2015" and in full, and what
in the bibliography no later step could render (checked with the bank, by `mncourse validate`).

The file is read once per version through the bounded reader and each entry is formatted once,
on its own, when first asked for: one broken entry is a located problem, never a crash of every
citation.
"""

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from microneedling_course.core.input_limits import (
    MAX_BIBLIOGRAPHY_BYTES,
    MAX_TEXT_LENGTH,
    InputRefused,
    read_bounded_file,
)
from microneedling_course.core.paths import bibliography_path
from microneedling_course.core.unsafe_characters import describe, first_forbidden

# A % that no backslash escapes starts a comment in BibTeX text: the rest of the field vanishes
# ("35% TCA" renders as "35"), or its braces no longer balance.
_UNESCAPED_PERCENT = re.compile(r"(?:^|[^\\])(?:\\\\)*%")


@dataclass(frozen=True)
class Citation:
    """One reference as the quiz shows it after a question is checked."""

    key: str
    short: str
    full: str

    def to_dict(self) -> dict:
        return {"key": self.key, "short": self.short, "full": self.full}


@dataclass(frozen=True)
class BibliographyProblem:
    """Something in the bibliography no later step could render, located by entry and field."""

    message: str
    entry: str = ""
    field: str = ""
    line: int | None = None


@dataclass(frozen=True)
class _Parsed:
    data: object  # pybtex's BibliographyData, or None when the file could not be read
    problems: tuple[BibliographyProblem, ...]


def bibliography_keys(path: Path | None = None) -> frozenset[str]:
    """Every entry key in the bibliography (parsed once per file version)."""
    data = _parsed(*_version(path)).data
    return frozenset(data.entries.keys()) if data is not None else frozenset()


def bibliography_problems(
    path: Path | None = None, every_entry: bool = True
) -> tuple[BibliographyProblem, ...]:
    """What in the bibliography the site, the answer key or an export could not render. With
    every_entry=False only what stops the file from being read at all: no entry is formatted
    (`cite` formats each entry when it is first asked for)."""
    version = _version(path)
    parsed = _parsed(*version)
    if parsed.data is None or not every_entry:
        return parsed.problems
    problems = []
    for key in parsed.data.entries.keys():
        problems.extend(_entry(*version, key)[1])
    return tuple(problems)


def cite(key: str, path: Path | None = None) -> Citation:
    """The short author-year label and the full citation text of one key (KeyError when the key
    is missing or its entry cannot be rendered)."""
    citation = _entry(*_version(path), key)[0]
    if citation is None:
        raise KeyError(key)
    return citation


def _version(path: Path | None) -> tuple[str, int, int]:
    path = Path(path or bibliography_path()).resolve()
    try:
        status = os.stat(path)
    except OSError:
        return str(path), -1, -1
    return str(path), status.st_mtime_ns, status.st_size


@lru_cache(maxsize=4)
def _parsed(path: str, mtime_ns: int, size: int) -> _Parsed:
    # Imported here: pybtex is only needed when a bank is validated or a quiz is built.
    from pybtex.database import parse_string
    from pybtex.exceptions import PybtexError

    try:
        text = read_bounded_file(path, MAX_BIBLIOGRAPHY_BYTES).decode("utf-8-sig")
        return _Parsed(parse_string(text, bib_format="bibtex"), ())
    except InputRefused as error:
        return _Parsed(None, (BibliographyProblem(str(error)),))
    except UnicodeDecodeError as error:
        line = error.object[: error.start].count(b"\n") + 1
        return _Parsed(None, (BibliographyProblem("is not UTF-8 text", line=line),))
    except (PybtexError, ValueError, RecursionError) as error:
        return _Parsed(None, (BibliographyProblem(f"cannot be read as BibTeX: {error}"),))


@lru_cache(maxsize=1024)
def _entry(path: str, mtime_ns: int, size: int, key: str):
    """One entry's Citation (None when it cannot be rendered) and its problems. Entries are
    formatted one at a time, when asked for: a lesson cites a handful of the bibliography's
    entries, and formatting all of them cost every lesson kernel ~0.3 s (bench/results.md)."""
    data = _parsed(path, mtime_ns, size).data
    if data is None or key not in data.entries:
        return None, ()
    entry = data.entries[key]
    problems = _field_problems(key, entry)
    if problems:
        return None, tuple(problems)
    citation, problems = _formatted(key, entry, _case_keeping_style(), _plain_text())
    return citation, tuple(problems)


@lru_cache(maxsize=1)
def _plain_text():
    # One backend for every entry: render_as("text") looks the backend plugin up again for each
    # entry through the installed packages' entry points, which made the first citation in every
    # kernel cost ~1.7 s instead of ~0.3 s (bench/results.md).
    from pybtex.backends.plaintext import Backend

    return Backend()


def _field_problems(key: str, entry) -> list[BibliographyProblem]:
    from pybtex.exceptions import PybtexError
    from pybtex.richtext import Text

    problems = []
    fields = [(name, str(value)) for name, value in entry.fields.items()]
    fields += [(role, str(person)) for role, people in entry.persons.items() for person in people]
    for name, value in fields:
        character = first_forbidden(value)
        if character is not None:
            message = f"holds the character {describe(character)}; remove it"
        elif len(value) > MAX_TEXT_LENGTH:
            message = f"is {len(value):,} characters long, over the limit of {MAX_TEXT_LENGTH:,}"
        elif _UNESCAPED_PERCENT.search(value):
            message = r"holds a % that hides the rest of the field in BibTeX; write \% instead"
        else:
            try:
                Text.from_latex(value)
                continue
            except (PybtexError, ValueError, RecursionError) as error:
                message = f"cannot be read as BibTeX text ({error})"
        problems.append(BibliographyProblem(message, entry=key, field=name))
    return problems


def _formatted(key: str, entry, style, backend):
    """The entry's Citation, or None and the problem that stopped it from being formatted."""
    kind = entry.type
    if not hasattr(style, f"get_{kind}_template") and not hasattr(style, f"format_{kind}"):
        message = (
            f"the entry type @{kind} is not one the citation style can format "
            "(use @article, @book, @incollection, @inproceedings, @misc, @techreport, ...)"
        )
        return None, [BibliographyProblem(message, key)]
    try:
        formatted = style.format_entry(key, entry)
        citation = Citation(key=key, short=_short_label(entry), full=formatted.text.render(backend))
    except Exception as error:  # pybtex raises many kinds of error for one bad entry
        reason = str(error) or type(error).__name__
        return None, [BibliographyProblem(f"cannot be formatted as a citation ({reason})", key)]
    for text in (citation.short, citation.full):
        character = first_forbidden(text)
        if character is not None:
            message = f"renders the character {describe(character)}; remove it"
            return None, [BibliographyProblem(message, key)]
    return citation, []


@lru_cache(maxsize=1)
def _case_keeping_style():
    """pybtex's plain style, except that titles keep their capitals ("FDA", "21 CFR")."""
    from pybtex.plugin import find_plugin
    from pybtex.style.template import field, sentence

    plain = find_plugin("pybtex.style.formatting", "plain")

    class CaseKeepingStyle(plain):
        def format_title(self, e, which_field, as_sentence=True):
            title = field(which_field)
            return sentence[title] if as_sentence else title

    return CaseKeepingStyle()


def _short_label(entry) -> str:
    """Author-year label in the style of the site's citations: "Harris et al. 2015"."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [_surname(person) for person in people]
    has_others = any(name.lower() == "others" for name in names)
    names = [name for name in names if name.lower() != "others"]
    if not names:
        authors = entry.fields.get("title", entry.key)
    elif len(names) > 2 or has_others:
        authors = f"{names[0]} et al."
    else:
        authors = " and ".join(names)
    year = entry.fields.get("year", "n.d.")
    return f"{authors} {year}"


def _surname(person) -> str:
    name = " ".join(person.prelast_names + person.last_names) or str(person)
    return name.replace("{", "").replace("}", "")
