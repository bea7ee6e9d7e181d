"""One read side (newsgraph.query): every door names actors the same way and
shows a record as the same JSON; lists are paged in DuckDB."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsgraph.api import create_app
from newsgraph.cli import app as cli
from newsgraph.export.dossier import export_dossier
from newsgraph.query import Corpus, NotFound, find_actor, records
from newsgraph.store import Store
from webcorpus import build


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("query") / "corpus.duckdb")


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db), raise_server_exceptions=False) as c:
        yield c


def run_cli(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def cli_json(*args: str):
    return json.loads(run_cli(*args, "--json"))


# ------------------------------------------------------------- one record, one JSON
def test_one_event_is_the_same_json_from_cli_api_and_dossier(db, client):
    """The acceptance of issue 13: one event from `newsgraph events --json`, `/api/events`
    and the dossier.  The CLI and the API give the same record; the dossier gives
    that record without the context keys the CLI and the API add (names, states …)."""
    from_api = client.get("/api/events?limit=500").json()["items"]
    from_cli = cli_json("events", "--db", str(db))
    with Store(db, read_only=True) as store:
        from_dossier = {e["id"]: e for e in export_dossier(store)["events"]}
    assert from_api and len(from_api) == len(from_cli) == len(from_dossier)
    assert from_cli == from_api  # every event, every key, in the same order
    visit = next(e for e in from_api if e["type"] == "CONSULT" and e["source"] == "person:ola-berg")
    assert from_dossier[visit["id"]] == records.contract(visit, records.EVENT_KEYS)
    assert visit["date"] == {"value": "2021-04", "basis": "explicit"}  # an object at every door
    for api_event in from_api:
        assert from_dossier[api_event["id"]] == records.contract(api_event, records.EVENT_KEYS)


def test_claims_and_quotes_are_the_same_json_from_cli_and_api(db, client):
    assert cli_json("claims", "--db", str(db)) == client.get("/api/claims").json()["items"]
    assert cli_json("quotes", "--db", str(db)) == client.get("/api/quotes").json()["items"]
    claims = client.get("/api/claims").json()["items"]
    assert all(c["date"] is None or set(c["date"]) == {"value", "basis"} for c in claims)


def test_documents_and_actors_carry_the_dossier_record(db, client):
    with Store(db, read_only=True) as store:
        dossier = export_dossier(store)
    documents = {d["id"]: d for d in cli_json("documents", "--db", str(db))}
    for d in dossier["documents"]:
        shown = documents[d["id"]]
        assert {k: shown[k] for k in d} == d
    actors = {a["id"]: a for a in client.get("/api/actors?limit=500").json()["items"]}
    for a in dossier["actors"]:
        assert records.contract(actors[a["id"]], records.ACTOR_KEYS) == a


# ------------------------------------------------------------- one actor lookup
SAME_PERSON = ["person:ola-berg", "Ola Berg", "ola berg", "OLA BERG", "Óla Bérg", "Berg", " Ola  Berg "]


@pytest.mark.parametrize("name", SAME_PERSON)
def test_the_cli_and_the_api_find_the_same_actor(db, client, name):
    api = client.get("/api/events", params={"actor": name, "limit": 500})
    assert api.status_code == 200, api.text
    ids = sorted(e["id"] for e in api.json()["items"])
    assert ids and ids == sorted(e["id"] for e in cli_json("events", "--db", str(db), "--actor", name))
    with Store(db, read_only=True) as store:
        assert find_actor(store, name).actors == ("person:ola-berg",)
    quotes = client.get("/api/quotes", params={"speaker": name}).json()["items"]
    assert quotes and [q["id"] for q in quotes] == [
        q["id"] for q in cli_json("quotes", "--db", str(db), "--speaker", name)
    ]


@pytest.mark.parametrize("name", ["NOR", "nor", "Norway", "norway", "NORWAY"])
def test_a_state_is_found_by_code_or_name_and_stands_for_its_people(db, client, name):
    with Store(db, read_only=True) as store:
        assert find_actor(store, name).states == ("NOR",)
    listed = client.get("/api/events", params={"pair": f"{name},CHL"}).json()
    assert listed["total"] == 7  # as pair=NOR,CHL: Ola Berg's visit counts for Norway
    assert client.get(f"/api/relations/{name}/Chile").json()["pair"] == ["NOR", "CHL"]
    assert cli_json("relations", name, "chile", "--db", str(db))["pair"] == ["NOR", "CHL"]


def test_an_unknown_actor_is_the_same_answer_everywhere(db, client):
    answer = client.get("/api/events", params={"actor": "Nobody Atall"})
    assert answer.status_code == 404 and "Nobody Atall" in answer.json()["error"]["message"]
    result = CliRunner().invoke(cli, ["events", "--db", str(db), "--actor", "Nobody Atall"])
    assert result.exit_code != 0 and isinstance(result.exception, NotFound)
    with Store(db, read_only=True) as store, pytest.raises(NotFound):
        find_actor(store, "   ")


# ------------------------------------------------------------- pages in SQL
@pytest.mark.parametrize(
    "filters",
    [{}, {"pair": ("NOR", "CHL")}, {"types": ["SANCTION", "ACCUSE"]}, {"counted": False}, {"dated": False}],
)
def test_every_page_is_a_slice_of_the_whole_list(db, filters):
    with Store(db, read_only=True) as store:
        corpus = Corpus(store)
        whole = corpus.events(**filters).items
        for offset in range(len(whole) + 1):
            page = corpus.events(limit=2, offset=offset, **filters)
            assert page.total == len(whole)
            assert page.items == whole[offset : offset + 2]


def test_a_page_whose_row_ids_name_other_events_is_read_by_id(db, monkeypatch):
    """A page's events are fetched by row id, checked by id; were the row ids
    another event's, the page is read again by id."""
    from newsgraph.query import events

    monkeypatch.setattr(events, "_RESOLVED_ROWS", events._RESOLVED_ROWS.replace("rowid IN", "rowid + 1 IN"))
    with Store(db, read_only=True) as store:
        corpus = Corpus(store)
        whole = corpus.events().items
        assert [e for offset in range(0, len(whole), 3) for e in corpus.events(limit=3, offset=offset).items] == whole


def test_search_pages_run_across_kinds(db):
    with Store(db, read_only=True) as store:
        corpus = Corpus(store)
        whole = corpus.search("Chile").items
        assert {h["kind"] for h in whole} >= {"document", "event"}
        assert [h for o in range(len(whole)) for h in corpus.search("Chile", limit=1, offset=o).items] == whole


# ------------------------------------------------------------- display names
def test_a_state_is_shown_by_its_gazetteer_name(tmp_path):
    from newsgraph.models import Document, Event, Evidence, Extraction, Mention
    from newsgraph.resolve import resolve_corpus

    text = "The Russian Federation sent aid to Chile."
    doc = Document("doc-r", "r.txt", text)
    mentions = (
        Mention("doc-r", 4, 22, "Russian Federation", "RUS", "Russian Federation", "state", "RUS"),
        Mention("doc-r", 35, 40, "Chile", "CHL", "Chile", "state", "CHL"),
    )
    event = Event(
        "ev-r",
        "doc-r",
        "AID",
        None,
        "07",
        7.0,
        "RUS",
        "CHL",
        "positive",
        "actual",
        None,
        Evidence(text, 0, len(text)),
        cue="sent",
    )
    with Store(tmp_path / "r.duckdb") as store:
        store.write([Extraction(doc, mentions=mentions, events=(event,))])
        resolve_corpus(store)
        assert find_actor(store, "Russian Federation").states == ("RUS",)  # a state's other name
        store.con.execute("UPDATE actors SET name = 'Russian Federation' WHERE id = 'RUS'")
        corpus = Corpus(store)
        [shown] = corpus.events().items
        assert shown["source_name"] == "Russia"
        assert corpus.actor("Russian Federation")["display_name"] == "Russia"
        assert corpus.relation("RUS", "CHL")["names"] == ["Russia", "Chile"]


def test_resolved_claim_text_names_states_by_the_gazetteer():
    from newsgraph.resolve.claims import display_name

    assert display_name("RUS") == "Russia"
    assert display_name("IRN") == "Iran"
    assert display_name("person:ola-berg") == "Ola Berg"


# ------------------------------------------------------------- --json on ingest and summary
def test_summary_json_is_the_api_summary(db, client):
    shown = cli_json("summary", "--db", str(db))
    assert {k: v for k, v in shown.items() if k not in ("skipped", "skipped_by_reason")} == client.get(
        "/api/summary"
    ).json()
    assert shown["skipped"] == sum(shown["skipped_by_reason"].values())


def test_an_inferred_date_is_shown_but_periods_read_the_texts_date(tmp_path):
    """The dossier dates an event the text left undated through other reports of it
    (basis "inferred"); the CLI and the API show that date too, but the date filters
    read the text's date, as the dyad series count, so a period lists what its series counts."""
    path = build(tmp_path / "c.duckdb")
    with Store(path) as store:
        corpus = Corpus(store)
        undated = corpus.events(dated=False, pair=("NOR", "CHL")).items
        assert undated, "the web corpus has an undated NOR-CHL event"
        event = undated[0]
        before = corpus.relation("NOR", "CHL")
        store.con.execute(  # as event resolution records a date passed on from the event's cluster mates
            "UPDATE event_cluster_members SET date = '2022-05', date_basis = 'inferred', inferred = TRUE "
            "WHERE event = ?",
            [event["id"]],
        )
        [shown] = [e for e in corpus.events(pair=("NOR", "CHL")).items if e["id"] == event["id"]]
        assert shown["date"] == {"value": "2022-05", "basis": "inferred"}
        dossier = {e["id"]: e for e in export_dossier(store)["events"]}
        assert dossier[event["id"]] == records.contract(shown, records.EVENT_KEYS)
        assert event["id"] in {e["id"] for e in corpus.events(dated=False).items}
        in_2022 = corpus.events(pair=("NOR", "CHL"), period="2022").items
        assert event["id"] not in {e["id"] for e in in_2022}
        assert corpus.relation("NOR", "CHL") == before
        [period] = [p for p in before["periods"] if p["period"] == "2022"]
        assert len(in_2022) == period["events"] + period["set_apart"]
