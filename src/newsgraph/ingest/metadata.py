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
import re
import stat
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

from newsgraph.errors import IngestError
from newsgraph.ingest.decode import refuse_binary
from newsgraph.ingest.normalize import repairs, source_label
from newsgraph.models import DateValue

SIDECAR_NAMES = ("metadata.csv", "metadata.jsonl")
KEY_COLUMNS = ("file", "path", "filename")  # "file" is documented; the others are common spellings
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_YEAR_MONTH = re.compile(r"^(\d{4})[/.](\d{1,2})$")
# Longer than any way of writing a date; dateparser is not asked about a paragraph.
_MAX_DATE_CHARS = 64
# A sidecar is a list of names and dates; a file this large is something else.
MAX_SIDECAR_BYTES = 50_000_000
METADATA_FIELDS = ("title", "outlet", "url", "published")


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: DateValue | None = None
    notes: tuple[str, ...] = ()  # values that were given but could not be used, and why

    def over(self, other: Metadata) -> Metadata:
        """These values where given, ``other``'s elsewhere; the notes of both."""
        values = {f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self) if f.name != "notes"}
        return Metadata(**values, notes=other.notes + self.notes)


def parse_published(value: object) -> DateValue | None:
    """An ISO date or a common date string as ``DateValue(basis="metadata")``; None when it is not a date.

    Precision follows what is written: "2023" is a year, "November 2023" a
    month.  Relative phrases ("yesterday") are refused: metadata must be
    absolute.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = str(value).strip()
    if not text or len(text) > _MAX_DATE_CHARS:
        return None
    if match := _ISO.match(text):
        year, month, day = match.groups()
        iso = "-".join(p for p in (year, month, day) if p)
        return DateValue(iso, "metadata") if _valid(iso) else None
    if match := _YEAR_MONTH.match(text):
        iso = f"{match.group(1)}-{int(match.group(2)):02d}"
        return DateValue(iso, "metadata") if _valid(iso) else None
    try:
        data = _date_parser().get_date_data(text)
    except Exception:  # dateparser has raised on odd strings; a value it cannot read is not a date
        return None
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
    """Metadata from one sidecar row or JSONL record.

    A value that cannot be used (a title that is a list, a date that is not a
    date) is dropped and the document says so in its notes; the text is still read.
    """
    values: dict[str, Any] = {}
    notes: list[str] = []
    for key in METADATA_FIELDS:
        value = record.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if key != "published" and not isinstance(value, str):
            notes.append(f"metadata {key} is a {_json_type(value)}, not a string; dropped")
            continue
        if isinstance(value, str) and (fixed := repairs(value)):
            notes.append(f"metadata {key}: {'; '.join(fixed)}")
        values[key] = value.strip() if isinstance(value, str) else value
    if "published" in values:
        published = parse_published(values["published"])
        if published is None:
            notes.append(f"metadata published {_shown(values['published'])} is not a date; the date is left unknown")
        values["published"] = published
    return Metadata(**values, notes=tuple(notes))


def _json_type(value: object) -> str:
    names = {bool: "boolean", int: "number", float: "number", list: "list", dict: "object"}
    return names.get(type(value), type(value).__name__)


def _shown(value: object, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def json_object(line: str, source: str, what: str) -> dict[str, Any]:
    """One JSON object from one line, or ``IngestError(malformed)`` that says what is wrong.

    Whatever the line holds -- nesting thousands deep, an integer of 5,000
    digits, ``NaN`` -- the answer is an object or that error, never another
    exception.
    """
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise IngestError(source, "malformed", f"{what} is not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise IngestError(source, "malformed", f"{what} is JSON nested too deeply to read") from None
    except ValueError as exc:  # e.g. an integer longer than Python converts (sys.get_int_max_str_digits)
        raise IngestError(source, "malformed", f"{what} holds a JSON value that cannot be read: {exc}") from None
    if not isinstance(record, dict):
        raise IngestError(source, "malformed", f"{what} is a JSON {_json_type(record)}, not an object")
    return record


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
    source = source_label(path)
    if path.suffix.lower() not in (".jsonl", ".ndjson", ".json", ".csv", ".tsv"):
        raise IngestError(source, "unsupported", "metadata sidecar must be .csv, .tsv or .jsonl")
    try:
        if not stat.S_ISREG((info := path.stat()).st_mode):  # a pipe would block, a folder cannot be read
            raise IngestError(source, "unreadable", "metadata sidecar is not a regular file")
        if info.st_size > MAX_SIDECAR_BYTES:
            raise IngestError(
                source, "too_large", f"metadata sidecar is over {MAX_SIDECAR_BYTES:,} bytes; is it really metadata?"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(source, "unreadable", f"cannot read metadata sidecar: {exc.strerror or exc}") from None
    try:
        refuse_binary(data, source)
        raw = data.decode("utf-8-sig")
    except IngestError as exc:
        raise IngestError(source, "malformed", f"metadata sidecar is not text: {exc.detail}") from None
    except UnicodeDecodeError:
        raise IngestError(source, "malformed", "metadata sidecar is not UTF-8 text; re-save it as UTF-8") from None
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        records = _jsonl_records(raw, source)
    else:
        records = _csv_records(raw, source, "\t" if path.suffix.lower() == ".tsv" else ",")
    rows: dict[str, Metadata] = {}
    for number, record in enumerate(records, 1):
        given = (record.get(k) for k in KEY_COLUMNS)
        key = next((str(v).strip() for v in given if isinstance(v, str | int) and str(v).strip()), None)
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
    return [
        json_object(line, source, f"metadata line {number}")
        for number, line in enumerate(raw.splitlines(), 1)
        if line.strip()
    ]


def _csv_records(raw: str, source: str, delimiter: str) -> list[dict[str, Any]]:
    try:
        return list(csv.DictReader(io.StringIO(raw), delimiter=delimiter))
    except csv.Error as exc:  # a field over the csv module's size limit, a NUL character
        raise IngestError(source, "malformed", f"metadata sidecar is not readable CSV: {exc}") from None
