"""Reading one file has a time budget (ingest.read_timeout_s): markup built to
keep a converter busy costs that file only."""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path

import pytest

from newsgraph.config import load_options
from newsgraph.errors import IngestError
from newsgraph.ingest import read_inputs
from newsgraph.ingest.budget import read_budget
from newsgraph.models import Document, Skipped

ARTICLE = (
    "Russia and Pakistan signed a trade agreement in Moscow on Monday, officials said. "
    "The deal covers wheat, energy and the long-discussed gas pipeline between the two countries."
)


def test_a_file_that_keeps_the_converter_busy_is_skipped_and_the_rest_read(tmp_path: Path):
    (tmp_path / "a_brackets.md").write_text("[" * 400_000)
    (tmp_path / "b_article.txt").write_text(ARTICLE)
    options = load_options(overrides=["ingest.read_timeout_s=0.2"])
    start = time.perf_counter()
    results = list(read_inputs([tmp_path], options))
    assert time.perf_counter() - start < 10
    skipped = [r for r in results if isinstance(r, Skipped)]
    assert [(Path(s.source).name, s.reason) for s in skipped] == [("a_brackets.md", "timed_out")]
    assert "read_timeout_s" in skipped[0].detail
    assert [Path(d.source).name for d in results if isinstance(d, Document)] == ["b_article.txt"]


def test_the_budget_survives_code_that_catches_every_exception():
    def stubborn() -> None:
        while True:
            with contextlib.suppress(Exception):  # a library swallowing errors cannot swallow the overrun
                time.sleep(0.01)

    with pytest.raises(IngestError) as caught, read_budget("x.html", 0.05):
        stubborn()
    assert caught.value.reason == "timed_out"


def test_the_timer_is_cleared_after_the_block():
    with read_budget("x.txt", 0.05):
        pass
    time.sleep(0.15)  # an armed timer would raise here


def test_off_the_main_thread_the_block_runs_unbudgeted():
    done: list[bool] = []

    def work() -> None:
        with read_budget("x.txt", 0.01):
            time.sleep(0.05)
        done.append(True)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert done == [True]
