"""Tests for the depth-explorer lab: which layer a nominal tip reaches, in Python and in JS."""

import json
from pathlib import Path

import pytest

from microneedling_course.core.paths import static_path
from microneedling_course.course_data.skin import load_dermis_ultrasound
from microneedling_course.labs.depth_explorer import (
    DepthExplorer,
    describe_reading,
    explorer_data,
    explorer_fallback_html,
    layer_reached,
    show_depth_explorer,
)

FIXTURE_COURSE = Path(__file__).parent / "fixtures" / "course"
# The lab runs on the fixture course's data (a snapshot of the course's tables); tests/content/
# checks the lab on the course's own data.
pytestmark = pytest.mark.usefixtures("fixture_course")
with pytest.MonkeyPatch.context() as patch:
    patch.setenv("MNC_COURSE_ROOT", str(FIXTURE_COURSE))
    DATA = explorer_data()
REGIONS = [region["id"] for region in DATA["regions"]]
SETTINGS = [0.25, 0.5, 0.6, 0.75, 0.9, 1.0, 1.2, 1.5, 2.0, 2.5, 3.0]


@pytest.fixture
def data_with_hostile_label():
    data = json.loads(json.dumps(DATA))
    data["regions"][0]["label"] = "<script>alert(1)</script> & co"
    data["caveats"][0] = "Averages <b>only</b>"
    return data


def test_eyelid_at_one_and_a_half_mm_passes_the_dermis():
    """Would a 1.5 mm nominal tip pass through the eyelid dermis in both women and men?"""
    assert layer_reached("eyelid", "women", 1.5).layer == "below-dermis"
    assert layer_reached("eyelid", "men", 1.5).layer == "below-dermis"


def test_forehead_at_half_a_mm_stays_in_the_dermis():
    """Does a 0.5 mm nominal tip stay within the forehead dermis in both groups?"""
    assert layer_reached("forehead", "women", 0.5).layer == "dermis"
    assert layer_reached("forehead", "men", 0.5).layer == "dermis"


def test_eyelid_margin_matches_the_worked_example():
    """Is a 1.5 mm tip about 0.89 mm past women's eyelid dermis (1.5 - 0.58 - 0.03)?"""
    assert layer_reached("eyelid", "women", 1.5).margin_mm == pytest.approx(-0.89, abs=0.01)


def test_a_tip_shallower_than_the_drawn_epidermis_stays_in_the_epidermis():
    """Is a depth under the drawn epidermis (about 0.03 mm) reported as epidermis?"""
    assert layer_reached("neck", "men", 0.02).layer == "epidermis"


def test_a_tip_exactly_at_the_lower_edge_is_still_in_the_dermis():
    """Is the lower edge of the dermis itself counted as dermis, not below it?"""
    reading = layer_reached("temple", "women", 0.5)
    edge = layer_reached("temple", "women", reading.skin_mm)
    assert edge.layer == "dermis" and edge.margin_mm == 0


def test_women_reach_below_the_dermis_sooner_than_men_on_the_forehead():
    """At 1.0 mm, is the forehead dermis passed in women (0.86 mm) but not in men (1.17 mm)?"""
    assert layer_reached("forehead", "women", 1.0).passes_dermis
    assert not layer_reached("forehead", "men", 1.0).passes_dermis


def test_region_can_be_named_by_its_label():
    """Does the region's label ('Nasal dorsum') work as well as its id?"""
    assert layer_reached("Nasal dorsum", "men", 1.0).region_id == "nasal-dorsum"


@pytest.mark.parametrize("depth", [0, -1, float("nan"), "deep", None])
def test_an_impossible_setting_is_refused(depth):
    """Is a setting that is not a positive number rejected with ValueError?"""
    with pytest.raises(ValueError):
        layer_reached("forehead", "women", depth)


def test_an_unknown_region_is_refused_with_the_known_regions_named():
    """Does an unknown region raise KeyError that lists the regions the data holds?"""
    with pytest.raises(KeyError, match="forehead"):
        layer_reached("earlobe", "women", 1.0)


def test_the_warning_sentence_names_what_lies_below_the_eyelid_dermis():
    """Does the sentence for a tip past the eyelid dermis say 'Warning' and name the muscle?"""
    text = describe_reading(layer_reached("eyelid", "women", 1.5))
    assert text.startswith("Warning:") and "orbicularis oculi" in text and "0.89 mm" in text


def test_explorer_data_has_every_region_of_the_ultrasound_table():
    """Does the front-end data hold every region and both groups of the ultrasound CSV?"""
    csv_regions = {measurement.region_id for measurement in load_dermis_ultrasound()}
    assert set(REGIONS) == csv_regions
    assert all("women" in region and "men" in region for region in DATA["regions"])


def test_explorer_data_keeps_the_method_and_penetration_caveats():
    """Do the caveats say that the method matters and that real penetration is shallower?"""
    caveats = " ".join(DATA["caveats"])
    assert "0.17-0.22 mm" in caveats and "several times" in caveats
    assert "shallower" in caveats and "animal" in caveats


def test_explorer_data_is_json_safe():
    """Can the front-end data be serialised to JSON without loss?"""
    assert json.loads(json.dumps(DATA)) == DATA


def test_fallback_lists_every_region_and_the_warning():
    """Does the no-JavaScript fallback show every region, its dermis and the warning?"""
    html = explorer_fallback_html(DATA)
    for region in DATA["regions"]:
        assert region["label"] in html
    assert "0.58" in html and "⚠ passes the dermis" in html and "Kalluri" in html


def test_fallback_escapes_data_text(data_with_hostile_label):
    """Is text from the data escaped in the fallback, never passed through as HTML?"""
    html = explorer_fallback_html(data_with_hostile_label)
    assert "<script>" not in html and "<b>only" not in html
    assert "&lt;script&gt;" in html and "&amp; co" in html


def test_widget_display_bundle_carries_the_fallback_and_state():
    """Does the widget's text/html name its ES module and carry the fallback and JSON state?"""
    widget = show_depth_explorer()
    bundle, _ = widget._repr_mimebundle_()
    html = bundle["text/html"]
    assert 'data-mnc-widget="depth-explorer.js"' in html
    assert 'data-mnc-css="depth-explorer.css"' in html
    assert "Eyelid" in html and '"host":"static"' in html


def test_widget_reading_follows_its_traits():
    """Does the widget's reading follow region, sex and depth set from Python?"""
    widget = DepthExplorer(data=DATA, region="eyelid", sex="men", depth_mm=1.5)
    assert widget.reading().layer == "below-dermis"


def test_front_end_has_no_imports_and_no_inner_html():
    """Is the ES module self-contained and free of innerHTML?"""
    source = static_path("depth-explorer.js").read_text(encoding="utf-8")
    assert ".innerHTML" not in source and "insertAdjacentHTML" not in source
    assert not any(line.startswith("import ") for line in source.splitlines())


def test_front_end_reaches_the_same_layer_and_words_as_python(run_es_module):
    """For every region, group and many settings, do JS and Python agree word for word?"""
    cases = [
        (region, sex, depth) for region in REGIONS for sex in DATA["sexes"] for depth in SETTINGS
    ]
    body = (
        f"const data = {json.dumps(DATA)};\n"
        f"const cases = {json.dumps(cases)};\n"
        "console.log(JSON.stringify(cases.map(([r, s, d]) => {\n"
        "  const reading = lab.layerReached(data, r, s, d);\n"
        "  return [reading.layer, reading.margin_mm, lab.describeReading(reading)];\n"
        "})));"
    )
    from_js = run_es_module("depth-explorer.js", body)
    for (region, sex, depth), (layer, margin, words) in zip(cases, from_js, strict=True):
        reading = layer_reached(region, sex, depth)
        assert (layer, words) == (reading.layer, describe_reading(reading)), (region, sex, depth)
        assert margin == pytest.approx(reading.margin_mm, abs=1e-9)
