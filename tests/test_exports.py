"""GDELT- and PLOVER-shaped exports, and the events query behind `newsgraph events` (newsgraph.query)."""

from __future__ import annotations

import csv
import json

import pytest

from newsgraph.config import load_options
from newsgraph.errors import QueryError
from newsgraph.export import FORMATS, write_export
from newsgraph.export.gdelt import COLUMNS, global_event_id, sql_date
from newsgraph.models import Amount, DateValue, Document, Event, Evidence, Extraction, Mention
from newsgraph.query import Corpus, read_date
from newsgraph.resolve import resolve_corpus
from newsgraph.store import Store

TEXT = "Russia will supply arms to Pakistan.\n\nProtesters rallied in Lahore. Lavrov visited Islamabad in April 2021."


def _event(type_, mode, root, weight, source, target, start, end, date=None, **kw):
    return Event(
        id=f"ev-{type_}-{start}",
        document="doc-1",
        type=type_,
        mode=mode,
        cameo_root=root,
        weight=weight,
        source=source,
        target=target,
        polarity=kw.get("polarity", "positive"),
        modality=kw.get("modality", "actual"),
        date=date,
        evidence=Evidence(TEXT[start:end], start, end),
        cue=kw.get("cue", ""),
        amounts=kw.get("amounts", ()),
    )


@pytest.fixture
def store(tmp_path):
    db = Store(tmp_path / "x.duckdb")
    doc = Document(
        "doc-1",
        "news/a.txt",
        TEXT,
        title="t",
        outlet="Wire",
        url="https://example.org/a",
        published=DateValue("2021-04-08", "metadata"),
    )
    mentions = (
        Mention("doc-1", 0, 6, "Russia", "RUS", "Russia", "state", "RUS"),
        Mention("doc-1", 27, 35, "Pakistan", "PAK", "Pakistan", "state", "PAK"),
        Mention(
            "doc-1", 67, 73, "Lavrov", "person:sergey-lavrov", "Sergey Lavrov", "person", "RUS", "foreign minister"
        ),
        Mention("doc-1", 82, 91, "Islamabad", "PAK", "Pakistan", "state", "PAK"),
    )
    events = (
        _event(
            "AID",
            "military",
            "07",
            10.0,
            "RUS",
            "PAK",
            0,
            36,
            DateValue("2021-04-08", "document"),
            modality="intended",
            amounts=(Amount(1e9, "USD", "$1 billion"),),
            cue="supply",
        ),
        _event("PROTEST", "demo", "14", -5.0, "PAK", None, 38, 66),
        _event("CONSULT", "visit", "04", 4.0, "person:sergey-lavrov", "PAK", 67, 106, DateValue("2021-04", "explicit")),
    )
    db.write([Extraction(doc, mentions, events)])
    resolve_corpus(db)
    yield db
    db.close()


def test_formats_are_registered():
    assert {"dossier", "gdelt", "plover"} <= set(FORMATS)


def test_gdelt_tsv(store, tmp_path):
    out = tmp_path / "events.tsv"
    note = write_export(store, "gdelt", out)
    assert note.endswith("GDELT event rows")
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert list(rows[0]) == list(COLUMNS)
    by_type = {r["PloverType"]: r for r in rows}
    aid = by_type["AID"]
    assert (aid["SQLDATE"], aid["Actor1CountryCode"], aid["Actor2CountryCode"]) == ("20210408", "RUS", "PAK")
    assert (aid["EventRootCode"], aid["QuadClass"], float(aid["GoldsteinScale"])) == ("07", "2", 7.0)
    assert aid["IsRootEvent"] == "1" and aid["SOURCEURL"] == "https://example.org/a" and aid["DATEADDED"] == "20210408"
    visit = by_type["CONSULT"]
    assert visit["SQLDATE"] == "20210400" and visit["MonthYear"] == "202104" and visit["IsRootEvent"] == "0"
    assert visit["Actor1Code"].startswith("RUS") and visit["Actor1Name"] == "SERGEY LAVROV"
    assert by_type["PROTEST"]["SQLDATE"] == "" and by_type["PROTEST"]["QuadClass"] == "4"
    assert int(aid["GLOBALEVENTID"]) > 0 and int(aid["NumMentions"]) >= 1


def test_root14_quad_follows_the_config(store, tmp_path):
    out = tmp_path / "events.tsv"
    write_export(store, "gdelt", out, load_options(overrides=["events.root14_quad=3"]))
    with out.open(encoding="utf-8") as fh:
        protest = next(r for r in csv.DictReader(fh, delimiter="\t") if r["PloverType"] == "PROTEST")
    assert protest["QuadClass"] == "3"


def test_plover_jsonl(store, tmp_path):
    out = tmp_path / "events.jsonl"
    write_export(store, "plover", out)
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(records) == 3
    aid = next(r for r in records if r["event_type"] == "AID")
    assert aid["mode"] == "military" and aid["context"] == ["military"]
    assert (aid["source_country"], aid["target_country"]) == ("RUS", "PAK")
    assert aid["future"] is True and aid["negation"] is False and aid["date_basis"] == "document"
    assert aid["amounts"] == [{"value": 1e9, "unit": "USD", "text": "$1 billion"}]
    assert aid["event_text"] == TEXT[aid["event_start"] : aid["event_end"]]
    assert aid["story_date"] == "2021-04-08" and aid["publisher"] == "Wire"


@pytest.mark.parametrize(
    ("filters", "types"),
    [
        ({}, ["AID", "CONSULT", "PROTEST"]),
        ({"pair": ("PAK", "RUS")}, ["AID", "CONSULT"]),
        ({"pair": ("pakistan", "Russia")}, ["AID", "CONSULT"]),
        ({"types": ["consult"]}, ["CONSULT"]),
        ({"actor": "Sergey Lavrov"}, ["CONSULT"]),
        ({"actor": "lavrov"}, ["CONSULT"]),
        ({"since": "2021-04-05"}, ["AID", "CONSULT"]),  # a month-precise date overlaps the day
        ({"since": read_date("April 2021")}, ["AID", "CONSULT"]),
        ({"since": "2022"}, []),
    ],
)
def test_events_query(store, filters, types):
    assert sorted(r["type"] for r in Corpus(store).events(**filters).items) == types


def test_events_query_rejects_unknown_type_and_date(store):
    with pytest.raises(QueryError, match="unknown event type"):
        Corpus(store).events(types=["HUG"])
    with pytest.raises(QueryError, match="cannot read the date"):
        read_date("sometime soon-ish")


def test_sql_date_and_ids():
    assert sql_date(DateValue("2021", "explicit")) == "20210000"
    assert sql_date(None) == ""
    assert global_event_id("ev-1") == global_event_id("ev-1") != global_event_id("ev-2")


def test_cli_events_and_export(store, tmp_path):
    from typer.testing import CliRunner

    from newsgraph.cli import app

    path = store.path
    store.close()
    runner = CliRunner()
    result = runner.invoke(app, ["events", "--db", path, "--pair", "RUS", "PAK", "--json"])
    assert result.exit_code == 0, result.output
    assert sorted(r["type"] for r in json.loads(result.output)) == ["AID", "CONSULT"]
    result = runner.invoke(app, ["export", "--db", path, "--format", "plover", "--out", str(tmp_path / "p.jsonl")])
    assert result.exit_code == 0, result.output
    assert len((tmp_path / "p.jsonl").read_text("utf-8").splitlines()) == 3
