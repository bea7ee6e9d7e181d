"""The command line: every listing parses as JSON, errors say what is wrong and exit with 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app

NEWSGRAPH = [sys.executable, "-m", "newsgraph.cli"]
ARTICLES = {
    "a.txt": (
        "Ministers agree on grain corridor\n\n"
        "The foreign minister of Norway said on Monday that the government would send wheat to Kenya. "
        "\u201cWe stand by our partners,\u201d the minister told reporters in Oslo. "
        "Officials said the shipment was part of a wider agreement on trade."
    ),
    "b.txt": (
        "Chile rejected reports that it had sold weapons to Peru, calling them baseless. "
        "The two countries have held talks on the border since 2019, and a further meeting is planned for May."
    ),
    "empty.txt": "",
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli")
    (root / "corpus").mkdir()
    for name, text in ARTICLES.items():
        (root / "corpus" / name).write_text(text)
    (root / "meta.csv").write_text("file,outlet,published\na.txt,Example Wire,2023-11-08\n")
    path = root / "cli.duckdb"
    result = CliRunner().invoke(
        app, ["ingest", str(root / "corpus"), "--db", str(path), "--metadata", str(root / "meta.csv"), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    assert "2 ingested, 0 already present, 1 skipped" in result.stdout
    return path


def invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.model
def test_ingest_again_is_a_no_op(db):
    out = invoke("ingest", str(db.parent / "corpus"), "--db", str(db), "--quiet")
    assert "0 ingested, 2 already present, 1 skipped" in out


@pytest.mark.model
def test_ingest_json_is_the_run_summary(db):
    result = CliRunner().invoke(app, ["ingest", str(db.parent / "corpus"), "--db", str(db), "--quiet", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)  # stdout carries the JSON only; the sentence goes to stderr
    assert (summary["stored"], summary["present"], summary["skipped"], summary["failed"]) == (0, 2, 1, 0)
    assert summary["skipped_by_reason"] == {"empty": 1} and summary["status"] == "finished"
    assert summary["seconds"] >= 0 and summary["out"] == str(db)
    assert "0 ingested, 2 already present, 1 skipped" in result.stderr


@pytest.mark.model
def test_documents_json(db):
    docs = json.loads(invoke("documents", "--db", str(db), "--json"))
    assert sorted(Path(d["source"]).name for d in docs) == ["a.txt", "b.txt"]
    a = next(d for d in docs if d["source"].endswith("a.txt"))
    assert (a["title"], a["outlet"], a["published"]) == (
        "Ministers agree on grain corridor",
        "Example Wire",
        {"value": "2023-11-08", "basis": "metadata"},  # the dossier's form, as the API gives it
    )
    assert "a.txt" in invoke("documents", "--db", str(db))


@pytest.mark.model
def test_skipped_json(db):
    [skip] = json.loads(invoke("skipped", "--db", str(db), "--json"))
    assert skip["source"].endswith("empty.txt") and skip["reason"] == "empty" and skip["detail"]
    assert "empty file" in invoke("skipped", "--db", str(db))


@pytest.mark.model
def test_actors_json(db):
    actors = json.loads(invoke("actors", "--db", str(db), "--json"))
    assert isinstance(actors, list)
    for actor in actors:
        assert {"id", "name", "kind", "country", "roles", "aliases", "mentions"} <= set(actor)
    states = json.loads(invoke("actors", "--db", str(db), "--json", "--kind", "state"))
    assert all(a["kind"] == "state" for a in states)
    invoke("actors", "--db", str(db))


@pytest.mark.model
def test_export_and_summary(db, tmp_path):
    out = tmp_path / "d.json"
    assert "wrote" in invoke("export", "--db", str(db), "--out", str(out))
    dossier = json.loads(out.read_text())
    assert dossier["schema"] == "newsgraph.dossier/1"
    assert len(dossier["documents"]) == 2
    assert "2 documents" in invoke("summary", "--db", str(db))


def test_export_schema_needs_no_database(tmp_path):
    out = tmp_path / "schema.json"
    invoke("export", "--format", "schema", "--out", str(out), "--db", str(tmp_path / "none.duckdb"))
    assert json.loads(out.read_text())["$id"] == "newsgraph.dossier/1"
    assert not (tmp_path / "none.duckdb").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ingest", "no/such/folder"], "no such file or folder: no/such/folder"),
        (["documents", "--db", "{tmp}/none.duckdb"], "no database at"),
        (["actors", "--db", "{tmp}/none.duckdb", "--kind", "planet"], "unknown kind 'planet'"),
        (["config", "show", "--set", "nlp.nope=1"], "unknown key nlp.nope"),
        (["export", "--format", "nope", "--db", "{db}"], "unknown export format 'nope'"),
    ],
)
def test_errors_exit_2_with_a_clear_message(tmp_path, args, message):
    db = tmp_path / "empty.duckdb"
    subprocess.run([*NEWSGRAPH, "config", "show"], check=True, capture_output=True)  # warm imports
    if "{db}" in args:
        from newsgraph.store import Store

        Store(db).close()
    argv = [a.format(tmp=tmp_path, db=db) for a in args]
    done = subprocess.run([*NEWSGRAPH, *argv], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert message in " ".join(done.stderr.split()), done.stderr
    assert "Traceback" not in done.stderr


def test_usage_errors_exit_2():
    done = subprocess.run([*NEWSGRAPH, "ingest"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "Missing argument" in done.stderr


def test_help_lists_commands():
    out = invoke("--help")
    for command in ("ingest", "documents", "actors", "skipped", "export", "config", "events", "quotes", "claims"):
        assert command in out


@pytest.mark.parametrize(
    ("files", "why"), [({}, "no input found"), ({"x.bin": b"\x00\x01" * 50}, "no input could be stored")]
)
def test_ingest_that_stores_nothing_exits_1(tmp_path, files, why):
    (tmp_path / "in").mkdir()
    for name, data in files.items():
        (tmp_path / "in" / name).write_bytes(data)
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "x.duckdb"), "-q"])
    assert result.exit_code == 1
    assert f"nothing was ingested: {why}" in result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith(f"0 ingested, 0 already present, {len(files)} skipped")


@pytest.mark.model
def test_claims_search_and_track(db):
    claims = json.loads(invoke("claims", "--db", str(db), "--json"))
    assert claims and all({"id", "text", "actors", "stances", "contested"} <= set(c) for c in claims)
    chile = json.loads(invoke("claims", "--db", str(db), "--json", "--search", "weapons Peru"))
    assert chile and all(
        "peru" in (c["text"] + " ".join(s["evidence"]["text"] for s in c["stances"])).lower() for c in chile
    )
    assert json.loads(invoke("claims", "--db", str(db), "--json", "--search", "zeppelin")) == []
    tracked = json.loads(invoke("track", "Chile sold arms to Peru", "--db", str(db), "--json"))
    assert tracked and any(s["stance"] == "denies" for s in tracked[0]["stances"])
    assert "no stored claim" in invoke("track", "The moon is made of cheese", "--db", str(db))
