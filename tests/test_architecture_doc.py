"""The layout diagram in docs/architecture.md names the folders of src/newsgraph, one to one.

A folder added, moved or removed without the diagram following fails here,
and so does a diagram line for a folder that does not exist.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "newsgraph"
DOC = ROOT / "docs" / "architecture.md"
# A diagram line: tree drawing, then a folder path ending in "/" ("├── extract/time/").
_FOLDER = re.compile(r"^[│├└─\s]*[├└]──\s+((?:[a-z_][a-z0-9_]*/)+)")


def _diagram() -> str:
    text = DOC.read_text("utf-8")
    section = text.split("\n## Layout\n", 1)[1]
    block = re.search(r"```text\n(.*?)```", section, re.DOTALL)
    assert block is not None, "docs/architecture.md: the Layout section needs a ```text diagram"
    return block.group(1)


def _named(diagram: str) -> list[str]:
    return [m.group(1).rstrip("/") for line in diagram.splitlines() if (m := _FOLDER.match(line))]


def _folders() -> set[str]:
    """Folders holding files (a folder left with only ``__pycache__`` after a move is no folder of the code)."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            parts = path.parent.relative_to(PACKAGE).parts
            found.update("/".join(parts[:k]) for k in range(1, len(parts) + 1))
    return found


def test_the_diagram_reads_folder_lines():
    assert _named("├── extract/time/   dates\n│   x\n└── data/   rules\n") == ["extract/time", "data"]


def test_the_diagram_names_every_folder_once_and_nothing_else():
    named = _named(_diagram())
    assert len(named) == len(set(named)), f"named twice: {sorted({n for n in named if named.count(n) > 1})}"
    folders = _folders()
    assert not folders - set(named), f"folders missing from the diagram: {sorted(folders - set(named))}"
    assert not set(named) - folders, f"diagram names folders that do not exist: {sorted(set(named) - folders)}"
