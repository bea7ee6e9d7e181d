"""Article metadata: sidecar files and publication dates.

A sidecar is a JSON Lines or CSV file with one row per article, keyed by the
column ``file`` (the article's file name, or its path relative to the
sidecar's folder), giving any of ``title``, ``outlet``, ``url`` and
``published``.  ``metadata.csv`` or ``metadata.jsonl`` inside an ingested
folder is picked up on its own; ``--metadata FILE`` names one explicitly.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

from newsgraph.errors import IngestError
from newsgraph.models import DateValue

log = logging.getLogger("newsgraph.ingest")

SIDECAR_NAMES = ("metadata.csv", "metadata.jsonl")
KEY_COLUMNS = ("file", "path", "filename")  # "file" is documented; the others are common spellings
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_YEAR_MONTH = re.compile(r"^(\d{4})[/.](\d{1,2})$")


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: DateValue | None = None

    def over(self, other: Metadata) -> Metadata:
        """These values where given, ``other``'s elsewhere."""
        return Metadata(**{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)})


def parse_published(value: object) -> DateValue | None:
    """An ISO date or a common date string as ``DateValue(basis="metadata")``; None when it is not a date.

    Precision follows what is written: "2023" is a year, "November 2023" a
    month.  Relative phrases ("yesterday") are refused: metadata must be
    absolute.
    """
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if match := _ISO.match(text):
        year, month, day = match.groups()
        iso = "-".join(p for p in (year, month, day) if p)
        return DateValue(iso, "metadata") if _valid(iso) else None
    if match := _YEAR_MONTH.match(text):
        iso = f"{match.group(1)}-{int(match.group(2)):02d}"
        return DateValue(iso, "metadata") if _valid(iso) else None
    data = _date_parser().get_date_data(text)
    if data.date_obj is None:
        return None
    iso = data.date_obj.date().isoformat()
    prefix = {"year": 4, "month": 7}.get(data.period or "day", 10)
    return DateValue(iso[:prefix], "metadata")


def _valid(iso: str) -> bool:
    from datetime import date

    parts = [int(p) for p in iso.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


@cache
def _date_parser() -> Any:
    from dateparser.date import DateDataParser

    # No "relative-time" parser: "yesterday" in a metadata column is not a date.
    return DateDataParser(languages=["en"], settings={"PARSERS": ["timestamp", "custom-formats", "absolute-time"]})


def metadata_from(record: dict[str, Any], source: str) -> Metadata:
    """Metadata from one sidecar row or JSONL record; a bad date is dropped with a warning."""

    def text(key: str) -> str | None:
        value = record.get(key)
        if value is None:
            return None
        return str(value).strip() or None

    published = parse_published(record.get("published"))
    if published is None and text("published"):
        log.warning(
            "%s: published value %r is not a date; the document date is left unknown", source, text("published")
        )
    return Metadata(title=text("title"), outlet=text("outlet"), url=text("url"), published=published)


@dataclass(frozen=True)
class Sidecar:
    """Rows of one sidecar file, keyed by the names they give."""

    path: Path
    rows: dict[str, Metadata]

    def lookup(self, file: Path, root: Path | None = None) -> Metadata | None:
        """The row for ``file``: by path relative to the sidecar's folder or ``root``, then by name."""
        candidates = []
        for base in (self.path.parent, root):
            if base is not None and file.is_relative_to(base):
                candidates.append(file.relative_to(base).as_posix())
        candidates += [file.as_posix(), file.name]
        for key in candidates:
            if key in self.rows:
                return self.rows[key]
        return None


def load_sidecar(path: Path) -> Sidecar:
    """Read a JSONL or CSV sidecar; raise ``IngestError`` (reason malformed/unreadable) when it cannot be used."""
    source = str(path)
    try:
        raw = path.read_text("utf-8-sig")
    except UnicodeDecodeError:
        raise IngestError(source, "malformed", "metadata sidecar is not UTF-8 text; re-save it as UTF-8") from None
    except OSError as exc:
        raise IngestError(source, "unreadable", f"cannot read metadata sidecar: {exc.strerror or exc}") from None
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        records = _jsonl_records(raw, source)
    elif path.suffix.lower() in (".csv", ".tsv"):
        records = list(csv.DictReader(io.StringIO(raw), delimiter="\t" if path.suffix.lower() == ".tsv" else ","))
    else:
        raise IngestError(source, "unsupported", "metadata sidecar must be .csv, .tsv or .jsonl")
    rows: dict[str, Metadata] = {}
    for number, record in enumerate(records, 1):
        key = next((str(record[k]).strip() for k in KEY_COLUMNS if record.get(k)), None)
        if key is None:
            columns = ", ".join(sorted(str(k) for k in record)) or "none"
            raise IngestError(
                source,
                "malformed",
                f"metadata row {number} has no 'file' column naming the article (columns: {columns})",
            )
        rows[key.replace("\\", "/")] = metadata_from(record, f"{source} row {number}")
    return Sidecar(path, rows)


def _jsonl_records(raw: str, source: str) -> list[dict[str, Any]]:
    records = []
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise IngestError(source, "malformed", f"metadata line {number} is not valid JSON: {exc.msg}") from None
        if not isinstance(record, dict):
            raise IngestError(source, "malformed", f"metadata line {number} is not a JSON object")
        records.append(record)
    return records
