"""The DuckDB store: one file holds documents, per-document records and the
corpus-level resolution built from them.

Writes happen in one process.  A batch of documents is written in a single
transaction that contains each document *with all its records*, so a run
killed at any point leaves every document either fully present or absent,
and running again fills the gap without duplicates.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from newsgraph.errors import StoreError
from newsgraph.models import (
    Actor,
    Amount,
    Claim,
    ClaimMention,
    DateValue,
    Document,
    Event,
    Evidence,
    Extraction,
    Mention,
    Quote,
    Skipped,
    Stance,
)
from newsgraph.store.migrations import migrate, pending


class Store:
    def __init__(self, path: str | Path = "newsgraph.duckdb", *, read_only: bool = False, shared: bool = False) -> None:
        """``shared``: other connections (``cursor``) read while this one writes, as in the
        API; resolution then leaves DuckDB's page cache alone (``store.page_cache``)."""
        from newsgraph.store.connection import connect, opening_error

        self.path = str(path)
        self.shared = shared
        self.con = connect(self.path, read_only=read_only)
        if read_only and self.path != ":memory:" and (missing := pending(self.con)):
            # A database from an older newsgraph: upgrade it once, then read it as asked.
            self.con.close()
            try:
                Store(self.path).close()
            except StoreError as exc:
                raise StoreError(
                    f"{exc}; the database was written by an older newsgraph and needs upgrading once "
                    f"({', '.join(missing)}), which opens it for writing"
                ) from None
            self.con = connect(self.path, read_only=True)
        if not read_only:
            try:
                migrate(self.con)
            except duckdb.Error as exc:
                self.con.close()
                raise opening_error(self.path, exc) from None

    def close(self) -> None:
        self.con.close()

    def cursor(self) -> Store:
        """Another connection to this open database, for another thread.

        DuckDB connections are not shared between threads; cursors are, one
        each.  A read on a cursor sees the last committed state and never
        waits for a write in progress on another (DuckDB's MVCC), which is
        what lets the API answer reads while it ingests.  Both are ``shared``
        from then on.
        """
        other = Store.__new__(Store)
        other.path = self.path
        other.con = self.con.cursor()
        self.shared = other.shared = True
        return other

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    # ----------------------------------------------------------------- runs
    def start_run(self, options_json: str, version: str, model: str) -> str:
        run_id = uuid.uuid4().hex[:12]
        self.con.execute(
            "INSERT INTO runs VALUES (?, current_timestamp, NULL, 'running', ?, ?, ?, NULL)",
            [run_id, version, model, options_json],
        )
        return run_id

    def finish_run(self, run_id: str, status: str, counts: dict[str, Any]) -> None:
        self.con.execute(
            "UPDATE runs SET finished_at = current_timestamp, status = ?, counts = ? WHERE id = ?",
            [status, json.dumps(counts), run_id],
        )

    def runs(self) -> list[dict[str, Any]]:
        return self._dicts("SELECT * FROM runs ORDER BY started_at")

    # ---------------------------------------------------------------- write
    def present(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        if not ids:
            return set()
        rows = self.con.execute("SELECT id FROM documents WHERE list_contains(?, id)", [ids]).fetchall()
        return {r[0] for r in rows}

    def write(self, extractions: Sequence[Extraction], run_id: str | None = None) -> int:
        """Write whole documents in one transaction; return how many were new.

        Each table gets one INSERT from an Arrow table (newsgraph.store.arrow):
        DuckDB runs a statement per row of ``executemany``, which made writing
        slower than extracting.
        """
        from newsgraph.store.arrow import DOCUMENT_COLUMNS, NESTED, record_tables

        present = self.present(ex.document.id for ex in extractions)
        fresh: dict[str, Extraction] = {}
        for ex in extractions:
            if ex.document.id not in present:
                fresh.setdefault(ex.document.id, ex)
        if not fresh:
            return 0
        tables = record_tables(list(fresh.values()))
        with self.transaction() as con:
            con.register("new_documents", tables["documents"])
            con.execute(
                f"INSERT INTO documents ({DOCUMENT_COLUMNS}, run_id, ingested_at) "
                f"SELECT {DOCUMENT_COLUMNS}, ?, current_timestamp FROM new_documents",
                [run_id],
            )
            for kind in NESTED:
                if tables[kind].num_rows:
                    con.register(f"new_{kind}", tables[kind])
                    con.execute(f"INSERT INTO {kind} SELECT * FROM new_{kind}")
                    con.unregister(f"new_{kind}")
            con.execute("DELETE FROM skipped WHERE source IN (SELECT source FROM new_documents)")
            con.unregister("new_documents")
        return len(fresh)

    def record_skipped(self, skipped: Skipped, run_id: str | None = None) -> None:
        self.record_skipped_many([skipped], run_id)

    def record_skipped_many(self, skipped: Sequence[Skipped], run_id: str | None = None) -> None:
        """Record skips in one transaction (the latest per source wins)."""
        import pyarrow as pa

        latest = {s.source: s for s in skipped}
        if not latest:
            return
        rows = pa.table(
            {
                "source": [s.source for s in latest.values()],
                "reason": [s.reason for s in latest.values()],
                "detail": [s.detail for s in latest.values()],
            }
        )
        with self.transaction() as con:
            con.register("new_skipped", rows)
            con.execute(
                "INSERT OR REPLACE INTO skipped SELECT source, reason, detail, ?, current_timestamp FROM new_skipped",
                [run_id],
            )
            con.unregister("new_skipped")

    def replace_resolution(
        self,
        actors: Sequence[Actor],
        actor_map: dict[str, str],
        claims: Sequence[Claim],
        blocks: Sequence[tuple[str, str]] = (),
    ) -> None:
        """Swap in a given corpus resolution atomically (one INSERT per table, from Arrow).

        For resolutions made outside ``resolve_corpus`` (tests, hand-made stores):
        the next incremental run does not build on it, ``resolve_corpus`` starts over."""
        from newsgraph.store.arrow import actor_rows

        tables = {
            "actors": actor_rows(actors),
            "actor_map": {"provisional": list(actor_map), "actor": list(actor_map.values())},
        }
        with self.transaction() as con:
            con.execute("DELETE FROM resolved_documents")
            for table, columns in tables.items():
                con.execute(f"DELETE FROM {table}")
                _insert(con, table, columns)
            self.replace_claims(claims, blocks=blocks)

    def set_claim_vectors(self, vectors: Mapping[str, Sequence[float]]) -> None:
        """Store the full embeddings of these claim mentions (id -> vector); inside the caller's transaction."""
        import pyarrow as pa

        from newsgraph.store.scratch import scratch

        if not vectors:
            return
        ids = list(vectors)
        column = pa.array([list(vectors[i]) for i in ids], pa.list_(pa.float32(), 384))
        with scratch(self.con, id=ids, vector=column) as rows:
            self.con.execute(
                f"UPDATE claim_mentions SET vector = {rows}.vector FROM {rows} WHERE claim_mentions.id = {rows}.id"
            )

    def replace_claims(
        self, claims: Sequence[Claim], drop: Sequence[str] | None = None, blocks: Sequence[tuple[str, str]] = ()
    ) -> None:
        """Write ``claims`` with their stances and blocking keys, first deleting every
        claim (``drop`` None) or the claims ``drop`` lists.  Runs inside the caller's
        transaction."""
        import pyarrow as pa

        from newsgraph.store.scratch import delete_in

        stances = [(c.id, s) for c in claims for s in c.stances]
        tables = {
            "claims": {
                "id": [c.id for c in claims],
                "proposition": [c.proposition for c in claims],
                "subject": pa.array([c.subject for c in claims], pa.string()),
                "predicate": pa.array([c.predicate for c in claims], pa.string()),
                "mode": pa.array([c.mode for c in claims], pa.string()),
                "object": pa.array([c.object for c in claims], pa.string()),
                "contested": pa.array([c.contested for c in claims], pa.bool_()),
                "actors": [json.dumps(list(c.actors)) for c in claims],
                "date": pa.array([c.date.value if c.date else None for c in claims], pa.string()),
                "date_basis": pa.array([c.date.basis if c.date else None for c in claims], pa.string()),
            },
            "claim_stances": {
                "claim": [cid for cid, _ in stances],
                "document": [s.document for _, s in stances],
                "holder": pa.array([s.holder for _, s in stances], pa.string()),
                "stance": [s.stance for _, s in stances],
                "event": pa.array([s.event for _, s in stances], pa.string()),
                "evidence": [s.evidence.text for _, s in stances],
                "start_char": pa.array([s.evidence.start for _, s in stances], pa.int64()),
                "end_char": pa.array([s.evidence.end for _, s in stances], pa.int64()),
                "mention": pa.array([s.mention for _, s in stances], pa.string()),
            },
            "claim_blocks": {"claim": [c for c, _ in blocks], "key": [k for _, k in blocks]},
        }
        for table, columns in tables.items():
            if drop is None:
                self.con.execute(f"DELETE FROM {table}")
            else:
                delete_in(self.con, table, "id" if table == "claims" else "claim", drop)
            _insert(self.con, table, columns)

    # ----------------------------------------------------------------- read
    def _dicts(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, list(params))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def documents(self) -> list[Document]:
        rows = self._dicts("SELECT * FROM documents ORDER BY source")
        return [_document(r) for r in rows]

    def document(self, doc_id: str) -> Document | None:
        rows = self._dicts("SELECT * FROM documents WHERE id = ?", [doc_id])
        return _document(rows[0]) if rows else None

    def document_count(self) -> int:
        return int(self.con.execute("SELECT count(*) FROM documents").fetchone()[0])  # type: ignore[index]

    def skipped(self) -> list[Skipped]:
        rows = self.con.execute("SELECT source, reason, detail FROM skipped ORDER BY source").fetchall()
        return [Skipped(*r) for r in rows]

    def mentions(self, document: str | None = None) -> list[Mention]:
        sql = "SELECT document, start_char, end_char, text, actor, name, kind, country, role, sector FROM mentions"
        params: list[Any] = []
        if document:
            sql += " WHERE document = ?"
            params.append(document)
        rows = self.con.execute(sql + " ORDER BY document, start_char", params).fetchall()
        return [Mention(*r) for r in rows]

    def events_in(self, ids: Iterable[str]) -> list[Event]:
        """The events with these ids, in document order."""
        from newsgraph.store.scratch import select_in

        cur = self.con.execute("SELECT * FROM events LIMIT 0")
        names = [d[0] for d in cur.description]
        rows = [
            dict(zip(names, r, strict=True)) for r in select_in(self.con, "SELECT * FROM events WHERE id IN {ids}", ids)
        ]
        return [_event(r) for r in sorted(rows, key=lambda r: (r["document"], r["start_char"]))]

    def events(self, document: str | None = None) -> list[Event]:
        sql = "SELECT * FROM events"
        params: list[Any] = []
        if document:
            sql += " WHERE document = ?"
            params.append(document)
        return [_event(r) for r in self._dicts(sql + " ORDER BY document, start_char", params)]

    def quotes(self, document: str | None = None) -> list[Quote]:
        sql = "SELECT id, document, speaker, speaker_text, text, kind, start_char, end_char FROM quotes"
        params: list[Any] = []
        if document:
            sql += " WHERE document = ?"
            params.append(document)
        return [Quote(*r) for r in self.con.execute(sql + " ORDER BY document, start_char", params).fetchall()]

    def actors(self) -> list[Actor]:
        rows = self._dicts("SELECT * FROM actors ORDER BY mentions DESC, id")
        return [
            Actor(
                r["id"],
                r["name"],
                r["kind"],
                r["country"],
                tuple(json.loads(r["roles"])),
                tuple(json.loads(r["aliases"])),
                r["mentions"],
                r.get("sector"),  # absent in a database opened read-only before migration m008
            )
            for r in rows
        ]

    def actor_map(self) -> dict[str, str]:
        return dict(self.con.execute("SELECT provisional, actor FROM actor_map").fetchall())

    def claims(self) -> list[Claim]:
        stances: dict[str, list[Stance]] = {}
        for r in self._dicts("SELECT * FROM claim_stances ORDER BY claim, document, start_char"):
            stances.setdefault(r["claim"], []).append(
                Stance(
                    r["document"],
                    r["holder"],
                    r["stance"],
                    Evidence(r["evidence"], r["start_char"], r["end_char"]),
                    r["event"],
                    mention=r["mention"],
                )
            )
        return [
            Claim(
                r["id"],
                r["proposition"],
                r["subject"],
                r["predicate"],
                r["mode"],
                r["object"],
                tuple(stances.get(r["id"], ())),
                actors=tuple(json.loads(r["actors"] or "[]")),
                date=DateValue(r["date"], r["date_basis"]) if r["date"] else None,
            )
            for r in self._dicts("SELECT * FROM claims ORDER BY id")
        ]

    def claim_mentions(self, document: str | None = None, vectors: bool = True) -> list[ClaimMention]:
        """Claim mentions in text order; ``vectors=False`` leaves the embeddings (and sketches) out."""
        columns = "*" if vectors else "* EXCLUDE (vector, sketch), NULL AS vector, NULL AS sketch"
        sql = f"SELECT {columns} FROM claim_mentions"
        params: list[Any] = []
        if document:
            sql += " WHERE document = ?"
            params.append(document)
        return [_claim_mention(r) for r in self._dicts(sql + " ORDER BY document, start_char, id", params)]

    def claim_mentions_in(self, values: Iterable[str], by: str = "id", vectors: bool = True) -> list[ClaimMention]:
        """The claim mentions whose ``by`` ("id" or "document") is one of ``values``, in text
        order; ``vectors=False`` leaves the embeddings and sketches out (``claim_arrays``)."""
        from newsgraph.store.scratch import select_in

        column = "document" if by == "document" else "id"
        columns = "*" if vectors else "* EXCLUDE (vector, sketch), NULL AS vector, NULL AS sketch"
        names = [d[0] for d in self.con.execute(f"SELECT {columns} FROM claim_mentions LIMIT 0").description]
        rows = select_in(self.con, f"SELECT {columns} FROM claim_mentions WHERE {column} IN {{ids}}", values)
        found = [_claim_mention(dict(zip(names, r, strict=True))) for r in rows]
        return sorted(found, key=lambda m: (m.document, m.evidence.start, m.id))

    def claim_arrays(self, ids: Iterable[str], field: str) -> dict[str, Any]:
        """The ``sketch`` or ``vector`` (``field``) of each of these claim mentions that has
        one, as a float32 array: read through Arrow, never as Python floats (a block of
        mentions holds hundreds of them, 256 or 384 floats each)."""
        from newsgraph.store.scratch import arrow_in

        if field not in ("sketch", "vector"):
            raise StoreError(f"not an array column of claim_mentions: {field}")
        table = arrow_in(
            self.con, f"SELECT id, {field} FROM claim_mentions WHERE {field} IS NOT NULL AND id IN {{ids}}", ids
        )
        if table is None or not table.num_rows:
            return {}
        column = table.column(field).combine_chunks()
        matrix = column.flatten().to_numpy().reshape(len(column), column.type.list_size)
        # a copy of each row: the array a mention's tuple would give (own memory)
        return {i: row.copy() for i, row in zip(table.column("id").to_pylist(), matrix, strict=True)}


def _insert(con: duckdb.DuckDBPyConnection, table: str, columns: Any) -> None:
    """One INSERT of ``columns`` (an Arrow table, or name -> values: strings unless an Arrow array)."""
    import pyarrow as pa

    data = (
        columns
        if isinstance(columns, pa.Table)
        else pa.table({k: v if isinstance(v, pa.Array) else pa.array(v, pa.string()) for k, v in columns.items()})
    )
    if data.num_rows:
        con.register("new_rows", data)
        con.execute(f"INSERT INTO {table} SELECT * FROM new_rows")
        con.unregister("new_rows")


def _event_row(e: Event) -> list[Any]:
    return [
        e.id,
        e.document,
        e.type,
        e.mode,
        e.cameo_root,
        e.weight,
        e.source,
        e.target,
        e.polarity,
        e.modality,
        e.date.value if e.date else None,
        e.date.basis if e.date else None,
        json.dumps([{"value": a.value, "unit": a.unit, "text": a.text} for a in e.amounts]),
        e.reported_by,
        e.holder,
        e.stance,
        e.cue,
        e.evidence.text,
        e.evidence.start,
        e.evidence.end,
    ]


def _event(r: dict[str, Any]) -> Event:
    return Event(
        id=r["id"],
        document=r["document"],
        type=r["type"],
        mode=r["mode"],
        cameo_root=r["cameo_root"],
        weight=r["weight"],
        source=r["source"],
        target=r["target"],
        polarity=r["polarity"],
        modality=r["modality"],
        date=DateValue(r["date"], r["date_basis"]) if r["date"] else None,
        evidence=Evidence(r["evidence"], r["start_char"], r["end_char"]),
        cue=r["cue"],
        amounts=tuple(Amount(a["value"], a["unit"], a["text"]) for a in json.loads(r["amounts"])),
        reported_by=r["reported_by"],
        holder=r["holder"],
        stance=r["stance"],
        cue_lemma=r["cue_lemma"],
        lemmas=r["lemmas"],
    )


def _claim_mention(r: dict[str, Any]) -> ClaimMention:
    return ClaimMention(
        id=r["id"],
        document=r["document"],
        text=r["text"],
        holder=r["holder"],
        stance=r["stance"],
        kind=r["kind"],
        evidence=Evidence(r["evidence"], r["start_char"], r["end_char"]),
        actors=tuple(json.loads(r["actors"])),
        event=r["event"],
        event_type=r["event_type"],
        date=DateValue(r["date"], r["date_basis"]) if r["date"] else None,
        keywords=tuple(json.loads(r["keywords"])),
        vector=tuple(r["vector"]) if r["vector"] is not None else (),
        sketch=tuple(r["sketch"]) if r["sketch"] is not None else (),
    )


def _document(r: dict[str, Any]) -> Document:
    from newsgraph.store.arrow import row_document

    return row_document(r)
