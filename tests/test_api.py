"""The REST API: routes, filters, pagination, one error shape, limits, writing."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from newsgraph.api import create_app
from newsgraph.errors import ConfigError
from newsgraph.query import Corpus
from webcorpus import XSS, build


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("api") / "corpus.duckdb")


@pytest.fixture(scope="module")
def app(db):
    return create_app(db, max_body=10_000)


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def doc_id(client, title_start):
    docs = client.get("/api/documents").json()["items"]
    return next(d["id"] for d in docs if (d["title"] or "").startswith(title_start))


def assert_error_shape(response, status):
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert isinstance(body["error"]["code"], str) and body["error"]["message"]
    return body["error"]


# ------------------------------------------------------------------ reading
def test_summary(client):
    s = client.get("/api/summary").json()
    assert (s["documents"], s["events"], s["events_counted"], s["claims"], s["contested_claims"]) == (3, 9, 7, 2, 1)
    assert s["event_dates"] == {"first": "2021", "last": "2023-05-03"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/documents",
        "/api/actors",
        "/api/events",
        "/api/quotes",
        "/api/claims",
        "/api/relations",
        "/api/search?q=Chile",
    ],
)
def test_lists_page(client, path):
    sep = "&" if "?" in path else "?"
    full = client.get(path).json()
    assert set(full) == {"total", "limit", "offset", "items"} and full["total"] >= 1
    first = client.get(f"{path}{sep}limit=1&offset=0").json()
    assert first["limit"] == 1 and len(first["items"]) == 1 and first["total"] == full["total"]
    assert first["items"][0] == full["items"][0]
    beyond = client.get(f"{path}{sep}offset={full['total']}").json()
    assert beyond["items"] == []


def test_document_spans_index_the_text(client):
    d = client.get(f"/api/documents/{doc_id(client, 'Arms report')}").json()
    text = d["text"]
    assert d["document"]["title"].endswith(XSS)
    for m in d["mentions"]:
        assert text[m["start"] : m["end"]] == m["text"]
    for e in d["events"]:
        assert text[e["evidence"]["start"] : e["evidence"]["end"]] == e["evidence"]["text"]
    for q in d["quotes"]:
        assert text[q["start"] : q["end"]] == q["text"]
    assert {s["stance"] for s in d["stances"]} == {"asserts", "denies", "reports"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("pair=NOR,CHL", 7),  # a state matches its people too
        ("pair=CHL,NOR", 7),  # order does not matter
        ("pair=person:ola-berg,CHL", 1),
        ("actor=PER", 2),
        ("type=SANCTION", 2),
        ("type=sanction,ACCUSE", 4),
        ("since=2022&until=2022", 3),
        ("since=2022-04", 3),
        ("pair=NOR,CHL&period=2022", 3),
        ("pair=NOR,CHL&period=2021-Q2&by=quarter", 1),
        ("counted=false", 2),
        ("dated=false", 3),
    ],
)
def test_event_filters(client, query, expected):
    assert client.get(f"/api/events?{query}").json()["total"] == expected


@pytest.mark.parametrize(
    ("name", "actor_id", "kind"),
    [
        ("person:ola-berg", "person:ola-berg", "person"),  # by id
        ("Berg", "person:ola-berg", "person"),  # by the name an article calls him
        ("Chile", "CHL", "state"),
        ("NZL", "NZL", "state"),  # a state no article names: known, with nothing found
    ],
)
def test_one_actor_by_any_name(client, name, actor_id, kind):
    a = client.get(f"/api/actors/{name}").json()
    assert (a["id"], a["kind"]) == (actor_id, kind)
    listed = {x["id"]: x for x in client.get("/api/actors?limit=500").json()["items"]}
    if actor_id in listed:
        assert a == listed[actor_id]  # the same record the list gives
    else:
        assert (a["mentions"], a["events"], a["country"], a["display_name"]) == (0, 0, "NZL", "New Zealand")


def test_events_carry_resolution_and_evidence(client):
    items = client.get("/api/events?pair=NOR,CHL&period=2021").json()["items"]
    visit = next(e for e in items if e["type"] == "CONSULT")
    assert (visit["source"], visit["source_state"], visit["target"]) == ("person:ola-berg", "NOR", "CHL")
    assert visit["source_name"] == "Ola Berg" and visit["quad"] == "verbal_cooperation"
    assert visit["counted"] is True and visit["date"] == {"value": "2021-04", "basis": "explicit"}
    assert visit["evidence"]["text"].startswith("Norwegian Foreign Minister")
    dates = [e["date"]["value"] if e["date"] else "~" for e in client.get("/api/events").json()["items"]]
    assert dates == sorted(dates)  # in the order things happened, undated last


def test_relation_series(client):
    r = client.get("/api/relations/NOR/CHL?by=year").json()
    assert r["names"] == ["Norway", "Chile"]
    assert [(p["period"], p["events"]) for p in r["periods"]] == [("2021", 2), ("2022", 2)]
    assert r["undated"] == 1 and r["set_apart"] == {"intended": 1, "negative": 1}
    assert r["totals"]["events"] == 5
    quarters = client.get("/api/relations/NOR/CHL?by=quarter").json()["periods"]
    assert quarters[0]["period"] == "2021-Q2"
    pairs = client.get("/api/relations").json()["items"]
    assert pairs[0]["pair"] == ["CHL", "NOR"]  # busiest first


def test_claims_contested_first_with_holders_and_outlets(client):
    claims = client.get("/api/claims").json()["items"]
    assert [c["contested"] for c in claims] == [True, False]
    stances = {s["stance"]: s for s in claims[0]["stances"]}
    assert stances["reports"]["holder"] == "outlet" and stances["reports"]["holder_name"] == "Andes Daily"
    assert stances["denies"]["holder_name"] == "Peru" and stances["denies"]["outlet"] == "Andes Daily"
    assert client.get("/api/claims?contested=true").json()["total"] == 1
    assert client.get("/api/claims?contested=false").json()["total"] == 1


def test_claims_carry_their_words_and_actors_and_can_be_searched(client):
    claims = client.get("/api/claims").json()["items"]
    for c in claims:
        assert c["text"] == c["proposition"] and c["text"]
        assert len(c["actors"]) == len(c["actor_names"])
    word = claims[0]["text"].split()[-1]
    found = client.get("/api/claims", params={"search": word}).json()["items"]
    assert claims[0]["id"] in {c["id"] for c in found}
    assert client.get("/api/claims", params={"search": "zeppelin airship"}).json()["total"] == 0


def test_graph_levels_and_periods(client):
    g = client.get("/api/graph").json()
    ids = {n["id"] for n in g["nodes"]}
    assert {"person:ola-berg", "person:ana-soto", "NOR", "CHL", "PER"} == ids
    edge = next(e for e in g["edges"] if (e["source"], e["target"]) == ("CHL", "NOR"))
    assert (edge["events"], edge["set_apart"], edge["cooperation"], edge["conflict"]) == (4, 2, 5.0, 11.5)
    states = client.get("/api/graph?level=state").json()
    assert {n["id"] for n in states["nodes"]} == {"NOR", "CHL", "PER"}
    y2021 = client.get("/api/graph?level=state&since=2021&until=2021").json()
    assert [(e["source"], e["target"], e["events"]) for e in y2021["edges"]] == [("CHL", "NOR", 2)]


def test_search_finds_text_quotes_evidence_and_claims(client):
    hits = client.get("/api/search?q=RIFLES").json()["items"]
    assert {h["kind"] for h in hits} == {"document", "event", "claim"}
    for h in hits:
        assert h["snippet"][h["match"]["start"] : h["match"]["end"]].lower() == "rifles"
    assert client.get("/api/search?q=partnership").json()["items"][0]["kind"] in {"document", "quote"}


def test_ui_and_static_are_served_with_a_strict_policy(client):
    page = client.get("/")
    assert page.status_code == 200 and '<script src="/static/core.js">' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    for name in ("core.js", "network.js", "relations.js", "claims.js", "document.js", "app.js", "style.css"):
        asset = client.get(f"/static/{name}")
        assert asset.status_code == 200
        # article text must never be parsed as markup: no HTML-string sinks anywhere in the UI
        assert not re.search(r"\.(inner|outer)HTML\s*=|insertAdjacentHTML|document\.write|eval\(", asset.text), name


def test_docs_are_served_without_a_cdn(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "/openapi.json" in page.text
    assert "cdn.jsdelivr.net" not in page.text
    assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200


def test_openapi_lists_every_route(app, client):
    spec = client.get("/openapi.json").json()
    from newsgraph.api.routes import router  # the read routes, included under /api

    every = [*app.routes, *router.routes]
    routes = {(r.path, m) for r in every if isinstance(r, APIRoute) and r.include_in_schema for m in r.methods}
    listed = {(path, m.upper()) for path, ops in spec["paths"].items() for m in ops}
    assert routes == listed
    assert {p for p, _ in routes} >= {
        "/api/documents",
        "/api/documents/{doc_id}",
        "/api/actors",
        "/api/actors/{name}",
        "/api/events",
        "/api/quotes",
        "/api/claims",
        "/api/relations",
        "/api/relations/{a}/{b}",
        "/api/search",
        "/api/graph",
        "/api/summary",
    }


# ------------------------------------------------------------------ failing
FAILURES = [
    ("GET", "/api/nothing-here", None, 404, "not_found"),
    ("GET", "/static/missing.js", None, 404, "not_found"),
    ("GET", "/api/documents/doc-0000000000000000", None, 404, "not_found"),
    ("GET", "/api/relations/NOR/nobody:here", None, 404, "not_found"),
    ("GET", "/api/actors/nobody:here", None, 404, "not_found"),
    ("GET", "/api/actors/" + "x" * 201, None, 422, "validation_error"),
    ("GET", "/api/events?actor=nobody:here", None, 404, "not_found"),
    ("GET", "/api/relations/NOR/NOR", None, 400, "bad_request"),
    ("GET", "/api/events?type=FLY", None, 400, "bad_request"),
    ("DELETE", "/api/events", None, 405, "method_not_allowed"),
    ("POST", "/api/documents", {"documents": [{"text": "x"}]}, 405, "method_not_allowed"),  # read-only server
    ("GET", "/api/events?limit=501", None, 422, "validation_error"),
    ("GET", "/api/events?limit=0", None, 422, "validation_error"),
    ("GET", "/api/events?offset=-1", None, 422, "validation_error"),
    ("GET", "/api/events?since=last-week", None, 422, "validation_error"),
    ("GET", "/api/events?pair=NOR", None, 422, "validation_error"),
    ("GET", "/api/relations/NOR/CHL?by=decade", None, 422, "validation_error"),
    ("GET", "/api/search?q=x", None, 422, "validation_error"),
    ("GET", "/api/search", None, 422, "validation_error"),
    ("GET", "/api/graph?level=galaxy", None, 422, "validation_error"),
    ("GET", "/api/claims?contested=perhaps", None, 422, "validation_error"),
    ("POST", "/api/events", "x" * 20_000, 413, "request_too_large"),
]


@pytest.mark.parametrize(
    ("method", "url", "body", "status", "code"), FAILURES, ids=[f"{f[3]}-{f[1]}" for f in FAILURES]
)
def test_every_failure_has_one_shape(client, method, url, body, status, code):
    kwargs = {"json": body} if isinstance(body, dict) else {"content": body} if body else {}
    error = assert_error_shape(client.request(method, url, **kwargs), status)
    assert error["code"] == code


def test_validation_errors_say_where(client):
    error = assert_error_shape(client.get("/api/events?limit=501"), 422)
    assert "limit" in error["message"]
    assert error["details"][0]["loc"] == ["query", "limit"]


def test_streamed_body_over_the_limit_is_refused(writable):
    # No Content-Length: the limit is enforced while the body is read.
    def chunks():
        for _ in range(20):
            yield b"y" * 1000

    with TestClient(writable, raise_server_exceptions=False) as c:
        response = c.post("/api/documents", content=chunks(), headers={"Authorization": "Bearer s3cret"})
    assert_error_shape(response, 413)


def test_crash_answers_500_in_the_same_shape(db, monkeypatch):
    def boom(self):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Corpus, "summary", boom)
    with TestClient(create_app(db), raise_server_exceptions=False) as c:
        error = assert_error_shape(c.get("/api/summary"), 500)
    assert error["code"] == "internal_error" and "disk on fire" not in error["message"]  # no internals leak


# ------------------------------------------------------------------ writing
def test_writing_needs_a_token(db):
    with pytest.raises(ConfigError, match="token"):
        create_app(db, allow_write=True)


@pytest.fixture(scope="module")
def writable(tmp_path_factory):
    # the model loads once, when the app is made; only test_write_route_ingests_with_the_token writes
    db = build(tmp_path_factory.mktemp("write") / "w.duckdb")
    return create_app(db, allow_write=True, token="s3cret", max_body=10_000)


@pytest.mark.parametrize(
    ("headers", "body", "status"),
    [
        ({}, {"documents": [{"text": "Some text."}]}, 401),
        ({"Authorization": "Bearer wrong"}, {"documents": [{"text": "Some text."}]}, 401),
        ({"Authorization": "Basic s3cret"}, {"documents": [{"text": "Some text."}]}, 401),
        ({"Authorization": "Bearer s3cret"}, {"documents": []}, 422),
        ({"Authorization": "Bearer s3cret"}, {"documents": [{"text": "x", "colour": "red"}]}, 422),
        ({"Authorization": "Bearer s3cret"}, {"documents": [{"text": "x", "published": "May"}]}, 422),
    ],
)
def test_write_route_refuses_bad_requests(writable, headers, body, status):
    with TestClient(writable, raise_server_exceptions=False) as c:
        response = c.post("/api/documents", json=body, headers=headers)
    assert_error_shape(response, status)
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.model
def test_write_route_ingests_with_the_token(writable):
    text = "Norway and Chile signed a trade agreement in Oslo on 3 March 2024, the foreign ministry said."
    with TestClient(writable, raise_server_exceptions=False) as c:
        headers = {"Authorization": "Bearer s3cret"}
        body = {"documents": [{"text": text, "outlet": "Test Wire", "published": "2024-03-04"}]}
        first = c.post("/api/documents", json=body, headers=headers).json()
        again = c.post("/api/documents", json=body, headers=headers).json()
        assert c.get("/api/summary").json()["documents"] == 4
    assert first["ingested"] == 1 and again["ingested"] == 0 and again["present"] == 1
    assert [r["status"] for r in first["results"]] == ["stored"]
    assert [r["status"] for r in again["results"]] == ["present"]
    assert first["documents"] == again["documents"] == [first["results"][0]["id"]]


def test_the_store_closes_with_the_server_and_opens_with_the_next(db):
    app = create_app(db)
    with TestClient(app) as c:
        assert c.get("/api/summary").status_code == 200
    assert app.state.newsgraph.closed  # the lifespan closed the database on shutdown
    with TestClient(app) as c:  # served again: opened again
        assert c.get("/api/events?actor=Ola%20Berg").json()["total"] >= 1
