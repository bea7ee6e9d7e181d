"""Corpus resolution over the store: incremental after each ingest, or all at once.

The store records which documents the resolution covers
(``resolved_documents``).  ``resolve_corpus`` resolves the others -- the
documents an ingest just wrote, or any an interrupted run left behind -- in
one transaction, so the resolution always covers whole runs:

1. actors: new mentions are placed among the stored actors
   (``actor_update.update``), which yields the provisional actor ids whose
   actor changed (``Delta.moved``);
2. every later step (``STEPS``: claims, event clusters) gets a ``Delta`` --
   the new documents and the moved actor ids -- and rewrites only the rows
   that the new documents' records, or records naming a moved actor, touch.

``resolve_corpus(store, full=True)`` (``newsgraph resolve --full``) empties
the resolution and builds it from every stored record; a store resolved for
the first time does the same.  Every step decides from the records alone,
never from the order they arrived in, so any sequence of incremental runs
leaves the same tables as one full run (tests/test_resolve_incremental.py).

A step is a function ``step(store, delta)`` that runs inside the resolution's
transaction (it must not open one); ``delta.full`` means "rebuild everything
you own".  ``delta`` has the ``Delta`` and the reads the steps share.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsgraph.resolve import actor_update
from newsgraph.resolve.delta import Delta
from newsgraph.store import page_cache
from newsgraph.store.scratch import scratch

if TYPE_CHECKING:
    from newsgraph.store import Store


Step = Callable[["Store", Delta], None]


@dataclass(frozen=True)
class Resolution:
    """What one run of ``resolve_corpus`` did."""

    documents: int  # documents resolved in this run
    moved: int  # provisional actor ids whose actor changed
    full: bool


def resolve_corpus(store: Store, full: bool = False, on_step: Callable[[str], None] | None = None) -> Resolution:
    """Resolve the documents the stored resolution does not cover yet (all of them with ``full``).

    ``on_step(text)`` says which step is running ("actors of 120 documents",
    "claims", "event clusters"), for a progress display."""
    say = on_step or (lambda text: None)
    con = store.con
    with store.transaction(), page_cache.bounded(store):
        if not full and not con.execute("SELECT count(*) FROM resolved_documents").fetchone()[0]:  # type: ignore[index]
            full = True  # nothing resolved yet, or a store from before incremental resolution
        if full:
            con.execute("DELETE FROM resolved_documents")
        pending = tuple(
            r[0]
            for r in con.execute(
                "SELECT id FROM documents WHERE id NOT IN (SELECT id FROM resolved_documents) ORDER BY id"
            ).fetchall()
        )
        if not pending and not full:
            return Resolution(0, 0, False)
        say(f"actors of {len(pending):,} document{'s' if len(pending) != 1 else ''}{' (full)' if full else ''}")
        if full:
            actor_update.rebuild(con)
            changes = actor_update.Changes()
        else:
            changes = actor_update.update(con, pending)
        delta = Delta(pending, frozenset(changes.moved), frozenset(changes.renamed), full)
        for name, step in steps():
            say(name)
            step(store, delta)
            page_cache.trim(con)
        with scratch(con, id=pending) as done:
            con.execute(f"INSERT INTO resolved_documents SELECT id FROM {done}")
    return Resolution(len(pending), len(changes.moved), full)


def steps() -> list[tuple[str, Step]]:
    """The steps after actors, named, in order: claims, then event clusters (which read actors only)."""
    from newsgraph.resolve.claim_step import resolve_claims
    from newsgraph.resolve.event_step import resolve_event_clusters

    return [("claims", resolve_claims), ("event clusters", resolve_event_clusters)]
