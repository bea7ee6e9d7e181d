"""Per-document records as Arrow tables with the store's own columns.

One schema per record kind (documents, mentions, events, quotes, skipped),
named as the store's columns (without the run bookkeeping), so a batch is
written with one ``INSERT ... SELECT`` per table -- from an
in-memory Arrow table (``Store.write``) or from Parquet files (the Ray
runner) -- instead of a statement per row.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from newsgraph.models import Actor, ClaimMention, DateValue, Document, Event, Extraction, Mention, Quote, Skipped

_str = pa.string()
_int = pa.int32()

# One schema per record kind with the store's column names; loading names the
# columns (INSERT INTO t (columns) SELECT ...), since columns added by later
# migrations come after the run bookkeeping in the store.
SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [
            ("id", _str),
            ("source", _str),
            ("title", _str),
            ("outlet", _str),
            ("url", _str),
            ("published", _str),
            ("published_basis", _str),
            ("language", _str),
            ("text", _str),
            ("notes", _str),  # JSON list of sentences
            ("capped", _str),
        ]
    ),
    "mentions": pa.schema(
        [
            ("document", _str),
            ("start_char", _int),
            ("end_char", _int),
            ("text", _str),
            ("actor", _str),
            ("name", _str),
            ("kind", _str),
            ("country", _str),
            ("role", _str),
            ("sector", _str),
        ]
    ),
    "events": pa.schema(
        [
            ("id", _str),
            ("document", _str),
            ("type", _str),
            ("mode", _str),
            ("cameo_root", _str),
            ("weight", pa.float64()),
            ("source", _str),
            ("target", _str),
            ("polarity", _str),
            ("modality", _str),
            ("date", _str),
            ("date_basis", _str),
            ("amounts", _str),
            ("reported_by", _str),
            ("holder", _str),
            ("stance", _str),
            ("cue", _str),
            ("evidence", _str),
            ("start_char", _int),
            ("end_char", _int),
            ("cue_lemma", _str),  # m012
            ("lemmas", _str),
        ]
    ),
    "quotes": pa.schema(
        [
            ("id", _str),
            ("document", _str),
            ("speaker", _str),
            ("speaker_text", _str),
            ("text", _str),
            ("kind", _str),
            ("start_char", _int),
            ("end_char", _int),
        ]
    ),
    "claim_mentions": pa.schema(
        [
            ("id", _str),
            ("document", _str),
            ("text", _str),
            ("holder", _str),
            ("stance", _str),
            ("kind", _str),
            ("actors", _str),
            ("event", _str),
            ("event_type", _str),
            ("date", _str),
            ("date_basis", _str),
            ("keywords", _str),
            ("vector", pa.list_(pa.float32(), 384)),
            ("evidence", _str),
            ("start_char", _int),
            ("end_char", _int),
            ("sketch", pa.list_(pa.float32(), 256)),
        ]
    ),
    "skipped": pa.schema([("source", _str), ("reason", _str), ("detail", _str)]),
}
NESTED = ("mentions", "events", "quotes", "claim_mentions")

# What the extraction step emits: the document's columns (the input row),
# why it was skipped if it was, and its records as lists.
ROW_SCHEMA = pa.schema(
    [
        *SCHEMAS["documents"],
        pa.field("skipped_reason", _str),
        pa.field("skipped_detail", _str),
        *(pa.field(kind, pa.list_(pa.struct(list(SCHEMAS[kind])))) for kind in NESTED),
    ]
)


# ------------------------------------------------------------ rows
# One function per record kind gives its values in the store's column order;
# the Ray rows (dicts) and the local Arrow tables (columns) are both built from them.
def document_values(d: Document) -> tuple[Any, ...]:
    published = d.published
    return (
        d.id,
        d.source,
        d.title,
        d.outlet,
        d.url,
        published.value if published else None,
        published.basis if published else "unknown",
        d.language,
        d.text,
        json.dumps(list(d.notes), ensure_ascii=False),
        d.capped,
    )


def mention_values(m: Mention) -> tuple[Any, ...]:
    return (m.document, m.start, m.end, m.text, m.actor, m.name, m.kind, m.country, m.role, m.sector)


def quote_values(q: Quote) -> tuple[Any, ...]:
    return (q.id, q.document, q.speaker, q.speaker_text, q.text, q.kind, q.start, q.end)


def claim_mention_values(c: ClaimMention) -> tuple[Any, ...]:
    return (
        c.id, c.document, c.text, c.holder, c.stance, c.kind, json.dumps(list(c.actors)), c.event, c.event_type,
        c.date.value if c.date else None, c.date.basis if c.date else None, json.dumps(list(c.keywords)),
        list(c.vector) if c.vector else None, c.evidence.text, c.evidence.start, c.evidence.end,
        list(c.sketch) if c.sketch else None,
    )  # fmt: skip


def document_row(d: Document) -> dict[str, Any]:
    return dict(zip(SCHEMAS["documents"].names, document_values(d), strict=True))


def row_document(r: dict[str, Any]) -> Document:
    published = DateValue(r["published"], r["published_basis"]) if r["published"] else None
    notes = tuple(json.loads(r["notes"])) if r.get("notes") else ()
    return Document(
        r["id"],
        r["source"],
        r["text"],
        r["title"],
        r["outlet"],
        r["url"],
        published,
        r["language"],
        notes,
        r.get("capped"),
    )


# The documents table's columns as the Arrow rows give them, then the run bookkeeping: the
# notes column came with a later migration, so it is not in table order and inserts name columns.
DOCUMENT_COLUMNS = ", ".join(SCHEMAS["documents"].names)


def extraction_row(document: Document, result: Extraction | Skipped) -> dict[str, Any]:
    row: dict[str, Any] = {**document_row(document), "skipped_reason": None, "skipped_detail": None}
    if isinstance(result, Skipped):
        row.update(skipped_reason=result.reason, skipped_detail=result.detail, **{kind: [] for kind in NESTED})
        return row
    row.update(document_row(result.document))  # extraction may infer the publication date
    names = {kind: SCHEMAS[kind].names for kind in NESTED}
    row["mentions"] = [dict(zip(names["mentions"], mention_values(m), strict=True)) for m in result.mentions]
    row["events"] = [dict(zip(names["events"], event_values(e), strict=True)) for e in result.events]
    row["quotes"] = [dict(zip(names["quotes"], quote_values(q), strict=True)) for q in result.quotes]
    row["claim_mentions"] = [
        dict(zip(names["claim_mentions"], claim_mention_values(c), strict=True)) for c in result.claims
    ]
    return row


def event_values(e: Event) -> list[Any]:
    """An event as the values of a row of the events table, in column order."""
    return [
        e.id, e.document, e.type, e.mode, e.cameo_root, e.weight, e.source, e.target, e.polarity, e.modality,
        e.date.value if e.date else None, e.date.basis if e.date else None,
        json.dumps([{"value": a.value, "unit": a.unit, "text": a.text} for a in e.amounts]),
        e.reported_by, e.holder, e.stance, e.cue, e.evidence.text, e.evidence.start, e.evidence.end,
        e.cue_lemma, e.lemmas,
    ]  # fmt: skip


def record_tables(extractions: Sequence[Extraction]) -> dict[str, pa.Table]:
    """The documents and records of ``extractions``, one Arrow table per kind.

    Built column by column from the same values the Ray rows use, without a
    dict per row.
    """
    documents = [document_values(ex.document) for ex in extractions]
    mentions = [mention_values(m) for ex in extractions for m in ex.mentions]
    events = [tuple(event_values(e)) for ex in extractions for e in ex.events]
    quotes = [quote_values(q) for ex in extractions for q in ex.quotes]
    claims = [claim_mention_values(c) for ex in extractions for c in ex.claims]
    return {
        kind: _columns_table(kind, rows)
        for kind, rows in (
            ("documents", documents),
            ("mentions", mentions),
            ("events", events),
            ("quotes", quotes),
            ("claim_mentions", claims),
        )
    }


def _columns_table(kind: str, rows: Sequence[tuple[Any, ...]]) -> pa.Table:
    schema = SCHEMAS[kind]
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in schema.names]
    return pa.Table.from_arrays(
        [pa.array(column, type=field.type) for column, field in zip(columns, schema, strict=True)], schema=schema
    )


def actor_rows(actors: Sequence[Actor]) -> pa.Table:
    """Resolved actors as rows of the ``actors`` table."""
    return pa.table(
        {
            "id": pa.array([a.id for a in actors], pa.string()),
            "name": pa.array([a.name for a in actors], pa.string()),
            "kind": pa.array([a.kind for a in actors], pa.string()),
            "country": pa.array([a.country for a in actors], pa.string()),
            "roles": pa.array([json.dumps(list(a.roles)) for a in actors], pa.string()),
            "aliases": pa.array([json.dumps(list(a.aliases)) for a in actors], pa.string()),
            "mentions": pa.array([a.mentions for a in actors], pa.int64()),
            "sector": pa.array([a.sector for a in actors], pa.string()),
        }
    )
