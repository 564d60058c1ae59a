"""Bibliography look-ups: which keys exist, and each key as "Harris et al. 2015" and in full."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from microneedling_course.core.paths import bibliography_path


@dataclass(frozen=True)
class Citation:
    """One reference as the quiz shows it after a question is checked."""

    key: str
    short: str
    full: str

    def to_dict(self) -> dict:
        return {"key": self.key, "short": self.short, "full": self.full}


def bibliography_keys(path: Path | None = None) -> frozenset[str]:
    """Every entry key in the bibliography (parsed once per file version)."""
    path = Path(path or bibliography_path()).resolve()
    return frozenset(_parsed(str(path), path.stat().st_mtime_ns).entries.keys())


def cite(key: str, path: Path | None = None) -> Citation:
    """The short author-year label and the full citation text of one key."""
    path = Path(path or bibliography_path()).resolve()
    return _citation(str(path), path.stat().st_mtime_ns, key)


@lru_cache(maxsize=4)
def _parsed(path: str, mtime_ns: int):
    # Imported here: pybtex is only needed when a bank is validated or a quiz is built.
    from pybtex.database import parse_file

    return parse_file(path, bib_format="bibtex")


@lru_cache(maxsize=1024)
def _citation(path: str, mtime_ns: int, key: str) -> Citation:
    # Only the entry asked for is formatted: a lesson cites a handful of the bibliography's
    # entries, and formatting all of them cost every lesson kernel ~0.3 s (bench/results.md).
    entry = _parsed(path, mtime_ns).entries[key]
    formatted = _case_keeping_style().format_entry("", entry)
    return Citation(key=key, short=_short_label(entry), full=formatted.text.render(_plain_text()))


@lru_cache(maxsize=1)
def _plain_text():
    # One backend for every entry: render_as("text") looks the backend plugin up again for each
    # entry through the installed packages' entry points, which made the first citation in every
    # kernel cost ~1.7 s instead of ~0.3 s (bench/results.md).
    from pybtex.backends.plaintext import Backend

    return Backend()


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
