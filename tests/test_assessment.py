"""The final assessment: balanced, reproducible draws; scoring and pass mark; completion record."""

from collections import Counter
from pathlib import Path

import pytest

from microneedling_course.bank import load_bank
from microneedling_course.progress.assessment import (
    AssessmentSettings,
    draw_assessment,
    load_settings,
    module_quotas,
    score_attempt,
    trainee_seed,
)
from microneedling_course.progress.completion_record import (
    NOT_A_CERTIFICATE,
    completion_record_html,
)
from microneedling_course.progress.my_progress import course_index, lesson_href, progress_summary
from microneedling_course.progress.store import ProgressStore

SETTINGS = AssessmentSettings(size=20, pass_mark=0.8, exclude_modules=("intro",))
# Modules and their questions per objective for the draw tests: big enough for a 20-question draw
# that has to balance modules and objectives, unlike the fixture course's small bank.
DRAW_MODULES = {"intro": (2,), "alpha": (2, 2, 2), "beta": (3, 3, 3), "gamma": (4, 4, 4, 3)}

pytestmark = pytest.mark.usefixtures("fixture_course")


def write_draw_bank(folder: Path) -> None:
    """One bank file per DRAW_MODULES entry, each question a true/false on its objective."""
    folder.mkdir(parents=True, exist_ok=True)
    for number, (module, per_objective) in enumerate(DRAW_MODULES.items()):
        lines = ["schema_version: 1", f"module: {module}", f"title: Module {module}"]
        lines += [f"lesson: notebooks/{module}", "objectives:"]
        lines += [
            f"  - {{id: {module}-o{o}, text: Objective {o}.}}" for o in range(len(per_objective))
        ]
        lines.append("questions:")
        for objective, count in enumerate(per_objective):
            for index in range(count):
                lines += [
                    f"  - {{id: {module}-o{objective}-q{index}, type: truefalse, "
                    f"objective: {module}-o{objective}, difficulty: easy, prompt: P., "
                    "answer: true, explanation: E., references: [harris2015]}",
                ]
        (folder / f"{number:02d}-{module}.yml").write_text("\n".join(lines) + "\n")


@pytest.fixture(scope="module")
def bank(tmp_path_factory, fixture_course_root):
    folder = tmp_path_factory.mktemp("draw-bank")
    write_draw_bank(folder)
    return load_bank(folder, bibliography=fixture_course_root / "book" / "references.bib")


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("MNC_PROGRESS_PATH", str(tmp_path / "progress.json"))
    return ProgressStore(tmp_path / "progress.json")


def test_quotas_proportional_with_one_each():
    """Are module quotas proportional (largest remainder), at least one each, summing to size?"""
    assert module_quotas({"a": 10, "b": 10, "c": 20}, 8) == {"a": 2, "b": 2, "c": 4}
    assert module_quotas({"a": 1, "b": 30}, 5) == {"a": 1, "b": 4}
    assert sum(module_quotas({"a": 3, "b": 7, "c": 11}, 20).values()) == 20


def test_quotas_never_exceed_pool():
    """With a small pool, does a module give no more questions than it has?"""
    quotas = module_quotas({"a": 2, "b": 40}, 30)
    assert quotas["a"] <= 2 and sum(quotas.values()) == 30


def test_draw_is_balanced_across_modules(bank):
    """Does each assessed module get its proportional share, and the demo module none?"""
    ids = draw_assessment(bank, trainee_seed("Ana", 1), SETTINGS)
    assert len(ids) == len(set(ids)) == 20
    per_module = Counter(bank.questions[q].module for q in ids)
    sizes = {m.id: len(m.questions) for m in bank.modules.values() if m.id != "intro"}
    assert per_module == Counter(module_quotas(sizes, 20))
    assert "intro" not in per_module


def test_draw_takes_objectives_in_turn(bank):
    """Within a module, is every objective that still has questions at most one behind the rest?"""
    for seed in range(30):
        ids = draw_assessment(bank, seed, SETTINGS)
        for module in {bank.questions[q].module for q in ids}:
            available = Counter(q.objective for q in bank.modules[module].questions)
            drawn = Counter(
                bank.questions[q].objective for q in ids if bank.questions[q].module == module
            )
            most = max(drawn.values())
            for objective, count in available.items():
                if drawn[objective] < count:
                    assert drawn[objective] >= most - 1, (seed, module, objective)


def test_draw_reproducible_for_a_seed(bank):
    """Does the same trainee and attempt always get the same questions?"""
    first = draw_assessment(bank, trainee_seed("Ana García", 1), SETTINGS)
    again = draw_assessment(bank, trainee_seed("  ana   garcía ", 1), SETTINGS)
    assert first == again


def test_retake_gets_a_different_set(bank):
    """Does attempt 2 draw a different set than attempt 1?"""
    first = set(draw_assessment(bank, trainee_seed("Ana", 1), SETTINGS))
    second = set(draw_assessment(bank, trainee_seed("Ana", 2), SETTINGS))
    assert first != second


def test_different_trainees_differ(bank):
    """Do two trainees get different sets for the same attempt?"""
    assert draw_assessment(bank, trainee_seed("Ana", 1), SETTINGS) != draw_assessment(
        bank, trainee_seed("Ben", 1), SETTINGS
    )


def test_seed_needs_a_name():
    """Is a blank name refused (the seed would be shared by everyone)?"""
    with pytest.raises(ValueError, match="name"):
        trainee_seed("   ", 1)


def test_settings_file_reads():
    """Does the course's settings file (data/assessment/final-assessment.yml) give its size, pass
    mark, left-out modules and site seed?"""
    settings = load_settings()
    assert settings == AssessmentSettings(
        size=4, pass_mark=0.75, exclude_modules=("intro",), site_seed=7
    )


def test_bad_pass_mark_is_refused(tmp_path):
    """Is a pass mark of 80 (meaning 80%) refused with a message naming the field?"""
    path = tmp_path / "settings.yml"
    path.write_text("size: 20\npass_mark: 80\n")
    with pytest.raises(ValueError, match="pass_mark"):
        load_settings(path)


def _right_answer(question):
    kind = question.type
    if kind in ("single", "truefalse", "numeric"):
        return question.answer
    if kind == "multiple":
        return list(question.answer)
    if kind == "ordering":
        return list(range(len(question.items)))
    if kind == "matching":
        return list(question.match_key)
    return {part.id: _right_answer(part) for part in question.parts}


def test_scoring_and_pass_mark(bank):
    """Do 16 right of 20 pass at 80% exactly, and 15 not, with unanswered scoring 0?"""
    ids = draw_assessment(bank, 7, SETTINGS)
    responses = {qid: _right_answer(bank.questions[qid]) for qid in ids[:16]}
    result = score_attempt(bank, ids, responses, name="Ana", attempt=1, seed=7, pass_mark=0.8)
    assert result.score == pytest.approx(0.8) and result.passed
    responses.pop(ids[0])
    result = score_attempt(bank, ids, responses, name="Ana", attempt=1, seed=7, pass_mark=0.8)
    assert result.score == pytest.approx(0.75) and not result.passed


def test_per_module_breakdown(bank):
    """Does the breakdown count each module's questions and average their scores?"""
    ids = draw_assessment(bank, 3, SETTINGS)
    result = score_attempt(bank, ids, {}, name="Ana", attempt=1, seed=3, pass_mark=0.8)
    breakdown = result.to_dict()["per_module"]
    assert sum(entry["questions"] for entry in breakdown.values()) == 20
    assert all(entry["score"] == 0 for entry in breakdown.values())


def test_completion_record_content(bank):
    """Does the record show name, date, score, per-module rows, and the not-a-certificate line?"""
    ids = draw_assessment(bank, 3, SETTINGS)
    responses = {qid: _right_answer(bank.questions[qid]) for qid in ids}
    result = score_attempt(
        bank, ids, responses, name="Ana <García>", attempt=2, seed=3, pass_mark=0.8
    )
    data = result.to_dict()
    data["time"] = "2026-03-05T10:00:00.000Z"
    page = completion_record_html(data, {m.id: m.title for m in bank.modules.values()})
    assert NOT_A_CERTIFICATE in page
    assert "Ana &lt;García&gt;" in page and "<García>" not in page
    assert "05 March 2026" in page and "100%" in page
    assert "@media print" in page
    for module in data["per_module"]:
        assert bank.modules[module].title in page


def test_lesson_links_are_relative():
    """Are lesson links relative to the page that shows them, with the heading anchor?"""
    assert lesson_href("notebooks/04-aftercare", "book/my-progress", ".html", "x") == (
        "../notebooks/04-aftercare.html#x"
    )
    assert lesson_href("notebooks/04-aftercare", "notebooks/09-my-progress", ".ipynb") == (
        "04-aftercare.ipynb"
    )


def test_progress_summary_uses_latest_answer():
    """Is a retaken question counted once, by its latest answer, and listed to review?"""
    bank = load_bank()
    index = course_index(bank, "book/my-progress")
    question = bank.modules["demo"].questions[0]
    records = [
        {
            "module": "demo",
            "question_id": question.id,
            "response": 0,
            "verdict": "correct",
            "score": 1.0,
            "time": "2026-01-01T00:00:00.000Z",
        },
        {
            "module": "demo",
            "question_id": question.id,
            "response": 1,
            "verdict": "incorrect",
            "score": 0.0,
            "time": "2026-01-02T00:00:00.000Z",
        },
    ]
    summary = progress_summary(records, index)
    demo = next(m for m in summary["modules"] if m["id"] == "demo")
    assert demo["answered"] == 1 and demo["score"] == 0.0
    assert summary["review"] == {question.objective: [question.id]}


def test_progress_page_never_publishes_local_records(store):
    """Does the page's saved state (embedded in the built site) hold no answers or names?"""
    from microneedling_course.progress.my_progress import show_my_progress

    store.set_trainee("Ana Secret")
    record = store.record_attempt("demo", "demo-single", 2, "correct", 1)
    page = show_my_progress(store)
    state = page.get_state()
    assert set(state) >= {"course", "host"}
    assert "Ana Secret" not in repr(state) and record["time"] not in repr(state)
    assert "records" not in page.static_state()


def test_progress_page_answers_refresh_with_local_records(store):
    """Live, does a refresh message get this computer's records and a matplotlib chart back?"""
    from microneedling_course.progress.my_progress import show_my_progress

    store.record_attempt("demo", "demo-single", 2, "correct", 1)
    page = show_my_progress(store)
    sent = []
    page.send = sent.append
    page._on_message(page, {"type": "refresh"}, [])
    (reply,) = sent
    assert reply["available"] and reply["records"][0]["question_id"] == "demo-single"
    assert reply["chart"].startswith("data:image/png;base64,")
    page._on_message(page, {"type": "clear"}, [])
    assert sent[-1]["records"] == [] and store.records() == []


@pytest.fixture
def assessment(store, tmp_path):
    from microneedling_course.progress.assessment_widget import FinalAssessment

    return FinalAssessment(store=store, export_folder=tmp_path / "exports")


def test_widget_refuses_to_start_without_name(assessment):
    """Without a name, does Start explain why instead of drawing?"""
    assert assessment.start() is None
    assert "type your name" in assessment.message.value


def test_widget_gives_no_feedback_before_submit(assessment):
    """In the assessment, is a single check refused (no feedback until everything is submitted)?"""
    quiz = assessment.start("Ana")
    quiz.check(assessment.question_ids[0], 0)
    assert assessment.question_ids[0] not in quiz.results
    assert quiz.results["_status"]["error"]


def test_widget_submit_records_result_and_retake_differs(assessment, store):
    """Does submitting record the result and every answer, and does the next attempt draw anew?"""
    quiz = assessment.start("Ana")
    first = list(assessment.question_ids)
    quiz.submit_all({qid: _right_answer(assessment.bank.questions[qid]) for qid in first})
    (saved,) = store.assessments()
    assert saved["passed"] and saved["score"] == pytest.approx(1.0) and saved["attempt"] == 1
    assert store.trainee()["name"] == "Ana"
    assert len([r for r in store.records() if r["question_id"] in first]) == len(first) == 4
    assessment.start()
    assert assessment.attempt == 2 and assessment.question_ids != first


def test_widget_exports(assessment):
    """Do the save and export buttons' functions write the record, JSON and CSV?"""
    quiz = assessment.start("Ana")
    quiz.submit_all({})
    record = assessment.save_record()
    assert NOT_A_CERTIFICATE in record.read_text()
    names = sorted(Path(p).suffix for p in assessment.export_record())
    assert names == [".csv", ".json"]


def test_site_version_is_fixed_set(assessment):
    """Is the site's HTML the fixed set drawn with the documented seed, with its note?"""
    bundle, _ = assessment._repr_mimebundle_()
    page = bundle["text/html"]
    assert "self-check" in page and f"seed {assessment.settings.site_seed}" in page
    site_set = draw_assessment(assessment.bank, assessment.settings.site_seed, assessment.settings)
    assert len(site_set) == 4
    for qid in site_set:
        assert qid in page
