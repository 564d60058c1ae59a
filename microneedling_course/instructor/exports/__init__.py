"""Question-bank exports for learning management systems (Moodle XML, QTI 2.1, GIFT)."""

from dataclasses import dataclass, field
from pathlib import Path

from microneedling_course.bank import Bank, Question
from microneedling_course.bank.references import cite
from microneedling_course.core.markup import markdown_html

FORMATS = ("moodle-xml", "qti21", "gift")
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


def fraction_percent(value: float) -> str:
    """A grade percentage the way Moodle writes it (up to 5 decimals, no trailing zeros)."""
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def write_export(fmt: str, bank: Bank, out: Path | str | None, module_id: str | None = None):
    """Write one export and return its ExportSummary."""
    from microneedling_course.instructor.exports import gift, moodle_xml, qti21

    writers = {"moodle-xml": moodle_xml.write, "qti21": qti21.write, "gift": gift.write}
    if fmt not in writers:
        raise ValueError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
    target = Path(out) if out is not None else Path("instructor-out")
    if target.suffix == "" or target.is_dir():
        stem = DEFAULT_FILE_NAMES[fmt]
        if module_id:
            stem = stem.replace("microneedling", f"microneedling-{module_id}", 1)
        target = target / stem
    target.parent.mkdir(parents=True, exist_ok=True)
    return writers[fmt](bank, target, selected_modules(bank, module_id))


def _citation(key: str) -> str:
    try:
        return cite(key).full
    except KeyError:
        return key


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=True)
