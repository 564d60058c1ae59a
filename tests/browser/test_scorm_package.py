"""The SCORM package of the built course, launched in Chromium by a test LMS built on scorm-again.

tests/browser/scorm_harness/ is the LMS: scorm-again's run-time API (SCORM 1.2 `API` or SCORM
2004 `API_1484_11`) on the top window, the SCO in a frame. Each test launches SCOs as an LMS
does, answers the quiz in the frame, leaves the page and reads the CMI data the LMS kept.
"""

import functools
import json
import re
import shutil
import threading
import zipfile
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest

from microneedling_course.bank import load_bank
from microneedling_course.instructor.exports.scorm import write_scorm

HARNESS = Path(__file__).parent / "scorm_harness"
REPO_ROOT = Path(__file__).resolve().parents[2]
SCORM_AGAIN = REPO_ROOT / "node_modules" / "scorm-again" / "dist"
PASS_MARK = 0.8
# The page's quiz (and any lab) mounted by boot.js; a SCO page always has a quiz.
MOUNTED = """() => document.querySelector('[data-mnc-widget="quiz.js"]') !== null
    && [...document.querySelectorAll('[data-mnc-widget]')].every((box) =>
        box.querySelector(':scope > .mnc-mount') !== null)"""
CP = {
    "1.2": "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}",
    "2004": "{http://www.imsglobal.org/xsd/imscp_v1p1}",
}
ADLCP = {
    "1.2": "{http://www.adlnet.org/xsd/adlcp_rootv1p2}",
    "2004": "{http://www.adlnet.org/xsd/adlcp_v1p3}",
}

# Answers each question card of the frame's quiz with its first choice (a number: 1; matching:
# the first match), from card `first` on, `count` cards; presses Check on practice questions.
ANSWER_JS = """([first, count]) => {
  const cards = [...document.querySelectorAll('[data-mnc-widget="quiz.js"] fieldset.mnc-q')]
    .slice(first, count === null ? undefined : first + count);
  for (const card of cards) {
    const parts = [...card.querySelectorAll('fieldset.mnc-part')];
    for (const scope of parts.length ? parts : [card]) {
      const choice = scope.querySelector('input[type=radio], input[type=checkbox]');
      if (choice) choice.click();
      const number = scope.querySelector('input.mnc-number');
      if (number) number.value = '1';
      for (const select of scope.querySelectorAll('select.mnc-select')) select.selectedIndex = 1;
    }
    const buttons = [...card.querySelectorAll('button')];
    const check = buttons.find((b) => b.textContent.trim() === 'Check');
    if (check) check.click();
  }
  return cards.length;
}"""
PROGRESS_JS = (
    """() => JSON.parse(localStorage.getItem('mnc-progress-v1') || '{"records": []}').records"""
)


# ----------------------------------------------------------------- the package and the test LMS


@pytest.fixture(scope="module")
def packages(built_site, tmp_path_factory):
    """Both packages of the session's built site: {version: path of the zip}."""
    folder = tmp_path_factory.mktemp("scorm")
    bank = load_bank()
    return {v: write_scorm(bank, folder / f"{v}.zip", built_site, v).path for v in ("1.2", "2004")}


@pytest.fixture(scope="module")
def lms_url(packages, node_package, tmp_path_factory):
    """{version: base URL} of the test LMS serving the unpacked package on 127.0.0.1."""
    node_package("scorm-again")
    root = tmp_path_factory.mktemp("lms")
    for version, package in packages.items():
        folder = root / version
        shutil.copytree(HARNESS, folder)
        for name in ("scorm12.js", "scorm2004.js"):
            shutil.copy(SCORM_AGAIN / name, folder / name)
        with zipfile.ZipFile(package) as archive:
            archive.extractall(folder / "pkg")
    handler = functools.partial(QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    yield {version: f"{base}{version}/" for version in packages}
    server.shutdown()
    server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript"}

    def log_message(self, format, *args):
        return


@pytest.fixture
def context(browser):
    """A fresh browser profile (empty localStorage) that lets no request leave 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.route(
        re.compile(r"^(?!http://127\.0\.0\.1[:/]|data:|blob:|about:)"), lambda r: r.abort()
    )
    context.mnc_requests = requests
    yield context
    context.close()


class Launch:
    """One SCO launched by the test LMS: the harness page and the SCO's frame."""

    def __init__(self, context, base: str, version: str, href: str, initial: dict | None = None):
        self.page = context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        # Every Jupyter Book 1 page declares THEBE_JS_URL twice (upstream; tests/browser/conftest).
        self.known = ["Identifier 'THEBE_JS_URL' has already been declared"]
        if initial is not None:
            self.page.add_init_script(f"window.mncInitialCmi = {json.dumps(initial)};")
        self.page.goto(f"{base}harness.html?version={version}&sco={href}")
        self.page.wait_for_function("() => window.mncCalls && window.mncCalls.length > 0")
        self.page.wait_for_function(
            "(href) => document.getElementById('sco').contentWindow.location.href.endsWith(href)",
            arg=href,
            polling=100,
        )
        frames = [f for f in self.page.frames if f is not self.page.main_frame]
        self.frame = next(f for f in frames if f.url.endswith(href))
        self.frame.wait_for_load_state("load")
        # Polled by interval: requestAnimationFrame (the default) may not run in a frame.
        self.frame.wait_for_function(MOUNTED, polling=100)

    def answer(self, first: int = 0, count: int | None = None) -> int:
        return self.frame.evaluate(ANSWER_JS, [first, count])

    def submit_assessment(self) -> None:
        self.answer()
        self.frame.get_by_role("button", name="Submit all answers").click()
        self.frame.get_by_text("You scored").first.wait_for()

    def records(self) -> list[dict]:
        return self.frame.evaluate(PROGRESS_JS)

    def leave(self) -> dict:
        """Unload the SCO (the LMS closes its frame) and return the CMI data the LMS kept."""
        self.page.evaluate("document.getElementById('sco').src = 'about:blank'")
        finish = (
            "Terminate"
            if "API_1484_11" in self.page.evaluate("Object.keys(window)")
            else "LMSFinish"
        )
        self.page.wait_for_function(
            f"() => window.mncCalls.some(([name]) => name === '{finish}')", polling=100
        )
        cmi = self.page.evaluate("window.mncCmi()")
        cmi["calls"] = self.page.evaluate("window.mncCalls")
        self.page.close()
        return cmi


def sco_hrefs(package: Path, version: str) -> dict[str, str]:
    """{href: kind} of the package's SCOs, read from its manifest."""
    with zipfile.ZipFile(package) as archive:
        manifest = archive.read("imsmanifest.xml")
    from xml.etree import ElementTree as ET

    root = ET.fromstring(manifest)
    attribute = f"{ADLCP[version]}{'scormtype' if version == '1.2' else 'scormType'}"
    return {
        unquote(r.get("href")): "assessment" if "final-assessment" in r.get("href") else "lesson"
        for r in root.iter(f"{CP[version]}resource")
        if r.get(attribute) == "sco"
    }


def decode_suspend(text: str) -> list[list]:
    data = json.loads(text)
    assert data["v"] == 1
    return data["r"]


# ----------------------------------------------------------------- the manifest and the zip


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_manifest_lists_every_file_with_unique_identifiers(packages, version):
    """Does the manifest reference only files in the zip, every file of the zip, identifiers
    once each, one SCO per lesson and one for the final assessment?"""
    from xml.etree import ElementTree as ET

    with zipfile.ZipFile(packages[version]) as archive:
        names = set(archive.namelist())
        root = ET.fromstring(archive.read("imsmanifest.xml"))
    cp = CP[version]
    referenced = {unquote(f.get("href")) for f in root.iter(f"{cp}file")}
    referenced |= {unquote(r.get("href")) for r in root.iter(f"{cp}resource") if r.get("href")}
    assert referenced <= names
    assert names - referenced == {"imsmanifest.xml"}
    identifiers = [e.get("identifier") for e in root.iter() if e.get("identifier")]
    assert len(identifiers) == len(set(identifiers))
    refs = {e.get("identifierref") for e in root.iter() if e.get("identifierref")}
    assert refs <= set(identifiers)
    scos = sco_hrefs(packages[version], version)
    assert len(scos) == len(load_bank().modules) + 1
    assert list(scos.values()).count("assessment") == 1
    if version == "1.2":
        mastery = root.find(f".//{ADLCP['1.2']}masteryscore")
        assert mastery is not None and mastery.text == "80"


class _Loads(HTMLParser):
    """Every URL an HTML page makes the browser fetch (an independent reading of the page)."""

    LOADING_RELS = {"stylesheet", "preload", "modulepreload", "icon", "manifest", "prefetch"}

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "data", "poster"):
            if attrs.get(name):
                self.urls.append(attrs[name])
        if tag == "link" and self.LOADING_RELS & set((attrs.get("rel") or "").lower().split()):
            self.urls.append(attrs.get("href") or "")
        if attrs.get("style"):
            self.urls += css_urls(attrs["style"])
        self.in_style = tag == "style"

    def handle_data(self, data):
        if self.in_style:
            self.urls += css_urls(data)


def css_urls(text: str) -> list[str]:
    return re.findall(r"""url\(\s*['"]?([^'")]+)""", text) + re.findall(
        r"""@import\s+['"]([^'"]+)""", text
    )


def js_remote_loads(text: str) -> list[str]:
    return re.findall(
        r"""(?:\bimport\s*\(?|\bfrom|\bfetch\(|importScripts\()\s*['"](https?:[^'"]+)""", text
    )


@pytest.mark.parametrize("version", ["1.2"])
def test_nothing_loaded_from_outside_the_package(packages, version):
    """Does no page, stylesheet or script of the package load a URL from outside it, and does
    every local file a page or stylesheet loads exist in the zip?"""
    with zipfile.ZipFile(packages[version]) as archive:
        names = set(archive.namelist())
        remote, missing = [], []
        for name in sorted(names):
            suffix = PurePosixPath(name).suffix
            if suffix not in (".html", ".css", ".js"):
                continue
            if suffix == ".html" and name.startswith("_static/"):
                continue  # theme templates shipped as static files, never loaded as pages
            text = archive.read(name).decode("utf-8", errors="replace")
            if suffix == ".html":
                parser = _Loads()
                parser.feed(text)
                urls = parser.urls
            elif suffix == ".css":
                urls = css_urls(text)
            else:
                remote += [(name, url) for url in js_remote_loads(text)]
                continue
            for url in urls:
                parts = urlsplit(url)
                if parts.scheme in ("data", "blob"):
                    continue
                if parts.scheme or parts.netloc:
                    remote.append((name, url))
                    continue
                target = (PurePosixPath(name).parent / unquote(parts.path)).as_posix()
                resolved = str(PurePosixPath(*_normalise(target)))
                if parts.path and resolved not in names:
                    missing.append((name, url))
    assert remote == []
    assert missing == []


def _normalise(path: str) -> list[str]:
    out: list[str] = []
    for part in path.split("/"):
        if part == "..":
            out.pop()
        elif part not in ("", "."):
            out.append(part)
    return out


def test_launch_pages_carry_the_bridge_and_others_do_not(packages, built_site):
    """Is the bridge in every SCO's page (with its settings) and in no other page, the other
    files byte for byte the site's?"""
    scos = sco_hrefs(packages["1.2"], "1.2")
    with zipfile.ZipFile(packages["1.2"]) as archive:
        for name in archive.namelist():
            if name in ("imsmanifest.xml", "lms-scorm.js"):
                continue
            data = archive.read(name)
            if name in scos:
                text = data.decode("utf-8")
                meta = re.search(r'<meta name="mnc-scorm" content="([^"]+)">', text)
                settings = json.loads(meta.group(1).replace("&quot;", '"'))
                assert settings["kind"] == scos[name]
                assert "lms-scorm.js" in text
                if settings["kind"] == "assessment":
                    assert settings["pass_mark"] == PASS_MARK
            else:
                assert data == (built_site / name).read_bytes(), name


# ----------------------------------------------------------------- launched by the test LMS


pytestmark = pytest.mark.browser


def test_every_sco_launches_reports_and_finishes(packages, lms_url, context):
    """Is every SCO (SCORM 1.2) initialised, marked incomplete before any answer, given a
    session time and finished on unload, with no request leaving the machine?"""
    for href in sco_hrefs(packages["1.2"], "1.2"):
        launch = Launch(context, lms_url["1.2"], "1.2", href)
        cmi = launch.leave()
        names = [name for name, _ in cmi["calls"]]
        assert names[0] == "LMSInitialize" and names[-1] == "LMSFinish", href
        assert all(result == "true" for _, result in cmi["calls"]), (href, cmi["calls"])
        assert cmi["core"]["lesson_status"] == "incomplete", href
        assert re.fullmatch(r"\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?", cmi["core"]["session_time"]), href
        assert cmi["core"]["exit"] == "suspend"
        assert [e for e in launch.errors if e not in launch.known] == [], href
    assert [url for url in context.mnc_requests if not url.startswith("http://127.0.0.1")] == []


def test_lesson_completed_when_its_quiz_is_answered(lms_url, context):
    """Does answering every question of a lesson's quiz make the lesson completed, with the mean
    score of the answers, and keep the answers in suspend_data?"""
    href = "notebooks/00-how-to-use-this-course.html"
    launch = Launch(context, lms_url["1.2"], "1.2", href)
    answered = launch.answer()
    records = launch.records()
    cmi = launch.leave()
    assert answered == len({r["question_id"] for r in records}) > 0
    mean = sum(r["score"] for r in records) / len(records)
    assert cmi["core"]["lesson_status"] == "completed"
    score = cmi["core"]["score"]
    assert (score["raw"], score["min"], score["max"]) == (str(round(mean * 100)), "0", "100")
    suspended = decode_suspend(cmi["suspend_data"])
    assert sorted(row[0] for row in suspended) == sorted(r["question_id"] for r in records)


def test_relaunch_restores_progress_from_suspend_data(lms_url, browser, context):
    """Does a relaunch on a fresh browser (empty storage) restore the answers kept in
    suspend_data, so that answering only the rest completes the lesson?"""
    href = "notebooks/00-how-to-use-this-course.html"
    first = Launch(context, lms_url["1.2"], "1.2", href)
    first.answer(0, 2)
    kept = first.leave()
    assert kept["core"]["lesson_status"] == "incomplete"
    assert len(decode_suspend(kept["suspend_data"])) == 2
    fresh = browser.new_context()
    try:
        initial = {"suspend_data": kept["suspend_data"], "core": {"lesson_status": "incomplete"}}
        again = Launch(fresh, lms_url["1.2"], "1.2", href, initial)
        restored = again.records()
        assert sorted(r["question_id"] for r in restored) == sorted(
            row[0] for row in decode_suspend(kept["suspend_data"])
        )
        again.answer(2)
        cmi = again.leave()
    finally:
        fresh.close()
    assert cmi["core"]["lesson_status"] == "completed"
    assert len(decode_suspend(cmi["suspend_data"])) > 2


def test_final_assessment_reports_score_and_result(lms_url, context):
    """Does submitting the final assessment report score.raw/min/max and passed or failed against
    the pass mark, as the quiz itself scored it?"""
    launch = Launch(context, lms_url["1.2"], "1.2", "notebooks/08-final-assessment.html")
    launch.submit_assessment()
    records = [r for r in launch.records() if r["module"] == "final-assessment"]
    cmi = launch.leave()
    share = sum(r["score"] for r in records) / len(records)
    assert len(records) == 20
    score = cmi["core"]["score"]
    assert (score["raw"], score["min"], score["max"]) == (str(round(share * 100)), "0", "100")
    expected = "passed" if share + 1e-9 >= PASS_MARK else "failed"
    assert cmi["core"]["lesson_status"] == expected
    assert len(decode_suspend(cmi["suspend_data"])) == 20


def test_scorm_2004_lesson_and_assessment(lms_url, context):
    """Under SCORM 2004 (API_1484_11): completion_status, success_status, score.scaled, an ISO
    session time, and Terminate on unload; a score over the pass mark passes."""
    lesson = Launch(context, lms_url["2004"], "2004", "notebooks/00-how-to-use-this-course.html")
    lesson.answer()
    cmi = lesson.leave()
    assert cmi["completion_status"] == "completed"
    assert re.fullmatch(r"PT\d+H\d+M\d+(\.\d+)?S", cmi["session_time"])
    assert [name for name, _ in cmi["calls"]][-1] == "Terminate"
    assessment = Launch(context, lms_url["2004"], "2004", "notebooks/08-final-assessment.html")
    assessment.frame.evaluate(
        """() => document.dispatchEvent(new CustomEvent('mnc:progress',
            {detail: {kind: 'assessment', module: 'final-assessment', score: 0.85}}))"""
    )
    cmi = assessment.leave()
    assert (cmi["completion_status"], cmi["success_status"]) == ("completed", "passed")
    assert (cmi["score"]["raw"], cmi["score"]["scaled"]) == ("85", "0.85")


def test_package_page_without_an_lms_is_the_site(packages, lms_url, context):
    """Opened without an LMS, does a SCO page work as the site does (quiz graded, progress kept)
    and call no API?"""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{lms_url['1.2']}pkg/notebooks/00-how-to-use-this-course.html")
    page.wait_for_function(MOUNTED, polling=100)
    answered = page.evaluate(ANSWER_JS, [0, 1])
    records = page.evaluate(PROGRESS_JS)
    assert answered == 1 and len(records) == 1
    assert page.locator(".mnc-verdict").count() >= 1
    assert [e for e in errors if "THEBE_JS_URL" not in e] == []
    page.close()
