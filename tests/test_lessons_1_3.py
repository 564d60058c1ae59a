"""Tests for lessons 1-3: their bank coverage, citations, glossary links, data files and figures."""

import csv
import re
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import nbformat
import pytest

from microneedling_course.bank import load_bank
from microneedling_course.bank.references import bibliography_keys
from microneedling_course.core.paths import data_dir, repo_root
from microneedling_course.course_data.healing import HealingDataError, load_phases
from microneedling_course.course_data.skin import SkinDataError, load_dermis_ultrasound
from microneedling_course.lessons.collagen_induction import (
    evidence_table,
    healing_timeline_figure,
    phases_table,
)
from microneedling_course.lessons.devices_and_technique import (
    depth_range_table,
    depth_ranges_figure,
    device_table,
    rf_expert_depth_table,
    sessions_table,
)
from microneedling_course.lessons.lesson_output import html_table
from microneedling_course.lessons.skin_and_depth import (
    dermis_by_region_figure,
    dermis_table,
    epidermis_by_method_figure,
    histology_table,
    microchannel_table,
    relative_index_table,
)

MODULES = {
    "skin-and-depth": "notebooks/01-skin-and-depth.ipynb",
    "collagen-induction": "notebooks/02-collagen-induction.ipynb",
    "devices-and-technique": "notebooks/03-devices-and-technique.ipynb",
}
DATA_FOLDERS = ("skin", "healing", "technique")
CITE = re.compile(r"\{cite:[pt]\}`([^`]+)`")
TERM = re.compile(r"\{term\}`([^`]+)`")
LABEL = re.compile(r"^\(([a-z0-9-]+)\)=\s*$", re.M)
BANK = load_bank()


def markdown_of(notebook: str) -> str:
    """All Markdown cells of a lesson notebook, joined."""
    cells = nbformat.read(repo_root() / notebook, as_version=4).cells
    return "\n".join(cell.source for cell in cells if cell.cell_type == "markdown")


def all_questions(module_id: str) -> list:
    """Every question of a module, case parts included (they carry their own objective)."""
    questions = []
    for question in BANK.modules[module_id].questions:
        questions.append(question)
        questions.extend(question.parts)
    return questions


def glossary_terms() -> set[str]:
    """The lower-cased terms defined in book/glossary.md."""
    text = (repo_root() / "book" / "glossary.md").read_text(encoding="utf-8")
    body = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    return {
        line.strip().lower()
        for line in body.splitlines()
        if line.strip() and not line.startswith((" ", ":"))
    }


@pytest.fixture
def dermis_csv_with_negative_value(tmp_path):
    path = tmp_path / "dermis.csv"
    path.write_text(
        "region_id,region,sex,dermis_mm,approximate,method,participants,source\n"
        "forehead,Forehead,men,-1.17,no,ultrasound,118 adults,meng2022\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def dermis_csv_with_unknown_group(tmp_path):
    path = tmp_path / "dermis.csv"
    path.write_text(
        "region_id,region,sex,dermis_mm,approximate,method,participants,source\n"
        "forehead,Forehead,adults,1.0,no,ultrasound,118 adults,meng2022\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def phases_csv_ending_before_start(tmp_path):
    path = tmp_path / "phases.csv"
    path.write_text(
        "timeline,order,phase,when_published,what_happens,drawn_start_days,drawn_end_days,"
        "open_ended,sources\n"
        "general,1,Haemostasis,minutes,clot,5,1,no,gurtner2008\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("module_id", MODULES)
def test_every_objective_is_checked_by_at_least_two_questions(module_id):
    """Does every objective of lessons 1-3 have two or more questions (case parts count)?"""
    counts = Counter(question.objective for question in all_questions(module_id))
    thin = {
        objective.id: counts[objective.id]
        for objective in BANK.modules[module_id].objectives
        if counts[objective.id] < 2
    }
    assert thin == {}


@pytest.mark.parametrize("module_id", MODULES)
def test_each_quiz_has_eight_questions_and_varied_types(module_id):
    """Does each quiz have at least 8 questions and at least two types besides single choice?"""
    questions = BANK.modules[module_id].questions
    types = {question.type for question in all_questions(module_id)} - {"single"}
    assert len(questions) >= 8 and len(types) >= 2


@pytest.mark.parametrize("module_id", MODULES)
def test_every_choice_option_has_teaching_feedback(module_id):
    """Does every option of every single and multiple-choice question carry its own feedback?"""
    missing = [
        (question.id, option.text)
        for question in all_questions(module_id)
        if question.type in ("single", "multiple")
        for option in question.options
        if len(option.feedback.split()) < 4
    ]
    assert missing == []


@pytest.mark.parametrize(("module_id", "notebook"), MODULES.items())
def test_objective_sections_are_labels_in_the_lesson(module_id, notebook):
    """Is every objective's section a MyST label in its lesson, so the link lands on a heading?"""
    labels = set(LABEL.findall(markdown_of(notebook)))
    sections = {o.section for o in BANK.modules[module_id].objectives if o.section}
    assert sections - labels == set()


@pytest.mark.parametrize("notebook", MODULES.values())
def test_every_cited_key_is_in_the_bibliography(notebook):
    """Does every {cite} key in the lesson exist in book/references.bib?"""
    cited = {
        key.strip() for group in CITE.findall(markdown_of(notebook)) for key in group.split(",")
    }
    assert cited and cited - bibliography_keys() == set()


@pytest.mark.parametrize("notebook", MODULES.values())
def test_every_glossary_link_has_a_term(notebook):
    """Does every {term} link in the lesson point at a term defined in the glossary?"""
    targets = set()
    for role in TERM.findall(markdown_of(notebook)):
        target = role.rsplit("<", 1)[1].rstrip(">") if "<" in role else role
        targets.add(target.strip().lower())
    assert targets and targets - glossary_terms() == set()


def test_glossary_is_a_sorted_sphinx_glossary_with_the_core_terms():
    """Is the glossary a sorted glossary defining the terms lessons 1-3 rely on?"""
    text = (repo_root() / "book" / "glossary.md").read_text(encoding="utf-8")
    assert ":sorted:" in text
    core = {"epidermis", "dermis", "papillary dermis", "reticular dermis", "subcutis"}
    core |= {"stratum corneum", "fibroblast", "collagen induction", "pih", "microchannel"}
    core |= {"fitzpatrick phototype", "tewl", "subcision", "prp", "rf microneedling"}
    core |= {"tram-track scarring", "granuloma"}
    assert core - glossary_terms() == set()


@pytest.mark.parametrize("notebook", MODULES.values())
def test_figure_cells_have_alt_text(notebook):
    """Does every code cell that draws a figure carry alt text in its metadata?"""
    cells = nbformat.read(repo_root() / notebook, as_version=4).cells
    figures = [cell for cell in cells if cell.cell_type == "code" and "_figure()" in cell.source]
    assert figures
    for cell in figures:
        assert len(cell.metadata["mystnb"]["image"]["alt"]) > 80, cell.source


@pytest.mark.parametrize("folder", DATA_FOLDERS)
def test_every_data_file_is_described_in_its_readme(folder):
    """Does each data folder's README name every file in it (source, units, method)?"""
    path = data_dir() / folder
    readme = (path / "README.md").read_text(encoding="utf-8")
    files = [item.name for item in path.iterdir() if item.suffix in (".csv", ".yml")]
    assert files and [name for name in files if name not in readme] == []


@pytest.mark.parametrize(
    "path",
    sorted(p for folder in DATA_FOLDERS for p in (data_dir() / folder).glob("*.csv")),
    ids=lambda p: p.name,
)
def test_every_csv_row_names_known_sources(path):
    """Does every row of every CSV name at least one source, and only keys of the bibliography?"""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    column = "sources" if "sources" in rows[0] else "source"
    keys = {key for row in rows for key in row[column].split(";")}
    assert rows and all(row[column] for row in rows)
    assert keys - bibliography_keys() == set()


def test_dermis_values_are_exactly_the_published_ones():
    """Does the ultrasound table hold the published means and nothing else (mm, men/women)?"""
    published = {
        ("forehead", "men"): 1.17, ("forehead", "women"): 0.86,
        ("glabella", "men"): 1.14, ("glabella", "women"): 0.90,
        ("temple", "men"): 1.06, ("temple", "women"): 0.80,
        ("eyelid", "men"): 0.67, ("eyelid", "women"): 0.58,
        ("nasal-dorsum", "men"): 1.03, ("nasal-dorsum", "women"): 0.93,
        ("zygoma", "men"): 1.14, ("zygoma", "women"): 0.87,
        ("neck", "men"): 0.98, ("neck", "women"): 0.99,
    }  # fmt: skip
    table = {(m.region_id, m.sex): m.dermis_mm for m in load_dermis_ultrasound()}
    assert table == published


def test_histology_extremes_are_exactly_the_published_ones():
    """Does the histology table hold only the four published extremes, in µm?"""
    path = data_dir() / "skin" / "facial_thickness_histology.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        values = {
            (row["layer"], row["extreme"]): float(row["thickness_um"])
            for row in csv.DictReader(handle)
        }
    assert values == {
        ("epidermis", "thickest"): 62.6,
        ("epidermis", "thinnest"): 29.6,
        ("dermis", "thinnest"): 759.0,
        ("dermis", "thickest"): 1969.0,
    }


def test_vendor_timeline_is_kept_apart_and_sourced_to_the_vendor():
    """Are the vendor's phases marked 'vendor' and sourced only to the vendor page?"""
    vendor = [phase for phase in load_phases() if phase["timeline"] == "vendor"]
    assert vendor and all(phase["sources"] == ["amieamed"] for phase in vendor)


def test_negative_thickness_is_rejected(dermis_csv_with_negative_value):
    """Does a negative dermis value fail to load, naming the file and line?"""
    with pytest.raises(SkinDataError, match="dermis.csv, line 2"):
        load_dermis_ultrasound(dermis_csv_with_negative_value)


def test_unknown_group_is_rejected(dermis_csv_with_unknown_group):
    """Does a row for a group other than men or women fail to load?"""
    with pytest.raises(SkinDataError, match="sex"):
        load_dermis_ultrasound(dermis_csv_with_unknown_group)


def test_phase_ending_before_it_starts_is_rejected(phases_csv_ending_before_start):
    """Does a healing phase drawn to end before it starts fail to load?"""
    with pytest.raises(HealingDataError, match="line 2"):
        load_phases(phases_csv_ending_before_start)


@pytest.mark.parametrize(
    "draw",
    [
        dermis_by_region_figure,
        epidermis_by_method_figure,
        healing_timeline_figure,
        depth_ranges_figure,
    ],
    ids=lambda draw: draw.__name__,
)
def test_figures_are_scalable_svg(draw):
    """Does each lesson figure come out as an SVG with a viewBox (so it scales on phones)?"""
    svg = draw().data
    assert "<svg" in svg and "viewBox" in svg


@pytest.mark.parametrize(
    "table",
    [
        dermis_table,
        histology_table,
        relative_index_table,
        microchannel_table,
        phases_table,
        evidence_table,
        device_table,
        depth_range_table,
        rf_expert_depth_table,
        sessions_table,
    ],
    ids=lambda table: table.__name__,
)
def test_tables_scroll_sideways_and_name_their_sources(table):
    """Is each table in a keyboard-reachable sideways scroll box, and does it name sources?"""
    html = table().data
    assert 'class="mnc-table-scroll"' in html and "overflow-x:auto" in html
    assert 'tabindex="0"' in html and re.search(r'aria-label(ledby)?="', html)
    assert re.search(r"(et al\.|and [A-Z][a-z]+|[A-Z][a-z]+) (19|20)\d\d", html)


def test_table_caption_sits_outside_the_scroll_box():
    """Is a table's caption a figcaption before its scroll box (so a phone wraps it rather than
    cutting it off), naming the keyboard-reachable box and the table?"""
    figure = ElementTree.fromstring(html_table(["A", "B"], [["1", "2"]], caption="Cap").data)
    caption, box = list(figure)
    assert (figure.tag, caption.tag, caption.text) == ("figure", "figcaption", "Cap")
    assert box.get("class") == "mnc-table-scroll" and "overflow-x:auto" in box.get("style")
    assert (box.get("role"), box.get("tabindex")) == ("region", "0")
    table = box.find("table")
    assert box.get("aria-labelledby") == table.get("aria-labelledby") == caption.get("id")
    assert table.find("caption") is None


def test_table_caption_ids_differ_per_table():
    """Do two captioned tables on one page get different caption ids, stable between runs?"""
    first = html_table(["A"], [["1"]], caption="Cap").data
    second = html_table(["A"], [["2"]], caption="Cap").data
    ids = [ElementTree.fromstring(table).find("figcaption").get("id") for table in (first, second)]
    assert ids[0] != ids[1]
    assert html_table(["A"], [["1"]], caption="Cap").data == first


def test_table_cells_are_escaped():
    """Is text put into a lesson table escaped rather than passed through as HTML?"""
    html = html_table(["<b>Head</b>"], [["<script>x</script> & y"]], caption="<i>c</i>").data
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;" in html and "&amp; y" in html


def test_the_meng_table_states_units_and_method():
    """Does the ultrasound table give its units (mm) and method in columns?"""
    html = dermis_table().data
    assert "Men (mm)" in html and "Women (mm)" in html and "ultrasound" in html


def test_lessons_mark_weak_evidence_in_plain_words():
    """Do the lessons say where evidence is animal, vendor-derived, expert opinion or secondary?"""
    text = "\n".join(markdown_of(notebook) for notebook in MODULES.values())
    for phrase in ("rat", "vendor", "expert opinion", "secondary source", "hypothesis"):
        assert phrase in text, phrase


def test_no_depth_table_is_credited_to_alster_and_graham():
    """Is no depth range in the data sourced to Alster & Graham 2018 (abstract only seen)?"""
    text = (data_dir() / "technique" / "depth_ranges.yml").read_text(encoding="utf-8")
    sources_lines = [line for line in text.splitlines() if "sources" in line or "source:" in line]
    assert not any("alster2018" in line for line in sources_lines)


def test_lesson_notebooks_exist_at_the_bank_docnames():
    """Does each bank file's lesson docname point at its notebook?"""
    for module_id, notebook in MODULES.items():
        assert BANK.modules[module_id].lesson == str(Path(notebook).with_suffix(""))
