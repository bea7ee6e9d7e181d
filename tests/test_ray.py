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
