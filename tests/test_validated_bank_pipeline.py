"""Property: a bank that `mncourse validate` accepts works in every later step.

Hypothesis writes whole banks (every question type, text full of characters that matplotlib,
BibTeX, XML, Markdown, HTML or a spreadsheet could misread, control characters and lone
surrogates) and a bibliography with hostile titles into a course folder. Whatever the bank check
accepts must then go through the quiz as the site and JupyterLab show it, the objectives, the
answer keys, every LMS export, the progress summary and its chart, and the cohort report's chart,
without an exception.
"""

import os
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microneedling_course.bank import BankError, load_bank

FIXTURE_COURSE = Path(__file__).parent / "fixtures" / "course"
TRICKY = list("$%{}\\*_`<>&\"'#~=+-@:[]|^") + [
    "\t",
    "\n",
    "\r",
    "\x0b",
    "\x00",
    "\x1b",
    "\u2028",
    "\u202e",
    "\ufeff",
    "\ud800",
    "\udfff",
    "\ufffe",
    "é",
    "²",
    "٣",
    "👍",
    " ",
]
# Characters no output can carry: the check must refuse them. A bank drawn as hostile holds them
# in one text in four; the others never do, so most banks validate and go down the whole line.
FORBIDDEN = {"\x0b", "\x00", "\x1b", "\ufffe", chr(0xD800), chr(0xDFFF)}
ALLOWED = [c for c in TRICKY if c not in FORBIDDEN]
printable_characters = st.characters(codec="utf-8", exclude_categories=["Cc", "Cs", "Cn"])
allowed_text = st.text(alphabet=st.sampled_from(ALLOWED) | printable_characters, max_size=30).map(
    lambda text: f"t{text}"
)
allowed_words = st.text(alphabet=st.sampled_from(ALLOWED + list("abc xyz 0123")), max_size=20).map(
    lambda text: f"w{text}"
)
hostile_text = st.text(alphabet=st.sampled_from(TRICKY), min_size=1, max_size=10)


def text_for(hostile: bool, base):
    return st.one_of(base, base, base, hostile_text) if hostile else base


slugs = st.from_regex(r"[a-z]{1,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)


def _options(draw, kind, words, texts):
    count = draw(st.integers(2, 4))
    options = [{"text": f"o{n} {draw(words)}", "feedback": draw(texts)} for n in range(count)]
    if kind == "single":
        return options, "ABCD"[draw(st.integers(0, count - 1))]
    picks = draw(st.sets(st.integers(0, count - 1), min_size=1))
    return options, ["ABCD"[n] for n in sorted(picks)]


@st.composite
def questions(draw, qid: str, objective: str, hostile: bool, kind: str | None = None):
    words, texts = text_for(hostile, allowed_words), text_for(hostile, allowed_text)
    kind = kind or draw(
        st.sampled_from(["single", "multiple", "truefalse", "numeric", "ordering", "matching"])
    )
    question = {
        "id": qid,
        "type": kind,
        "objective": objective,
        "difficulty": draw(st.sampled_from(["easy", "medium", "hard"])),
        "prompt": draw(words),
        "explanation": draw(words),
        "references": ["harris2015"],
    }
    if draw(st.booleans()):
        question["hint"] = draw(words)
    if kind in ("single", "multiple"):
        question["options"], question["answer"] = _options(draw, kind, words, texts)
    elif kind == "truefalse":
        question.update(answer=draw(st.booleans()), true_label=draw(words))
    elif kind == "numeric":
        question.update(
            answer=draw(st.floats(-1e6, 1e6, allow_nan=False)),
            tolerance=draw(st.floats(0, 10)),
            unit=draw(words),
        )
    elif kind == "ordering":
        question["items"] = [f"i{n} {draw(words)}" for n in range(draw(st.integers(2, 4)))]
    else:
        question["pairs"] = [
            {"left": f"l{n} {draw(words)}", "right": f"r{n} {draw(words)}"}
            for n in range(draw(st.integers(2, 3)))
        ]
    return question


@st.composite
def modules(draw, index: int, hostile: bool):
    words = text_for(hostile, allowed_words)
    module_id = f"m{index}-{draw(slugs)}"
    objective = f"{module_id}-goal"
    items = [
        draw(questions(f"{module_id}-q{n}", objective, hostile))
        for n in range(draw(st.integers(1, 3)))
    ]
    if draw(st.booleans()):
        case = {
            "id": f"{module_id}-case",
            "type": "case",
            "objective": objective,
            "difficulty": "medium",
            "prompt": draw(words),
            "vignette": draw(words),
            "explanation": draw(words),
            "references": ["harris2015"],
            "parts": [
                draw(questions(f"{module_id}-case-p{n}", objective, hostile)) for n in range(2)
            ],
        }
        for part in case["parts"]:
            del part["references"]
        items.append(case)
    return {
        "schema_version": 1,
        "module": module_id,
        "title": draw(words),
        "lesson": f"notebooks/{module_id}",
        "objectives": [{"id": objective, "text": draw(words), "section": "quiz"}],
        "questions": items,
    }


# Titles built from BibTeX's pieces: an escaped \\%, braces that keep capitals, $ and &; in one
# title in four also a bare % or a lone brace, which the check must refuse.
CLEAN_PIECES = ["Skin", " needling", " 35", "\\%", " {TCA}", " $5", " &", " é", " ~"]
clean_titles = st.lists(st.sampled_from(CLEAN_PIECES), min_size=1, max_size=8).map("".join)
hostile_titles = st.lists(
    st.sampled_from([*CLEAN_PIECES, "%", "{", "}"]), min_size=1, max_size=8
).map("".join)
bib_titles = st.one_of(clean_titles, clean_titles, clean_titles, hostile_titles)


def write_course(folder: Path, bank: list[dict], title: str) -> bool:
    """A course folder with the bank and a bibliography; False when YAML cannot hold the text."""
    (folder / "quizzes").mkdir(parents=True)
    (folder / "book").mkdir()
    shutil.copytree(FIXTURE_COURSE / "data", folder / "data")
    for number, module in enumerate(bank):
        # ASCII with escapes: a control character or a lone surrogate is written as "\x0b" or
        # "\ud800", as an author would have to type it.
        try:
            text = yaml.safe_dump(module, allow_unicode=False, sort_keys=False)
        except yaml.YAMLError:
            return False
        (folder / "quizzes" / f"{number:02d}.yml").write_text(text, encoding="ascii")
    bib = (FIXTURE_COURSE / "book" / "references.bib").read_text(encoding="utf-8")
    bib = bib.replace(
        "Skin needling as a treatment for acne scarring: an up-to-date review of the literature",
        title,
        1,
    )
    (folder / "book" / "references.bib").write_text(bib, encoding="utf-8")
    return True


def every_later_step(folder: Path, out: Path) -> None:
    """What the build, the instructor tools and the trainee's progress do with a valid bank."""
    from microneedling_course.instructor.answer_key import write_answer_keys
    from microneedling_course.instructor.cohort import cohort_statistics
    from microneedling_course.instructor.exports import FORMATS, write_export
    from microneedling_course.instructor.report import report_html
    from microneedling_course.progress.my_progress import _chart_png, course_index, progress_summary
    from microneedling_course.progress.record_export import TraineeRecord, document_to_csv
    from microneedling_course.progress.store import empty_document, make_record
    from microneedling_course.quiz.widget import show_objectives, show_quiz

    bank = load_bank()
    for module in bank.modules.values():
        bundle = show_quiz(module.id)._repr_mimebundle_()
        html = bundle[0]["text/html"] if isinstance(bundle, tuple) else bundle["text/html"]
        html.encode("utf-8")
        show_objectives(module.id)._repr_html_().encode("utf-8")
    for path in write_answer_keys(bank, out / "keys"):
        path.read_text(encoding="utf-8")
    for fmt in FORMATS:
        write_export(fmt, bank, out / fmt)
    records = [
        make_record(q.module, q.id, 0, "partial", 0.5) for q in list(bank.questions.values())
    ]
    summary = progress_summary(records, course_index(bank, "notebooks/09-my-progress"))
    _chart_png(summary)
    document = empty_document()
    document["records"] = records
    document_to_csv(document).encode("utf-8")
    trainee = TraineeRecord("Ana", "a", records, [], "a.json")
    sizes = {m.id: len(m.questions) for m in bank.modules.values()}
    titles = {m.id: m.title for m in bank.modules.values()}
    report_html(cohort_statistics([trainee], sizes, titles, [])).encode("utf-8")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    bank=st.tuples(st.integers(1, 2), st.booleans()).flatmap(
        lambda drawn: st.tuples(*[modules(i, drawn[1]) for i in range(drawn[0])])
    ),
    title=bib_titles,
)
def test_what_validates_works_in_every_later_step(bank, title):
    """Does every bank the check accepts go through the quiz, the objectives, the answer keys,
    every export, the progress summary and chart and the report's chart without an exception?"""
    saved = {name: os.environ.get(name) for name in ("MNC_COURSE_ROOT", "MNC_BANK_DIR")}
    with tempfile.TemporaryDirectory(prefix="mnc-pipeline-") as temp:
        folder = Path(temp) / "course"
        if not write_course(folder, list(bank), title):
            return
        os.environ["MNC_COURSE_ROOT"] = str(folder)
        os.environ.pop("MNC_BANK_DIR", None)
        try:
            try:
                load_bank()
            except BankError as refused:
                assert all("\n" not in str(problem) for problem in refused.problems)
                return
            every_later_step(folder, Path(temp) / "out")
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


def test_hostile_title_and_module_text_pass_every_step(tmp_path, monkeypatch):
    """A fixed example of the property: a module title with $, % and braces (matplotlib once read
    "$35%$" as mathtext and the progress chart failed), an escaped % in a bibliography title;
    validated, then through every step."""
    bank = [
        {
            "schema_version": 1,
            "module": "peels",
            "title": "Peels: TCA $35%$ or {50%} glycolic",
            "lesson": "notebooks/peels",
            "objectives": [{"id": "peels-goal", "text": "Know $x$ and 100%."}],
            "questions": [
                {
                    "id": "peels-q",
                    "type": "single",
                    "objective": "peels-goal",
                    "difficulty": "easy",
                    "prompt": "Which $is$ **safe** at 35%?",
                    "options": ["A {x}", "B <y> & z"],
                    "answer": "A",
                    "explanation": "Because `35%`.",
                    "references": ["harris2015"],
                }
            ],
        }
    ]
    assert write_course(tmp_path / "course", bank, r"Peels with {TCA} 35\% and \$5")
    monkeypatch.setenv("MNC_COURSE_ROOT", str(tmp_path / "course"))
    every_later_step(tmp_path / "course", tmp_path / "out")
