"""Clinical rules of the screening lab (lesson 5): no 'proceed today' without a needed decision."""

import re

import pytest
from clinical_texts import keys_taught_up_to

from microneedling_course.labs.client_screening import (
    load_cases,
    load_rules,
    screen_client,
    screening_model,
)

RULES = load_rules()
FINDINGS = {finding["id"]: finding for finding in RULES["findings"]}
ORDER = [decision["id"] for decision in RULES["decisions"]]
CASES = load_cases()
PROCEED_TODAY = ("proceed", "proceed-with-precautions")
# Words that send the client to someone else for a decision before treatment.
NEEDS_SOMEONE_ELSE = re.compile(
    r"prescriber|doctor|specialist|dermatologist|oncology|medical (input|decision|provider)", re.I
)


@pytest.mark.parametrize("finding", RULES["findings"], ids=lambda finding: finding["id"])
def test_every_rule_says_whether_it_needs_a_medical_decision(finding):
    """Does every finding state, as true or false, whether a medical decision must come first?"""
    assert isinstance(finding.get("needs_medical_decision"), bool)


@pytest.mark.parametrize("finding", RULES["findings"], ids=lambda finding: finding["id"])
def test_no_finding_that_needs_a_medical_decision_leads_to_proceed_today(finding):
    """Is every finding that needs a prescriber's or doctor's decision 'refer', never 'proceed'?"""
    if finding["needs_medical_decision"]:
        assert finding["decision"] == "refer"


@pytest.mark.parametrize(
    "finding",
    [finding for finding in RULES["findings"] if finding["decision"] in PROCEED_TODAY],
    ids=lambda finding: finding["id"],
)
def test_a_proceed_rule_never_waits_on_someone_elses_decision(finding):
    """Does a 'proceed' rule that mentions a prescriber or doctor have that decision on file?"""
    if NEEDS_SOMEONE_ELSE.search(finding["reason"]):
        assert finding.get("decision_on_file") is True, finding["reason"]


def test_recurrent_cold_sores_without_prevention_are_referred():
    """Are recurrent cold sores with no prescriber decision on prevention a referral (C1)?"""
    assert FINDINGS["hsv-history"]["decision"] == "refer"
    assert FINDINGS["hsv-history"]["needs_medical_decision"] is True
    assert FINDINGS["hsv-history-prevention-decided"]["decision_on_file"] is True


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["id"])
def test_no_case_with_untreated_cold_sore_history_proceeds_today(case):
    """Does every client with recurrent cold sores and no prevention decided get 'refer'?"""
    if "hsv-history" in case["findings"]:
        assert screen_client(case, RULES).decision == "refer"
        assert case["expected"]["decision"] == "refer"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["id"])
def test_every_case_expected_decision_follows_from_the_rules(case):
    """Recomputed here from the rules alone: is each case's expected decision the strictest one?"""
    decisions = [FINDINGS[finding]["decision"] for finding in case["findings"]]
    strictest = max(decisions, key=ORDER.index) if decisions else RULES["no_findings"]["decision"]
    deciding = [
        finding for finding in case["findings"] if FINDINGS[finding]["decision"] == strictest
    ]
    assert case["expected"]["decision"] == strictest
    assert sorted(case["expected"]["reasons"]) == sorted(deciding)


@pytest.mark.parametrize(
    "finding_id",
    [
        "koebnerising-condition",
        "anaesthetic-allergy",
        "radiotherapy-area",
        "recent-filler-or-threads",
        "photosensitising-medicine",
    ],
)
def test_common_screening_items_are_covered_and_used_by_a_case(finding_id):
    """Are the screening items the review found missing in the rules, each met in a case?"""
    assert finding_id in FINDINGS
    assert any(finding_id in case["findings"] for case in CASES)


def test_untreated_widespread_acne_is_a_referral_for_medical_care():
    """Is the never-treated pustular acne case a referral for medical acne care (m30)?"""
    case = next(case for case in CASES if case["id"] == "case-inflamed-acne")
    assert screen_client(case, RULES).decision == "refer"
    assert "acne-needs-medical-care" in case["expected"]["reasons"]


@pytest.mark.parametrize(
    "finding",
    [finding for finding in RULES["findings"] if finding.get("basis") == "standard-practice"],
    ids=lambda finding: finding["id"],
)
def test_standard_practice_rules_cite_nothing_and_the_lab_says_so(finding):
    """Does a rule with no source cite none, and does the lab call it standard practice?"""
    assert finding["references"] == []
    case = {"id": "probe", "title": "probe", "intake": [], "findings": [finding["id"]]}
    model = screening_model(cases=[case], rules=RULES)
    (reason,) = model["cases"][0]["reasons"]
    assert [model["sources"][key] for key in reason["references"]] == [
        "Standard practice; no published source in this course"
    ]


def test_lesson_5_lab_cites_only_what_lessons_1_to_5_teach():
    """Does every source the screening rules cite appear in lesson 5 or an earlier lesson (M6)?"""
    keys = set(RULES["no_findings"]["references"])
    for finding in RULES["findings"]:
        keys |= set(finding["references"])
    assert keys - keys_taught_up_to(5) == set()
