"""A trainee's own progress: completion and score per module and what to review (live and site)."""

import base64
import posixpath

import traitlets

from microneedling_course.bank import Bank, load_bank
from microneedling_course.core.figure_png import figure_png
from microneedling_course.core.paths import static_path
from microneedling_course.core.printable import printable
from microneedling_course.progress.store import ProgressStore
from microneedling_course.quiz.hosting import HostedWidget

ASSESSMENT_MODULE = "final-assessment"
STORAGE_KEY = "mnc-progress-v1"


def lesson_href(lesson: str, page: str, suffix: str = ".html", section: str = "") -> str:
    """A relative link from one page (docname) to a lesson (docname), optionally to a heading."""
    relative = posixpath.relpath(lesson, posixpath.dirname(page) or ".")
    return relative + suffix + (f"#{section}" if section else "")


def course_index(bank: Bank, page: str, suffix: str = ".html", site_draw=None) -> dict:
    """What the progress views need from the bank (titles, links, which question teaches what)."""
    from microneedling_course.progress.assessment import load_settings

    settings = load_settings()
    modules, objectives, questions = [], {}, {}
    for module in bank.modules.values():
        modules.append(
            {
                "id": module.id,
                "title": module.title,
                "href": lesson_href(module.lesson, page, suffix),
                "questions": [q.id for q in module.questions],
            }
        )
        for objective in module.objectives:
            objectives[objective.id] = {
                "text": objective.text,
                "module": module.id,
                "href": lesson_href(module.lesson, page, suffix, objective.section),
            }
        for question in module.questions:
            questions[question.id] = {"module": module.id, "objective": question.objective}
    return {
        "modules": modules,
        "objectives": objectives,
        "questions": questions,
        "assessment": {
            "module": ASSESSMENT_MODULE,
            "pass_mark": settings.pass_mark,
            "question_ids": list(site_draw or []),
            "seed": settings.site_seed,
        },
        "storage_key": STORAGE_KEY,
    }


def latest_answers(records: list[dict], index: dict) -> dict[str, dict]:
    """The latest answer to each bank question (practice quizzes and assessment alike)."""
    latest: dict[str, dict] = {}
    for record in sorted(records, key=lambda r: r["time"]):
        if record["question_id"] in index["questions"]:
            latest[record["question_id"]] = record
    return latest


def progress_summary(records: list[dict], index: dict) -> dict:
    """Per module: questions answered, total and mean latest score; objectives to review."""
    latest = latest_answers(records, index)
    modules = []
    for module in index["modules"]:
        answered = [latest[q] for q in module["questions"] if q in latest]
        scores = [r["score"] for r in answered]
        modules.append(
            {
                "id": module["id"],
                "title": module["title"],
                "href": module["href"],
                "answered": len(answered),
                "total": len(module["questions"]),
                "completion": len(answered) / len(module["questions"])
                if module["questions"]
                else 0,
                "score": sum(scores) / len(scores) if scores else None,
            }
        )
    review: dict[str, list[str]] = {}
    for qid, record in latest.items():
        if record["verdict"] in ("incorrect", "partial"):
            objective = index["questions"][qid]["objective"]
            review.setdefault(objective, []).append(qid)
    return {"modules": modules, "review": review}


class ProgressPage(HostedWidget):
    """The progress page: a chart, a table, what to review, the completion record, exports.

    On the site it reads the reader's browser storage. Live, the front-end asks the kernel for
    this computer's progress through custom messages: those are never part of the widget state,
    which the book build embeds in the published page.
    """

    _esm = static_path("progress-page.js")
    _css = static_path("progress-page.css")
    course = traitlets.Dict().tag(sync=True)

    def __init__(self, store: ProgressStore | None = None, **kwargs):
        super().__init__(**kwargs)
        self._store = store
        self._lesson_links = None
        self.on_msg(self._on_message)

    def _ipython_display_(self) -> None:
        """The widget; live, an output below it for the lesson links (progress/lesson_links.py),
        filled in when JupyterLab's front-end asks for this computer's progress."""
        from IPython.display import HTML, display

        data, metadata = self._repr_mimebundle_()
        display(data, metadata=metadata, raw=True)
        if self._store is not None:
            self._lesson_links = display(HTML(""), display_id=True)

    def _on_message(self, _widget, content, _buffers) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "clear" and self._store is not None:
            self._store.clear()
        if kind in ("refresh", "clear"):
            self.send(self.live_payload())
            self._show_lesson_links()

    def _show_lesson_links(self) -> None:
        if self._lesson_links is None or self._store is None:
            return
        from pathlib import Path

        from IPython.display import HTML

        from microneedling_course.progress.lesson_links import lesson_links_html

        summary = progress_summary(self._store.load()["records"], self.course)
        self._lesson_links.update(HTML(lesson_links_html(summary, self.course, Path.cwd())))

    def live_payload(self) -> dict:
        """This computer's progress for the live page, with the matplotlib chart as a data URI."""
        if self._store is None:
            return {"type": "progress", "available": False}
        document = self._store.load()
        summary = progress_summary(document["records"], self.course)
        chart = base64.b64encode(_chart_png(summary)).decode("ascii")
        return {
            "type": "progress",
            "available": True,
            "records": document["records"],
            "assessments": document["assessments"],
            "trainee": document["trainee"],
            "chart": f"data:image/png;base64,{chart}",
            "path": str(self._store.path),
        }

    def fallback_html(self) -> str:
        return (
            "<p>Your progress is kept in this browser and shown here with JavaScript. "
            "Turn JavaScript on to see it, export it or clear it.</p>"
        )


def _index_with_live_links(bank: Bank, page: str, site_draw) -> dict:
    """The course index with site links (.html) plus JupyterLab links (.ipynb) as live_href."""
    index = course_index(bank, page, ".html", site_draw)
    live = course_index(bank, page, ".ipynb", site_draw)
    for site_module, live_module in zip(index["modules"], live["modules"], strict=True):
        site_module["live_href"] = live_module["href"]
    for objective_id, objective in index["objectives"].items():
        objective["live_href"] = live["objectives"][objective_id]["href"]
    return index


def _site_draw(bank: Bank) -> list[str]:
    from microneedling_course.progress.assessment import draw_assessment, load_settings

    settings = load_settings()
    return draw_assessment(bank, settings.site_seed, settings)


def show_progress_page(page: str = "book/my-progress") -> ProgressPage:
    """The site's progress page (reads the browser's storage; never this computer's file)."""
    bank = load_bank(check_bibliography=False)
    return ProgressPage(course=_index_with_live_links(bank, page, _site_draw(bank)))


def show_my_progress(
    store: ProgressStore | None = None, page: str = "notebooks/09-my-progress"
) -> ProgressPage:
    """Live: this computer's progress with a matplotlib chart per module and what to review.

    On the site the same cell shows the reader's own progress from their browser.
    """
    bank = load_bank(check_bibliography=False)
    return ProgressPage(
        course=_index_with_live_links(bank, page, _site_draw(bank)),
        store=store or ProgressStore(),
    )


def _chart_png(summary: dict) -> bytes:
    from matplotlib.figure import Figure

    modules = summary["modules"]
    fig = Figure(figsize=(7, 0.6 + 0.55 * len(modules)))
    ax = fig.subplots()
    rows = range(len(modules))
    completion = [m["completion"] for m in modules]
    scores = [m["score"] or 0 for m in modules]
    ax.barh([r - 0.2 for r in rows], completion, height=0.38, color="#6baed6", label="completion")
    ax.barh([r + 0.2 for r in rows], scores, height=0.38, color="#08519c", label="score")
    # A module title such as "TCA $35%$" is text, not matplotlib mathtext (parse_math), and a tab
    # in it is shown escaped, as on the terminal (no missing-glyph warning).
    ax.set_yticks(
        list(rows), [printable(m["title"], keep_tabs=False) for m in modules], parse_math=False
    )
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
    ax.invert_yaxis()
    ax.legend(loc="lower right", fontsize="small")
    return figure_png(fig, dpi=100)
