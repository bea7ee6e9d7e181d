"""Dyad series: periods, quads, what counts, and the CLI over them."""

from __future__ import annotations

import itertools
import json

import pytest
from typer.testing import CliRunner

from dyad_reference import DyadEvent
from newsgraph.errors import QueryError
from newsgraph.export.dossier import dossier_relations
from newsgraph.models import DateValue, Document, Event, Evidence, Extraction
from newsgraph.resolve.relations import (
    QUADS,
    dyad_series,
    period_of,
    quad_classes,
    state_dyads,
)
from newsgraph.store import Store
from webcorpus import build

PLOVER = [
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("rel") / "corpus.duckdb")


@pytest.fixture
def store(db):
    with Store(db, read_only=True) as s:
        yield s


def ev(
    type_="CONSULT", weight=2.5, date=None, polarity="positive", modality="actual", stance="asserts", *, forward=True
):
    source, target = ("AAA", "BBB") if forward else ("BBB", "AAA")
    e = Event(
        f"ev-{next(_ids)}",
        "doc-1",
        type_,
        None,
        None,
        weight,
        source,
        target,
        polarity,
        modality,
        DateValue(date, "explicit") if date else None,
        Evidence("x", 0, 1),
        stance=stance,
    )
    return DyadEvent(e, source, target, source, target)


_ids = itertools.count()


def series_of(events, by="year", **kwargs):
    """The AAA-BBB series over a new in-memory store holding just ``events``."""
    with Store(":memory:") as s:
        s.write([Extraction(Document("doc-1", "doc.txt", "x"), events=tuple(de.event for de in events))])
        return dyad_series(s, "AAA", "BBB", by, **kwargs)


@pytest.mark.parametrize(
    ("value", "by", "expected"),
    [
        ("2021-04-07", "year", "2021"),
        ("2021-04-07", "quarter", "2021-Q2"),
        ("2021-12", "quarter", "2021-Q4"),
        ("2021-01-31", "month", "2021-01"),
        ("2021", "year", "2021"),
        ("2021", "quarter", None),  # too coarse: counted apart as imprecise, never guessed
        ("2021", "month", None),
        (None, "year", None),
    ],
)
def test_period_of(value, by, expected):
    assert period_of(DateValue(value, "explicit") if value else None, by) == expected


def test_period_of_rejects_unknown_period():
    with pytest.raises(QueryError, match="year, quarter, month"):
        period_of(DateValue("2021", "explicit"), "decade")


def test_every_plover_type_has_a_quad():
    quads = quad_classes()
    assert set(PLOVER) <= set(quads)
    assert set(quads.values()) <= set(QUADS)
    assert quads["AID"] == "material_cooperation"
    assert quads["ACCUSE"] == "verbal_conflict"


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({}, None),
        ({"polarity": "negative"}, "negative"),
        ({"modality": "intended"}, "intended"),
        ({"modality": "hypothetical"}, "hypothetical"),
        ({"stance": "denies"}, "denied"),
        ({"stance": "questions"}, "questioned"),
        ({"stance": "reports"}, None),  # relayed reports still describe something that happened
    ],
)
def test_only_what_happened_counts(kwargs, reason):
    de = ev(date="2021-05-01", **kwargs)
    assert de.set_apart_reason == reason
    series = series_of([de])
    if reason is None:
        assert series.periods[0].events == 1 and series.cooperation == 2.5
    else:
        assert series.events == 0 and series.cooperation == 0
        assert series.set_apart == {reason: 1}
        assert series.periods[0].set_apart == 1  # shown in its period, outside the totals


def test_series_sums_weights_fills_gaps_and_tracks_trend():
    events = [
        ev("AID", 10, "2020-03"),
        ev("CONSULT", 2.5, "2020-11-02", forward=False),
        ev("ACCUSE", -3, "2022-01"),
        ev("ASSAULT", -9, "2022"),
        ev("SUPPORT", 5, None),
    ]
    s = series_of(events)
    assert [p.period for p in s.periods] == ["2020", "2021", "2022"]  # the quiet year is shown
    y2020, y2021, y2022 = s.periods
    assert (y2020.events, y2020.cooperation, y2020.conflict, y2020.balance) == (2, 12.5, 0.0, 12.5)
    assert (y2020.a_to_b, y2020.b_to_a) == (1, 1)
    assert y2020.quads["material_cooperation"] == 1 and y2020.quads["verbal_cooperation"] == 1
    assert y2021.events == 0 and y2021.trend == -12.5
    assert (y2022.conflict, y2022.balance, y2022.trend) == (12.0, -12.0, -12.0)
    assert s.undated == 1 and s.events == 5
    assert s.cooperation == 17.5 and s.conflict == 12.0  # the undated event is in the totals
    assert s.direction == "worsening"

    by_month = series_of(events, "month")
    assert by_month.imprecise == 1  # "2022" cannot be placed in a month
    assert by_month.periods[0].period == "2020-03" and by_month.periods[-1].period == "2022-01"
    assert len(series_of(events, "month", fill=False).periods) == 3


def test_state_pair_series_maps_people_to_their_country(store):
    s = dyad_series(store, "NOR", "CHL")
    assert s.pair == ("NOR", "CHL")
    assert [(p.period, p.events, p.cooperation, p.conflict) for p in s.periods] == [
        ("2021", 2, 9.0, 0.0),  # the minister's visit counts for Norway
        ("2022", 2, 0.0, 8.5),
    ]
    assert s.undated == 1
    assert s.set_apart == {"intended": 1, "negative": 1}
    assert s.periods[0].a_to_b == 1 and s.periods[0].b_to_a == 1


def test_any_two_actors_can_be_compared(store):
    s = dyad_series(store, "person:ola-berg", "CHL", "month")
    assert [(p.period, p.events) for p in s.periods] == [("2021-04", 1)]
    people = dyad_series(store, "person:ola-berg", "person:ana-soto")
    assert [(p.period, p.events) for p in people.periods] == [("2023", 1)]


def test_state_dyads_cover_every_pair_once(store):
    pairs = {s.pair: s for s in state_dyads(store)}
    assert set(pairs) == {("CHL", "NOR"), ("CHL", "PER"), ("NOR", "PER")}
    assert pairs[("CHL", "PER")].undated == 1 and pairs[("CHL", "PER")].periods == ()


def test_dossier_relations_shape(store):
    rel = {tuple(r["pair"]): r for r in dossier_relations(store)}
    assert rel[("CHL", "NOR")]["periods"] == [
        {"period": "2021", "events": 2, "cooperation": 9.0, "conflict": 0.0, "balance": 9.0},
        {"period": "2022", "events": 2, "cooperation": 0.0, "conflict": 8.5, "balance": -8.5},
    ]
    assert rel[("CHL", "NOR")]["undated"] == 1


def test_dossier_export_carries_relations(store):
    from newsgraph.export.dossier import export_dossier

    dossier = export_dossier(store)  # validates against the schema
    assert {tuple(r["pair"]) for r in dossier["relations"]} == {("CHL", "NOR"), ("CHL", "PER"), ("NOR", "PER")}


@pytest.mark.parametrize(
    ("a", "b", "by", "message"),
    [
        ("NOR", "nobody:here", "year", "unknown actor"),
        ("NOR", "NOR", "year", "two different actors"),
        ("NOR", "CHL", "week", "year, quarter, month"),
    ],
)
def test_bad_requests_say_what_is_wrong(store, a, b, by, message):
    with pytest.raises(QueryError, match=message):
        dyad_series(store, a, b, by)


def test_cli_relations_table_json_and_pairs(db):
    from newsgraph.cli import app

    runner = CliRunner()
    out = runner.invoke(app, ["relations", "NOR", "CHL", "--db", str(db)], env={"COLUMNS": "140"})
    assert out.exit_code == 0, out.output
    assert "Norway – Chile" in out.output and "2022" in out.output and "█" in out.output
    assert "1 undated" in out.output and "1 negative" in out.output
    out = runner.invoke(app, ["relations", "NOR", "CHL", "--by", "quarter", "--json", "--db", str(db)])
    data = json.loads(out.output)
    assert data["by"] == "quarter" and data["imprecise"] == 1
    assert [p["period"] for p in data["periods"]][:2] == ["2021-Q2", "2021-Q3"]
    out = runner.invoke(app, ["relations", "--db", str(db)], env={"COLUMNS": "160"})
    assert out.exit_code == 0 and "Chile – Norway" in out.output
    out = runner.invoke(app, ["relations", "NOR", "--db", str(db)])
    assert out.exit_code != 0
