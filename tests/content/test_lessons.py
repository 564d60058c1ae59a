"""One set of rules for every lesson (1 to 7): its quiz, citations, glossary links, template, hidden
code, figures and prose; plus the few checks that belong to one lesson's content."""

import re
from collections import Counter

import pytest
from course_content import (
    LABEL,
    LESSONS,
    REPO_ROOT,
    all_questions,
    cite_keys,
    code_cells,
    course_bank,
    glossary_terms,
    known_keys,
    lesson_markdown,
    term_targets,
)

MIN_QUESTIONS = 8
MIN_QUESTIONS_PER_OBJECTIVE = 2
MIN_TYPES_BESIDES_SINGLE = 2
MIN_FEEDBACK_WORDS = 4
MIN_ALT_TEXT_CHARACTERS = 80
MAX_CODE_LINES = 2
TEMPLATE_HEADINGS = ("## Prerequisites", "## Summary", "## What's next", "## References")
TWO_SENTENCES = re.compile(r"[a-z0-9)\]]\. [A-Z]")
PERCENTAGE = re.compile(r"\d+\s?%")

each_lesson = pytest.mark.parametrize("module", LESSONS)


@each_lesson
def test_every_objective_is_checked_by_two_questions(module):
    """Is every objective of the lesson assessed by at least two questions (case parts count)?"""
    counts = Counter(question.objective for question in all_questions(module))
    objectives = course_bank().modules[module].objectives
    thin = {o.id: counts[o.id] for o in objectives if counts[o.id] < MIN_QUESTIONS_PER_OBJECTIVE}
    assert objectives and thin == {}


@each_lesson
def test_quiz_has_enough_questions_of_varied_types(module):
    """Has the quiz at least 8 questions, of at least two types besides single choice?"""
    questions = course_bank().modules[module].questions
    types = {question.type for question in questions} - {"single"}
    assert len(questions) >= MIN_QUESTIONS and len(types) >= MIN_TYPES_BESIDES_SINGLE


def _options(module: str):
    """(question, option, is it a right answer) for every choice option, case parts too."""
    for question in all_questions(module):
        if question.type in ("single", "multiple"):
            right = {question.answer} if question.type == "single" else set(question.answer)
            for index, option in enumerate(question.options):
                yield question, option, index in right


@each_lesson
def test_every_wrong_option_says_why(module):
    """Does every wrong option of every choice question (case parts too) explain, in a sentence of
    its own, why it is wrong?"""
    short = [
        (question.id, option.text)
        for question, option, right in _options(module)
        if not right and len(option.feedback.split()) < MIN_FEEDBACK_WORDS
    ]
    assert short == []


@each_lesson
def test_every_right_option_has_feedback(module):
    """Does every right option carry feedback (at least a "Yes."; the explanation follows)?"""
    assert [q.id for q, option, right in _options(module) if right and not option.feedback] == []


@each_lesson
def test_every_objective_links_to_a_heading_of_its_lesson(module):
    """Does every objective name a section that is a MyST label in its lesson?"""
    labels = set(LABEL.findall(lesson_markdown(module)))
    objectives = course_bank().modules[module].objectives
    assert [o.id for o in objectives if o.section not in labels] == []


@each_lesson
def test_every_cited_key_is_in_the_bibliography(module):
    """Does the lesson cite sources, each a key of book/references.bib?"""
    keys = cite_keys(lesson_markdown(module))
    assert keys and keys - known_keys() == set()


@each_lesson
def test_every_glossary_link_has_a_term(module):
    """Does the lesson link glossary terms, each defined in book/glossary.md?"""
    targets = term_targets(lesson_markdown(module))
    assert targets and targets - glossary_terms() == set()


@each_lesson
def test_lesson_follows_the_template(module):
    """Has the lesson its numbered title, disclaimer link, objectives, quiz, prerequisites,
    summary, what's next, and a reference list of its own citations?"""
    text = lesson_markdown(module)
    code = "\n".join(cell.source for cell in code_cells(module))
    number = LESSONS[module].split("/")[1][1]
    assert text.startswith(f"# {number}. ")
    assert "](../book/disclaimer.md)" in text
    assert f'show_objectives("{module}")' in code and f'show_quiz("{module}")' in code
    assert [heading for heading in TEMPLATE_HEADINGS if heading not in text] == []
    assert ":filter: docname in docnames" in text


@each_lesson
def test_code_cells_are_hidden_calls_without_outputs(module):
    """Is every code cell tagged remove-input, at most an import and a call, and output-free?"""
    for cell in code_cells(module):
        assert "remove-input" in cell.metadata.get("tags", []), cell.id
        assert len([line for line in cell.source.splitlines() if line.strip()]) <= MAX_CODE_LINES
        assert not cell.outputs and cell.execution_count is None, cell.id


@each_lesson
def test_figures_carry_alt_text(module):
    """Does every figure cell carry alt text long enough to describe what the figure shows?"""
    figures = [cell for cell in code_cells(module) if "_figure(" in cell.source]
    assert figures
    for cell in figures:
        assert len(cell.metadata["mystnb"]["image"]["alt"]) > MIN_ALT_TEXT_CHARACTERS, cell.id


@each_lesson
def test_prose_keeps_one_sentence_per_line(module):
    """Does no prose line hold two sentences (". X" mid-line), so diffs stay line-precise?"""
    lines = [
        line
        for line in lesson_markdown(module).splitlines()
        if not line.startswith(("|", "#")) and not re.match(r"\d+\. ", line)
    ]
    assert [line for line in lines if TWO_SENTENCES.search(line)] == []


@each_lesson
def test_no_pih_percentage_is_quoted(module):
    """Does no lesson quote a PIH incidence percentage (the content brief forbids it)?"""
    lines = [line for line in lesson_markdown(module).splitlines() if "PIH" in line]
    assert [line for line in lines if PERCENTAGE.search(line)] == []


@each_lesson
def test_lesson_is_where_the_bank_and_the_toc_say(module):
    """Is the notebook at its bank file's lesson docname, and in _toc.yml?"""
    docname = LESSONS[module].removesuffix(".ipynb")
    assert course_bank().modules[module].lesson == docname
    assert docname in (REPO_ROOT / "_toc.yml").read_text(encoding="utf-8")


def test_lessons_1_to_3_name_weak_evidence_in_plain_words():
    """Do lessons 1-3 say, as whole words, where evidence comes from rats, a vendor, expert
    opinion, a secondary source or a hypothesis?"""
    text = "\n".join(lesson_markdown(module) for module in list(LESSONS)[:3]).lower()
    phrases = ("rat", "vendor", "expert opinion", "secondary source", "hypothesis")
    assert [p for p in phrases if not re.search(rf"\b{p}s?\b", text)] == []


def test_glossary_is_sorted_and_defines_the_core_terms():
    """Is the glossary a sorted Sphinx glossary defining the terms the lessons rely on?"""
    text = (REPO_ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    assert ":sorted:" in text
    core = {"epidermis", "dermis", "papillary dermis", "reticular dermis", "subcutis"}
    core |= {"stratum corneum", "fibroblast", "collagen induction", "pih", "microchannel"}
    core |= {"fitzpatrick phototype", "tewl", "subcision", "prp", "rf microneedling"}
    core |= {"tram-track scarring", "granuloma"}
    assert core - glossary_terms() == set()


def test_risks_quiz_uses_case_scenarios():
    """Does the lesson 5 quiz include at least three case scenarios?"""
    questions = course_bank().modules["risks-and-contraindications"].questions
    assert len([q for q in questions if q.type == "case"]) >= 3


def test_myths_quiz_is_myth_or_fact():
    """Are the lesson 7 true/false questions (six or more) labelled Fact and Myth?"""
    truefalse = [
        q for q in course_bank().modules["myths-and-evidence"].questions if q.type == "truefalse"
    ]
    assert len(truefalse) >= 6
    assert all((q.true_label, q.false_label) == ("Fact", "Myth") for q in truefalse)
