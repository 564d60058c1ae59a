"""Tests for lessons 4-7: objective coverage, citations, figures, claims and the lesson template."""

import re
from pathlib import Path

import nbformat
import pytest

from microneedling_course.bank import load_bank
from microneedling_course.lessons.aftercare import aftercare_timeline_figure, warning_signs_table
from microneedling_course.lessons.myths import (
    claims_page_path,
    load_claims,
    render_claims_page,
    verdict_counts,
)
from microneedling_course.lessons.regulation import (
    RegulationDataError,
    load_timeline,
    regulation_timeline_figure,
)
from microneedling_course.lessons.risks import decision_map_figure
from microneedling_course.paths import repo_root
from microneedling_course.references import bibliography_keys

LESSONS = {
    "aftercare": "notebooks/04-aftercare.ipynb",
    "risks-and-contraindications": "notebooks/05-risks-and-contraindications.ipynb",
    "regulation-and-safe-practice": "notebooks/06-regulation-and-safe-practice.ipynb",
    "myths-and-evidence": "notebooks/07-myths-and-evidence.ipynb",
}
SECTION_8_ROWS = 27
CITE_ROLE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")
LABEL = re.compile(r"^\(([A-Za-z0-9_-]+)\)=\s*$", re.MULTILINE)
REF_ROLE = re.compile(r"\{ref\}`([^`<]+)`")
SECTION_8_ROW = re.compile(r"^\| (\d+) \| S\d")


def _notebook(module: str):
    return nbformat.read(repo_root() / LESSONS[module], as_version=4)


def _markdown(module: str) -> str:
    return "\n".join(c.source for c in _notebook(module).cells if c.cell_type == "markdown")


def _cite_keys(text: str) -> set[str]:
    return {key.strip() for group in CITE_ROLE.findall(text) for key in group.split(",")}


def _all_labels() -> set[str]:
    return {label for module in LESSONS for label in LABEL.findall(_markdown(module))}


@pytest.fixture(scope="module")
def bank():
    return load_bank()


@pytest.fixture
def timeline_with_unknown_jurisdiction(tmp_path):
    path = tmp_path / "timeline.csv"
    path.write_text(
        "date,date_precision,jurisdiction,kind,short_label,instrument,event,status_note,source\n"
        "2020-01-01,day,Atlantis,law,x,x,x,,fda2020guidance\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def timeline_with_bad_date(tmp_path):
    path = tmp_path / "timeline.csv"
    path.write_text(
        "date,date_precision,jurisdiction,kind,short_label,instrument,event,status_note,source\n"
        "10 Nov 2020,day,US (federal),guidance,x,x,x,,fda2020guidance\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("module", LESSONS)
def test_every_objective_has_at_least_two_questions(module, bank):
    """Is each objective of modules 4-7 assessed by at least two questions (case parts count)?"""
    counts = {objective.id: 0 for objective in bank.modules[module].objectives}
    for question in bank.modules[module].questions:
        counts[question.objective] = counts.get(question.objective, 0) + 1
    assert counts and all(count >= 2 for count in counts.values()), counts


@pytest.mark.parametrize("module", LESSONS)
def test_each_quiz_has_enough_questions_of_varied_types(module, bank):
    """Has each quiz at least 8 questions and at least two types besides single choice?"""
    questions = bank.modules[module].questions
    assert len(questions) >= 8
    assert len({q.type for q in questions} - {"single"}) >= 2


def test_risks_quiz_uses_case_scenarios(bank):
    """Does the lesson 5 quiz include case-scenario questions?"""
    cases = [q for q in bank.modules["risks-and-contraindications"].questions if q.type == "case"]
    assert len(cases) >= 3


def test_myths_quiz_is_myth_or_fact(bank):
    """Are the lesson 7 true/false questions labelled Fact and Myth?"""
    truefalse = [q for q in bank.modules["myths-and-evidence"].questions if q.type == "truefalse"]
    assert len(truefalse) >= 6
    assert all((q.true_label, q.false_label) == ("Fact", "Myth") for q in truefalse)


@pytest.mark.parametrize("module", LESSONS)
def test_objective_sections_are_labels_in_the_lesson(module, bank):
    """Does every objective's section name a label that exists in its lesson?"""
    labels = set(LABEL.findall(_markdown(module)))
    for objective in bank.modules[module].objectives:
        assert objective.section in labels, objective.id


@pytest.mark.parametrize("module", LESSONS)
def test_every_cited_key_in_the_lesson_resolves(module):
    """Does every {cite} key in the lesson exist in book/references.bib?"""
    keys = _cite_keys(_markdown(module))
    assert keys, "the lesson cites nothing"
    assert keys <= bibliography_keys(), keys - bibliography_keys()


def test_every_cited_key_on_the_claims_page_resolves():
    """Does every {cite} key on the claims page exist in book/references.bib?"""
    keys = _cite_keys(claims_page_path().read_text(encoding="utf-8"))
    assert keys and keys <= bibliography_keys(), keys - bibliography_keys()


@pytest.mark.parametrize("module", LESSONS)
def test_lesson_follows_the_template(module):
    """Has the lesson its numbered title, disclaimer, objectives, quiz, summary and references?"""
    text = _markdown(module)
    code = "\n".join(c.source for c in _notebook(module).cells if c.cell_type == "code")
    number = LESSONS[module].split("/")[1][1]
    assert text.startswith(f"# {number}. ")
    assert "](../book/disclaimer.md)" in text
    assert f'show_objectives("{module}")' in code and f'show_quiz("{module}")' in code
    for heading in ("## Prerequisites", "## Summary", "## What's next", "## References"):
        assert heading in text
    assert ":filter: docname in docnames" in text


@pytest.mark.parametrize("module", LESSONS)
def test_code_cells_are_hidden_short_and_output_free(module):
    """Is every code cell tagged remove-input, at most two non-empty lines (an import and a call),
    and committed without outputs?"""
    for cell in _notebook(module).cells:
        if cell.cell_type == "code":
            assert "remove-input" in cell.metadata.get("tags", []), cell.id
            assert len([line for line in cell.source.splitlines() if line.strip()]) <= 2, cell.id
            assert not cell.outputs and cell.execution_count is None, cell.id


@pytest.mark.parametrize("module", LESSONS)
def test_figures_carry_alt_text(module):
    """Does every figure cell (one that draws from lessons.*_figure) carry alt text?"""
    figures = [
        c for c in _notebook(module).cells if c.cell_type == "code" and "_figure" in c.source
    ]
    assert figures
    for cell in figures:
        assert len(cell.metadata["mystnb"]["image"]["alt"]) > 40, cell.id


def test_markdown_keeps_one_sentence_per_line():
    """Does no prose line in lessons 4-7 hold two sentences (". X" mid-line)?"""
    two_sentences = re.compile(r"[a-z0-9)\]]\. [A-Z]")
    for module in LESSONS:
        for line in _markdown(module).splitlines():
            if line.startswith(("|", "#", "1.", "2.", "3.", "4.")):
                continue
            assert not two_sentences.search(line), line


def test_claims_cover_every_row_of_section_8():
    """Does claims.yml answer rows 1-27 of the brief's section 8, each once, with a verdict?"""
    numbers = [claim["number"] for claim in load_claims()["claims"]]
    assert numbers == list(range(1, SECTION_8_ROWS + 1))


def test_claims_match_the_brief_when_it_is_present():
    """When the content brief sits beside the repository, are all its section 8 rows answered?"""
    brief = repo_root().parent / "shared" / "content-brief.md"
    if not brief.exists():
        pytest.skip("content brief not beside the repository")
    text = brief.read_text(encoding="utf-8").split("## 8.", 1)[1].split("\n## ", 1)[0]
    rows = {
        int(match.group(1)) for line in text.splitlines() if (match := SECTION_8_ROW.match(line))
    }
    answered = {claim["number"] for claim in load_claims()["claims"]}
    assert rows and rows <= answered


def test_every_claim_reference_resolves_and_is_cited():
    """Are every claim's references real keys, and is each one cited in its evidence text?"""
    for claim in load_claims()["claims"]:
        cited = _cite_keys(" ".join(claim["evidence"]))
        assert set(claim["references"]) <= bibliography_keys(), claim["number"]
        assert cited == set(claim["references"]), claim["number"]


def test_every_claim_points_to_where_it_is_taught():
    """Does every claim name a place in the course, and do its lesson labels exist?"""
    labels = _all_labels()
    for claim in load_claims()["claims"]:
        assert claim["taught_in"], claim["number"]
        for place in claim["taught_in"]:
            if "ref" in place:
                assert place["ref"] in labels, (claim["number"], place["ref"])
            else:
                assert (repo_root() / f"{place['doc']}.ipynb").exists(), place["doc"]


def test_claims_page_matches_the_data():
    """Is book/claims-and-evidence.md exactly what claims.yml generates (no drift)?"""
    assert claims_page_path().read_text(encoding="utf-8") == render_claims_page()


def test_verdict_counts_add_up_to_every_claim():
    """Do the figure's verdict counts add up to the 27 claims?"""
    assert sum(count for *_rest, count in verdict_counts()) == SECTION_8_ROWS


def test_regulation_timeline_rows_are_dated_and_sourced():
    """Has every timeline row a jurisdiction, a date and a source key that resolves?"""
    rows = load_timeline()
    assert len(rows) >= 8
    assert {row["source"] for row in rows} <= bibliography_keys()
    assert [row["when"] for row in rows] == sorted(row["when"] for row in rows)
    assert any(row["date"] == "2025-10-15" and row["source"] == "fda2025rf" for row in rows)


def test_timeline_rejects_an_unknown_jurisdiction(timeline_with_unknown_jurisdiction):
    """Does a timeline row with an unknown jurisdiction fail to load, naming it?"""
    with pytest.raises(RegulationDataError, match="Atlantis"):
        load_timeline(timeline_with_unknown_jurisdiction)


def test_timeline_rejects_a_non_iso_date(timeline_with_bad_date):
    """Does a date not written as YYYY-MM-DD fail to load, naming the line?"""
    with pytest.raises(RegulationDataError, match="line 2"):
        load_timeline(timeline_with_bad_date)


@pytest.mark.parametrize(
    "draw",
    [aftercare_timeline_figure, decision_map_figure, regulation_timeline_figure],
    ids=["aftercare", "risks", "regulation"],
)
def test_figures_render_as_scalable_svg(draw):
    """Does each lesson figure render as SVG with a viewBox, so it scales on phones?"""
    svg = draw().data
    assert svg.lstrip().startswith("<?xml") or "<svg" in svg[:500]
    assert "viewBox" in svg


def test_warning_signs_table_is_escaped_and_complete():
    """Does the warning-signs table tell the reader to seek medical review, in a scroll box?"""
    table = warning_signs_table().data
    assert "overflow-x:auto" in table
    assert table.count("Seek medical review") >= 8
    assert "Herpes simplex" in table or "herpes simplex" in table


def test_no_lesson_quotes_a_pih_percentage():
    """Does no lesson 4-7 quote a PIH incidence percentage (the brief forbids it)?"""
    for module in LESSONS:
        for line in _markdown(module).splitlines():
            if "PIH" in line:
                assert not re.search(r"\d+\s?%", line), line


def test_lessons_are_in_the_table_of_contents():
    """Are the four lessons listed in _toc.yml?"""
    toc = Path(repo_root(), "_toc.yml").read_text(encoding="utf-8")
    for path in LESSONS.values():
        assert path.removesuffix(".ipynb") in toc
