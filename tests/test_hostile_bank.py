"""The bank check on hostile input (tests/fixtures/hostile/banks, bibliographies and the cases made
at run time): each is refused with one printable line per problem naming the file (and the
question, entry or field), quickly and in bounded memory; what it accepts works in every later
step (answer key, every export, the progress summary and chart)."""

import re
from pathlib import Path

import pytest

from microneedling_course.bank import BankError, load_bank
from tests.hostile_inputs import (
    FIXTURE_COURSE,
    GOOD_MODULE,
    SPECIAL_BANK_CASES,
    committed,
    hang_guard,
    special_bank,
)

pytestmark = pytest.mark.usefixtures("fixture_course")

BANKS = committed("banks")
BIBLIOGRAPHIES = committed("bibliographies")
# What must be in the one problem line of each refused case (besides the file's name).
BANK_REASONS = {
    "alias-bomb": "once its aliases (*name) are expanded",
    "control-characters-in-id": "field 'id'",
    "deep-nesting": "nested more than 40 levels deep",
    "huge-integer": "a number longer than 100 characters",
    "huge-integer-decimal": "a number longer than 100 characters",
    "lesson-outside-course": "field 'lesson': 'notebooks/../../../../etc/passwd' points outside",
    # libyaml refuses the escape while parsing; the pure-Python parser lets it through to the
    # field check ("field 'prompt': holds the character U+D800 (a lone surrogate ...").
    "lone-surrogate": "a lone surrogate",
    "not-utf8": "is not UTF-8 text",
    "nul-byte": "unacceptable character #x0000",
    "number-too-long": "a number longer than 100 characters",
    "recursive-alias": "refers to a list or mapping that holds it",
    "text-too-long": "field 'explanation': is 30,014 characters long, over the limit of 20,000",
    "two-documents": "found another document",
    "vertical-tab-in-option": "field 'options[1].text': holds the character U+000B (vertical tab)",
}
SPECIAL_REASONS = {
    "folder-named-yml": "is a folder, not a file",
    "broken-link-named-yml": "is a broken link",
    "unreadable-file": "cannot be read (permission denied)",
    "fifo-named-yml": "is a named pipe (FIFO), not a regular file",
    "link-to-dev-zero": "is a device, not a regular file",
    "bank-of-50-mb": "is 50 MiB, over the limit of 512 KiB",
}
BIBLIOGRAPHY_REASONS = {
    "duplicate-key.bib": "repeated bibliography entry: harris2015",
    "missing-journal.bib": "entry 'harris2015': cannot be formatted as a citation (missing journal",
    "not-utf8.bib": "is not UTF-8 text",
    "percent-in-braces.bib": r"entry 'harris2015': field 'title': holds a % that hides the rest",
    "percent-in-title.bib": r"entry 'harris2015': field 'title': holds a % that hides the rest",
    "syntax-error.bib": "cannot be read as BibTeX: syntax error in line 9",
    "unbalanced-brace.bib": "cannot be read as BibTeX: syntax error",
    "unknown-entry-type.bib": "the entry type @podcast is not one the citation style can format",
}
UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\ud800-\udfff]")


def refused_lines(folder: Path, bibliography: Path | None = None) -> list[str]:
    """The problem lines of a bank that must be refused (within a generous hang guard)."""
    with hang_guard(60, f"loading {folder.name}"), pytest.raises(BankError) as refused:
        load_bank(folder, bibliography=bibliography)
    lines = [str(problem) for problem in refused.value.problems]
    for line in lines:
        assert not UNPRINTABLE.search(line), f"unprintable character in {line!r}"
        assert len(line) < 400, f"a problem line of {len(line)} characters"
    return lines


def test_every_committed_case_has_its_expectation():
    """Is every committed bank case either accepted by name or given its expected reason here?"""
    refused = {name for name in BANKS if not name.startswith("accepted-")}
    assert refused == set(BANK_REASONS)
    refused = {name for name in BIBLIOGRAPHIES if not name.startswith("accepted-")}
    assert refused == set(BIBLIOGRAPHY_REASONS)


@pytest.mark.parametrize("case", sorted(BANK_REASONS))
def test_hostile_bank_file_is_one_clear_line(case):
    """Is each hostile bank file refused with one line naming the file and saying why?"""
    (line,) = refused_lines(BANKS[case])
    assert f"hostile/banks/{case}/01-demo.yml" in line
    assert BANK_REASONS[case] in line


@pytest.mark.parametrize("case", SPECIAL_BANK_CASES)
def test_special_file_named_yml_is_one_clear_line(case, tmp_path, monkeypatch):
    """Is a folder, a broken link, an unreadable file, a FIFO, a link to /dev/zero or a 50 MB file
    named *.yml refused by name and reason, before anything is parsed (no hang, no memory)?"""
    folder = special_bank(case, tmp_path / "bank", monkeypatch)
    (line,) = refused_lines(folder)
    assert line.startswith(f"{folder / '02-other.yml'}: "), line
    assert SPECIAL_REASONS[case] in line


def test_crafted_id_cannot_rewrite_the_terminal():
    """Does a carriage return and escape sequence in an id print escaped, so no fake 'bank OK'
    can appear on the line?"""
    (line,) = refused_lines(BANKS["control-characters-in-id"])
    assert "question '\\x0d\\x1b[2Kbank OK" in line


@pytest.mark.parametrize("case", sorted(BIBLIOGRAPHY_REASONS))
def test_hostile_bibliography_is_one_clear_line(case):
    """Is a bibliography no later step could render refused by the bank check, naming the file,
    the entry and the field, instead of breaking the answer key, the exports or the site?"""
    (line,) = refused_lines(GOOD_MODULE.parent, BIBLIOGRAPHIES[case])
    assert f"hostile/bibliographies/{case}: " in line
    assert BIBLIOGRAPHY_REASONS[case] in line


@pytest.mark.parametrize("lesson", ["notebooks/./demo", "../demo", "notebooks/.hidden/demo"])
def test_lesson_link_stays_inside_the_course(lesson, tmp_path):
    """Are '.', '..' and hidden folders in a lesson path refused (a link must stay in the site)?"""
    text = GOOD_MODULE.read_text().replace("lesson: notebooks/demo", f"lesson: {lesson}")
    (tmp_path / "01-demo.yml").write_text(text, encoding="utf-8")
    (line,) = refused_lines(tmp_path)
    assert "field 'lesson'" in line


def test_accepted_bibliography_renders_escaped_percent():
    """Does an escaped \\% in a title validate and render as a plain per cent sign?"""
    from microneedling_course.bank.references import cite

    bib = BIBLIOGRAPHIES["accepted-escaped-percent.bib"]
    load_bank(GOOD_MODULE.parent, bibliography=bib)
    assert "Skin needling after TCA 35% peels" in cite("harris2015", bib).full


def test_fixture_course_bibliography_is_the_default():
    """Sanity: the accepted module validates against the fixture course's own bibliography."""
    bank = load_bank(GOOD_MODULE.parent, bibliography=FIXTURE_COURSE / "book" / "references.bib")
    assert bank.modules["demo"].title.startswith("Peels: TCA $35%$")


def test_too_many_files_or_bytes_are_refused(tmp_path, monkeypatch):
    """Past the number of files, or the bytes, a bank may hold: one line, nothing parsed?"""
    import microneedling_course.bank.loader as loader

    for number in range(3):
        text = GOOD_MODULE.read_text().replace("module: demo", f"module: m{number}")
        (tmp_path / f"0{number}.yml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(loader, "MAX_BANK_FILES", 2)
    (line,) = refused_lines(tmp_path)
    assert "holds 3 question files, over the limit of 2" in line
    monkeypatch.setattr(loader, "MAX_BANK_FILES", 50)
    monkeypatch.setattr(loader, "MAX_BANK_BYTES", (tmp_path / "00.yml").stat().st_size + 10)
    lines = refused_lines(tmp_path)
    assert [line.split(": ")[0][-6:] for line in lines] == ["01.yml", "02.yml"]
    assert all("bytes the whole bank may hold" in line for line in lines)


def test_notebook_load_skips_formatting_every_entry_but_not_reading_the_file():
    """Does the notebooks' load (check_bibliography=False) accept a bibliography whose entries do
    not all render (validate and the build refuse it; a lesson kernel does not format them all),
    while a bibliography that cannot be read at all is still refused?"""
    unrenderable = BIBLIOGRAPHIES["percent-in-title.bib"]
    with pytest.raises(BankError):
        load_bank(GOOD_MODULE.parent, bibliography=unrenderable)
    bank = load_bank(GOOD_MODULE.parent, bibliography=unrenderable, check_bibliography=False)
    assert "demo" in bank.modules
    with pytest.raises(BankError) as refused:
        load_bank(
            GOOD_MODULE.parent,
            bibliography=BIBLIOGRAPHIES["not-utf8.bib"],
            check_bibliography=False,
        )
    assert "is not UTF-8 text" in str(refused.value)
