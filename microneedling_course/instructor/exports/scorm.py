"""SCORM package of the course (SCORM 1.2 or 2004 4th edition) built from the static site.

One SCO per lesson (the page of each bank module's lesson) and one for the final assessment (the
page whose quiz is in assessment mode), every file of the built site inside the zip, nothing
loaded from outside it. Only the launch pages change: each gets a <meta name="mnc-scorm"> with
what it reports and the runtime bridge static/lms-scorm.js, which talks to the LMS's API when one
is present and does nothing otherwise. What a SCO reports is documented in lms-scorm.js and the
instructor guide.
"""

import html
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote, urlsplit

from microneedling_course.core.paths import repo_root, static_path

VERSIONS = ("1.2", "2004")
BRIDGE = "lms-scorm.js"
DEFAULT_FILE_NAMES = {"1.2": "microneedling-scorm12.zip", "2004": "microneedling-scorm2004.zip"}
# A fixed timestamp for every zip entry: the same site gives the same package, byte for byte.
ZIP_TIME = (2024, 1, 1, 0, 0, 0)
SKIPPED_FILES = (".buildinfo",)
QUIZ_STATE = re.compile(
    r'data-mnc-widget="quiz\.js"[^>]*>\s*<script type="application/json"[^>]*>(.*?)</script>', re.S
)
MANIFEST_NS = {
    "1.2": {
        "": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
        "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
    },
    "2004": {
        "": "http://www.imsglobal.org/xsd/imscp_v1p1",
        "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
    },
}
SCHEMA_LOCATIONS = {
    "1.2": "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd "
    "http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd",
    "2004": "http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd "
    "http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd",
}
XSI = "http://www.w3.org/2001/XMLSchema-instance"


class ScormError(ValueError):
    """The package cannot be built (no site, a page missing, a page loading a remote file)."""


@dataclass(frozen=True)
class Sco:
    """One launchable page of the package and what its bridge reports."""

    identifier: str
    title: str
    href: str
    kind: str
    settings: dict


@dataclass
class ScormSummary:
    """What the packager wrote."""

    path: Path
    version: str
    scos: list[Sco] = field(default_factory=list)
    files: int = 0

    def lines(self) -> list[str]:
        out = [
            f"scorm {self.version}: {len(self.scos)} SCO(s), {self.files} file(s) in {self.path}"
        ]
        out += [f"  {sco.kind}: {sco.title} ({sco.href})" for sco in self.scos]
        return out


def default_site() -> Path:
    """The site the README's first command builds."""
    return repo_root() / "_build" / "html"


def write_scorm(
    bank,
    out: Path | str | None,
    site: Path | str | None = None,
    version: str = "1.2",
    settings=None,
) -> ScormSummary:
    """Build the SCORM package of the built site into `out` (a .zip, or a folder for the default
    name) and return its summary; ScormError (one line) when it cannot."""
    if version not in VERSIONS:
        raise ScormError(f"unknown SCORM version '{version}' (choose from {', '.join(VERSIONS)})")
    site = Path(site) if site is not None else default_site()
    if not (site / "index.html").is_file():
        raise ScormError(
            f"{site} holds no built site (no index.html): build it first (README, command 1) "
            "or name a built site with --site"
        )
    if settings is None:
        from microneedling_course.progress.assessment import load_settings

        settings = load_settings()
    target = Path(out) if out is not None else Path("instructor-out")
    if target.suffix == "" or target.is_dir():
        target = target / DEFAULT_FILE_NAMES[version]
    files = site_files(site)
    scos = find_scos(site, bank, settings.pass_mark)
    check_local_loads(site, files)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        _write_zip(partial, site, files, scos, version)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return ScormSummary(target, version, scos, len(files) + 2)


def site_files(site: Path) -> list[str]:
    """Every file of the built site a page can load, as sorted POSIX paths relative to it."""
    files = sorted(
        path.relative_to(site).as_posix()
        for path in site.rglob("*")
        if path.is_file() and path.name not in SKIPPED_FILES
    )
    left_out = unused_theme_files(site, files)
    return [name for name in files if name not in left_out]


# Theme files the lean pages (sphinx/lean_pages.py) stop loading: Font Awesome's script and fonts,
# Bootstrap's script, the stylesheets combined into lean-pages.css; the theme's template macros
# Sphinx copies into _static (never loaded); and source maps, which only a browser's developer
# tools fetch. Together about two thirds of the package's bytes.
_THEME_CANDIDATES = re.compile(
    r"^_static/(?:scripts/fontawesome\.js|scripts/bootstrap\.js|vendor/fontawesome/"
    r"|(?!mnc/)[^/]+(?:/[^/]+)*\.(?:css|html)$)|\.map$"
)
_TEXT_SUFFIXES = (".html", ".css", ".js")
_SOURCE_MAP_COMMENT = re.compile(r"[/*]#\s*sourceMappingURL=[^\s*]+")


def unused_theme_files(site: Path, files: list[str]) -> set[str]:
    """The candidate theme files whose names no kept page, stylesheet or script mentions (a
    candidate mentioned by a kept file is kept, and what it mentions is looked for in turn)."""
    left_out = {name for name in files if _THEME_CANDIDATES.search(name)}
    unread = [name for name in files if name not in left_out]
    while unread:
        mentioned = ""
        for name in unread:
            if name.endswith(_TEXT_SUFFIXES):
                text = (site / name).read_text(encoding="utf-8", errors="replace")
                mentioned += _SOURCE_MAP_COMMENT.sub("", text)
        unread = [name for name in left_out if PurePosixPath(name).name in mentioned]
        left_out.difference_update(unread)
    return left_out


def find_scos(site: Path, bank, pass_mark: float) -> list[Sco]:
    """A lesson SCO per bank module (its lesson's page), then the final assessment's page."""
    scos = []
    for module in bank.modules.values():
        href = f"{module.lesson}.html"
        if not (site / href).is_file():
            raise ScormError(f"{site}: the lesson page {href} of module '{module.id}' is missing")
        settings = {"kind": "lesson", "module": module.id}
        scos.append(Sco(_identifier(href), module.title, href, "lesson", settings))
    assessment = _assessment_page(site)
    title = "Final assessment"
    settings = {"kind": "assessment", "module": "final-assessment", "pass_mark": pass_mark}
    scos.append(Sco(_identifier(assessment), title, assessment, "assessment", settings))
    return scos


def _assessment_page(site: Path) -> str:
    for page in sorted(site.rglob("*.html")):
        for state in QUIZ_STATE.findall(page.read_text(encoding="utf-8")):
            try:
                quiz = json.loads(state).get("quiz") or {}
            except (ValueError, AttributeError):
                continue
            if quiz.get("mode") == "assessment":
                return page.relative_to(site).as_posix()
    raise ScormError(f"{site}: no page holds the final assessment (a quiz in assessment mode)")


def _identifier(href: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9_.-]", "-", PurePosixPath(href).with_suffix("").as_posix())
    return f"SCO-{stem}"


# ----------------------------------------------------------------- nothing loaded from outside

_HTML_LOADS = re.compile(
    r"<(?:script|img|iframe|source|audio|video|embed|track|input)\b[^>]*?\s(?:src|data)\s*=\s*"
    r"[\"']([^\"']+)[\"']",
    re.I,
)
_LINK = re.compile(r"<link\b[^>]*>", re.I)
_LOADED_LINK_RELS = {"stylesheet", "preload", "modulepreload", "icon", "manifest", "prefetch"}
_CSS_LOADS = re.compile(r"url\(\s*[\"']?([^\"')]+)|@import\s+[\"']([^\"']+)", re.I)


def loaded_urls(text: str, suffix: str) -> list[str]:
    """The URLs a page (.html) or a stylesheet (.css) makes the browser fetch."""
    if suffix == ".css":
        return [a or b for a, b in _CSS_LOADS.findall(text)]
    urls = list(_HTML_LOADS.findall(text))
    for tag in _LINK.findall(text):
        rel = re.search(r"\brel\s*=\s*[\"']([^\"']+)", tag, re.I)
        href = re.search(r"\bhref\s*=\s*[\"']([^\"']+)", tag, re.I)
        if rel and href and _LOADED_LINK_RELS & set(rel.group(1).lower().split()):
            urls.append(href.group(1))
    for style in re.findall(r"<style\b[^>]*>(.*?)</style>", text, re.S | re.I):
        urls += loaded_urls(style, ".css")
    return urls


def is_remote(url: str) -> bool:
    parts = urlsplit(html.unescape(url).strip())
    return bool(parts.scheme not in ("", "data", "blob") or parts.netloc)


def check_local_loads(site: Path, files: list[str]) -> None:
    """ScormError naming the first page or stylesheet that would load a file from outside."""
    for name in files:
        suffix = PurePosixPath(name).suffix
        if suffix not in (".html", ".css"):
            continue
        text = (site / name).read_text(encoding="utf-8", errors="replace")
        remote = [url for url in loaded_urls(text, suffix) if is_remote(url)]
        if remote:
            raise ScormError(f"{site / name}: loads {remote[0]} from outside the package")


# ----------------------------------------------------------------- the zip


def launch_page(text: str, sco: Sco, href: str) -> str:
    """A site page with the bridge and its settings added at the end of <head>."""
    depth = len(PurePosixPath(href).parts) - 1
    meta = html.escape(json.dumps(sco.settings, sort_keys=True), quote=True)
    tags = (
        f'<meta name="mnc-scorm" content="{meta}">\n'
        f'<script type="module" src="{"../" * depth}{BRIDGE}"></script>\n'
    )
    head_end = text.find("</head>")
    if head_end < 0:
        raise ScormError(f"{href}: no </head> to put the SCORM bridge into")
    return text[:head_end] + tags + text[head_end:]


def _write_zip(path: Path, site: Path, files: list[str], scos: list[Sco], version: str) -> None:
    launch = {sco.href: sco for sco in scos}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as package:
        _add(package, "imsmanifest.xml", manifest(scos, files + [BRIDGE], version))
        _add(package, BRIDGE, static_path(BRIDGE).read_bytes())
        for name in files:
            data = (site / name).read_bytes()
            if name in launch:
                text = launch_page(data.decode("utf-8"), launch[name], name)
                data = text.encode("utf-8")
            _add(package, name, data)


def _add(package: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    package.writestr(info, data)


def manifest(scos: list[Sco], files: list[str], version: str) -> bytes:
    """imsmanifest.xml: one organization, an item and a SCO resource per launch page, and one
    shared asset resource listing every other file the pages use."""
    ns = MANIFEST_NS[version]
    for prefix, uri in ns.items():
        ET.register_namespace(prefix, uri)
    ET.register_namespace("xsi", XSI)
    cp, adlcp = f"{{{ns['']}}}", f"{{{ns['adlcp']}}}"
    root = ET.Element(
        f"{cp}manifest",
        {
            "identifier": "MNC-COURSE",
            "version": "1.0",
            f"{{{XSI}}}schemaLocation": SCHEMA_LOCATIONS[version],
        },
    )
    metadata = ET.SubElement(root, f"{cp}metadata")
    ET.SubElement(metadata, f"{cp}schema").text = "ADL SCORM"
    ET.SubElement(metadata, f"{cp}schemaversion").text = (
        "1.2" if version == "1.2" else "2004 4th Edition"
    )
    organizations = ET.SubElement(root, f"{cp}organizations", default="ORG-MNC")
    organization = ET.SubElement(organizations, f"{cp}organization", identifier="ORG-MNC")
    ET.SubElement(
        organization, f"{cp}title"
    ).text = "Microneedling: an evidence-based training course"
    for sco in scos:
        item = ET.SubElement(
            organization,
            f"{cp}item",
            identifier=f"ITEM-{sco.identifier}",
            identifierref=f"RES-{sco.identifier}",
            isvisible="true",
        )
        ET.SubElement(item, f"{cp}title").text = sco.title
        if sco.kind == "assessment" and version == "1.2":
            mastery = round(sco.settings["pass_mark"] * 100)
            ET.SubElement(item, f"{adlcp}masteryscore").text = str(mastery)
    resources = ET.SubElement(root, f"{cp}resources")
    scorm_type = f"{adlcp}scormtype" if version == "1.2" else f"{adlcp}scormType"
    launch = {sco.href for sco in scos}
    for sco in scos:
        resource = ET.SubElement(
            resources,
            f"{cp}resource",
            {
                "identifier": f"RES-{sco.identifier}",
                "type": "webcontent",
                scorm_type: "sco",
                "href": quote(sco.href),
            },
        )
        ET.SubElement(resource, f"{cp}file", href=quote(sco.href))
        ET.SubElement(resource, f"{cp}dependency", identifierref="RES-site-files")
    shared = ET.SubElement(
        resources,
        f"{cp}resource",
        {"identifier": "RES-site-files", "type": "webcontent", scorm_type: "asset"},
    )
    for name in files:
        if name not in launch:
            ET.SubElement(shared, f"{cp}file", href=quote(name))
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)
