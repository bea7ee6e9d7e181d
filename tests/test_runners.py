"""The local runners: one process, a process pool, and what they leave in the store."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import duckdb
import pytest

from newsgraph.config import Options
from newsgraph.errors import ConfigError, MissingExtra
from newsgraph.models import Document, Skipped

# Every table ingest and resolution fill, without the run bookkeeping columns.
TABLES = (
    "documents",
    "mentions",
    "events",
    "quotes",
    "skipped",
    "actors",
    "actor_map",
    "claims",
    "claim_stances",
    "event_clusters",
    "event_cluster_members",
)
BOOKKEEPING = {"run_id", "ingested_at", "skipped_at"}


def store_contents(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """What a store holds, order-free: the thing two runners must agree on."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for table in TABLES:
            columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] not in BOOKKEEPING]
            rows = con.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
            out[table] = sorted(rows, key=repr)
        return out
    finally:
        con.close()


def copy_small_corpus(samples_dir: Path, folder: Path) -> Path:
    """A frozen copy of a few sample articles plus one input that must be skipped."""
    source = samples_dir / "corpus"
    if not source.is_dir():
        pytest.skip("samples/corpus is not present")
    for path in sorted(source.glob("*.txt"))[:8]:
        shutil.copy(path, folder / path.name)
    (folder / "zz_binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    return folder


@pytest.fixture(scope="module")
def small_corpus(samples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_small_corpus(samples_dir, tmp_path_factory.mktemp("corpus"))


def ingest_to(corpus: Path, db: Path, options: Options, **kwargs: Any) -> None:
    from newsgraph.pipeline import ingest

    options = replace(options, store=replace(options.store, path=str(db)))
    ingest([corpus], options, **kwargs)


@pytest.mark.model
def test_two_workers_fill_the_store_as_one_does(small_corpus: Path, tmp_path: Path, options: Options) -> None:
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    ingest_to(small_corpus, one, replace(options, run=replace(options.run, workers=1)))
    ingest_to(small_corpus, two, replace(options, run=replace(options.run, workers=2, commit_every=3)))
    first, second = store_contents(one), store_contents(two)
    assert len(first["documents"]) == 8
    assert [r[0] for r in first["skipped"]] == [str(small_corpus / "zz_binary.txt")]
    assert first == second


@pytest.mark.model
def test_parquet_records_load_as_store_write_does(small_corpus: Path, tmp_path: Path, options: Options) -> None:
    """The Ray engine's data path without Ray: rows -> Parquet per kind -> store."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from newsgraph.ingest import read_inputs
    from newsgraph.resolve import resolve_corpus
    from newsgraph.runners.ray_runner import SCHEMAS, Extractor, document_row, load_parquet, split
    from newsgraph.store import Store
    from newsgraph.store.migrations import duplicate_keys

    local_db = tmp_path / "local.duckdb"
    ingest_to(small_corpus, local_db, options)
    documents = [d for d in read_inputs([small_corpus], options, None) if isinstance(d, Document)]
    table = pa.Table.from_pylist([document_row(d) for d in documents], schema=SCHEMAS["documents"])
    rows = Extractor(options)(table)
    out = tmp_path / "parquet"
    for kind in SCHEMAS:
        part = split(kind)(rows)
        assert part.schema == SCHEMAS[kind]
        if part.num_rows:
            (out / kind).mkdir(parents=True)
            pq.write_table(part, out / kind / "part-0.parquet")
            pq.write_table(part, out / kind / "part-1.parquet")  # a folder written twice
    with Store(tmp_path / "loaded.duckdb") as store:
        assert load_parquet(store, out, None) == (8, [])
        assert not any(duplicate_keys(store.con).values())
        assert load_parquet(store, out, None) == (0, [])  # loading again adds nothing
        store.record_skipped(Skipped(str(small_corpus / "zz_binary.txt"), "binary", "binary file"))
        resolve_corpus(store)
    loaded, local = store_contents(tmp_path / "loaded.duckdb"), store_contents(local_db)
    local["skipped"] = [r[:2] for r in local["skipped"]]
    loaded["skipped"] = [r[:2] for r in loaded["skipped"]]
    assert loaded == local


def test_unknown_engine_is_a_config_error(tmp_path: Path, options: Options) -> None:
    with pytest.raises(ConfigError, match="choose one of local, ray"):
        ingest_to(tmp_path, tmp_path / "x.duckdb", options, engine="spark")
    with pytest.raises(ConfigError, match="only with --engine ray"):
        ingest_to(tmp_path, tmp_path / "x.duckdb", options, parquet_out=tmp_path / "pq")


def test_missing_ray_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph.runners import ray_runner

    monkeypatch.setitem(__import__("sys").modules, "ray", None)  # as if not installed
    with pytest.raises(MissingExtra, match=r"pip install 'newsgraph\[distributed\]'"):
        ray_runner.import_ray()
