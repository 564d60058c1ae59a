"""Stylesheets as one text: @imports inlined and relative url()s rebased for the combined file."""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

_IMPORT_RULE = re.compile(r"@import\s+(?:url\()?\s*[\"']?([^\"')\s]+)[\"']?\s*\)?\s*([^;]*);")
_CSS_URL = re.compile(r"url\(\s*([\"']?)([^\"')]+)\1\s*\)")
_PLACEHOLDER = re.compile("\0mnc-import-(\\d+)\0")


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

    # Imports are set aside while this file's own url()s are rebased: an imported sheet comes back
    # already rebased from its own folder, and rebasing it again from this one breaks its urls.
    imported_texts: list[str] = []

    def inline(match: re.Match) -> str:
        imported = (path.parent / match.group(1)).resolve()
        if not imported.is_file():
            return match.group(0)
        inner = stylesheet_text(imported, target_dir, (*seen, path))
        media = match.group(2).strip()
        imported_texts.append(f"@media {media}{{{inner}}}" if media else inner)
        return f"\0mnc-import-{len(imported_texts) - 1}\0"

    rebased = _CSS_URL.sub(rebase, _IMPORT_RULE.sub(inline, text))
    return _PLACEHOLDER.sub(lambda match: imported_texts[int(match.group(1))], rebased)


def _relative(path: Path, start: Path) -> str:
    return os.path.relpath(path, start)
