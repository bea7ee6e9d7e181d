"""Supervised extraction: input order, bounded read-ahead, and a document that
hangs or crashes its worker costs that document only.

The faults are real: a test component (tests/faults.py) sleeps past the
budget, kills its own process with SIGSEGV or SIGABRT, or raises, on a marker
text; the Ray engine's version of these tests is in test_ray.py.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import faults
from newsgraph.cli import app
from newsgraph.config import Options
from newsgraph.models import Document, Extraction
from newsgraph.runners import supervisor as supervisor_mod
from newsgraph.runners.supervisor import Supervisor
from newsgraph.store import Store

pytestmark = pytest.mark.model

GOOD = "Russia supplied weapons to Pakistan in March 2021, officials in Islamabad said. This is report {}."
BAD = "Russia supplied weapons to Pakistan, officials said. {} is in this text."
BUDGET = 2  # seconds: far above what these two-sentence texts take, far below the sleeping one


def faulty_options(options: Options, workers: int) -> Options:
    return replace(
        options,
        nlp=replace(
            options.nlp,
            batch_size=2,
            extra_components=("faults:newsgraph_faults", "faults:newsgraph_batched_faults"),
        ),
        ingest=replace(options.ingest, doc_timeout_s=float(BUDGET)),
        run=replace(options.run, workers=workers),
    )


def corpus(folder: Path, markers: dict[str, str], good: int = 4) -> Path:
    """``good`` articles and one per marker, named so that the faulty ones sit among the good."""
    folder.mkdir()
    for i in range(good):
        (folder / f"{2 * i:02d}_good.txt").write_text(GOOD.format(i))
    for i, (name, marker) in enumerate(markers.items()):
        (folder / f"{2 * i + 1:02d}_{name}.txt").write_text(BAD.format(marker))
    return folder


def docs(n: int) -> list[Document]:
    from newsgraph.ingest import make_document

    return [make_document(GOOD.format(i), source=f"{i}.txt") for i in range(n)]


@pytest.fixture(scope="module")
def pool(options: Options) -> Any:
    with Supervisor(replace(options, run=replace(options.run, workers=2), nlp=replace(options.nlp, batch_size=3))) as s:
        yield s


def test_results_come_in_input_order(pool: Supervisor) -> None:
    timings: list[dict[str, float]] = []
    results = list(pool.run(docs(14), on_timing=lambda d, seconds: timings.append(seconds)))
    assert [r.document.source for r in results if isinstance(r, Extraction)] == [f"{i}.txt" for i in range(14)]
    assert len(timings) == 14
    assert {"tokenizer", "parser", "newsgraph_events"} <= set(timings[0])


def test_input_is_read_lazily(pool: Supervisor) -> None:
    pulled = seen = 0

    def stream() -> Any:
        nonlocal pulled
        for d in docs(60):
            pulled += 1
            yield d

    limit = (2 * pool.workers + 1) * pool.batch_size
    for _ in pool.run(stream()):
        seen += 1
        assert pulled - seen <= limit
    assert seen == 60


@pytest.mark.slow
def test_faults_with_one_worker_cost_only_their_document(tmp_path: Path, options: Options) -> None:
    """The default path, through the command line: the exit code and the last line say what happened."""
    folder = corpus(
        tmp_path / "in",
        {"sleeps": faults.SLEEP, "segfaults": faults.CRASH, "raises": faults.RAISE, "batch": faults.BATCH_CRASH},
    )
    config = tmp_path / "faults.toml"
    o = faulty_options(options, 1)
    config.write_text(
        f"[nlp]\nbatch_size = 2\nextra_components = {json.dumps(list(o.nlp.extra_components))}\n"
        f"[ingest]\ndoc_timeout_s = {BUDGET}\n"
    )
    db = tmp_path / "x.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(db), "--config", str(config), "--quiet"])
    assert result.exit_code == 1, result.output  # newsgraph failed on some inputs; every other one is stored
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("4 ingested, 0 already present, 4 skipped (2 crashed, 1 failed, 1 timed_out)"), last
    with Store(db, read_only=True) as store:
        stored = sorted(Path(d.source).name for d in store.documents())
        skipped = {Path(s.source).name: s for s in store.skipped()}
    assert stored == [f"{2 * i:02d}_good.txt" for i in range(4)]
    assert skipped["01_sleeps.txt"].reason == "timed_out"
    assert skipped["01_sleeps.txt"].detail.startswith(f"timed out after {BUDGET} s in newsgraph_faults")
    assert skipped["03_segfaults.txt"].reason == "crashed"
    assert "crashed on this document (SIGSEGV in newsgraph_faults)" in skipped["03_segfaults.txt"].detail
    assert skipped["05_raises.txt"].reason == "failed"
    assert "in newsgraph_faults: RuntimeError: a fault raised on purpose" in skipped["05_raises.txt"].detail
    # the batched component took two documents at once: retried one by one, only the culprit is lost
    assert skipped["07_batch.txt"].reason == "crashed"
    assert "SIGSEGV in newsgraph_batched_faults" in skipped["07_batch.txt"].detail
    listed = json.loads(CliRunner().invoke(app, ["skipped", "--db", str(db), "--json"]).stdout)
    assert {Path(s["source"]).name: s["reason"] for s in listed} == {k: s.reason for k, s in skipped.items()}


@pytest.mark.slow
def test_faults_with_two_workers_cost_only_their_document(
    tmp_path: Path, options: Options, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Also: while a document runs long, the progress callback names it and the component it is in."""
    from newsgraph.pipeline import ingest

    monkeypatch.setattr(supervisor_mod, "SLOW_AFTER_S", 0.5)
    shown: list[str | None] = []
    folder = corpus(tmp_path / "in", {"sleeps": faults.SLEEP, "aborts": faults.ABORT}, good=5)
    o = faulty_options(options, 2)
    report = ingest([folder], replace(o, store=replace(o.store, path=str(tmp_path / "x.duckdb"))), on_slow=shown.append)
    assert report.ingested == 5
    assert {Path(s.source).name: s.reason for s in report.skipped} == {
        "01_sleeps.txt": "timed_out",
        "03_aborts.txt": "crashed",
    }
    assert report.internal_errors == 2
    stuck = str(folder / "01_sleeps.txt") + ": "
    assert any(t and t.startswith(stuck) and t.endswith(" s in newsgraph_faults") for t in shown), shown
    assert shown[-1] is None  # cleared once nothing is slow


def test_an_unknown_component_stops_the_run_with_one_clear_error(options: Options) -> None:
    from newsgraph.errors import ModelError

    broken = replace(options, nlp=replace(options.nlp, extra_components=("faults:no_such_component",)))
    with Supervisor(broken) as s, pytest.raises(ModelError, match=r"nlp\.extra_components"):
        s.extract(docs(1))
