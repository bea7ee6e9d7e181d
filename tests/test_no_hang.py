"""No text hangs or crashes extraction: real sentences of every shape, and the
shapes that once did.

Each input goes through the supervised extraction the ingest command uses,
with a per-document budget far above what it needs (a few seconds at most on
a busy machine); one that runs past it comes back ``timed_out`` and fails the
test, one that crashes its process comes back ``crashed``.  Speed itself is
measured in ``make bench`` (the soak on real news), not here.

Shapes whose cost is bounded by construction rather than by size are tested
by counting work in test_bounds.py and test_tree_walks.py (a parse chain
thousands deep, documents naming thousands of people).

The real sentences come from ../shared/eval (PolNeAR train texts and FNC-1
train bodies) at test time; without it that half is skipped with a message.
"""

from __future__ import annotations

import random
import re
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from newsgraph.config import Options
from newsgraph.ingest import make_document
from newsgraph.models import Document, Extraction, Skipped
from newsgraph.runners.supervisor import Supervisor

pytestmark = [pytest.mark.model, pytest.mark.slow]

SHARED_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from realnews import fnc1_bodies  # noqa: E402

BUDGET = 20.0  # seconds per document; each of these takes well under one
ARTICLE = (
    "Pakistan and Russia signed an agreement on energy cooperation in Moscow on Monday, officials said. "
    "The Foreign Office spokesperson, Mumtaz Zahra Baloch, told reporters that Islamabad would not supply arms "
    "to either side. “We have a consistent position,” she said. Russia has offered to build a gas pipeline "
    "from Karachi to Lahore, a project first agreed in 2015. "
)

SHAPES: dict[str, str] = {
    # a main-clause "would" with no clause above it: the climb that never ended (issue 10)
    "would": "Russia would supply weapons to Pakistan, officials in Moscow warned on Monday.\n",
    "headlines": "Pakistan-Russia ties: a new chapter\n\nIslamabad, Moscow eye defence deals\n\nWheat, oil, gas\n",
    "list": "Countries that signed:\n" + "".join(f"- {c}\n" for c in ["Russia", "Pakistan", "China", "Iran"] * 60),
    "numbered": "".join(f"{i}. Russia and Pakistan agreed on point {i}\n" for i in range(1, 300)),
    "byline": "By Jane Doe and John Smith, Reuters\nUpdated 5 May 2021 10:42 GMT\n\n" + ARTICLE,
    "all caps": (ARTICLE * 5).upper(),
    "3,000-word paragraph": " ".join([ARTICLE] * 60),
    "no full stops": ARTICLE + " ".join(ARTICLE.replace(".", "").split()) * 15,
    # shapes whose cost once grew with the square of their length: each took 25 s to minutes before
    "run-on clauses": ARTICLE + "the war and the " * 1600,
    "brackets": ARTICLE + "(" * 15000 + " " + ARTICLE,
    "many dates": ARTICLE + "yesterday on 5 May 2021 " * 400 + ARTICLE,
    "many quotes": ARTICLE + "“Russia said” " * 1500,
}


@pytest.fixture(scope="module")
def supervisor(options: Options) -> Supervisor:
    with Supervisor(replace(options, ingest=replace(options.ingest, doc_timeout_s=BUDGET))) as s:
        yield s


def failures(results: list[Extraction | Skipped]) -> dict[str, str]:
    return {r.source: f"{r.reason}: {r.detail}" for r in results if isinstance(r, Skipped)}


def test_hand_written_shapes(supervisor: Supervisor) -> None:
    documents = [make_document(text, source=name) for name, text in SHAPES.items()]
    results = supervisor.extract(documents)
    assert failures(results) == {}
    would = results[0]
    assert isinstance(would, Extraction)
    # the supply, and PLOVER's AGREE for a supply stated as future (extract/event_intent.py)
    assert [(e.type, e.source, e.target) for e in would.events] == [("AID", "RUS", "PAK"), ("AGREE", "RUS", "PAK")]


def real_sentences(n: int = 240) -> list[Document]:
    """Sentences and lines of every shape from real news: the longest, the shortest, and a sample."""
    if not SHARED_EVAL.is_dir():
        pytest.skip("the real-sentence check reads ../shared/eval (PolNeAR and FNC-1 text), which is absent")
    texts = [p.read_text("utf-8", errors="replace") for p in sorted((SHARED_EVAL / "polnear_train/text").glob("*"))]
    texts += fnc1_bodies()
    pieces = sorted(
        {p.strip() for t in texts for line in t.splitlines() for p in re.split(r"(?<=[.!?”])\s+(?=[A-Z“])", line)}
        - {""}
    )
    by_length = sorted(pieces, key=len)
    chosen = by_length[-n // 3 :] + [p for p in by_length if len(p.split()) >= 2][: n // 6]
    rest = [p for p in pieces if p not in set(chosen)]
    chosen += random.Random(0).sample(rest, n - len(chosen))
    return [make_document(text, source=f"sentence {k}") for k, text in enumerate(chosen)]


def test_real_sentences(supervisor: Supervisor) -> None:
    documents = real_sentences()
    results = supervisor.extract(documents)
    assert len(results) == len(documents)
    assert failures(results) == {}
