"""Question-bank exports for learning management systems (Moodle XML, QTI 2.1, GIFT)."""

from dataclasses import dataclass, field
from pathlib import Path

from microneedling_course.bank import Bank, Question
from microneedling_course.bank.references import cite
from microneedling_course.core.markup import markdown_html, plain_text

FORMATS = ("moodle-xml", "qti21", "gift")
CATEGORY_ROOT = ("$course$", "top", "Microneedling course")
DEFAULT_FILE_NAMES = {
    "moodle-xml": "microneedling-moodle.xml",
    "qti21": "microneedling-qti21.zip",
    "gift": "microneedling.gift.txt",
}


@dataclass
class ExportSummary:
    """What an export wrote, what it had to convert, and what the format could not express."""

    format: str
    path: Path | None = None
    exported: list[str] = field(default_factory=list)
    converted: list[tuple[str, str]] = field(default_factory=list)
    unsupported: list[tuple[str, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        """A short human summary, one line per fact."""
        out = [f"{self.format}: {len(self.exported)} question(s) written to {self.path}"]
        out += [f"  converted {qid}: {note}" for qid, note in self.converted]
        out += [f"  NOT EXPORTED {qid}: {reason}" for qid, reason in self.unsupported]
        return out


def selected_modules(bank: Bank, module_id: str | None = None) -> list:
    """The bank's modules in file order, or the one asked for (KeyError naming it otherwise)."""
    if module_id is None:
        return list(bank.modules.values())
    if module_id not in bank.modules:
        known = ", ".join(bank.modules)
        raise KeyError(f"no module '{module_id}' in the bank (known: {known})")
    return [bank.modules[module_id]]


def general_feedback_html(question: Question, bank: Bank | None = None) -> str:
    """The explanation followed by the formatted references, as safe HTML."""
    sources = "".join(f"<li>{_escape(_citation(key))}</li>" for key in question.references)
    return f"{markdown_html(question.explanation)}<p><strong>Sources</strong></p><ul>{sources}</ul>"


def general_feedback_text(question: Question) -> list[str]:
    """The formatted references as plain strings (for formats without HTML lists)."""
    return [_citation(key) for key in question.references]


def case_part_prompt(case: Question, part: Question) -> str:
    """A case part made self-contained: the vignette, then the part's own prompt (Markdown)."""
    return f"{case.vignette}\n\n{part.prompt}"


def case_parts(case: Question) -> tuple[Question, ...]:
    """A case's parts as separate questions: a part without a hint of its own takes the case's
    (the site shows the case's hint for the whole case)."""
    from dataclasses import replace

    return tuple(part if part.hint else replace(part, hint=case.hint) for part in case.parts)


def fraction_percent(value: float) -> str:
    """A grade percentage the way Moodle writes it (up to 5 decimals, no trailing zeros)."""
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def moodle_category_path(title: str) -> str:
    """The category path of a module as Moodle reads it back: a literal slash doubled (Moodle
    splits the path at single slashes), a name that starts or ends with one padded with a space
    (Moodle trims it), and markup escaped (Moodle strips tags from category names)."""
    name = _escape_text(title.replace("\r", " ").replace("\n", " ")).replace("/", "//")
    if name.startswith("/"):
        name = " " + name
    if name.endswith("/"):
        name += " "
    return "/".join(CATEGORY_ROOT + (name,))


def citation_text(key: str) -> str:
    """The full citation of a reference key (the key itself when the bibliography lacks it)."""
    return _citation(key)


def write_export(fmt: str, bank: Bank, out: Path | str | None, module_id: str | None = None):
    """Write one export and return its ExportSummary.

    Raises ExportError (one problem per line, nothing written) when bank text holds a character
    the format cannot carry. The file is written beside the target, read back, and only then
    moved into place: a failed export never leaves a half-written or invalid file behind.
    """
    import os

    from microneedling_course.instructor.exports import gift, moodle_xml, qti21
    from microneedling_course.instructor.exports.characters import ExportError, unsafe_text

    writers = {"moodle-xml": moodle_xml.write, "qti21": qti21.write, "gift": gift.write}
    if fmt not in writers:
        raise ValueError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    target = Path(out) if out is not None else Path("instructor-out")
    if target.suffix == "" or target.is_dir():
        stem = DEFAULT_FILE_NAMES[fmt]
        if module_id:
            stem = stem.replace("microneedling", f"microneedling-{module_id}", 1)
        target = target / stem
    modules = selected_modules(bank, module_id)
    problems = unsafe_text(modules, fmt, citation_text)
    if problems:
        raise ExportError(problems)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        summary = writers[fmt](bank, partial, modules)
        _read_back(fmt, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    summary.path = target
    return summary


def _read_back(fmt: str, path: Path) -> None:
    """Parse what was written (each XML file of a package too); raise ValueError if it is not."""
    import xml.etree.ElementTree as ET
    import zipfile

    try:
        if fmt == "moodle-xml":
            ET.parse(path)
        elif fmt == "qti21":
            with zipfile.ZipFile(path) as package:
                for name in package.namelist():
                    if name.endswith(".xml"):
                        ET.fromstring(package.read(name))
        elif "\x00" in path.read_text(encoding="utf-8"):
            raise ValueError("NUL character")
    except (ET.ParseError, zipfile.BadZipFile, UnicodeDecodeError, ValueError) as error:
        raise ValueError(
            f"the {fmt} export did not read back ({error}); nothing was written"
        ) from None


def _citation(key: str) -> str:
    try:
        return cite(key).full
    except KeyError:
        return key


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=True)


def _escape_text(text: str) -> str:
    """Text shown as typed where Moodle strips tags and decodes entities (names, match choices)."""
    import html

    return html.escape(text, quote=False)


def shown_as_typed(text: str) -> str:
    """A matching choice or distractor as Moodle must store it to show it as typed."""
    return _escape_text(plain_text(text))
