"""Input readers (minimal version: plain-text files and folders)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from newsgraph.config import Options
from newsgraph.ingest.normalize import make_document
from newsgraph.models import Document, Skipped


def read_inputs(
    paths: list[Path],
    options: Options,
    metadata: str | Path | None = None,
    on_found: Callable[[int], None] | None = None,
) -> Iterator[Document | Skipped]:
    files: list[Path] = []
    for p in paths:
        files.extend(sorted(x for x in p.rglob("*") if x.is_file()) if p.is_dir() else [p])
    if on_found:
        on_found(len(files))
    for f in files:
        try:
            text = f.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            yield Skipped(str(f), "unreadable", str(exc))
            continue
        yield make_document(text, source=str(f))
