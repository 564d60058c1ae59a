"""One fact, one wording: the places a reader compares (R1-R5) say the same thing."""

import re

from clinical_texts import (
    LESSON_NUMBERS,
    REPO,
    all_questions,
    claim_items,
    lesson_blocks,
    lesson_lines,
    question_text,
    read_yaml,
)

INTERVAL_RULE = (
    "The rule: the next session comes only after full, visible recovery, typically 2 to 6 weeks "
    "after the last one"
)
REPROCESSING = (
    "That reprocessing rule is about parts a maker designs and labels as reusable, such as a pen's "
    "hand-piece; it never makes a used needle cartridge, needle or roller reusable"
)


def _every_text() -> list[str]:
    texts = [line for n in LESSON_NUMBERS for line in lesson_lines(n)]
    texts += [item for _, item in claim_items()]
    texts += [question_text(question) for _, question in all_questions()]
    texts.append(read_yaml("data/aftercare/expected_course.yml")["next_session"]["text"])
    return texts


def _sentences(text: str) -> list[str]:
    return [sentence for sentence in re.split(r"(?<=[.;])\s|\n", text) if sentence.strip()]


def test_all_skin_types_quote_always_comes_with_why_it_does_not_settle_the_claim():
    """Wherever 'safe in all skin types' is quoted, is it explained in the same place (R1)?"""
    places = [block for n in LESSON_NUMBERS for block in lesson_blocks(n)]
    places += [item for _, item in claim_items()]
    places += [question_text(question) for _, question in all_questions()]
    for text in places:
        if "safe in all skin types" in text:
            assert "not the result of a study" in text or "not a study" in text, text[:120]


def test_single_use_and_reprocessing_read_the_same_in_lessons_3_and_6():
    """Do lessons 3 and 6 explain the reprocessing control in the same words (R2)?"""
    for lesson in (3, 6):
        assert any(REPROCESSING in line for line in lesson_lines(lesson)), lesson


def test_isotretinoin_reads_the_same_in_the_glossary_and_lesson_5():
    """Do the glossary and lesson 5 give the 6-month wording with the same caveat (R3, m32)?"""
    glossary = (REPO / "book" / "glossary.md").read_text(encoding="utf-8")
    entry = glossary.split("\nIsotretinoin\n", 1)[1].split("\n\n", 1)[0]
    lesson = "\n".join(lesson_lines(5))
    for words in ("as quoted in secondary sources", "6 months", "prescriber"):
        assert words in entry and words in lesson, words
    assert "weak" in entry and "weak" in lesson
    assert "tablet" not in entry


def test_the_next_session_interval_reads_the_same_everywhere():
    """One interval rule in lessons 3 and 4; is '4 to 6 weeks' always practitioner guidance (R4)?"""
    for lesson in (3, 4):
        assert any(INTERVAL_RULE in line for line in lesson_lines(lesson)), lesson
    for text in _every_text():
        for sentence in _sentences(text):
            if "4 to 6 weeks" in sentence:
                assert "ractitioner guidance" in sentence, sentence


def test_the_prp_odds_ratio_is_explained_where_it_is_given():
    """Wherever the odds ratio 2.97 appears in a lesson, is it explained in plain words (R5)?"""
    lines = lesson_lines(3)
    (index,) = [number for number, line in enumerate(lines) if "2.97" in line]
    explanation = " ".join(lines[index : index + 3])
    assert "three times as high" in explanation and "uncertain" in explanation
    assert not any("modest" in line for line in lines)
