"""POST /api/documents checks what ``newsgraph ingest`` checks, answers per document, and cannot take
the server down; reads never wait for a write.

The faults are real (tests/faults.py): a component that kills its process with SIGSEGV or sleeps
past the time budget on a marker text, run in the app's supervised extraction process.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import faults
from hostile import hostile_texts
from newsgraph.api import create_app
from newsgraph.config import default_options
from newsgraph.ingest import read_inputs
from newsgraph.models import Document, Skipped
from webcorpus import build

pytestmark = pytest.mark.model

HEADERS = {"Authorization": "Bearer s3cret", "Content-Type": "application/json"}
GOOD = "Norway and Chile signed a trade agreement in Oslo on 3 March 2024, the foreign ministry said. Item {}."


def post(client: TestClient, documents: list[dict[str, str]]):
    # json.dumps escapes lone surrogates ("\\ud800"), as a client that sends them must
    return client.post("/api/documents", content=json.dumps({"documents": documents}), headers=HEADERS)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    options = default_options()
    options = replace(options, nlp=replace(options.nlp, extra_components=("faults:newsgraph_faults",)))
    db = build(tmp_path_factory.mktemp("doors") / "d.duckdb")
    app = create_app(db, allow_write=True, token="s3cret", options=options)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, app


def test_the_model_is_loaded_when_the_app_is_made(server):
    _, app = server
    supervisor = app.state.newsgraph._extractor
    assert supervisor is not None and supervisor._live and all(w.ready for w in supervisor._live)


def test_posted_texts_meet_the_rules_of_the_command_line(server, tmp_path):
    """Each hostile text, posted, ends as the same text in a JSON Lines file does with `newsgraph ingest`."""
    client, _ = server
    texts = hostile_texts()
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps({"text": t}) for _, t in texts) + "\n")
    by_line = {int(r.source.rsplit("#", 1)[1]) - 1: r for r in read_inputs([feed], default_options())}
    response = post(client, [{"text": t} for _, t in texts])
    assert response.status_code == 200, response.text
    answers = response.json()["results"]
    assert [a["index"] for a in answers] == list(range(len(texts)))
    for (kind, _), answer in zip(texts, answers, strict=True):
        cli = by_line[answer["index"]]
        if isinstance(cli, Skipped):
            assert (answer["status"], answer["reason"]) == ("skipped", cli.reason), kind
            assert answer["detail"] == cli.detail.replace(cli.source, answer["source"]), kind
        else:
            assert isinstance(cli, Document)
            assert answer["status"] in ("stored", "present"), (kind, answer)
            assert answer["id"] == cli.id and answer["notes"] == list(cli.notes), kind
    reasons = {kind: a["reason"] for (kind, _), a in zip(texts, answers, strict=True)}
    assert reasons["hi"] == "empty" and reasons["russian"] == "not_english" and reasons["binary"] == "binary"
    nul = next(a for (kind, _), a in zip(texts, answers, strict=True) if kind == "nul")
    assert nul["status"] == "stored" and nul["notes"] == ["3 NUL characters removed"]
    assert client.get(f"/api/documents/{nul['id']}").json()["document"]["notes"] == ["3 NUL characters removed"]


def test_a_crash_costs_the_document_not_the_server(server):
    client, _ = server
    response = post(client, [{"text": GOOD.format(1)}, {"text": GOOD.format(2) + " " + faults.CRASH}])
    assert response.status_code == 200, response.text
    first, crashed = response.json()["results"]
    assert first["status"] == "stored"
    assert crashed["status"] == "skipped" and crashed["reason"] == "crashed", crashed
    assert "SIGSEGV" in crashed["detail"]
    assert client.get("/api/summary").status_code == 200
    again = post(client, [{"text": GOOD.format(3)}])
    assert again.json()["results"][0]["status"] == "stored"


def test_reads_do_not_wait_for_a_write(server, tmp_path):
    """A write held inside extraction (by a fault that waits for a signal) does not hold reads up."""
    client, _ = server
    before = client.get("/api/summary").json()["documents"]
    doc_id = client.get("/api/documents").json()["items"][0]["id"]
    answer: dict[str, object] = {}

    def write() -> None:
        held = GOOD.format(5) + f" {faults.WAIT} {tmp_path} ."
        answer.update(post(client, [{"text": GOOD.format(4)}, {"text": held}]).json())

    writer = threading.Thread(target=write)
    writer.start()
    deadline = time.monotonic() + 120
    while not (tmp_path / "entered").exists():  # the write is now inside extraction, holding the writers' lock
        assert time.monotonic() < deadline and writer.is_alive(), "the write never reached extraction"
        time.sleep(0.05)
    got: dict[str, int] = {}

    def read() -> None:
        for url in ("/api/documents", f"/api/documents/{doc_id}", "/api/search?q=trade", "/api/events"):
            assert client.get(url).status_code == 200
        got["documents"] = client.get("/api/summary").json()["documents"]

    reader = threading.Thread(target=read)
    reader.start()
    reader.join(timeout=60)  # a hang-regression budget: the write waits for us, so waiting reads would hang
    still_reading = reader.is_alive()
    (tmp_path / "go").touch()
    writer.join(timeout=120)
    assert not still_reading, "reads waited for the write"
    assert got["documents"] == before  # what was committed before the write
    results = answer["results"]
    assert isinstance(results, list) and [r["status"] for r in results] == ["stored", "stored"]
    assert client.get("/api/summary").json()["documents"] == before + 2


def test_source_given_with_control_characters_is_stored_escaped(server):
    client, _ = server
    [answer] = post(client, [{"text": GOOD.format(6), "source": "evil\x1b[2J\ud800.txt"}]).json()["results"]
    assert answer["source"] == "evil\\x1b[2J\ufffd.txt"
    assert Path(answer["source"]).name  # a usable label
