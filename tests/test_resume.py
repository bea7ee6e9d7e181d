"""An interrupted ingest resumes with every document present exactly once.

A document is written together with all its records in one transaction, so
a run killed at any moment leaves each document fully present or absent;
running the same command again fills the gap.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from newsgraph.config import apply, default_options
from newsgraph.store import Store

N = 12
COUNTRIES = ["Norway", "Chile", "Kenya", "Vietnam", "Canada", "Ghana", "Peru", "Japan", "Egypt", "Poland"]
NEWSGRAPH = [sys.executable, "-m", "newsgraph.cli"]


def article(i: int) -> str:
    a, b = COUNTRIES[i % len(COUNTRIES)], COUNTRIES[(i + 3) % len(COUNTRIES)]
    return (
        f"{a} and {b} agree on grain deal\n\n"
        f"The government of {a} said on Monday that it would send {100 + i} tonnes of wheat to {b}. "
        f"Officials in {a} told reporters that the shipment was part of a wider agreement on trade. "
        f"The two countries have held talks since {1990 + i}, and another meeting is planned for next month."
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(N):
        (folder / f"{i:02d}.txt").write_text(article(i))
    return folder


# The real `newsgraph ingest`, with a hook that records each committed write
# transaction in a file and, at the third, either keeps its transaction open
# ("inside") or lets it commit and slows down ("between"), so the kill lands
# at a known point of a live run.
HOOK = textwrap.dedent(
    """
    import sys, time
    from contextlib import contextmanager
    from newsgraph.store import db
    from newsgraph.cli import main

    marker, where = sys.argv.pop(1), sys.argv.pop(1)
    original = db.Store.transaction
    calls = []

    @contextmanager
    def transaction(self):
        calls.append(1)
        with original(self) as con:
            yield con
            if len(calls) == 3 and where == "inside":
                with open(marker, "a") as f:
                    f.write("open\\n")
                time.sleep(600)
        with open(marker, "a") as f:
            f.write("commit\\n")
        if len(calls) >= 3 and where == "between":
            time.sleep(600)

    db.Store.transaction = transaction
    sys.argv[0] = "newsgraph"
    main()
    """
)


def _wait_for(marker: Path, line: str, proc: subprocess.Popen[bytes], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if marker.exists() and line in marker.read_text().split():
            return
        if proc.poll() is not None:
            stderr = proc.stderr.read().decode() if proc.stderr else ""
            raise AssertionError(f"ingest exited early ({proc.returncode}): {stderr}")
        time.sleep(0.05)
    proc.kill()
    raise AssertionError(f"no {line!r} in {marker} after {timeout}s")


@pytest.mark.model
@pytest.mark.slow
@pytest.mark.parametrize(("where", "committed"), [("inside", 2), ("between", 3)])
def test_sigkill_then_rerun_has_no_duplicates_or_gaps(tmp_path, corpus, where, committed):
    db = tmp_path / "resume.duckdb"
    marker = tmp_path / "marker"
    args = ["ingest", str(corpus), "--db", str(db), "--set", "run.commit_every=1", "--quiet"]
    proc = subprocess.Popen(
        [sys.executable, "-c", HOOK, str(marker), where, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        _wait_for(marker, "open" if where == "inside" else "commit", proc)
        if where == "between":
            while marker.read_text().split().count("commit") < committed:
                time.sleep(0.05)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL

    with Store(db, read_only=True) as store:
        kept = store.documents()
        orphans = {m.document for m in store.mentions()} - {d.id for d in kept}
        [run] = store.runs()
    assert len(kept) == committed  # whole documents only: the open transaction left nothing behind
    assert not orphans
    assert run["status"] == "running"  # a killed run cannot record its end; the next run starts afresh

    rerun = subprocess.run([*NEWSGRAPH, *args], capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{N - committed} ingested, {committed} already present" in rerun.stdout

    with Store(db, read_only=True) as store:
        docs = store.documents()
        runs = store.runs()
        mention_docs = {m.document for m in store.mentions()}
    assert sorted(Path(d.source).name for d in docs) == [f"{i:02d}.txt" for i in range(N)]
    assert len({d.id for d in docs}) == N
    assert mention_docs <= {d.id for d in docs}
    assert [r["status"] for r in runs] == ["running", "finished"]


@pytest.mark.model
def test_keyboard_interrupt_in_python_api_then_resume(tmp_path, corpus):
    from newsgraph.pipeline import ingest

    options = apply(default_options(), {"store": {"path": str(tmp_path / "ki.duckdb")}, "run": {"commit_every": 1}})
    done = 0

    def interrupt(event: str, n: int) -> None:
        nonlocal done
        if event == "done":
            done += n
            if done == 5:
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest([corpus], options, on_progress=interrupt)
    with Store(options.store.path, read_only=True) as store:
        first = store.document_count()
        [run] = store.runs()
    assert 1 <= first < N
    assert run["status"] == "interrupted"
    assert json.loads(run["counts"])["ingested"] == first

    report = ingest([corpus], options)
    assert (report.ingested, report.present, report.skipped) == (N - first, first, [])
    with Store(options.store.path, read_only=True) as store:
        docs = store.documents()
    assert len(docs) == len({d.id for d in docs}) == N
