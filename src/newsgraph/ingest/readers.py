"""Read inputs into ``Document``s, or ``Skipped`` records that say why not.

``read_inputs`` finds files and folders (``listing``: recursively, in
sorted order, so runs are deterministic), reads plain text, Markdown, HTML
and JSON Lines (``jsonl``), applies sidecar metadata, and checks every text
before it becomes a document (``accept``, the same rules the API applies):
empty, binary, undecodable, too large, not English, malformed, unreadable or
unsupported inputs each become a ``Skipped`` with the source path and a
sentence a person can act on.  Nothing here raises for one bad input; only
an explicitly named ``--metadata`` file that cannot be used stops the run,
because the user asked for it.

Duplicates are not dropped here: the same text under two paths yields two
documents with the same id, and the ingest job counts the later one as
already present.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from newsgraph.config import Options
from newsgraph.errors import IngestError
from newsgraph.ingest.accept import accept, headline
from newsgraph.ingest.budget import read_budget
from newsgraph.ingest.decode import decode
from newsgraph.ingest.jsonl import read_jsonl
from newsgraph.ingest.listing import Input, list_inputs
from newsgraph.ingest.metadata import Metadata, Sidecar, load_sidecar
from newsgraph.models import Document, Skipped, failure

__all__ = ["accept", "failure", "headline", "read_inputs"]

PLAIN = (".txt", ".text")
MARKDOWN = (".md", ".markdown")
HTML = (".html", ".htm")
JSONL = (".jsonl", ".ndjson")


def read_inputs(
    paths: list[Path],
    options: Options,
    metadata: str | Path | None = None,
    on_found: Callable[[int], None] | None = None,
) -> Iterator[Document | Skipped]:
    """Documents and skips from ``paths``; ``on_found(n)`` gets the number of inputs once they are listed."""
    explicit = load_sidecar(Path(metadata)) if metadata is not None else None
    exclude = {os.path.realpath(metadata)} if metadata is not None else set()
    entries = list(list_inputs([Path(p) for p in paths], options, exclude))
    if on_found:
        on_found(sum(_count(e, options) for e in entries))
    for entry in entries:
        if isinstance(entry, Skipped):
            yield entry
            continue
        sidecars = (explicit, *entry.sidecars) if explicit else entry.sidecars
        if entry.path.suffix.lower() in JSONL:
            yield from read_jsonl(entry.path, entry.source, options)
            continue
        try:
            with read_budget(entry.source, options.ingest.read_timeout_s):
                document = _read_file(entry, sidecars, options)
            yield document
        except IngestError as exc:
            yield Skipped(exc.path, exc.reason, exc.detail)
        except Exception as exc:
            yield failure(entry.source, "reading", exc)


def _count(entry: Input | Skipped, options: Options) -> int:
    """How many results an entry will yield: one, or one per line of a JSON Lines file (for progress)."""
    if isinstance(entry, Skipped) or entry.path.suffix.lower() not in JSONL:
        return 1
    lines = 0
    try:
        with entry.path.open("rb") as f:
            while chunk := f.read(1 << 20):
                lines += chunk.count(b"\n")
    except OSError:
        return 1
    return max(1, lines)


# ------------------------------------------------------------------ reading
def _read_bytes(path: Path, source: str, options: Options) -> bytes:
    limit = options.ingest.max_bytes
    try:
        # Opened without blocking and checked again once open: the file may have been swapped for a
        # pipe since it was listed, and reading a pipe waits for a writer that never comes.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise IngestError(source, "unreadable", "no longer a regular file; save the article to a file")
            if info.st_size > limit:
                raise _too_large(source, info.st_size, limit)
            data = f.read(limit + 1)  # a file that grew since: never more than the limit in memory
        if len(data) > limit:
            raise _too_large(source, len(data), limit)
        return data
    except PermissionError:
        raise IngestError(source, "unreadable", "permission denied; make the file readable (chmod +r)") from None
    except FileNotFoundError:
        raise IngestError(source, "unreadable", "file vanished before it could be read") from None
    except OSError as exc:
        raise IngestError(source, "unreadable", f"cannot read file: {exc.strerror or exc}") from None


def _too_large(source: str, size: int, limit: int) -> IngestError:
    more = "over " if size == limit + 1 else ""
    return IngestError(
        source,
        "too_large",
        f"file is {more}{size:,} bytes; ingest.max_bytes is {limit:,} "
        "(raise it with --set ingest.max_bytes=N if this really is one article)",
    )


def _read_file(entry: Input, sidecars: tuple[Sidecar, ...], options: Options) -> Document:
    path, source = entry.path, entry.source
    suffix = path.suffix.lower()
    data = _read_bytes(path, source, options)
    if not data.strip():
        raise IngestError(source, "empty", "empty file: 0 bytes" if not data else "the file holds only whitespace")
    text = decode(data, source, html=suffix in HTML)
    found = Metadata()
    if suffix in HTML:
        from newsgraph.ingest.html import extract_page

        page = extract_page(text, source, options.ingest.min_chars)
        text, found = page.text, page.metadata
    elif suffix in MARKDOWN:
        from newsgraph.ingest.markdown import markdown_to_text

        md = markdown_to_text(text, source)
        text, found = md.text, md.metadata
    for sidecar in reversed(sidecars):  # the nearest (and an explicit --metadata) win
        row = sidecar.lookup(path, entry.root)
        if row is not None:
            found = row.over(found)
    return accept(text, source, found, options, plain=suffix not in HTML and suffix not in MARKDOWN)
