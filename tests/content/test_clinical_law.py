"""Rules of law: every statement about Scotland's or England's rules carries its status and date."""

import csv
import re

import pytest
from clinical_texts import (
    LESSON_NUMBERS,
    REPO,
    all_questions,
    book_blocks,
    claim_items,
    lesson_blocks,
    question_text,
    read_yaml,
)

UK_RULES = re.compile(r"Scotland|Scottish|England|English", re.I)
# What each jurisdiction's rules are, as of the course's check: Scotland's Act is enacted but
# not yet in force; England's scheme is proposed, not law.
STATUS_BY_PLACE = {
    re.compile(r"Scotland|Scottish", re.I): re.compile(
        r"not yet in force|commencement pending|awaits commencement|pending as of", re.I
    ),
    re.compile(r"England|English", re.I): re.compile(
        r"proposal|proposed|consultation|not law|no licensing scheme", re.I
    ),
}
# Any status at all, for the timeline's rows (a Bill, a power in force since a date).
STATUS = re.compile(
    "|".join(status.pattern for status in STATUS_BY_PLACE.values()) + r"|in force since", re.I
)
DATE = re.compile(r"\b(19|20)\d{2}\b")


def _units() -> list[tuple[str, str]]:
    """(where, text) for every unit of course text a reader meets as one statement."""
    units = [(f"lesson {n}", block) for n in LESSON_NUMBERS for block in lesson_blocks(n)]
    units += [
        (f"book/{name}", block)
        for name in ("disclaimer.md", "claims-and-evidence.md", "glossary.md")
        for block in book_blocks(name)
    ]
    units += [(f"claim {number}", item) for number, item in claim_items()]
    units += [(f"question {q['id']}", question_text(q)) for _, q in all_questions()]
    units += [
        (f"rule {finding['id']}", finding["reason"])
        for finding in read_yaml("data/screening/rules.yml")["findings"]
    ]
    return units


def _about_uk_rules(text: str) -> bool:
    return bool(UK_RULES.search(text)) and not text.lstrip().startswith("#")


@pytest.mark.parametrize(
    ("where", "text"),
    [unit for unit in _units() if _about_uk_rules(unit[1])],
    ids=lambda value: value if len(value) < 60 else value[:40],
)
def test_every_statement_about_uk_rules_carries_its_status_and_date(where, text):
    """Does each paragraph, claim, question or rule about UK rules give its status and a date?"""
    for place, status in STATUS_BY_PLACE.items():
        if place.search(text):
            assert status.search(text), f"{where}: no {place.pattern} status in {text[:120]!r}"
    assert DATE.search(text), f"{where}: no date in {text[:120]!r}"


def _timeline() -> list[dict]:
    with (REPO / "data" / "regulation" / "timeline.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    "row",
    [row for row in _timeline() if row["jurisdiction"] in ("Scotland", "England")],
    ids=lambda row: row["short_label"],
)
def test_every_uk_timeline_row_states_its_status(row):
    """Does each Scotland or England row of the timeline say whether it is law, and since when?"""
    status = f"{row['event']} {row['status_note']}"
    assert STATUS.search(status) or "Bill" in status, row["short_label"]


def test_scottish_act_is_dated_to_royal_assent_and_not_taught_as_in_force():
    """Is the Act dated 12 May 2026 with commencement pending, never taught as in force (M4)?"""
    (row,) = [row for row in _timeline() if "asp 13" in row["instrument"]]
    assert row["date"] == "2026-05-12" and row["date_precision"] == "day"
    assert "Once in force" in row["event"]
    assert "commencement pending as of 30 November 2026" in row["status_note"]


def test_lesson_6_teaches_the_other_schedule_1_triggers():
    """Does lesson 6 teach Schedule 1 paragraphs 4 and 6 (injection, anaesthetic; M5)?"""
    text = "\n".join(lesson_blocks(6))
    assert "paragraph 4" in text and "by means of a microneedle" in text
    assert "paragraph 6" in text and "prescribed anaesthetic" in text


def test_englands_response_is_dated_and_sourced():
    """Is the government response of 7 August 2025 a dated, sourced row, not 'reported' (m15)?"""
    rows = [row for row in _timeline() if row["date"] == "2025-08-07"]
    assert [row["source"] for row in rows] == ["dhsc2025response"]
    assert "reported in August 2025" not in "\n".join(lesson_blocks(6))


def test_the_red_tier_is_never_called_a_ban():
    """Does no question or lesson call England's proposed red tier 'prohibited' (m14)?"""
    texts = [question_text(q) for _, q in all_questions()] + lesson_blocks(6)
    assert not any(re.search(r"Red \(prohibited\)", text) for text in texts)


def test_fda_authorised_uses_are_tied_to_aesthetic_devices_not_rf():
    """Are the authorised uses tied to aesthetic devices, with RF cleared on its own (m16)?"""
    block = next(block for block in lesson_blocks(6) if "aged 22 or older**" in block)
    assert "21 CFR 878.4430" in block and "RF microneedling devices are different" in block


def test_other_jurisdictions_are_named_and_instructors_told_how_to_add_an_annex():
    """Do lesson 6 and the guide say the EU, Wales and Northern Ireland need an annex (m17)?"""
    lesson = "\n".join(lesson_blocks(6))
    guide = (REPO / "book" / "instructor-guide.md").read_text(encoding="utf-8")
    for place in ("European Union", "Wales", "Northern Ireland"):
        assert place in lesson and place in guide
    assert "## Adding a jurisdiction annex" in guide
