"""A trainee's own progress: completion and score per module and what to review (live and site)."""

import html
import io
import posixpath

import traitlets

from microneedling_course.bank import Bank, load_bank
from microneedling_course.hosting import HostedWidget
from microneedling_course.paths import static_path
from microneedling_course.progress_store import ProgressStore

ASSESSMENT_MODULE = "final-assessment"
STORAGE_KEY = "mnc-progress-v1"


def lesson_href(lesson: str, page: str, suffix: str = ".html", section: str = "") -> str:
    """A relative link from one page (docname) to a lesson (docname), optionally to a heading."""
    relative = posixpath.relpath(lesson, posixpath.dirname(page) or ".")
    return relative + suffix + (f"#{section}" if section else "")


def course_index(bank: Bank, page: str, suffix: str = ".html", site_draw=None) -> dict:
    """What the progress views need from the bank (titles, links, which question teaches what)."""
    from microneedling_course.assessment import load_settings

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
    """The progress page: an SVG chart, a table, what to review, exports and clearing."""

    _esm = static_path("progress-page.js")
    _css = static_path("progress-page.css")
    course = traitlets.Dict().tag(sync=True)
    records = traitlets.List().tag(sync=True)
    assessments = traitlets.List().tag(sync=True)
    trainee = traitlets.Dict().tag(sync=True)
    clear_requests = traitlets.Int(0).tag(sync=True)

    def __init__(self, store: ProgressStore | None = None, **kwargs):
        super().__init__(**kwargs)
        self._store = store

    def static_state(self) -> dict:
        # The site reads the reader's own browser storage; the build machine's answers must
        # never be written into a public page.
        state = super().static_state()
        state["records"] = []
        state["assessments"] = []
        state["trainee"] = {}
        return state

    @traitlets.observe("clear_requests")
    def _clear(self, change):
        if self._store is not None and change["new"] > change["old"]:
            self._store.clear()
            self.records = []
            self.assessments = []

    def fallback_html(self) -> str:
        return (
            "<p>Your progress is kept in this browser and shown here with JavaScript. "
            "Turn JavaScript on to see it, export it or clear it.</p>"
        )


def show_progress_page(page: str = "book/my-progress"):
    """The site's progress page, reading the reader's browser storage.

    It never loads this computer's progress file: the page is executed when the book is built,
    and whatever the widget holds then could end up in the published page.
    """
    from microneedling_course.assessment import draw_assessment, load_settings

    bank = load_bank()
    settings = load_settings()
    site_draw = draw_assessment(bank, settings.site_seed, settings)
    return ProgressPage(course=course_index(bank, page, ".html", site_draw))


def show_my_progress(store: ProgressStore | None = None, page: str = "notebooks/09-my-progress"):
    """Live: a matplotlib chart per module (completion and score) and the objectives to review."""
    from IPython.display import HTML, display

    store = store or ProgressStore()
    index = course_index(load_bank(), page, ".ipynb")
    summary = progress_summary(store.records(), index)
    display(HTML(_summary_html(summary, index, chart=_chart_png(summary))))
    return summary


def _chart_png(summary: dict) -> bytes:
    from matplotlib.figure import Figure

    modules = summary["modules"]
    fig = Figure(figsize=(7, 0.6 + 0.55 * len(modules)))
    ax = fig.subplots()
    rows = range(len(modules))
    completion = [m["completion"] for m in modules]
    scores = [m["score"] or 0 for m in modules]
    ax.barh([r - 0.2 for r in rows], completion, height=0.38, color="#9ecae1", label="completion")
    ax.barh([r + 0.2 for r in rows], scores, height=0.38, color="#08519c", label="score")
    ax.set_yticks(list(rows), [m["title"] for m in modules])
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda value, _: f"{value:.0%}")
    ax.invert_yaxis()
    ax.legend(loc="lower right", fontsize="small")
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def _summary_html(summary: dict, index: dict, chart: bytes | None = None) -> str:
    import base64

    rows = "".join(
        f"<tr><th scope='row'><a href='{html.escape(m['href'])}'>{html.escape(m['title'])}</a></th>"
        f"<td>{m['answered']} of {m['total']} ({m['completion']:.0%})</td>"
        f"<td>{'not started' if m['score'] is None else format(m['score'], '.0%')}</td></tr>"
        for m in summary["modules"]
    )
    parts = []
    if chart:
        data = base64.b64encode(chart).decode("ascii")
        parts.append(
            f"<img src='data:image/png;base64,{data}' style='max-width:100%;height:auto' "
            "alt='Bar chart: completion and score for each module (the same numbers are in the "
            "table below).'>"
        )
    parts.append(
        "<table><caption>Completion and score per module (latest answer to each question)"
        "</caption><thead><tr><th scope='col'>Module</th><th scope='col'>Answered</th>"
        f"<th scope='col'>Score</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    if summary["review"]:
        items = "".join(
            f"<li><a href='{html.escape(index['objectives'][o]['href'])}'>"
            f"{html.escape(index['objectives'][o]['text'])}</a></li>"
            for o in summary["review"]
            if o in index["objectives"]
        )
        parts.append(f"<h3>Worth another look</h3><ul>{items}</ul>")
    else:
        parts.append("<p>No objective to review: every latest answer was right (or none yet).</p>")
    return "<div class='mnc-my-progress'>" + "".join(parts) + "</div>"
