"""Property tests of the readers of trainee data: the progress file and the trainee's record
files (JSON and CSV). Whatever bytes they meet, they give a document or their own one-line error
(a warning for the progress file), never another exception; what they write they read back."""

import json
import string
import tempfile
import warnings
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microneedling_course.progress.record_export import (
    RecordFileError,
    read_record_file,
    write_exports,
)
from microneedling_course.progress.store import (
    ProgressFileWarning,
    ProgressStore,
    salvage_records,
)

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Names as trainees type them, and as a hostile tester would: formula leads, quotes, commas,
# line breaks, a leading apostrophe, other scripts' digits, control characters.
name_text = st.text(
    alphabet=st.sampled_from(list("=+-@'\t\r\n\",; ²٣éAna Zo0") + ["\x00", "\u202e", "👍"]),
    max_size=24,
)
labels = st.text(alphabet=string.ascii_lowercase + "-$%=+@'", min_size=1, max_size=16)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    # Responses are indices, letters and numbers typed by a trainee; past 2**53 a number written
    # the JavaScript way (the site's format) reads back in Python as a different integer.
    | st.floats(-1e15, 1e15, allow_nan=False)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def records(draw):
    return {
        "module": draw(labels),
        "question_id": draw(labels),
        "response": draw(json_values),
        "verdict": draw(st.sampled_from(["correct", "partial", "incorrect", "unanswered"])),
        "score": draw(st.sampled_from([0, 0.5, 1, 0.25, 2 / 3, 1.0])),
        "time": f"2026-03-{draw(st.integers(1, 28)):02d}T10:00:00.000Z",
    }


@st.composite
def documents(draw):
    results = [
        {
            "attempt_id": draw(labels),
            "score": draw(st.sampled_from([0.0, 0.85, 1.0])),
            "passed": draw(st.booleans()),
            "time": "2026-03-05T10:00:00.000Z",
        }
        for _ in range(draw(st.integers(0, 2)))
    ]
    return {
        "schema_version": 1,
        "kind": "microneedling-course-progress",
        "trainee": {"name": draw(name_text), "id": draw(name_text)},
        "records": draw(st.lists(records(), max_size=5)),
        "assessments": results,
    }


def _quiet_load(store: ProgressStore) -> dict:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        document = store.load()
    assert all(w.category is ProgressFileWarning for w in caught), [str(w.message) for w in caught]
    return document


# ------------------------------------------------------------------ the progress file


# Lists or objects nested past any stack, alone or in a document's response.
deep_nesting = st.tuples(st.integers(100, 5000), st.sampled_from(["[]", "{}"])).map(
    lambda drawn: (
        '{"a":' * (drawn[0] if drawn[1] == "{}" else 0)
        + "[" * (drawn[0] if drawn[1] == "[]" else 0)
    )
)
damaged_bytes = st.one_of(
    st.binary(max_size=400),
    deep_nesting.map(str.encode),
    st.tuples(documents(), deep_nesting).map(
        lambda drawn: (
            json.dumps(drawn[0]).replace('"records": [', f'"records": [{drawn[1]}', 1).encode()
        )
    ),
    st.text(alphabet='{}[]":,0123456789.-eE truefalsn\\u\n\x00', max_size=400).map(str.encode),
    st.tuples(documents(), st.integers(0, 2000), st.binary(max_size=12)).map(
        lambda drawn: _damage(json.dumps(drawn[0], indent=1).encode(), drawn[1], drawn[2])
    ),
)


def _damage(data: bytes, at: int, inserted: bytes) -> bytes:
    at = at % (len(data) + 1)
    return data[:at] + inserted + data[at + len(inserted) // 2 :]


@SETTINGS
@given(damaged_bytes)
def test_any_progress_file_loads_and_then_records(data):
    """Whatever bytes the progress file holds, does loading give a document (a warning at most),
    and does the next answer save and read back?"""
    with tempfile.TemporaryDirectory() as temp:
        store = ProgressStore(Path(temp) / "progress.json")
        store.path.write_bytes(data)
        document = _quiet_load(store)
        assert isinstance(document["records"], list)
        store.record_attempt("aftercare", "aftercare-new", [1], "correct", 1)
        assert _quiet_load(store)["records"][-1]["question_id"] == "aftercare-new"


@SETTINGS
@given(documents(), st.booleans())
def test_a_valid_progress_file_loads_exactly(document, bom):
    """Does any valid document (with or without a BOM) load as written, nothing set aside?"""
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "progress.json"
        text = json.dumps(document, ensure_ascii=False, indent=1)
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass"))
        with warnings.catch_warnings():
            warnings.simplefilter("error", ProgressFileWarning)
            loaded = ProgressStore(path).load()
    assert loaded["records"] == document["records"]
    assert loaded["assessments"] == document["assessments"]
    assert loaded["trainee"] == document["trainee"]


@SETTINGS
@given(documents(), st.integers(0, 10_000), st.booleans())
def test_a_cut_file_keeps_everything_written_whole_before_the_cut(document, cut, bom):
    """Cut a progress file anywhere (with or without a BOM): does loading keep exactly the
    answers and the results written whole before the cut, in order, and the trainee's name and
    id once their object is whole?"""
    text = json.dumps(document, ensure_ascii=False, indent=1)
    cut = cut % (len(text) + 1)
    with tempfile.TemporaryDirectory() as temp:
        store = ProgressStore(Path(temp) / "progress.json")
        store.path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text[:cut].encode())
        loaded = _quiet_load(store)
    assert loaded["records"] == _whole_before(text, document["records"], cut, 2)
    assert loaded["assessments"] == _whole_before(text, document["assessments"], cut, 2)
    trainee = document["trainee"]
    if _whole_before(text, [trainee], cut, 1) and (trainee["name"] or trainee["id"]):
        assert loaded["trainee"] == trainee
    assert salvage_records(text[:cut]) == loaded["records"]


def _whole_before(text: str, values: list[dict], cut: int, depth: int) -> list[dict]:
    """The values whose text (as json.dumps wrote it, `depth` levels in) ends before `cut`."""
    whole, position = [], 0
    for value in values:
        shown = json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * depth)
        start = text.index(shown, position)
        position = start + len(shown)
        if position <= cut:
            whole.append(value)
    return whole


# ------------------------------------------------------------------ the trainee's record files


json_texts = st.one_of(
    json_values.map(json.dumps),
    documents().map(json.dumps),
    deep_nesting,
    st.tuples(documents(), deep_nesting).map(
        lambda drawn: json.dumps(drawn[0]).replace('"records": [', f'"records": [{drawn[1]}', 1)
    ),
)


@SETTINGS
@given(json_texts)
def test_any_json_record_file_reads_or_is_refused(text):
    """Is any JSON text in a .json record (nested past any stack too) a record or a
    RecordFileError, nothing else?"""
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "t.json"
        path.write_text(text, encoding="utf-8")
        try:
            read_record_file(path)
        except RecordFileError as error:
            assert "\n" not in str(error)


csv_text = st.text(
    alphabet=st.sampled_from(list("kindatmpesco,\"\n\r='{}[]0123456789.") + ["\x00", "é"]),
    max_size=300,
)
HEADER = "kind,trainee_name,trainee_id,module,question_id,verdict,score,time,response\n"


ROW = "attempt,Ana,a,aftercare,aftercare-a,correct,1,2026-03-01T09:00:00Z,"
csv_rows = st.one_of(
    deep_nesting.map(lambda response: HEADER + ROW + response + "\n"),
    st.integers(1, 300_000).map(lambda n: HEADER + ROW + "1" + "0" * n + "\n"),
)


@SETTINGS
@given(st.one_of(csv_text, csv_text.map(lambda body: HEADER + body), csv_rows))
def test_any_csv_record_file_reads_or_is_refused(text):
    """Is any text in a .csv record (a cell of 300,000 characters, a response nested past any
    stack) a record or a RecordFileError, nothing else?"""
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "t.csv"
        path.write_text(text, encoding="utf-8", newline="")
        try:
            read_record_file(path)
        except RecordFileError as error:
            assert "\n" not in str(error)


@SETTINGS
@given(documents())
def test_exports_read_back_as_written(document):
    """Do the JSON and CSV exports of any document read back to the same trainee, answers and
    results (names with formula leads, quotes, a leading apostrophe, line breaks included)?"""
    with tempfile.TemporaryDirectory() as temp:
        for path in write_exports(document, temp):
            back = read_record_file(path)
            if path.suffix == ".csv" and not (document["records"] or document["assessments"]):
                continue  # the CSV names its trainee on each row: without rows, no name
            assert (back.name, back.trainee_id) == (
                document["trainee"]["name"],
                document["trainee"]["id"],
            )
            # The CSV keeps scores to four decimals (as the site's export does).
            assert [dict(r, score=round(r["score"], 4)) for r in back.records] == [
                dict(r, score=round(r["score"], 4)) for r in document["records"]
            ]
            assert [a["attempt_id"] for a in back.assessments] == [
                a["attempt_id"] for a in document["assessments"]
            ]
