"""JSON Lines as people write them: one article per line, each line on its own.

Every non-blank line becomes a ``Document`` or a ``Skipped`` with a reason,
whatever it holds: nesting thousands deep, integers of thousands of digits,
``NaN``, lone surrogates, NUL characters, fields of the wrong type.  Lines may
end in ``\\n``, ``\\r\\n`` or a lone ``\\r``, and the last one needs no line end.
A line over ``ingest.max_bytes`` is skipped without being held in memory.  A
file with no line at all is one ``Skipped`` (``empty``), so it is not lost.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from newsgraph.config import Options
from newsgraph.errors import IngestError
from newsgraph.ingest.accept import accept_record
from newsgraph.ingest.decode import refuse_binary
from newsgraph.ingest.metadata import json_object
from newsgraph.models import Document, Skipped, failure

_CHUNK = 1 << 16


def read_jsonl(path: Path, source: str, options: Options) -> Iterator[Document | Skipped]:
    """One document per line of the file at ``path`` (labelled ``source``); a bad line is skipped alone."""
    lines = 0
    try:
        with path.open("rb") as f:
            refuse_binary(f.read(_CHUNK), source)
            f.seek(0)
            for number, raw in _lines(f, options.ingest.max_bytes):
                if raw is None:
                    lines += 1
                    yield Skipped(
                        f"{source}#{number}",
                        "too_large",
                        f"line is over {options.ingest.max_bytes:,} bytes (ingest.max_bytes)",
                    )
                elif raw.strip():
                    lines += 1
                    try:
                        yield line_document(raw, f"{source}#{number}", options)
                    except Exception as exc:  # an error of newsgraph's own costs this line only
                        yield failure(f"{source}#{number}", "reading", exc)
    except IngestError as exc:
        yield Skipped(exc.path, exc.reason, exc.detail)
        return
    except PermissionError:
        yield Skipped(source, "unreadable", "permission denied; make the file readable (chmod +r)")
        return
    except OSError as exc:
        yield Skipped(source, "unreadable", f"cannot read file: {exc.strerror or exc}")
        return
    if not lines:
        yield Skipped(source, "empty", "JSON Lines file without a line of JSON (empty or only whitespace)")


def line_document(raw: bytes, source: str, options: Options) -> Document | Skipped:
    """One line as a document, or why not."""
    try:
        try:
            line = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise IngestError(
                source, "undecodable", f"line is not valid UTF-8 (bad byte at {exc.start}); JSON Lines must be UTF-8"
            ) from None
        return accept_record(json_object(line, source, "line"), source, options)
    except IngestError as exc:
        return Skipped(exc.path, exc.reason, exc.detail)


def _lines(f: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines split at ``\\n``, ``\\r\\n`` or ``\\r``; None for a line longer than ``limit`` bytes."""
    number = 0
    pending = b""
    too_long = False
    while chunk := f.read(_CHUNK):
        data = pending + chunk
        # a "\r" at the end of a chunk may be half of "\r\n": keep it for the next round
        cut = len(data) - 1 if data.endswith(b"\r") else len(data)
        parts = data[:cut].replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
        pending = parts.pop() + data[cut:]
        for part in parts:
            number += 1
            yield number, None if too_long or len(part) > limit else part
            too_long = False
        if len(pending) > limit:  # a line that will not fit: count it, keep none of it
            too_long = True
            pending = b""
    if pending or too_long:
        yield number + 1, None if too_long or len(pending) > limit else pending
