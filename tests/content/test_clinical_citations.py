"""Citations: numbers in lessons are sourced, and each reference backs only what it says."""

import re

import pytest
from clinical_texts import (
    LESSON_NUMBERS,
    REPO,
    all_questions,
    cited_keys,
    claim_items,
    lesson_cells,
    lesson_lines,
    question_references,
    question_text,
    read_yaml,
)

from microneedling_course.bank.references import bibliography_keys

# Tokens with digits that are names, not clinical facts: lesson numbers, legal citations, labels.
NOT_A_FACT = [
    r"(?i)\blessons? \d+( (and|to|or) \d+)?",
    r"\blesson-\d+",
    r"\b21 CFR 878\.4430",
    r"\bsection 201\(h\)",
    r"\b510\(k\)",
    r"\basp 13\b",
    r"\bS\.S\.I\. 2026/87",
    r"(?i)\bschedule 1\b",
    r"\bparagraphs? \d+",
    r"\bsections? \d+",
    r"^\d+\. ",
    r"\{[a-z]+\}`[^`]*`",
]
HAS_A_NUMBER = re.compile(
    r"\d|%|\b(one|two|three|four|five|six|seven|eight|nine|ten|twelve|a|an)\s+"
    r"(hours?|days?|weeks?|months?|years?)\b",
    re.I,
)
# A sentence may instead say plainly that its figure is a convention, not a finding.
LABELLED_AS_CONVENTION = re.compile(
    r"clinic (rule|protocol|convention)s?|expert opinion|standard (practice|anatomy)|"
    r"not (a )?trial results?",
    re.I,
)
LAB_INSTRUCTION = ("Try ", "Pick ")
CLINIC_PERIOD_WORDS = re.compile(
    r"make-up|makeup|sauna|sweat|swim|active products|retinoid|picking", re.I
)


def _uncited_number_lines(number: int) -> list[str]:
    found = []
    for cell in lesson_cells(number):
        first = cell.lstrip()
        if first.startswith(("## Prerequisites", "Try these")):
            continue
        fenced = False
        for raw in cell.split("\n"):
            line = raw.strip()
            if line.startswith("```"):
                fenced = not fenced
                continue
            text = line[2:] if line.startswith("- ") else line
            if fenced or not text or text.startswith(("#", "|", ":", *LAB_INSTRUCTION)):
                continue
            if "{cite:" in text or LABELLED_AS_CONVENTION.search(text):
                continue
            rest = text
            for pattern in NOT_A_FACT:
                rest = re.sub(pattern, " ", rest)
            if HAS_A_NUMBER.search(rest):
                found.append(line)
    return found


@pytest.mark.parametrize("number", LESSON_NUMBERS)
def test_no_lesson_sentence_with_a_number_goes_uncited(number):
    """Does each lesson sentence with a number or period cite a source or say why not (m31)?"""
    assert _uncited_number_lines(number) == []


def test_the_disclaimer_promises_what_the_lessons_do():
    """Does the disclaimer describe the real rule: cited, or labelled standard practice (m31)?"""
    text = (REPO / "book" / "disclaimer.md").read_text(encoding="utf-8")
    assert "Every clinical fact in the course cites a published source" not in text
    assert "standard practice" in text and "cites its published source" in text


def _texts_citing(key: str) -> list[str]:
    """Lesson lines and claim items that cite a key, and explanations of questions citing it."""
    texts = [line for n in LESSON_NUMBERS for line in lesson_lines(n) if key in cited_keys(line)]
    texts += [item for _, item in claim_items() if key in cited_keys(item)]
    texts += [
        question["explanation"]
        for _, question in all_questions()
        if key in question_references(question)
    ]
    return texts


def test_rat_study_is_never_the_source_of_a_clinic_time_period():
    """Is the rat study (kalluri2011) never cited for make-up, sauna or product periods (M9)?"""
    for text in _texts_citing("kalluri2011"):
        sentences = [s for s in re.split(r"(?<=[.;])\s", text) if "kalluri2011" in s]
        for sentence in sentences or [text]:
            assert not CLINIC_PERIOD_WORDS.search(sentence), sentence


def test_rat_study_questions_about_clinic_periods_say_no_study_set_them():
    """Does a clinic-period question citing the rat study call the period expert opinion?"""
    for _, question in all_questions():
        text = question_text(question)
        if "kalluri2011" in question_references(question) and "clinic protocol" in text:
            explanation = question["explanation"]
            assert "expert opinion" in explanation and "rat" in explanation, question["id"]


def test_avoid_periods_cite_no_source_and_the_rat_study_only_for_the_reason():
    """In avoid.yml, is every period a clinic protocol, with sources only for the reason (M9)?"""
    for item in read_yaml("data/aftercare/avoid.yml")["items"]:
        assert item["basis"] == "clinic-protocol"
        assert set(item) & {"sources", "period_sources"} == set()
        if "kalluri2011" in item["why_sources"]:
            assert "channels" in item["why"]


def test_claims_page_attaches_the_rat_study_only_to_open_channels():
    """On the claims page, does every item citing the rat study speak of channels or depth?"""
    for number, item in claim_items():
        if "kalluri2011" in cited_keys(item):
            assert re.search(r"channel|deep|depth", item), number


def test_alster_review_is_cited_only_as_a_whole():
    """Is Alster & Graham 2018 (abstract only) never the source of an endpoint or a depth (m6)?"""
    for text in _texts_citing("alster2018"):
        assert not re.search(r"pinpoint|endpoint|\d+(\.\d+)? ?mm", text), text


def test_the_rf_review_is_not_a_source_for_mechanical_ranges():
    """Are the mechanical depth ranges by indication free of the RF review (shauly2023, m13)?"""
    for indication in read_yaml("data/technique/depth_ranges.yml")["indications"]:
        assert "shauly2023" not in indication["sources"], indication["id"]
    for line in lesson_lines(3):
        if "acne scars" in line.lower() and "mm" in line:
            assert "shauly2023" not in cited_keys(line), line


def test_skin_of_colour_review_is_not_cited_for_operator_or_rf_risk():
    """Is Cohen & Elbuluk 2016 never cited for tram tracks or RF risk (author commentary, m11)?"""
    for text in _texts_citing("cohen2016"):
        for sentence in re.split(r"(?<=[.;])\s", text):
            if "cohen2016" in sentence:
                assert not re.search(r"tram|operator|\bRF\b", sentence), sentence


def test_trial_results_are_described_against_baseline():
    """Wherever the split-face trial's 6- and 3-month results are quoted, is baseline named (m9)?"""
    texts = [line for n in LESSON_NUMBERS for line in lesson_lines(n)]
    texts += [item for _, item in claim_items()]
    texts += [question_text(question) for _, question in all_questions()]
    texts += [stage_text for stage_text in _expected_course_texts()]
    for text in texts:
        for sentence in re.split(r"(?<=[.;])\s|\n", text):
            if re.search(r"6 months", sentence) and re.search(r"at 3\b|3 months", sentence):
                assert "baseline" in sentence, sentence


def _expected_course_texts():
    for stage in read_yaml("data/aftercare/expected_course.yml")["stages"]:
        for item in stage["expected"]:
            yield item if isinstance(item, str) else item["text"]


def test_the_safety_review_names_three_risk_factors():
    """Does the course say the 2021 safety review named three risk factors, not four (m10)?"""
    everything = "\n".join(line for n in LESSON_NUMBERS for line in lesson_lines(n))
    everything += "\n".join(question_text(question) for _, question in all_questions())
    assert "four risk factors" not in everything
    assert "three risk factors" in "\n".join(lesson_lines(5))


def test_the_granuloma_case_report_is_not_presented_as_a_measured_course():
    """Where the 72-hour course cites the granuloma case report, is it called a case report (R6)?"""
    for n in LESSON_NUMBERS:
        for line in lesson_lines(n):
            if "72 hours" in line and "martin2021" in cited_keys(line):
                assert "case report" in line, line


def test_the_2024_lidocaine_warning_is_cited_to_its_own_entry():
    """Is the 26 March 2024 warning cited to fda2024lidocaine, never to the 2007 advisory (m33)?"""
    for n in LESSON_NUMBERS:
        for line in lesson_lines(n):
            if "2024" in line and "lidocaine" in line:
                assert "fda2024lidocaine" in cited_keys(line), line
                assert "fda2007anaesthetics" not in cited_keys(line), line


def test_every_bibliography_entry_is_used_somewhere():
    """Is each bibliography entry used by a lesson, quiz, claim, page or data file (m33)?"""
    corpus = "\n".join(
        path.read_text(encoding="utf-8")
        for pattern in (
            "notebooks/*.ipynb",
            "quizzes/*.yml",
            "book/*.md",
            "data/**/*.yml",
            "data/**/*.csv",
        )
        for path in REPO.glob(pattern)
    )
    unused = {key for key in bibliography_keys() if not re.search(rf"\b{re.escape(key)}\b", corpus)}
    assert unused == set()
