"""Dyad series counted in DuckDB give exactly what rolling up events in Python gave.

``reference_*`` below is the implementation the SQL replaced (it read every
event into Python), kept here only as the oracle.  It leans on the rules in
plain Python in ``dyad_reference``, which the query layer's event lists
(``newsgraph.query``) are checked against too, so the lists and the series agree.
"""

from __future__ import annotations

import itertools
import json
import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pytest

from dyad_reference import _STATE_CODE, ActorIndex, DyadEvent, between, resolve_events
from newsgraph.errors import QueryError
from newsgraph.export.dossier import dossier_relations
from newsgraph.models import Actor, DateValue, Document, Event, Evidence, Extraction
from newsgraph.query import Corpus
from newsgraph.resolve.relations import (
    PERIODS,
    QUADS,
    DyadSeries,
    Period,
    _span,
    dyad_series,
    period_of,
    quad_classes,
    state_dyads,
)
from newsgraph.store import Store
from webcorpus import build


# ------------------------------------------------------------ the oracle
@dataclass
class _Tally:
    events: int = 0
    cooperation: float = 0.0
    conflict: float = 0.0
    a_to_b: int = 0
    b_to_a: int = 0
    quads: Counter[str] = field(default_factory=Counter)
    set_apart: int = 0


def reference_roll_up(
    pair: tuple[str, str], events: Iterable[tuple[DyadEvent, bool]], by: str, *, fill: bool = True
) -> DyadSeries:
    quads = quad_classes()
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    undated = imprecise = 0
    unplaced = _Tally()
    apart: Counter[str] = Counter()
    first: dict[str, tuple[str, int]] = {}
    for de, forward in events:
        label = period_of(de.event.date, by)
        reason = de.set_apart_reason
        if reason is not None:
            apart[reason] += 1
            at = (de.event.document, de.event.evidence.start)
            first[reason] = min(first.get(reason, at), at)
            if label is not None:
                tallies[label].set_apart += 1
            continue
        if label is None:
            if de.event.date is None:
                undated += 1
            else:
                imprecise += 1
        t = unplaced if label is None else tallies[label]
        t.events += 1
        if forward:
            t.a_to_b += 1
        else:
            t.b_to_a += 1
        if de.event.weight > 0:
            t.cooperation += de.event.weight
        else:
            t.conflict -= de.event.weight
        if quad := quads.get(de.event.type):
            t.quads[quad] += 1
    periods: list[Period] = []
    for label in _span(tallies, by) if fill else sorted(tallies):
        t = tallies.get(label) or _Tally()
        coop, conf = round(t.cooperation, 3), round(t.conflict, 3)
        balance = round(coop - conf, 3)
        trend = round(balance - periods[-1].balance, 3) if periods else None
        periods.append(
            Period(
                label,
                t.events,
                coop,
                conf,
                balance,
                t.a_to_b,
                t.b_to_a,
                {q: t.quads[q] for q in QUADS},
                t.set_apart,
                trend,
            )
        )
    return DyadSeries(
        pair,
        by,
        tuple(periods),
        undated,
        imprecise,
        {r: apart[r] for r in sorted(apart, key=lambda r: (first[r], r))},
        round(unplaced.cooperation, 3),
        round(unplaced.conflict, 3),
    )


def reference_known(index: ActorIndex, actor: str) -> str:
    if actor in index.actors or actor in index.actor_map:
        return index.actor(actor) or actor
    upper = actor.upper()
    if _STATE_CODE.match(upper):
        return upper
    raise QueryError(f"unknown actor {actor!r}")


def reference_series(index: ActorIndex, events: list[DyadEvent], a: str, b: str, by: str, fill: bool) -> DyadSeries:
    a, b = reference_known(index, a), reference_known(index, b)
    if a == b:
        raise QueryError("a dyad needs two different actors")
    return reference_roll_up((a, b), between(index, events, a, b), by, fill=fill)


def reference_state_dyads(events: list[DyadEvent], by: str, fill: bool) -> list[DyadSeries]:
    grouped: dict[tuple[str, str], list[tuple[DyadEvent, bool]]] = defaultdict(list)
    for de in events:
        if (pair := de.state_pair) is not None:
            grouped[pair].append((de, de.source_state == pair[0]))
    series = [reference_roll_up(pair, evs, by, fill=fill) for pair, evs in sorted(grouped.items())]
    return [s for s in series if s.events]


def same(new: DyadSeries, old: DyadSeries) -> None:
    assert new == old
    # byte for byte as the CLI and API print it, set_apart reasons in reading order included
    assert json.dumps(new.to_dict()) == json.dumps(old.to_dict())


def check_store(store: Store, sides: list[str]) -> int:
    """Compare every ordered pair of ``sides`` at every period; return how many compared series had events."""
    index = ActorIndex.from_store(store)
    events = resolve_events(store, index)
    compared = 0
    # without fill only the layout differs (no quiet periods), so one period shows it
    for by, fill in [*((by, True) for by in PERIODS), ("month", False)]:
        for a, b in itertools.permutations(sides, 2):
            try:
                old = reference_series(index, events, a, b, by, fill)
            except QueryError:
                with pytest.raises(QueryError):
                    dyad_series(store, a, b, by, fill=fill)
                continue
            same(dyad_series(store, a, b, by, fill=fill), old)
            compared += bool(old.events or old.set_apart)
            if by == "year" and fill:  # the query layer lists the same events between the two sides
                listed = Corpus(store).events(pair=(a, b)).items
                wanted = between(index, events, reference_known(index, a), reference_known(index, b))
                assert sorted(e["id"] for e in listed) == sorted(de.event.id for de, _ in wanted)
        new_pairs = state_dyads(store, by, fill=fill)
        old_pairs = reference_state_dyads(events, by, fill)
        assert [s.pair for s in new_pairs] == [s.pair for s in old_pairs]
        for new, old in zip(new_pairs, old_pairs, strict=True):
            same(new, old)
        compared += len(new_pairs)
    return compared


# ------------------------------------------------------------ the stores
def test_hand_made_corpus(tmp_path):
    db = build(tmp_path / "corpus.duckdb")
    with Store(db, read_only=True) as store:
        sides = ["NOR", "CHL", "PER", "chl", "USA", "person:ola-berg", "person:ana-soto", "nobody:here", "outlet"]
        assert check_store(store, sides) > 60
        assert dossier_relations(store)  # what the dossier carries comes from the same path


STATES = ["AAA", "BBB", "CCC"]  # in actors, kind state
ACTORS = [
    *(Actor(code, code.title(), "state", code, (), (), 1) for code in STATES),
    Actor("person:a1", "A One", "person", "AAA", (), (), 1),
    Actor("person:b1", "B One", "person", "BBB", (), (), 1),
    Actor("person:d1", "D One", "person", "DDD", (), (), 1),  # DDD: a state no actor row stands for
    Actor("org:un", "United Nations", "organization", None, (), (), 1),
    Actor("IMF", "IMF", "organization", None, (), (), 1),  # looks like a state code, is not a state
]
ACTOR_MAP = {
    **{a.id: a.id for a in ACTORS},
    "person:a1-variant": "person:a1",
    "Aaa-land": "AAA",
    "person:turncoat": "BBB",
    "EEE": "EEE",  # mapped, but no actor row (as in the query benchmark)
}
# provisional ids events use: mapped, unmapped, raw state codes, the outlet, nobody
PROVISIONAL = [*ACTOR_MAP, "DDD", "ZZZ", "person:ghost", "outlet", None]
DATES = [None, "", "2019", "2020-1", "2018-11", "2019-02", "2020-07", "2021-12-30", "2022-03-04", "2022-05"]


def synthetic_events(rng: random.Random, n: int) -> list[Extraction]:
    types = [*quad_classes(), "OTHER"]
    docs: dict[str, list[Event]] = defaultdict(list)
    for i in range(n):
        doc = f"doc-{i % 37:02d}"
        date = rng.choice(DATES)
        docs[doc].append(
            Event(
                f"ev-{i}",
                doc,
                rng.choice(types),
                None,
                None,
                rng.choice([2.5, -6.0, 0.0, 1.3, -0.7, 10.0]),
                rng.choice(PROVISIONAL),
                rng.choice(PROVISIONAL),
                rng.choice(["positive"] * 4 + ["negative"]),
                rng.choice(["actual"] * 5 + ["intended", "hypothetical"]),
                DateValue(date, "explicit") if date is not None else None,
                Evidence("x", len(docs[doc]), len(docs[doc]) + 1),  # one start per event: a fixed reading order
                stance=rng.choice(["asserts"] * 5 + ["reports", "denies", "questions"]),
            )
        )
    return [Extraction(Document(doc, f"{doc}.txt", doc), events=tuple(evs)) for doc, evs in docs.items()]


def test_synthetic_store_with_every_kind_of_side(tmp_path):
    with Store(tmp_path / "synthetic.duckdb") as store:
        store.write(synthetic_events(random.Random(6), 2000))
        store.replace_resolution(ACTORS, ACTOR_MAP, [])
        # an undated event the text dated with an empty string is undated, not imprecise
        store.con.execute("UPDATE events SET date = '' WHERE id = 'ev-0'")
        sides = [
            "AAA",
            "bbb",
            "DDD",
            "EEE",
            "ZZZ",
            "person:a1",
            "person:a1-variant",
            "person:turncoat",
            "person:d1",
            "org:un",
            "IMF",
            "person:ghost",
        ]
        assert check_store(store, sides) > 400


@pytest.mark.model
def test_sample_corpus(tmp_path_factory, samples_dir):
    from newsgraph.config import apply, default_options
    from newsgraph.pipeline import ingest

    corpus = samples_dir / "corpus"
    path = tmp_path_factory.mktemp("sample") / "sample.duckdb"
    options = apply(default_options(), {"store": {"path": str(path)}})
    ingest([corpus], options)
    with Store(path, read_only=True) as store:
        states = sorted({x for s in state_dyads(store, "year") for x in s.pair})
        people = [a.id for a in store.actors() if a.kind != "state"][:6]
        assert len(states) >= 6
        assert check_store(store, states + people) > 20
