"""The final assessment in a notebook: name, own draw, no feedback until submitted, result.

Live, the trainee types a name (or passes it in one call), gets their own balanced draw, submits
once, and sees a completion record with buttons to save it and export their record. On the
static site the same cell shows one fixed balanced set (site_seed in
data/assessment/final-assessment.yml) as a self-check graded in the browser.
"""

import base64
import html
import os
import warnings
from pathlib import Path

import ipywidgets as widgets

from microneedling_course.bank import load_bank
from microneedling_course.core.identity import trainee_identity
from microneedling_course.progress.assessment import (
    ASSESSMENT_MODULE,
    AssessmentSettings,
    draw_assessment,
    load_settings,
    score_attempt,
    trainee_seed,
)
from microneedling_course.progress.completion_record import completion_record_html
from microneedling_course.progress.record_export import (
    document_to_csv,
    export_document,
    write_exports,
)
from microneedling_course.progress.store import (
    ProgressFileWarning,
    ProgressStore,
    record_graded_answer,
    trainee_file_stem,
)

SITE_NOTE = (
    "<p><strong>On this website the final assessment is a self-check.</strong> "
    "Everyone sees the same balanced set of {size} questions, drawn once when the site was built "
    "(seed {seed}); the answers are in the page. Nothing is graded until you submit. "
    "Your result appears on the <em>My progress</em> page, where you can print your completion "
    "record. In JupyterLab the assessment draws a different set for each trainee and attempt.</p>"
)


def default_export_folder() -> Path:
    """Where saved records go: MNC_RECORDS_DIR (the trainee command sets a folder JupyterLab's
    file browser shows), else a folder in the home directory."""
    configured = os.environ.get("MNC_RECORDS_DIR")
    return Path(configured) if configured else Path.home() / "microneedling-course-records"


class FinalAssessment(widgets.VBox):
    """Name field, start button, the drawn quiz in assessment mode, then the result and exports."""

    def __init__(
        self,
        *,
        store: ProgressStore | None = None,
        settings: AssessmentSettings | None = None,
        pass_mark: float | None = None,
        export_folder: Path | None = None,
        bank=None,
    ):
        self.store = store or ProgressStore()
        self.settings = settings or load_settings()
        self.pass_mark = self.settings.pass_mark if pass_mark is None else float(pass_mark)
        if not 0 < self.pass_mark <= 1:
            raise ValueError("pass_mark is a share between 0 and 1, like 0.8")
        self.export_folder = Path(export_folder) if export_folder else default_export_folder()
        self.bank = bank or load_bank(check_bibliography=False)
        self.quiz = None
        self.result = None
        trainee = self._saved_trainee()
        self.name_field = widgets.Text(
            value=trainee.get("name", ""),
            description="Your name",
            placeholder="First and last name",
        )
        self.id_field = widgets.Text(
            value=trainee.get("id", ""), description="Trainee id", placeholder="optional"
        )
        # Width "auto": ipywidgets' fixed button width cuts the words off ("Start my asses…").
        self.start_button = widgets.Button(
            description="Start my assessment", icon="play", layout=widgets.Layout(width="auto")
        )
        self.start_button.on_click(lambda _: self.start())
        self.message = widgets.HTML()
        self.stage = widgets.VBox()
        intro = widgets.HTML(
            f"<p>{self.settings.size} questions from lessons 1 to 7, a balanced draw for you. "
            f"No feedback until you submit all answers. Pass mark: {self.pass_mark:.0%}.</p>"
        )
        super().__init__(
            [intro, self.name_field, self.id_field, self.start_button, self.message, self.stage]
        )

    # ----------------------------------------------------------------- flow

    def start(self, name: str | None = None, trainee_id: str | None = None):
        """Draw this trainee's next attempt and show it; the quiz widget, or None without a name."""
        if name is not None:
            self.name_field.value = name
        if trainee_id is not None:
            self.id_field.value = trainee_id
        name = self.name_field.value.strip()
        trainee_id = self.id_field.value.strip()
        if not name:
            self.message.value = (
                "<p role='alert'>⚠ Please type your name first: it goes on your completion "
                "record and decides which questions you get.</p>"
            )
            return None
        from microneedling_course.quiz.widget import QuizWidget

        self.attempt = self._previous_attempts(name, trainee_id) + 1
        self.seed = trainee_seed(name, self.attempt, trainee_id)
        self.question_ids = draw_assessment(self.bank, self.seed, self.settings)
        try:
            self.store.set_trainee(name, trainee_id)
        except Exception as error:  # the assessment goes on; the name is on the result anyway
            warnings.warn(
                f"Your name could not be saved to your progress file: {error}",
                ProgressFileWarning,
                stacklevel=2,
            )
        self.quiz = QuizWidget(
            [self.bank.questions[qid] for qid in self.question_ids],
            title=f"Final assessment, attempt {self.attempt}",
            module=ASSESSMENT_MODULE,
            mode="assessment",
            shuffle_seed=self.seed,
            on_submit=self._submitted,
            on_graded=self._save_graded_answer,
        )
        self.result = None
        self.message.value = (
            f"<p>Attempt {self.attempt} for {html.escape(name)}: "
            f"{len(self.question_ids)} questions. Submit when you have answered them all.</p>"
        )
        self.start_button.description = "Start a new attempt"
        self.stage.children = [self.quiz]
        return self.quiz

    def _save_graded_answer(self, question, response, grade) -> None:
        record_graded_answer(question.module, question.id, response, grade, store=self.store)

    def _submitted(self, summary: dict) -> None:
        responses = summary.get("responses") or {}
        result = score_attempt(
            self.bank,
            self.question_ids,
            responses,
            name=self.name_field.value.strip(),
            trainee_id=self.id_field.value.strip(),
            attempt=self.attempt,
            seed=self.seed,
            pass_mark=self.pass_mark,
        )
        try:
            self.result = self.store.record_assessment(result.to_dict())
        except Exception as error:  # the result is shown whether or not it could be saved
            warnings.warn(
                f"Your result could not be saved to your progress file: {error}",
                ProgressFileWarning,
                stacklevel=2,
            )
            self.result = result.to_dict()
        self._show_result()

    def _show_result(self) -> None:
        titles = {m.id: m.title for m in self.bank.modules.values()}
        record = widgets.HTML(completion_record_html(self.result, titles, standalone=False))
        fit = widgets.Layout(width="auto")
        save = widgets.Button(description="Save completion record", icon="save", layout=fit)
        export = widgets.Button(
            description="Export my record (JSON and CSV)", icon="download", layout=fit
        )
        saved = widgets.HTML()
        save.on_click(lambda _: setattr(saved, "value", self._saved_links([self.save_record()])))
        export.on_click(lambda _: setattr(saved, "value", self._saved_links(self.export_record())))
        links = widgets.HTML(self._download_links())
        outcome = "reached" if self.result["passed"] else "did not reach"
        self.message.value = (
            f"<p role='status'>Submitted. Your score: {self.result['score']:.0%}; you {outcome} "
            f"the pass mark of {self.pass_mark:.0%}. Your result is saved in your progress file."
            "</p>"
        )
        self.stage.children = [
            self.quiz,
            record,
            widgets.HBox([save, export], layout=widgets.Layout(flex_flow="row wrap")),
            links,
            saved,
        ]

    # ----------------------------------------------------------------- files

    def save_record(self) -> Path:
        """Write the completion record as a standalone HTML file (print to PDF from a browser)."""
        titles = {m.id: m.title for m in self.bank.modules.values()}
        self.export_folder.mkdir(parents=True, exist_ok=True)
        stem = trainee_file_stem(self.result["name"], self.result.get("trainee_id", ""))
        path = self.export_folder / f"{stem}-completion-attempt-{self.result['attempt']}.html"
        path.write_text(completion_record_html(self.result, titles), encoding="utf-8")
        return path

    def export_record(self) -> list[Path]:
        """Write the trainee's whole record (every answer and result) as JSON and CSV."""
        return list(write_exports(self.store.load(), self.export_folder))

    def _download_links(self) -> str:
        titles = {m.id: m.title for m in self.bank.modules.values()}
        document = self.store.load()
        stem = trainee_file_stem(document["trainee"]["name"], document["trainee"]["id"])
        import json

        files = [
            (f"{stem}-completion.html", "text/html", completion_record_html(self.result, titles)),
            (f"{stem}.json", "application/json", json.dumps(export_document(document), indent=1)),
            (f"{stem}.csv", "text/csv", document_to_csv(document)),
        ]
        links = "".join(
            # JupyterLab styles links in widget HTML as plain text: say it is a link.
            f"<li><a style='color:#0b4f80;text-decoration:underline' "
            f"download='{html.escape(name)}' href='data:{kind};base64,"
            f"{base64.b64encode(text.encode('utf-8', 'backslashreplace')).decode('ascii')}'>"
            f"Download {html.escape(name)}</a></li>"
            for name, kind, text in files
        )
        return f"<p>Or download straight from here:</p><ul>{links}</ul>"

    @staticmethod
    def _saved_links(paths: list[Path]) -> str:
        items = "".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in paths)
        return f"<p role='status'>Saved:</p><ul>{items}</ul>"

    # ----------------------------------------------------------------- store

    def _saved_trainee(self) -> dict:
        try:
            return self.store.trainee()
        except OSError:
            return {}

    def _previous_attempts(self, name: str, trainee_id: str) -> int:
        """Attempts this trainee has submitted, however they spaced or capitalised their name."""
        who = trainee_identity(name, trainee_id)
        return sum(
            1
            for result in self.store.assessments()
            if trainee_identity(result.get("name", ""), result.get("trainee_id", "")) == who
        )

    # ----------------------------------------------------------------- site

    def site_html(self) -> str:
        """The static site's version: one fixed balanced set as a self-check, with a note."""
        from microneedling_course.quiz.widget import QuizWidget

        ids = draw_assessment(self.bank, self.settings.site_seed, self.settings)
        quiz = QuizWidget(
            [self.bank.questions[qid] for qid in ids],
            title="Final assessment (website self-check)",
            module=ASSESSMENT_MODULE,
            mode="assessment",
            shuffle_seed=self.settings.site_seed,
        )
        note = SITE_NOTE.format(size=len(ids), seed=self.settings.site_seed)
        html_text = note + quiz.static_html()
        quiz.close()
        return html_text

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle or {}, {})
        return {**data, "text/html": self.site_html()}, metadata


def start_final_assessment(
    name: str | None = None,
    trainee_id: str = "",
    *,
    pass_mark: float | None = None,
    store: ProgressStore | None = None,
) -> FinalAssessment:
    """The final assessment widget; with a name it starts at once (one call), else it asks."""
    assessment = FinalAssessment(pass_mark=pass_mark, store=store)
    if name:
        assessment.start(name, trainee_id)
    return assessment
