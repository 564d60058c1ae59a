"""Measures the bytes a quiz adds to a page, raw and gzip, for the course quiz and jupyterquiz."""

import gzip
import sys
import tempfile
from pathlib import Path

from quiz_pages import QuizPage, build_pages

GZIP_LEVEL = 6  # what common web servers use


def sizes(parts: dict[str, bytes]) -> dict[str, tuple[int, int]]:
    """(raw bytes, gzip bytes) of each part."""
    return {
        name: (len(data), len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)))
        for name, data in parts.items()
    }


def total_size(page: QuizPage) -> tuple[int, int]:
    """(raw, gzip) summed over what travels separately (each file, and the page's inline part)."""
    measured = sizes(page.parts).values()
    return sum(raw for raw, _ in measured), sum(packed for _, packed in measured)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-quiz-bytes-") as tmp:
        pages = build_pages(Path(tmp))[:2]
        for page in pages:
            raw, packed = total_size(page)
            print(f"{page.name}: {raw} bytes raw, {packed} bytes gzip")
            for name, (part_raw, part_packed) in sizes(page.parts).items():
                print(f"    {name}: {part_raw} raw, {part_packed} gzip")
            for name, (part_raw, part_packed) in sizes(page.breakdown).items():
                print(f"        of which {name}: {part_raw} raw ({part_packed} gzip alone)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
