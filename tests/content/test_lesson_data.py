"""The course's data tables (data/**): described, sourced, holding the published values, and drawn
by the lessons as figures and tables that work on a phone."""

import csv
import itertools
import re
import sys

import pytest
from course_content import LABEL, LESSONS, REPO_ROOT, cite_keys, known_keys, lesson_markdown
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from microneedling_course.course_data.claims import load_claims
from microneedling_course.course_data.healing import load_phases
from microneedling_course.course_data.regulation import load_timeline
from microneedling_course.course_data.skin import load_dermis_ultrasound
from microneedling_course.lessons.aftercare import (
    aftercare_timeline_figure,
    avoid_table,
    warning_signs_table,
)
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
from microneedling_course.lessons.myths import claims_page_path, render_claims_page, verdict_counts
from microneedling_course.lessons.regulation import (
    regulation_timeline_figure,
    regulation_timeline_table,
)
from microneedling_course.lessons.risks import decision_map_figure
from microneedling_course.lessons.skin_and_depth import (
    dermis_by_region_figure,
    dermis_table,
    epidermis_by_method_figure,
    histology_table,
    microchannel_table,
    relative_index_table,
)
from microneedling_course.progress.assessment import AssessmentSettings, load_settings

DATA = REPO_ROOT / "data"
DATA_FOLDERS = sorted(path.name for path in DATA.iterdir() if (path / "README.md").is_file())
CLAIM_ROWS = 27
SECTION_8_ROW = re.compile(r"^\| (\d+) \| S\d")

pytestmark = pytest.mark.usefixtures("course_content_root")


@pytest.fixture
def course_content_root(monkeypatch):
    """The loaders read this clone's data/ and bibliography, whatever the environment says."""
    monkeypatch.setenv("MNC_COURSE_ROOT", str(REPO_ROOT))
    monkeypatch.delenv("MNC_BANK_DIR", raising=False)


@pytest.mark.parametrize("folder", DATA_FOLDERS)
def test_every_data_file_is_described_in_its_readme(folder):
    """Does each data folder's README name every file in it (source, units, method)?"""
    readme = (DATA / folder / "README.md").read_text(encoding="utf-8")
    files = [item.name for item in (DATA / folder).iterdir() if item.suffix in (".csv", ".yml")]
    assert files and [name for name in files if name not in readme] == []


@pytest.mark.parametrize(
    "path", sorted(DATA.glob("*/*.csv")), ids=lambda path: f"{path.parent.name}/{path.name}"
)
def test_every_csv_row_names_known_sources(path):
    """Does every row of every data CSV name at least one source, each a bibliography key?"""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    column = "sources" if "sources" in rows[0] else "source"
    keys = {key for row in rows for key in row[column].split(";")}
    assert rows and all(row[column] for row in rows)
    assert keys - known_keys() == set()


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
    path = DATA / "skin" / "facial_thickness_histology.csv"
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


def test_no_depth_range_is_credited_to_alster_and_graham():
    """Is no depth range sourced to Alster & Graham 2018 (only its abstract was seen)?"""
    text = (DATA / "technique" / "depth_ranges.yml").read_text(encoding="utf-8")
    sources_lines = [line for line in text.splitlines() if "sources" in line or "source:" in line]
    assert not any("alster2018" in line for line in sources_lines)


def test_regulation_timeline_rows_are_dated_and_sourced():
    """Has every timeline row a date and a source key that resolves, oldest first?"""
    rows = load_timeline()
    assert len(rows) >= 8
    assert {row["source"] for row in rows} <= known_keys()
    assert [row["when"] for row in rows] == sorted(row["when"] for row in rows)
    assert any(row["date"] == "2025-10-15" and row["source"] == "fda2025rf" for row in rows)


def test_claims_cover_every_row_of_section_8():
    """Does claims.yml answer rows 1-27 of the content brief's section 8, each once?"""
    numbers = [claim["number"] for claim in load_claims()["claims"]]
    assert numbers == list(range(1, CLAIM_ROWS + 1))


def test_claims_match_the_brief_when_it_is_present():
    """When the content brief sits beside the repository, are all its section 8 rows answered?"""
    brief = REPO_ROOT.parent / "shared" / "content-brief.md"
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
        cited = cite_keys(" ".join(claim["evidence"]))
        assert set(claim["references"]) <= known_keys(), claim["number"]
        assert cited == set(claim["references"]), claim["number"]


def test_every_claim_points_to_where_it_is_taught():
    """Does every claim name a place in the course, and do its lesson labels exist?"""
    labels = {label for module in LESSONS for label in LABEL.findall(lesson_markdown(module))}
    for claim in load_claims()["claims"]:
        assert claim["taught_in"], claim["number"]
        for place in claim["taught_in"]:
            if "ref" in place:
                assert place["ref"] in labels, (claim["number"], place["ref"])
            else:
                assert (REPO_ROOT / f"{place['doc']}.ipynb").exists(), place["doc"]


def test_claims_page_matches_the_data():
    """Is book/claims-and-evidence.md exactly what claims.yml generates (no drift)?"""
    assert claims_page_path().read_text(encoding="utf-8") == render_claims_page()


def test_every_cited_key_on_the_claims_page_resolves():
    """Does every {cite} key on the claims page exist in book/references.bib?"""
    keys = cite_keys(claims_page_path().read_text(encoding="utf-8"))
    assert keys and keys <= known_keys(), keys - known_keys()


def test_verdict_counts_add_up_to_every_claim():
    """Do the figure's verdict counts add up to the 27 claims?"""
    assert sum(count for *_rest, count in verdict_counts()) == CLAIM_ROWS


def test_assessment_settings_are_the_courses():
    """Does the course's assessment draw 20 questions, pass at 80% and leave module 0 out?"""
    settings = load_settings()
    assert (settings.size, settings.pass_mark) == (20, 0.8)
    assert settings.exclude_modules == AssessmentSettings().exclude_modules == ("how-to-use",)


FIGURES = [
    dermis_by_region_figure,
    epidermis_by_method_figure,
    healing_timeline_figure,
    depth_ranges_figure,
    aftercare_timeline_figure,
    decision_map_figure,
    regulation_timeline_figure,
]
TABLES = [
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
    avoid_table,
    warning_signs_table,
    regulation_timeline_table,
]


@pytest.mark.parametrize("draw", FIGURES, ids=lambda draw: draw.__name__)
def test_figures_are_scalable_svg(draw):
    """Does each lesson figure come out as an SVG with a viewBox (so it scales on phones)?"""
    svg = draw().data
    assert "<svg" in svg[:1000] and "viewBox" in svg


def overlapping_texts(figure) -> list[tuple[str, str]]:
    """Pairs of visible texts (headings, tick labels, notes) whose drawn boxes overlap."""
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    boxes = [
        (text.get_text(), text.get_window_extent(renderer))
        for text in figure.findobj(Text)
        if text.get_visible() and text.get_text().strip()
    ]
    return [
        (a, b) for (a, box), (b, other) in itertools.combinations(boxes, 2) if box.overlaps(other)
    ]


@pytest.mark.parametrize("draw", FIGURES, ids=lambda draw: draw.__name__)
def test_no_two_labels_of_a_figure_overlap(draw, monkeypatch):
    """Does every heading, tick label and note of each lesson figure stand clear of the others
    (lesson 5's decision headings once ran into each other)?"""
    drawn = []
    monkeypatch.setattr(sys.modules[draw.__module__], "figure_as_svg", drawn.append)
    draw()
    assert overlapping_texts(drawn[0]) == []


@pytest.mark.parametrize("table", TABLES, ids=lambda table: table.__name__)
def test_tables_scroll_sideways_and_name_their_sources(table):
    """Is each table in a keyboard-reachable sideways scroll box, and does it name sources?"""
    html = table().data
    assert 'class="mnc-table-scroll"' in html and "overflow-x:auto" in html
    assert 'tabindex="0"' in html and re.search(r'aria-label(ledby)?="', html)
    assert re.search(r"(et al\.|and [A-Z][a-z]+|[A-Z][a-z]+) (19|20)\d\d", html)


def test_the_ultrasound_table_states_units_and_method():
    """Does the ultrasound table give its units (mm) and method in columns?"""
    html = dermis_table().data
    assert "Men (mm)" in html and "Women (mm)" in html and "ultrasound" in html


def test_warning_signs_table_sends_every_sign_for_review():
    """Does the warning-signs table say 'Seek medical review.' for each sign, cold sores too?"""
    table = warning_signs_table().data
    assert table.count("Seek medical review") >= 8
    assert "herpes simplex" in table.lower()
