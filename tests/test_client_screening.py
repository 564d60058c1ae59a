"""Tests for the client-screening rules, case files and lab (lesson 5)."""

import copy
from pathlib import Path

import pytest
import yaml

from microneedling_course.bank.references import bibliography_keys
from microneedling_course.course_data.screening import ScreeningDataError, load_cases, load_rules
from microneedling_course.labs.client_screening import (
    screen_client,
    screening_fallback_html,
    screening_model,
)

FIXTURE_COURSE = Path(__file__).parent / "fixtures" / "course"
# The lab runs on the fixture course's data (a snapshot of the course's tables); tests/content/
# checks the lab on the course's own data.
pytestmark = pytest.mark.usefixtures("fixture_course")
SCREENING = FIXTURE_COURSE / "data" / "screening"
CASES = load_cases(SCREENING / "cases")


@pytest.fixture(scope="module")
def rules():
    return load_rules(SCREENING / "rules.yml")


@pytest.fixture
def rules_with_unknown_decision(tmp_path, rules):
    broken = copy.deepcopy(rules)
    broken["findings"][0]["decision"] = "maybe-later"
    path = tmp_path / "rules.yml"
    path.write_text(yaml.safe_dump(broken), encoding="utf-8")
    return path


@pytest.fixture
def case_with_unknown_finding():
    return {"id": "case-typo", "findings": ["sunburnn"]}


@pytest.fixture
def case_with_hostile_text(rules):
    return {
        "id": "case-hostile",
        "title": "<script>alert('x')</script> & friends",
        "intake": [{"question": "Notes <b>", "answer": "<img src=x onerror=alert(1)>"}],
        "findings": ["sunburn"],
        "expected": {"decision": "defer", "reasons": ["sunburn"]},
    }


def test_there_are_at_least_a_dozen_varied_cases():
    """Does the lab offer a dozen or more clients, reaching every decision?"""
    rules = load_rules(SCREENING / "rules.yml")
    decisions = {screen_client(case, rules).decision for case in CASES}
    assert len(CASES) >= 12
    assert decisions == {d["id"] for d in rules["decisions"]}


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_rules_give_each_case_its_expected_decision(case, rules):
    """Do the rules reach the decision the case file expects?"""
    assert screen_client(case, rules).decision == case["expected"]["decision"]


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_rules_give_each_case_its_expected_reasons(case, rules):
    """Are the decisive reasons exactly those the case file expects, and every finding listed?"""
    result = screen_client(case, rules)
    assert sorted(result.decisive_findings) == sorted(case["expected"]["reasons"])
    listed = {reason.finding for reason in result.reasons if reason.finding}
    assert listed == set(case["findings"])


def test_most_restrictive_decision_wins(rules):
    """With a 'proceed with precautions' and a 'refer' finding, is the result 'refer'?"""
    case = {"id": "case-mixed", "findings": ["darker-phototype", "anticoagulant", "sunburn"]}
    result = screen_client(case, rules)
    assert result.decision == "refer"
    assert [r.decision for r in result.reasons] == ["refer", "defer", "proceed-with-precautions"]


def test_no_findings_means_proceed_with_a_stated_reason(rules):
    """Does a client with no findings get 'proceed' and the standard-care reason?"""
    result = screen_client({"id": "case-clear", "findings": []}, rules)
    assert result.decision == "proceed"
    assert result.reasons[0].finding is None
    assert "single-use" in result.reasons[0].reason


def test_unknown_finding_is_reported_by_name(case_with_unknown_finding, rules):
    """Does a misspelt finding in a case file raise an error naming the case and the finding?"""
    with pytest.raises(ScreeningDataError, match="case-typo.*sunburnn"):
        screen_client(case_with_unknown_finding, rules)


def test_rule_with_unknown_decision_is_rejected(rules_with_unknown_decision):
    """Does a rules file with a decision outside the four levels fail to load, naming it?"""
    with pytest.raises(ScreeningDataError, match="maybe-later"):
        load_rules(rules_with_unknown_decision)


def test_every_case_finding_has_a_rule(rules):
    """Does every finding named in a case file exist in rules.yml?"""
    known = {finding["id"] for finding in rules["findings"]}
    for case in CASES:
        assert set(case["findings"]) <= known, case["_file"]


def test_every_rule_reference_resolves(rules):
    """Does every reference key in the rules exist in book/references.bib?"""
    keys = set(rules["no_findings"]["references"])
    for finding in rules["findings"]:
        keys.update(finding["references"])
    assert keys <= bibliography_keys()


def test_case_ids_are_unique():
    """Are the case ids unique, so the lab can tell the clients apart?"""
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids))


def test_model_holds_precomputed_answers_for_the_static_site():
    """Does the lab's model carry each case's decision and reasons, so no kernel is needed?"""
    model = screening_model()
    by_id = {case["id"]: case for case in model["cases"]}
    anticoagulant = by_id["case-anticoagulant"]
    assert anticoagulant["decision"] == "refer"
    assert anticoagulant["reasons"][0]["references"]
    assert set(model["sources"]) >= set(anticoagulant["reasons"][0]["references"])
    assert [d["id"] for d in model["decisions"]] == [
        "proceed",
        "proceed-with-precautions",
        "defer",
        "refer",
    ]


def test_fallback_html_escapes_case_text(case_with_hostile_text, rules):
    """Is case text escaped in the no-JavaScript HTML, never injected as markup?"""
    html = screening_fallback_html(screening_model([case_with_hostile_text], rules))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x" in html


def test_fallback_html_holds_the_key_information():
    """Does the fallback HTML show every client, the rules' decision and its sources?"""
    model = screening_model()
    html = screening_fallback_html(model)
    for case in model["cases"]:
        assert case["title"].split(",")[0] in html
    assert "Refer" in html and "Defer" in html and "Vaghela et al. 2021" in html


def test_case_files_live_in_the_data_folder():
    """Are the case files data (YAML under data/screening/cases), one file per client?"""
    files = sorted((SCREENING / "cases").glob("*.yml"))
    assert [path.name for path in files] == [case["_file"] for case in CASES]
