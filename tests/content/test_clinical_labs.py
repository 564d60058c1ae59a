"""Clinical wording of the labs: the eyelid verdict, what lies below the dermis, warning signs."""

import json
from pathlib import Path

import pytest
from clinical_texts import keys_taught_up_to, read_yaml

from microneedling_course.course_data.below_dermis import below_dermis_for, load_below_dermis
from microneedling_course.labs.aftercare_day import (
    aftercare_fallback_html,
    aftercare_for_day,
    aftercare_model,
    load_aftercare_data,
)
from microneedling_course.labs.depth_explorer import describe_reading, explorer_data, layer_reached
from microneedling_course.labs.treatment_plan import check_plan, plan_summary, planner_data
from microneedling_course.lessons.aftercare import warning_signs_table

PLANNER = planner_data()
EXPLORER = explorer_data()
REGIONS = [region["id"] for region in PLANNER["regions"]]
SETTINGS = [round(0.25 + 0.05 * step, 2) for step in range(56)]  # 0.25 to 3.0 mm
SIGNS = load_aftercare_data()["signs"]
PACKAGE = Path(__file__).resolve().parents[2] / "microneedling_course"


def _site_overrides():
    return [
        (region, note)
        for note in PLANNER["site_notes"]
        if note.get("range_verdict_if_tip_passes_dermis")
        for region in note["regions"]
    ]


@pytest.mark.parametrize("sex", ["women", "men"])
@pytest.mark.parametrize("indication", [item["id"] for item in PLANNER["indications"]])
def test_checker_never_calls_an_eyelid_setting_within_the_published_range(sex, indication):
    """At any setting, does the checker avoid 'within the published range' on the eyelid (M1)?"""
    for setting in SETTINGS:
        check = check_plan("eyelid", sex, indication, "pen", setting)
        assert "within the published range" not in " ".join(plan_summary(check, PLANNER))
        if check.layer.passes_dermis:
            assert check.range_verdict == "outside-site-practice"


def test_checker_lets_the_site_note_decide_when_the_tip_passes_the_dermis():
    """Wherever a site note overrides the range, is a tip past the dermis never 'within' (M1)?"""
    overrides = _site_overrides()
    assert ("eyelid", overrides[0][1]) in overrides
    for region, note in overrides:
        for indication in PLANNER["indications"]:
            for setting in SETTINGS:
                check = check_plan(region, "women", indication["id"], "pen", setting)
                if check.layer.passes_dermis:
                    assert check.range_verdict == note["range_verdict_if_tip_passes_dermis"]


def test_front_end_checker_also_spares_the_eyelid_the_within_verdict(run_es_module):
    """Does the JavaScript checker give the same eyelid words as Python, across all settings?"""
    cases = [
        ("eyelid", sex, "fine-lines", "pen", setting)
        for sex in ("women", "men")
        for setting in SETTINGS
    ]
    body = (
        f"const data = {json.dumps(PLANNER)};\nconst cases = {json.dumps(cases)};\n"
        "const summary = (c) => lab.planSummary(lab.checkPlan(data, ...c), data);\n"
        "console.log(JSON.stringify(cases.map(summary)));"
    )
    from_js = run_es_module("treatment-plan.js", body)
    for case, js in zip(cases, from_js, strict=True):
        assert "within the published range" not in " ".join(js)
        assert js == plan_summary(check_plan(*case), PLANNER)


def test_eyelid_warning_names_muscle_not_fat():
    """Past the eyelid dermis, do both labs name the muscle and say there is no fat layer (M3)?"""
    text = describe_reading(layer_reached("eyelid", "women", 1.0))
    assert "orbicularis oculi" in text and "no fat layer" in text
    assert "subcutis" not in text and "into the fat" not in text


@pytest.mark.parametrize("region", REGIONS)
def test_every_region_names_what_lies_below_its_dermis_from_data(region):
    """Does each region's warning use that region's words from data/skin/below_dermis.yml?"""
    words = below_dermis_for(region)["into"]
    assert words.strip()
    assert words in describe_reading(layer_reached(region, "women", 3.0))
    assert {entry["id"]: entry["below_dermis"] for entry in EXPLORER["regions"]}[region][
        "into"
    ] == words


def test_front_end_depth_explorer_reads_the_region_words_from_the_data(run_es_module):
    """For every region, is the JavaScript warning Python's, words from the data included?"""
    cases = [(region, sex, 3.0) for region in REGIONS for sex in ("women", "men")]
    body = (
        f"const data = {json.dumps(EXPLORER)};\nconst cases = {json.dumps(cases)};\n"
        "const words = (c) => lab.describeReading(lab.layerReached(data, ...c));\n"
        "console.log(JSON.stringify(cases.map(words)));"
    )
    from_js = run_es_module("depth-explorer.js", body)
    for case, js in zip(cases, from_js, strict=True):
        assert js == describe_reading(layer_reached(*case))


def test_below_dermis_wording_lives_in_data_not_in_code():
    """Is no region's anatomy written into the labs' Python or JavaScript (one source: the data)?"""
    phrases = ["orbicularis", "into the fat below it", "superficial temporal"]
    for path in [*PACKAGE.glob("labs/*.py"), *PACKAGE.glob("static/*.js")]:
        source = path.read_text(encoding="utf-8")
        assert not any(phrase in source for phrase in phrases), path.name


def test_eyelid_below_dermis_words_cite_a_checked_source():
    """Is the eyelid's missing fat layer backed by a source, not left as an assumption?"""
    assert load_below_dermis()["regions"]["eyelid"]["sources"] == ["aao_eyelid"]


def test_explorer_states_it_compares_a_nominal_tip_with_a_group_average():
    """Do the explorer's caveats say: no pass/fail test, and the gap is no safety margin (M2)?"""
    caveats = " ".join(EXPLORER["caveats"])
    assert "group average" in caveats and "not a pass or fail test" in caveats
    assert "not a safety margin" in caveats


def _sign(sign_id):
    return next(sign for sign in SIGNS["signs"] if sign["id"] == sign_id)


def test_every_warning_sign_carries_a_known_urgency():
    """Does every sign say how soon to act: urgent, same day or routine review (M8)?"""
    levels = [level["id"] for level in SIGNS["urgency"]]
    assert levels == ["urgent", "same-day", "routine"]
    assert all(sign["urgency"] in levels for sign in SIGNS["signs"])


def test_urgent_signs_include_fever_with_spreading_redness_the_eye_and_rf_burns():
    """Are fever with spreading redness, eye involvement and burns after RF all urgent (M8)?"""
    urgent = [sign for sign in SIGNS["signs"] if sign["urgency"] == "urgent"]
    assert any("fever" in s["sign"] and "spreading redness" in s["sign"].lower() for s in urgent)
    assert any("eye" in s["sign"] for s in urgent)
    assert any(s.get("after_rf") and "burn" in s["sign"] for s in urgent)
    assert _sign("systemic")["urgency"] == "urgent"


def test_signs_of_infection_and_cold_sores_are_same_day_at_least():
    """Are local infection and grouped cold-sore blisters at least a same-day review?"""
    assert _sign("infection")["urgency"] in ("urgent", "same-day")
    assert _sign("hsv")["urgency"] in ("urgent", "same-day")


def test_lesson_4_table_and_lab_show_the_urgency():
    """Does the lesson-4 table have a 'How soon' column and the lab an urgent heading (M8)?"""
    table = warning_signs_table().data
    assert "How soon" in table and "⚠ Urgent" in table and "Same day" in table
    day_zero = {sign["id"]: sign for sign in aftercare_for_day(0)["review_signs"]}
    assert day_zero["eye"]["heading"].startswith("⚠ Urgent:")
    assert day_zero["hsv"]["heading"].startswith("Same day:")


def test_no_javascript_aftercare_lists_each_warning_sign_once():
    """Does the no-JS aftercare lab show the full warning-sign list once, not once per day (R7)?"""
    html = aftercare_fallback_html(aftercare_model())
    for sign in SIGNS["signs"]:
        assert html.count(f"{sign['sign']}</strong>") == 1, sign["id"]


def test_prescribed_medicines_advice_holds_on_every_day():
    """Is 'keep taking prescribed medicines' shown on every lab day, not only days 0-3 (m28)?"""
    for day in read_yaml("data/aftercare/expected_course.yml")["lab_days"]:
        assert any("blood thinners" in entry["text"] for entry in aftercare_for_day(day)["do"]), day


def test_mineral_sunscreen_is_credited_only_to_the_expert_protocol():
    """Does every aftercare line that names a mineral sunscreen cite the expert protocol (m28)?"""
    for item in read_yaml("data/aftercare/care.yml")["items"]:
        if "mineral" in item["do"]:
            assert "psk_microneedling" in item["sources"] and "one expert protocol" in item["do"]


def test_sunscreen_on_the_treatment_day_is_left_to_the_clinic_protocol():
    """On day 0, is the advice to stay out of the sun, with sunscreen left to the protocol (M7)?"""
    day_zero = " ".join(entry["text"] for entry in aftercare_for_day(0)["do"])
    assert "Stay out of the sun" in day_zero and "clinic's protocol" in day_zero


@pytest.mark.parametrize(
    ("lesson", "keys"),
    [
        (1, lambda: EXPLORER["sources"]),
        (3, lambda: PLANNER["source_labels"]),
        (4, lambda: aftercare_model()["sources"]),
    ],
    ids=["depth explorer", "treatment plan", "aftercare day"],
)
def test_each_lab_cites_only_what_its_lesson_or_an_earlier_one_teaches(lesson, keys):
    """Are the sources a lab shows all cited in its own lesson or an earlier one?"""
    assert set(keys()) - keys_taught_up_to(lesson) == set()
