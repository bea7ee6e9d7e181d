"""Incremental corpus resolution gives the tables a full rebuild gives.

The corpus is the benchmark's generated news feed (benchmarks/records.py):
varied people with shared surnames, spelling variants and unknown countries,
bodies named in full and by acronym, happenings reported by many articles
worded and dated differently.  It is written in 1, 3 and 10 batches,
resolving after each, in feed order and shuffled; every resolution table
must come out the same as ``resolve_corpus(store, full=True)`` gives.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from newsgraph.models import Extraction
from newsgraph.resolve import resolve_corpus
from newsgraph.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from records import Feed

TABLES = (
    "actors",
    "actor_map",
    "actor_groups",
    "actor_keys",
    "actor_bases",
    "claims",
    "claim_stances",
    "claim_keys",
    "claim_units",
    "event_clusters",
    "event_cluster_members",
)


@pytest.fixture(scope="module")
def feed() -> list[Extraction]:
    return list(Feed(160, seed=11).extractions())


def tables(store: Store) -> dict[str, list[tuple[object, ...]]]:
    return {t: sorted(store.con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


def incremental(extractions: list[Extraction], batches: int) -> Store:
    store = Store(":memory:")
    size = -(-len(extractions) // batches)
    for i in range(0, len(extractions), size):
        store.write(extractions[i : i + size])
        resolve_corpus(store)
    return store


@pytest.mark.parametrize("order", ["feed", "shuffled"])
def test_any_batches_give_the_full_tables(feed, order):
    docs = list(feed)
    if order == "shuffled":
        random.Random(3).shuffle(docs)
    results = {}
    for batches in (1, 3, 10):
        with incremental(docs, batches) as store:
            results[batches] = tables(store)
            resolve_corpus(store, full=True)
            full = tables(store)
        for table in TABLES:
            assert results[batches][table] == full[table], f"{table} after {batches} batches differs from --full"
    assert results[1] == results[3] == results[10]
    assert all(results[1][t] for t in ("actors", "claims", "event_clusters")), "the feed exercises every table"


def test_merges_happen_across_batches(feed):
    """The feed is not trivially separable: later batches join earlier actors and clusters."""
    with incremental(feed, 10) as store:
        merged = store.con.execute("SELECT count(*) FROM actor_map WHERE provisional <> actor").fetchone()[0]
        spread = store.con.execute("SELECT count(*) FROM event_clusters WHERE num_articles > 1").fetchone()[0]
    assert merged > 20 and spread > 20


def test_only_unresolved_documents_are_resolved():
    docs = list(Feed(40, seed=5).extractions())
    with Store(":memory:") as store:
        store.write(docs[:20])
        first = resolve_corpus(store)
        assert (first.documents, first.full) == (20, True)  # a store resolved for the first time is rebuilt
        assert resolve_corpus(store).documents == 0
        store.write(docs[20:])  # written, not resolved: as an interrupted ingest leaves them
        second = resolve_corpus(store)
        assert (second.documents, second.full) == (20, False)
        pending = store.con.execute(
            "SELECT count(*) FROM documents WHERE id NOT IN (SELECT id FROM resolved_documents)"
        ).fetchone()[0]
        assert pending == 0


def test_a_hand_made_resolution_is_rebuilt_on_the_next_run():
    docs = list(Feed(20, seed=5).extractions())
    with Store(":memory:") as store:
        store.write(docs)
        resolve_corpus(store)
        store.replace_resolution([], {}, [])
        assert resolve_corpus(store).full
        assert store.con.execute("SELECT count(*) FROM actors").fetchone()[0] > 0
