"""QuizWidget, the live quiz (the kernel grades and records progress); show_quiz and objectives."""

import warnings

import traitlets

from microneedling_course.bank import Question, load_bank
from microneedling_course.core.paths import static_path
from microneedling_course.quiz.grading import ResponseError, grade_response
from microneedling_course.quiz.hosting import HostedWidget
from microneedling_course.quiz.quiz_model import MODES, build_quiz_model, result_view
from microneedling_course.quiz.site_key import site_quiz_state
from microneedling_course.quiz.static_html import (
    objectives_markdown,
    render_objectives_html,
    render_static_quiz,
)

# The site's two quiz modules (frontend/src/quiz/site.js, site-all.js): a practice quiz of only
# these types gets the lighter one; any other, every lesson's included, gets the one with all.
SITE_CORE_TYPES = frozenset({"single", "multiple", "truefalse", "numeric"})
SITE_MODULE_CORE = "quiz-site.js"
SITE_MODULE_ALL = "quiz-site-all.js"


class QuizLookupError(LookupError):
    """An unknown module or question id; the message lists the valid ones."""


def _report_graded(on_graded, question: Question, response, grade) -> None:
    """Hand one graded answer to on_graded; a failing recorder must never break the quiz."""
    if on_graded is None:
        return
    try:
        on_graded(question, response, grade)
    except Exception as error:  # noqa: BLE001 - any failure is reported, the quiz carries on
        warnings.warn(f"progress was not recorded: {error}", RuntimeWarning, stacklevel=2)


class QuizWidget(HostedWidget):
    """A set of questions; the front-end sends `submission`, the kernel answers in `results`.

    submission: {"action": "check", "question_id", "response", "nonce"}
                {"action": "reset", "question_id", "nonce"}
                {"action": "submit_all", "responses": {question_id: response}, "nonce"}
    results:    {question_id: result (see quiz_model.result_view), ...}; results["_status"]
                echoes the last nonce and any error message.
    In "assessment" mode single checks are refused: nothing is graded until submit_all, after
    which `on_submit(summary)` is called with the summary described in `submit_all`.
    `on_graded(question, response, grade)` is called for every answer graded (the progress
    layer passes one that saves it; the quiz itself never records anything).
    """

    _esm = static_path("quiz.js")
    _css = static_path("quiz.css")
    quiz = traitlets.Dict().tag(sync=True)
    submission = traitlets.Dict().tag(sync=True)
    results = traitlets.Dict().tag(sync=True)

    def __init__(
        self,
        questions,
        *,
        title: str = "Check your understanding",
        module: str = "",
        mode: str = "practice",
        shuffle_seed=None,
        on_submit=None,
        on_graded=None,
        allow_retry: bool | None = None,
        **kwargs,
    ):
        questions = list(questions)
        if not questions:
            raise ValueError("a quiz needs at least one question")
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        self._questions = {question.id: question for question in questions}
        self._model_options = {
            "title": title,
            "module": module,
            "mode": mode,
            "shuffle_seed": shuffle_seed,
            "allow_retry": allow_retry,
        }
        self.on_submit = on_submit
        self.on_graded = on_graded
        self._static_model = None
        super().__init__(quiz=build_quiz_model(questions, **self._model_options), **kwargs)
        self.observe(self._handle_submission, names="submission")

    # ----------------------------------------------------------------- static host
    def static_model(self) -> dict:
        """The quiz model with answer keys, for the site (where the browser grades)."""
        if self._static_model is None:
            self._static_model = build_quiz_model(
                self._questions.values(), include_key=True, **self._model_options
            )
        return self._static_model

    def static_state(self) -> dict:
        state = super().static_state()
        # The questions themselves travel once, in the fallback markup the script reads; the
        # site starts with no submission and no results.
        del state["submission"], state["results"]
        state["quiz"] = site_quiz_state(self.static_model())
        return state

    def fallback_html(self) -> str:
        return render_static_quiz(self.static_model())

    @property
    def _site_module(self) -> str:
        """The site module this quiz needs (see SITE_CORE_TYPES)."""
        types = {question.type for question in self._questions.values()}
        core = types <= SITE_CORE_TYPES and self.mode == "practice"
        return SITE_MODULE_CORE if core else SITE_MODULE_ALL

    # ----------------------------------------------------------------- kernel host
    @property
    def mode(self) -> str:
        return self.quiz["mode"]

    def check(self, question_id: str, response, nonce: str = "py") -> dict:
        """Grade one answer as the front-end would (headless use and tests); returns its result."""
        self.submission = {
            "action": "check",
            "question_id": question_id,
            "response": response,
            "nonce": nonce,
        }
        return self.results.get(question_id, {})

    def reset(self, question_id: str, nonce: str = "py") -> None:
        """Forget one answer ("Try again")."""
        self.submission = {"action": "reset", "question_id": question_id, "nonce": nonce}

    def submit_all(self, responses: dict, nonce: str = "py") -> dict:
        """Grade every question at once (assessment); returns the summary given to on_submit."""
        self.submission = {"action": "submit_all", "responses": responses, "nonce": nonce}
        return self._summary(responses)

    def score_text(self) -> str:
        """The running score as the front-end shows it, e.g. "3 of 9 correct"."""
        correct = sum(
            1 for qid in self._questions if self.results.get(qid, {}).get("verdict") == "correct"
        )
        return f"{correct} of {len(self._questions)} correct"

    def _handle_submission(self, change) -> None:
        submission = change["new"] or {}
        action = submission.get("action", "check")
        results = {key: value for key, value in self.results.items() if key != "_status"}
        status = {"nonce": submission.get("nonce"), "error": ""}
        try:
            if action == "check":
                if self.mode == "assessment":
                    raise ResponseError("this is an assessment: submit all answers together")
                qid = self._known(submission.get("question_id"))
                results[qid] = self._grade(qid, submission.get("response"))
            elif action == "reset":
                results.pop(self._known(submission.get("question_id")), None)
            elif action == "submit_all":
                responses = submission.get("responses") or {}
                for qid in self._questions:
                    results[qid] = self._grade(qid, responses.get(qid))
            else:
                raise ResponseError(f"unknown action {action!r}")
        except (QuizLookupError, ResponseError) as error:
            status["error"] = str(error)
        self.results = {**results, "_status": status}
        if action == "submit_all" and not status["error"] and self.on_submit is not None:
            self.on_submit(self._summary(submission.get("responses") or {}))

    def _known(self, question_id) -> str:
        if question_id not in self._questions:
            raise QuizLookupError(
                f"unknown question id {question_id!r}; this quiz has: {', '.join(self._questions)}"
            )
        return question_id

    def _grade(self, question_id: str, response) -> dict:
        question = self._questions[question_id]
        grade = grade_response(question, response)
        if grade.verdict != "unanswered" or self.mode == "assessment":
            _report_graded(self.on_graded, question, response, grade)
        return result_view(question, grade, response)

    def _summary(self, responses: dict) -> dict:
        """{module, title, questions, correct, score, percent, results, responses} for on_submit."""
        results = {qid: self.results.get(qid, {}) for qid in self._questions}
        score = sum(result.get("score", 0) for result in results.values())
        count = len(self._questions)
        return {
            "module": self.quiz.get("module", ""),
            "title": self.quiz.get("title", ""),
            "questions": count,
            "correct": sum(1 for result in results.values() if result.get("verdict") == "correct"),
            "score": round(score, 6),
            "percent": round(100 * score / count, 1),
            "results": results,
            "responses": dict(responses),
        }


def _module(module_id: str):
    bank = load_bank(check_bibliography=False)
    if module_id not in bank.modules:
        raise QuizLookupError(
            f"unknown module {module_id!r}; the bank has: {', '.join(bank.modules)}"
        )
    return bank.modules[module_id]


def show_quiz(module_id: str, questions=None, *, shuffle_seed=None, on_graded=None) -> QuizWidget:
    """The module's quiz (all its questions, or the listed ids in that order) as a widget.

    Graded answers go to `on_graded` only: `microneedling_course.show_quiz` saves them as progress.
    """
    module = _module(module_id)
    by_id = {question.id: question for question in module.questions}
    if questions is None:
        chosen = list(module.questions)
    else:
        unknown = [qid for qid in questions if qid not in by_id]
        if unknown:
            raise QuizLookupError(
                f"unknown question id(s) {', '.join(map(repr, unknown))} in module {module_id!r}; "
                f"it has: {', '.join(by_id)}"
            )
        chosen = [by_id[qid] for qid in questions]
    title = f"Quiz: {module.title}"
    return QuizWidget(
        chosen, title=title, module=module.id, shuffle_seed=shuffle_seed, on_graded=on_graded
    )


class ObjectivesView:
    """A module's learning objectives; displays as a list in JupyterLab and on the site."""

    def __init__(self, module):
        self.module = module

    def _repr_html_(self) -> str:
        return render_objectives_html(self.module)

    def __repr__(self) -> str:
        return objectives_markdown(self.module)


def show_objectives(module_id: str) -> ObjectivesView:
    """The module's objectives, as held in its bank file."""
    return ObjectivesView(_module(module_id))
