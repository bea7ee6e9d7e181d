"""The development-set gate: events on public, human-coded single sentences.

The set is built from public files (the PLOVER manual's examples, PETRARCH2's
validation records and GigaWord sample) by ``make devset``
(benchmarks/devset/build.py; see benchmarks/devset/README.md); it is not in
the repository because those files' licences differ from the project's.
When it has not been built the gate skips and says how to build it.

Floors (tests/devset_baseline.json) sit a little under what was measured, on
the development split and on the validation split (one sentence in four,
held aside by a hash of its id) separately; the issue's targets are floors
too for the development split.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.config import load_options
from newsgraph.evaluate import evaluate
from newsgraph.pipeline import ingest
from newsgraph.store import Store

pytestmark = [pytest.mark.model, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "benchmarks" / "out" / "devset"
BASELINE = Path(__file__).with_name("devset_baseline.json")
METRICS = ("right_type", "some_event", "macro_recall", "source_state")


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    gold = DEVSET / "gold.json"
    if not gold.is_file():
        pytest.skip(
            "the event development set is not built: run `make devset` (it converts public files of "
            "openeventdata/PLOVER and openeventdata/petrarch2; see benchmarks/devset/README.md)"
        )
    db = tmp_path_factory.mktemp("devset") / "devset.duckdb"
    options = load_options(
        overrides=[f"store.path={json.dumps(str(db))}", "ingest.min_chars=1", "ingest.min_english_ratio=0.0"]
    )
    report = ingest([DEVSET / "sentences.jsonl"], options)
    assert not report.skipped, report.skipped
    with Store(db, read_only=True) as store:
        return evaluate(gold, store)


def _floors(split: str) -> dict[str, float]:
    return json.loads(BASELINE.read_text("utf-8"))[split]


@pytest.mark.parametrize("split", ["development", "validation"])
@pytest.mark.parametrize("metric", METRICS)
def test_devset_metric_holds_its_floor(scores, split, metric):
    floor = _floors(split)[metric]
    value = scores[split][metric]
    assert value is not None and value >= floor, (
        f"{split} {metric} fell to {value} (floor {floor}); missed: {scores[split]['missed'][:10]}"
    )


@pytest.mark.parametrize("split", ["development", "validation"])
def test_devset_false_events_stay_rare(scores, split):
    ceiling = _floors(split)["false_event_rate_max"]
    value = scores[split]["false_event_rate"]
    assert value <= ceiling, f"{split}: {value:.2f} of eventless sentences got an event (at most {ceiling})"
