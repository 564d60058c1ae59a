"""What a trainee opening the notebooks sees: MyST syntax and visible code, sources vs edition.

Counts, in the Markdown cells of the notebooks a trainee opens, the raw MyST roles by kind, the
`(label)=` lines, the directive blocks and the code cells shown expanded, first in the source
notebooks (what the README used to open: `notebooks/*.ipynb`) and then in the trainee edition
the build writes (`_build/trainee/`, all its notebooks). Run after a build:

    .venv/bin/python bench/trainee_edition.py [EDITION_DIR]
"""

import json
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ROLE = re.compile(r"\{([a-z]+(?::[a-z]+)?)\}`")
LABEL = re.compile(r"^\([\w-]+\)=\s*$", re.MULTILINE)
DIRECTIVE = re.compile(r"^(?:```+|:::+)\s*\{[\w:-]+\}", re.MULTILINE)


def count(paths: list[Path]) -> dict:
    roles: Counter = Counter()
    labels = directives = code_shown = code_cells = 0
    for path in paths:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            if cell["cell_type"] == "markdown":
                roles.update(ROLE.findall(source))
                labels += len(LABEL.findall(source))
                directives += len(DIRECTIVE.findall(source))
            elif cell["cell_type"] == "code":
                code_cells += 1
                if not cell["metadata"].get("jupyter", {}).get("source_hidden"):
                    code_shown += 1
    return {
        "notebooks": len(paths),
        "roles": dict(sorted(roles.items())),
        "roles_total": sum(roles.values()),
        "label_lines": labels,
        "directive_blocks": directives,
        "code_cells": code_cells,
        "code_cells_shown": code_shown,
    }


def main() -> int:
    edition = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "_build" / "trainee"
    if not edition.is_dir():
        print(f"no trainee edition in {edition}: build the book first", file=sys.stderr)
        return 1
    before = count(sorted((REPO / "notebooks").glob("*.ipynb")))
    after = count(sorted(edition.rglob("*.ipynb")))
    print(f"{'':<22}{'sources':>12}{'edition':>12}")
    for key in ("notebooks", "roles_total", "label_lines", "directive_blocks"):
        print(f"{key:<22}{before[key]:>12}{after[key]:>12}")
    for kind in sorted(set(before["roles"]) | set(after["roles"])):
        print(
            f"  role {{{kind}}}".ljust(22) + f"{before['roles'].get(kind, 0):>12}"
            f"{after['roles'].get(kind, 0):>12}"
        )
    for key in ("code_cells", "code_cells_shown"):
        print(f"{key:<22}{before[key]:>12}{after[key]:>12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
