"""Tests for the treatment-plan checker: verdicts against published ranges, in Python and in JS."""

import json
from pathlib import Path

import pytest
import yaml

from microneedling_course.bank.references import bibliography_keys
from microneedling_course.core.paths import static_path
from microneedling_course.course_data.technique import TechniqueDataError, load_depth_ranges
from microneedling_course.labs.treatment_plan import (
    FALLBACK_EXAMPLES,
    TreatmentPlanChecker,
    check_plan,
    plan_fallback_html,
    plan_summary,
    planner_data,
    range_verdict,
    show_treatment_plan,
)

FIXTURE_COURSE = Path(__file__).parent / "fixtures" / "course"
# The lab runs on the fixture course's data (a snapshot of the course's tables); tests/content/
# checks the lab on the course's own data.
pytestmark = pytest.mark.usefixtures("fixture_course")
with pytest.MonkeyPatch.context() as patch:
    patch.setenv("MNC_COURSE_ROOT", str(FIXTURE_COURSE))
    DATA = planner_data()
RANGES_FILE = FIXTURE_COURSE / "data" / "technique" / "depth_ranges.yml"


@pytest.fixture
def ranges_with_inverted_range(tmp_path):
    data = yaml.safe_load(RANGES_FILE.read_text(encoding="utf-8"))
    data["indications"][0]["usual_mm"] = [2.0, 1.0]
    path = tmp_path / "depth_ranges.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.fixture
def ranges_without_sources(tmp_path):
    data = yaml.safe_load(RANGES_FILE.read_text(encoding="utf-8"))
    data["indications"][1]["sources"] = []
    path = tmp_path / "depth_ranges.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.fixture
def data_with_hostile_text():
    data = json.loads(json.dumps(DATA))
    data["indications"][0]["name"] = "<img src=x onerror=alert(1)>"
    data["always_note"] = "Not <b>advice</b> & not a setting"
    return data


def test_fine_lines_at_one_mm_on_the_eyelid_is_outside_periorbital_practice():
    """Does a fine-lines setting past the eyelid dermis read as outside periorbital practice?"""
    check = check_plan("eyelid", "women", "fine-lines", "pen", 1.0)
    assert check.range_verdict == "outside-site-practice" and check.layer.passes_dermis
    assert any("Periorbital" in note for note in check.notes)


def test_acne_scar_median_on_the_male_forehead_is_within_range():
    """Is 1.5 mm for acne scars within the published range (it is the median)?"""
    assert check_plan("forehead", "men", "acne-scars", "pen", 1.5).range_verdict == "within"


def test_two_and_a_half_mm_for_acne_scars_is_only_the_occasional_upper_end():
    """Is 2.5 mm above the usual 1.0-2.0 mm but within the occasional upper end for acne scars?"""
    assert check_plan("temple", "men", "acne-scars", "pen", 2.5).range_verdict == "above-usual"
    assert check_plan("temple", "men", "acne-scars", "pen", 2.6).range_verdict == "above"


def test_a_long_roller_setting_is_outside_published_roller_lengths():
    """Does a 2.5 mm roller plan say that rollers are published at about 0.5-1.5 mm?"""
    check = check_plan("zygoma", "women", "acne-scars", "roller", 2.5)
    assert check.device_length_verdict == "outside"
    assert any("0.5-1.5 mm" in note for note in check.notes)


def test_bony_sites_carry_the_tram_track_note():
    """Do the forehead and zygoma plans carry the tram-track and pressure note?"""
    for region in ("forehead", "zygoma"):
        notes = " ".join(check_plan(region, "men", "acne-scars", "pen", 1.5).notes)
        assert "tram-track" in notes


def test_epidermal_needling_at_one_mm_is_above_its_range():
    """Is 1.0 mm above the published 'about 0.25 mm or less' for epidermal-only needling?"""
    assert check_plan("neck", "men", "epidermal", "pen", 1.0).range_verdict == "above"


def test_fine_lines_at_a_quarter_mm_is_below_its_range():
    """Is 0.25 mm below the published 0.5-1.0 mm for fine lines?"""
    assert check_plan("temple", "women", "fine-lines", "pen", 0.25).range_verdict == "below"


def test_range_edges_count_as_within():
    """Are settings exactly at either end of a published range inside it (1.0 and 2.0 mm)?"""
    acne = next(item for item in DATA["indications"] if item["id"] == "acne-scars")
    assert range_verdict(1.0, acne) == range_verdict(2.0, acne) == "within"


@pytest.mark.parametrize(
    ("region", "setting", "verdict"),
    [
        ("forehead", 1.0, "below"),
        ("temple", 1.5, "meets-minimum"),
        ("zygoma", 1.0, "matches"),
        ("neck", 2.0, "above"),
        ("glabella", 1.0, "no-suggestion"),
    ],
)
def test_rf_plans_are_compared_with_the_review_suggestions(region, setting, verdict):
    """Is an RF plan compared with the expert-opinion site suggestion for its region?"""
    assert check_plan(region, "men", "acne-scars", "rf", setting).rf_verdict == verdict


def test_mechanical_plans_get_no_rf_comparison():
    """Is the RF table kept out of a mechanical pen's check?"""
    check = check_plan("forehead", "men", "acne-scars", "pen", 1.5)
    assert check.rf_verdict is None
    assert not any("evidence level 5" in note for note in check.notes)


def test_deep_rf_plans_mention_fat_loss():
    """Does an RF plan whose tip passes the dermis name fat loss as an FDA-reported harm?"""
    check = check_plan("eyelid", "women", "fine-lines", "rf", 1.5)
    assert any("fat loss" in note for note in check.notes)


def test_every_check_says_it_is_not_a_recommendation():
    """Does every result end with the 'published range, not a validated setting' note?"""
    for example in FALLBACK_EXAMPLES:
        notes = check_plan(*example).notes
        assert "not a validated setting" in notes[-1] and "not a recommendation" in notes[-1]


def test_every_source_named_is_in_the_bibliography():
    """Are all sources a check names keys of book/references.bib?"""
    keys = bibliography_keys()
    for example in FALLBACK_EXAMPLES:
        assert set(check_plan(*example).sources) <= keys


def test_summary_warns_and_reminds_that_penetration_is_shallower():
    """When the nominal tip passes the dermis, does the summary warn and recall nominal depth?"""
    lines = plan_summary(check_plan("eyelid", "women", "fine-lines", "pen", 1.0), DATA)
    assert "Warning:" in lines[1] and "usually shallower" in lines[1]


def test_unknown_indication_or_device_is_refused():
    """Do an unknown indication and an unknown device raise KeyError naming the known ones?"""
    with pytest.raises(KeyError, match="acne-scars"):
        check_plan("forehead", "men", "pores", "pen", 1.0)
    with pytest.raises(KeyError, match="roller"):
        check_plan("forehead", "men", "acne-scars", "laser", 1.0)


def test_inverted_range_is_rejected(ranges_with_inverted_range):
    """Does a range whose low end exceeds its high end fail to load, naming the indication?"""
    with pytest.raises(TechniqueDataError, match="acne-scars"):
        load_depth_ranges(ranges_with_inverted_range)


def test_range_without_sources_is_rejected(ranges_without_sources):
    """Does an indication without sources fail to load?"""
    with pytest.raises(TechniqueDataError, match="sources"):
        load_depth_ranges(ranges_without_sources)


def test_fallback_shows_ranges_and_worked_examples():
    """Does the no-JavaScript fallback list the ranges and the worked examples?"""
    html = plan_fallback_html(DATA)
    assert "Atrophic acne scars: 1.0-2.0 mm" in html
    assert html.count("<details>") == len(FALLBACK_EXAMPLES)
    assert "not a recommendation" in html


def test_fallback_escapes_data_text(data_with_hostile_text):
    """Is data text escaped in the fallback, never passed through as HTML?"""
    html = plan_fallback_html(data_with_hostile_text)
    assert "<img" not in html and "<b>advice" not in html
    assert "&lt;img" in html and "&amp; not a setting" in html


def test_widget_display_bundle_names_its_module():
    """Does the checker's text/html name its ES module and carry its state for the site?"""
    bundle, _ = show_treatment_plan()._repr_mimebundle_()
    assert 'data-mnc-widget="treatment-plan.js"' in bundle["text/html"]
    assert '"host":"static"' in bundle["text/html"]


def test_widget_check_follows_its_traits():
    """Does the widget's check follow the selection set from Python?"""
    widget = TreatmentPlanChecker(
        data=DATA, region="zygoma", sex="men", indication="acne-scars", device="rf", setting_mm=1.0
    )
    assert widget.check().rf_verdict == "matches"


def test_front_end_has_no_imports_and_no_inner_html():
    """Is the ES module self-contained and free of innerHTML?"""
    source = static_path("treatment-plan.js").read_text(encoding="utf-8")
    assert ".innerHTML" not in source and "insertAdjacentHTML" not in source
    assert not any(line.startswith("import ") for line in source.splitlines())


def test_front_end_gives_the_same_verdicts_and_words_as_python(run_es_module):
    """Across regions, indications, devices and settings, do JS and Python agree exactly?"""
    cases = [
        (region["id"], sex, indication["id"], device["id"], setting)
        for region in DATA["regions"]
        for sex in DATA["sexes"]
        for indication in DATA["indications"]
        for device in DATA["devices"]
        for setting in (0.25, 1.0, 1.5, 2.5)
    ]
    body = (
        f"const data = {json.dumps(DATA)};\n"
        f"const cases = {json.dumps(cases)};\n"
        "console.log(JSON.stringify(cases.map((c) => {\n"
        "  const check = lab.checkPlan(data, ...c);\n"
        "  return [check.range_verdict, check.layer.layer, check.device_length_verdict,\n"
        "          check.rf_verdict, check.notes, check.sources, lab.planSummary(check, data)];\n"
        "})));"
    )
    from_js = run_es_module("treatment-plan.js", body)
    for case, js in zip(cases, from_js, strict=True):
        check = check_plan(*case)
        python = [
            check.range_verdict,
            check.layer.layer,
            check.device_length_verdict,
            check.rf_verdict,
            list(check.notes),
            list(check.sources),
            plan_summary(check, DATA),
        ]
        assert js == python, case
