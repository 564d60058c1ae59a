"""The four labs on the course's own data: each builds what the site shows, cites only known
sources, and the practice clients get the decisions their case files promise."""

import pytest
from course_content import REPO_ROOT, known_keys

from microneedling_course.course_data.screening import STANDARD_PRACTICE, load_cases, load_rules
from microneedling_course.course_data.skin import load_dermis_ultrasound
from microneedling_course.labs.aftercare_day import aftercare_model
from microneedling_course.labs.client_screening import screen_client, screening_model
from microneedling_course.labs.depth_explorer import explorer_data
from microneedling_course.labs.treatment_plan import FALLBACK_EXAMPLES, check_plan, planner_data

SCREENING = REPO_ROOT / "data" / "screening"
CASES = load_cases(SCREENING / "cases")

pytestmark = pytest.mark.usefixtures("course_content_root")


@pytest.fixture
def course_content_root(monkeypatch):
    """The labs read this clone's data/ and bibliography, whatever the environment says."""
    monkeypatch.setenv("MNC_COURSE_ROOT", str(REPO_ROOT))


@pytest.fixture(scope="module")
def rules():
    return load_rules(SCREENING / "rules.yml")


@pytest.mark.parametrize(
    "build",
    [aftercare_model, screening_model, explorer_data, planner_data],
    ids=lambda f: f.__name__,
)
def test_lab_builds_its_site_model_from_the_course_data(build):
    """Does each lab build the model its site version shows, naming only bibliography keys?

    The one non-key a lab may name is the screening lab's label for standard-practice rules."""
    model = build()
    sources = model.get("sources") or model.get("source_labels") or {}
    assert set(sources) - {STANDARD_PRACTICE} <= known_keys()


def test_treatment_plan_examples_cite_known_sources():
    """Are all sources the worked treatment-plan examples name keys of book/references.bib?"""
    for example in FALLBACK_EXAMPLES:
        assert set(check_plan(*example).sources) <= known_keys()


def test_explorer_has_every_region_of_the_ultrasound_table():
    """Does the depth explorer offer every region of the course's ultrasound table?"""
    regions = {region["id"] for region in explorer_data()["regions"]}
    assert regions == {measurement.region_id for measurement in load_dermis_ultrasound()}


def test_a_dozen_practice_clients_reach_every_decision(rules):
    """Does the screening lab offer a dozen or more clients, with unique ids, reaching every
    decision?"""
    assert len(CASES) >= 12
    assert len({case["id"] for case in CASES}) == len(CASES)
    decisions = {screen_client(case, rules).decision for case in CASES}
    assert decisions == {decision["id"] for decision in rules["decisions"]}


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_each_client_gets_the_decision_and_reasons_its_file_promises(case, rules):
    """Do the rules give each case file's client its expected decision, for the expected reasons,
    with every recorded finding known to the rules?"""
    assert set(case["findings"]) <= {finding["id"] for finding in rules["findings"]}
    result = screen_client(case, rules)
    assert result.decision == case["expected"]["decision"]
    assert sorted(result.decisive_findings) == sorted(case["expected"]["reasons"])


def test_every_screening_rule_cites_known_sources(rules):
    """Does every screening rule (and the no-findings reason) cite bibliography keys only?"""
    keys = set(rules["no_findings"]["references"])
    for finding in rules["findings"]:
        keys.update(finding["references"])
    assert keys <= known_keys()
