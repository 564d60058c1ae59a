"""QuizWidget driven headless, as the front-end drives it: submissions in, results out."""

import json

import pytest

from microneedling_course import show_objectives, show_quiz
from microneedling_course.bank import load_bank
from microneedling_course.progress.store import ProgressStore
from microneedling_course.quiz.widget import QuizLookupError, QuizWidget

MODULE = "demo"
SINGLE = "demo-single"
MULTIPLE = "demo-multiple"
CASE = "demo-case"

pytestmark = pytest.mark.usefixtures("fixture_course")


@pytest.fixture
def quiz():
    return show_quiz(MODULE)


def test_show_quiz_holds_every_module_question(quiz):
    """Does show_quiz give a QuizWidget with the module's questions in bank order?"""
    bank = load_bank()
    assert isinstance(quiz, QuizWidget)
    assert [q["id"] for q in quiz.quiz["questions"]] == [
        q.id for q in bank.modules[MODULE].questions
    ]


def test_show_quiz_takes_listed_questions_in_order():
    """Does show_quiz(module, [ids]) show just those questions, in that order?"""
    quiz = show_quiz(MODULE, [MULTIPLE, SINGLE])
    assert [q["id"] for q in quiz.quiz["questions"]] == [MULTIPLE, SINGLE]


def test_unknown_module_error_lists_modules():
    """Does an unknown module id raise an error that lists the modules that exist?"""
    with pytest.raises(QuizLookupError, match="the bank has: intro, demo, other"):
        show_quiz("dmeo")


def test_unknown_question_error_lists_module_questions():
    """Does an unknown question id raise an error listing the module's question ids?"""
    with pytest.raises(QuizLookupError, match=f"it has: {SINGLE}"):
        show_quiz(MODULE, ["demo-nothing"])


def test_check_grades_and_explains(quiz):
    """Does a check from the front-end come back with verdict, feedback, explanation and sources?"""
    result = quiz.check(SINGLE, 2, nonce="n1")
    assert result["verdict"] == "correct"
    assert result["feedback"] == ["Yes, 1.5 mm."]
    assert "1.5 mm" in result["explanation"]
    assert result["citations"][0]["short"] == "Harris et al. 2015"
    assert "Skin needling as a treatment for acne scarring" in result["citations"][0]["full"]
    assert quiz.results["_status"] == {"nonce": "n1", "error": ""}


def test_partial_credit_reaches_the_front_end(quiz):
    """Does a half-right select-all answer come back as partial with its score?"""
    result = quiz.check(MULTIPLE, [0, 3])
    assert (result["verdict"], result["score"]) == ("incorrect", 0.0)
    result = quiz.check(MULTIPLE, [0, 1])
    assert result["verdict"] == "partial"
    assert result["score"] == pytest.approx(2 / 3, abs=1e-6)


def test_running_score_and_try_again(quiz):
    """Does the running score count correct answers, and does Try again forget one?"""
    quiz.check(SINGLE, 2)
    assert quiz.score_text() == "1 of 7 correct"
    quiz.reset(SINGLE)
    assert SINGLE not in quiz.results
    assert quiz.score_text() == "0 of 7 correct"


def test_case_result_has_part_explanations(quiz):
    """Does a case come back with a result per part, each with its own explanation?"""
    result = quiz.check(CASE, {f"{CASE}-thickness": 0, f"{CASE}-depth": False})
    assert result["verdict"] == "partial"
    assert result["parts"][f"{CASE}-depth"]["verdict"] == "incorrect"
    assert result["parts"][f"{CASE}-depth"]["explanation"] == "Eyelid dermis is under 1 mm."


def test_malformed_response_is_reported_not_raised(quiz):
    """Does a response of the wrong shape come back as an error status instead of a crash?"""
    quiz.check(SINGLE, "C")
    assert "index" in quiz.results["_status"]["error"]
    assert SINGLE not in quiz.results


def test_unknown_question_in_submission_is_reported(quiz):
    """Does a submission for a question not in this quiz name the valid ids?"""
    quiz.check("demo-ghost", 0)
    assert "this quiz has: demo-single, demo-multiple" in quiz.results["_status"]["error"]


def test_kernel_model_carries_no_answers(quiz):
    """Does a live model leave answers out (the kernel grades) while the site's state has them?"""
    live = json.dumps(quiz.quiz)
    assert '"key"' not in live and '"answer"' not in live
    static = quiz.static_state()
    assert static["host"] == "static"
    assert set(static["quiz"]["keys"]) == {view["id"] for view in quiz.quiz["questions"]}


def test_each_graded_answer_goes_to_on_graded():
    """Is every graded answer handed to on_graded with its question, response and grade?"""
    calls = []
    quiz = QuizWidget(
        load_bank().modules[MODULE].questions, on_graded=lambda *args: calls.append(args)
    )
    quiz.check(SINGLE, 1)
    question, response, grade = calls[-1]
    assert (question.id, response, grade.verdict) == (SINGLE, 1, "incorrect")


def test_failing_on_graded_only_warns():
    """Does a progress recorder that fails leave the quiz working, with a warning?"""

    def broken(*args):
        raise OSError("disk full")

    quiz = QuizWidget(load_bank().modules[MODULE].questions, on_graded=broken)
    with pytest.warns(RuntimeWarning, match="disk full"):
        result = quiz.check(SINGLE, 2)
    assert result["verdict"] == "correct"


def test_public_show_quiz_saves_answers_as_progress(quiz):
    """Does the notebooks' show_quiz save each graded answer in the trainee's progress file?"""
    before = len(ProgressStore().records())
    quiz.check(SINGLE, 2)
    saved = ProgressStore().records()
    assert len(saved) == before + 1
    assert (saved[-1]["question_id"], saved[-1]["verdict"]) == (SINGLE, "correct")


def test_assessment_gives_no_feedback_before_submission():
    """In assessment mode, is a single check refused, so nothing is graded early?"""
    questions = load_bank().modules[MODULE].questions
    quiz = QuizWidget(questions, mode="assessment")
    quiz.check(SINGLE, 2)
    assert SINGLE not in quiz.results
    assert "assessment" in quiz.results["_status"]["error"]


def test_assessment_submission_grades_all_and_calls_back():
    """Does submit_all grade every question (unanswered ones too) and call on_submit once?"""
    questions = load_bank().modules[MODULE].questions
    summaries, recorded = [], []
    quiz = QuizWidget(
        questions,
        mode="assessment",
        module="final",
        on_submit=summaries.append,
        on_graded=lambda *args: recorded.append(args),
    )
    quiz.submit_all({SINGLE: 2, MULTIPLE: [0, 1, 2]})
    assert len(summaries) == 1
    summary = summaries[0]
    assert (summary["questions"], summary["correct"], summary["score"]) == (7, 2, 2.0)
    assert summary["results"]["demo-ordering"]["verdict"] == "unanswered"
    assert summary["responses"] == {SINGLE: 2, MULTIPLE: [0, 1, 2]}
    assert len(recorded) == 7
    assert quiz.quiz["allow_retry"] is False


def test_shuffle_seed_changes_display_not_grades():
    """Does a shuffle seed reorder questions and options while answers keep original indices?"""
    plain = show_quiz(MODULE)
    shuffled = show_quiz(MODULE, shuffle_seed=3)
    assert [q["id"] for q in shuffled.quiz["questions"]] != [
        q["id"] for q in plain.quiz["questions"]
    ]
    view = next(q for q in shuffled.quiz["questions"] if q["id"] == SINGLE)
    assert sorted(option["index"] for option in view["options"]) == [0, 1, 2, 3]
    assert shuffled.check(SINGLE, 2)["verdict"] == "correct"


def test_ordering_items_never_start_in_order(quiz):
    """Is an ordering question shown shuffled even without a seed (the bank lists it solved)?"""
    view = next(q for q in quiz.quiz["questions"] if q["type"] == "ordering")
    assert [item["index"] for item in view["items"]] != list(range(len(view["items"])))


def test_display_bundle_has_widget_and_fallback(quiz):
    """Does the display bundle carry the widget view for JupyterLab and the HTML for the site?"""
    data, _ = quiz._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in data
    assert 'data-mnc-widget="quiz.js"' in data["text/html"]
    assert "<summary>Show answer</summary>" in data["text/html"]


def test_show_objectives_lists_ids():
    """Does show_objectives list each objective, its id kept out of the words a trainee reads?"""
    view = show_objectives(MODULE)
    html = view._repr_html_()
    for objective in load_bank().modules[MODULE].objectives:
        assert f'data-objective="{objective.id}"' in html
        assert f"({objective.id})" not in html and objective.text in repr(view)
    assert "(demo-evidence)" not in repr(view)


def test_empty_quiz_is_refused():
    """Is a quiz with no questions refused with a clear message?"""
    with pytest.raises(ValueError, match="at least one question"):
        QuizWidget([])


def test_unknown_mode_is_refused():
    """Is a misspelt mode refused rather than silently treated as practice?"""
    with pytest.raises(ValueError, match="practice, assessment"):
        QuizWidget(load_bank().modules[MODULE].questions, mode="exam")


def test_a_lesson_kernel_formats_only_the_entries_it_cites(monkeypatch):
    """Do the objectives and the quiz of a lesson load without formatting the whole bibliography
    (validate and the build do that), so a lesson kernel does not pay for every entry?"""
    from microneedling_course.bank import loader, references

    read_only = references.bibliography_problems

    def refuse_every_entry(path=None, every_entry=True):
        assert not every_entry, "the whole bibliography was formatted in a lesson kernel"
        return read_only(path, every_entry=False)

    loader._load_bank_cached.cache_clear()
    monkeypatch.setattr(references, "bibliography_problems", refuse_every_entry)
    show_objectives(MODULE)
    quiz = show_quiz(MODULE)
    assert quiz.quiz["questions"]
    loader._load_bank_cached.cache_clear()
