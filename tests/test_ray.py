"""The Ray engine: same per-document function, same store, Parquet in between."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from newsgraph.config import Options
from test_runners import copy_small_corpus, ingest_to, store_contents

pytest.importorskip("ray", reason="the distributed extra (ray[data]) is not installed")

pytestmark = [
    pytest.mark.ray,
    pytest.mark.model,
    pytest.mark.slow,
    # Ray's own deprecation and resource notices, raised inside its executor
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::UserWarning:ray.*"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


@pytest.fixture(scope="module")
def small_corpus(samples_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_small_corpus(samples_dir, tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def ray_local():
    from newsgraph.runners.ray_runner import ray_session

    with ray_session(workers=2) as ray:
        yield ray


def two_workers(options: Options) -> Options:
    return replace(options, run=replace(options.run, workers=2))


def test_ray_fills_the_store_as_a_local_run_does(
    ray_local: object, small_corpus: Path, tmp_path: Path, options: Options
) -> None:
    local_db, ray_db = tmp_path / "local.duckdb", tmp_path / "ray.duckdb"
    ingest_to(small_corpus, local_db, options)
    ingest_to(small_corpus, ray_db, two_workers(options), engine="ray")
    local, distributed = store_contents(local_db), store_contents(ray_db)
    assert len(local["documents"]) == 8
    for table in local:
        assert distributed[table] == local[table], table
    # a second run finds everything present and adds nothing
    ingest_to(small_corpus, ray_db, two_workers(options), engine="ray")
    assert store_contents(ray_db) == local


def test_ray_faults_cost_only_their_document(ray_local: object, tmp_path: Path, options: Options) -> None:
    """A document past the budget and one that crashes its extraction process, on Ray."""
    import faults
    from newsgraph.pipeline import ingest
    from test_supervisor import corpus, faulty_options

    folder = corpus(tmp_path / "in", {"sleeps": faults.SLEEP, "segfaults": faults.CRASH}, good=4)
    o = faulty_options(options, 2)
    report = ingest([folder], replace(o, store=replace(o.store, path=str(tmp_path / "x.duckdb"))), engine="ray")
    assert report.ingested == 4
    skipped = {Path(s.source).name: s for s in report.skipped}
    assert {k: s.reason for k, s in skipped.items()} == {"01_sleeps.txt": "timed_out", "03_segfaults.txt": "crashed"}
    assert skipped["01_sleeps.txt"].detail.startswith("timed out after 2 s in newsgraph_faults")
    assert "SIGSEGV in newsgraph_faults" in skipped["03_segfaults.txt"].detail
    from newsgraph.store import Store

    with Store(tmp_path / "x.duckdb", read_only=True) as store:
        assert len(store.documents()) == 4
        assert {Path(s.source).name for s in store.skipped()} == set(skipped)
