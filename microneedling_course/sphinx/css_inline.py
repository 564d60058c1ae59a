"""Stylesheets as one text: @imports inlined and relative url()s rebased for the combined file."""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

_IMPORT_RULE = re.compile(r"@import\s+(?:url\()?\s*[\"']?([^\"')\s]+)[\"']?\s*\)?\s*([^;]*);")
_CSS_URL = re.compile(r"url\(\s*([\"']?)([^\"')]+)\1\s*\)")


def stylesheet_text(path: Path, target_dir: Path, seen: tuple[Path, ...] = ()) -> str:
    """A stylesheet with its @imports inlined and every relative url() rewritten for a file in
    `target_dir`."""
    if path in seen:
        return ""
    text = path.read_text(encoding="utf-8")

    def rebase(match: re.Match) -> str:
        url = match.group(2).strip()
        if urlsplit(url).scheme or url.startswith(("/", "#", "data:")):
            return match.group(0)
        resolved = (path.parent / url).resolve()
        relative = Path(_relative(resolved, target_dir))
        return f'url("{relative.as_posix()}")'

    def inline(match: re.Match) -> str:
        imported = (path.parent / match.group(1)).resolve()
        if not imported.is_file():
            return match.group(0)
        inner = stylesheet_text(imported, target_dir, (*seen, path))
        media = match.group(2).strip()
        return f"@media {media}{{{inner}}}" if media else inner

    return _CSS_URL.sub(rebase, _IMPORT_RULE.sub(inline, text))


def _relative(path: Path, start: Path) -> str:
    return os.path.relpath(path, start)
