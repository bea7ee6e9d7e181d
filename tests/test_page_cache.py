"""DuckDB's cache of table pages is trimmed after lookups while a resolution runs
(``store.page_cache``), and nothing else changes: not the memory limit, not the
transaction, not what the resolution writes."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np
import pytest

from newsgraph.resolve import resolve_corpus
from newsgraph.store import Store, page_cache
from newsgraph.store.scratch import select_in

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from records import Feed, bow

MB = 2**20


def pages(store: Store) -> int:
    row = store.con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory() WHERE tag = 'BASE_TABLE'").fetchone()
    return int(row[0] or 0)  # type: ignore[index]


def limit(store: Store) -> str:
    return store.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]  # type: ignore[index]


@pytest.fixture(autouse=True)
def small_bound(monkeypatch):
    """A bound of 4 MB, looked at after every lookup: the table below needs no 100,000 articles."""
    monkeypatch.setattr(page_cache, "PAGES", 4 * MB)
    monkeypatch.setattr(page_cache, "KEEP", 2 * MB)
    monkeypatch.setattr(page_cache, "LOOK_EVERY", 0.0)


@pytest.fixture
def big(tmp_path: Path) -> Path:
    """A store file with a table of 200,000 hash-like ids and texts (about 20 MB of pages)."""
    path = tmp_path / "big.duckdb"
    with Store(path) as store:
        store.con.execute(
            "CREATE TABLE things AS SELECT md5(i::VARCHAR) AS id, repeat(md5((i * 7)::VARCHAR), 3) AS body "
            "FROM range(200000) t(i)"
        )
        store.con.execute("CHECKPOINT")
    return path


def some_ids(store: Store, n: int = 500) -> list[str]:
    return [r[0] for r in store.con.execute(f"SELECT id FROM things USING SAMPLE {n} ROWS (reservoir, 1)").fetchall()]


def test_a_lookup_in_a_bounded_block_leaves_few_pages(big):
    with Store(big) as store:
        ids = some_ids(store)
        select_in(store.con, "SELECT * FROM things WHERE id IN {ids}", ids)
        unbounded = pages(store)
    with Store(big) as store:
        before = limit(store)
        with page_cache.bounded(store):
            rows = select_in(store.con, "SELECT * FROM things WHERE id IN {ids}", ids)
            bounded = pages(store)
        assert limit(store) == before, "the memory limit is set back as it was"
    assert len(rows) == len(set(ids))
    assert unbounded > page_cache.PAGES, "the lookup read more pages than the bound (else the test shows nothing)"
    assert bounded <= page_cache.PAGES


def test_a_trim_leaves_some_pages(big):
    """A trim evicts down to KEEP, not to nothing: DuckDB evicts the least recently used
    pages, so what stays is what the last lookups read."""
    with Store(big) as store, page_cache.bounded(store):
        select_in(store.con, "SELECT body FROM things WHERE id IN {ids}", some_ids(store))
        held = pages(store)
        assert page_cache.KEEP // 2 <= held <= page_cache.PAGES


def test_a_limit_the_user_set_is_left_alone(big):
    """DuckDB shows it rounded ("2.7 GiB" for 3 GB), so it could not be set back exactly; it bounds the cache."""
    with Store(big) as store:
        store.con.execute("SET memory_limit = '3GB'")
        set_by_user = store.con.execute("SELECT value FROM duckdb_settings() WHERE name = 'memory_limit'").fetchone()
        with page_cache.bounded(store):
            select_in(store.con, "SELECT * FROM things WHERE id IN {ids}", some_ids(store))
            assert pages(store) > page_cache.PAGES
        assert store.con.execute("SELECT value FROM duckdb_settings() WHERE name = 'memory_limit'").fetchone() == (
            set_by_user
        )


def test_a_shared_store_keeps_its_pages(big):
    """The limit is the database's: while other connections read, lowering it could fail them."""
    with Store(big, shared=True) as store, page_cache.bounded(store):
        select_in(store.con, "SELECT * FROM things WHERE id IN {ids}", some_ids(store))
        assert pages(store) > page_cache.PAGES
    with Store(big) as store:
        store.cursor()  # a reader now exists
        with page_cache.bounded(store):
            select_in(store.con, "SELECT * FROM things WHERE id IN {ids}", some_ids(store))
            assert pages(store) > page_cache.PAGES


def test_trimming_inside_a_transaction_keeps_its_writes(big, monkeypatch):
    monkeypatch.setattr(page_cache, "PAGES", 0)
    monkeypatch.setattr(page_cache, "KEEP", 0)
    with Store(big) as store:
        with store.transaction(), page_cache.bounded(store):
            store.con.execute("INSERT INTO things SELECT 'new-' || i, 'text' FROM range(50000) t(i)")
            store.con.execute("DELETE FROM things WHERE id IN (SELECT id FROM things LIMIT 1000)")
            select_in(store.con, "SELECT * FROM things WHERE id IN {ids}", some_ids(store))
            assert pages(store) <= 6 * MB
        assert store.con.execute("SELECT count(*) FROM things").fetchone()[0] == 249000  # type: ignore[index]


def test_outside_a_bounded_block_trim_does_nothing(big):
    with Store(big) as store:
        select_in(store.con, "SELECT * FROM things WHERE id IN {ids}", some_ids(store))
        page_cache.trim(store.con)
        assert pages(store) > page_cache.PAGES


def test_resolution_trimming_after_every_lookup_gives_the_same_tables(tmp_path, monkeypatch):
    """Pages trimmed after every lookup (bound 0) in a file store: 3 batches give what one full run gives."""
    from test_resolve_incremental import TABLES, tables

    monkeypatch.setattr(
        "newsgraph.claims.encoder.embed",
        lambda texts, threads=1: np.asarray([bow(t, 384) for t in texts], dtype=np.float32),
    )
    monkeypatch.setattr(page_cache, "PAGES", 0)
    monkeypatch.setattr(page_cache, "KEEP", 0)
    trims = []
    real_trim = page_cache._Bound.trim
    monkeypatch.setattr(page_cache._Bound, "trim", lambda self: (trims.append(1), real_trim(self)))
    docs = list(Feed(120, seed=5, claims=True).extractions())
    random.Random(2).shuffle(docs)
    with Store(tmp_path / "feed.duckdb") as store:
        for i in range(0, len(docs), 40):
            store.write(docs[i : i + 40])
            store.con.execute("CHECKPOINT")  # the records are pages of the file, as in a store reopened
            resolve_corpus(store)
        result = tables(store)
        resolve_corpus(store, full=True)
        full = tables(store)
    assert len(trims) > 30
    for table in TABLES:
        assert result[table] == full[table], f"{table} differs from --full"


def test_the_api_store_is_shared(tmp_path):
    """The API answers reads on cursors while an ingest resolves: its store is never trimmed."""
    from newsgraph.api.app import State

    state = State(tmp_path / "api.duckdb", allow_write=True, options=None)
    try:
        assert state.store.shared
    finally:
        state.store.close()
