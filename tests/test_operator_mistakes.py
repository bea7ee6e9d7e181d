"""Operator mistakes: one sentence on stderr, exit status 2, never a traceback.

The commands run in this process through ``newsgraph.cli.main`` (what the
``newsgraph`` script calls), so each costs milliseconds, not a Python start.
"""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph.cli import main
from newsgraph.store import Store


def run(argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["newsgraph", *argv])
    try:
        main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    else:
        code = 0
    return code, capsys.readouterr().err


def one_sentence(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "ok.duckdb"
    Store(path).close()
    return path


def _damaged(tmp_path: Path, db: Path) -> Path:
    path = tmp_path / "truncated.duckdb"
    path.write_bytes(db.read_bytes()[:5000])
    return path


def _sqlite(tmp_path: Path) -> Path:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    return path


def _foreign_duckdb(tmp_path: Path) -> Path:
    import duckdb

    path = tmp_path / "foreign.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE sales (x INTEGER)")
    con.close()
    return path


MISTAKES = {
    "export into a missing folder": (["export", "--db", "{db}", "--out", "{tmp}/missing/d.json"], "does not exist"),
    "export onto a folder": (["export", "--db", "{db}", "--out", "{tmp}"], "it is a folder"),
    "export under a file": (["export", "--db", "{db}", "--out", "{db}/d.json"], "is a file, not a folder"),
    "report under a file": (["report", "--db", "{db}", "--out", "{db}/sub/r.html"], "cannot create folder"),
    "port out of range": (["serve", "--db", "{db}", "--port", "99999"], "between 1 and 65535"),
    "unknown section": (
        ["config", "show", "--set", "nope.key=1"],
        "unknown config section [nope]; valid sections: nlp",
    ),
    "unknown key": (
        ["config", "show", "--set", "run.wrokers=2"],
        "unknown key run.wrokers (did you mean run.workers?)",
    ),
    "value out of range": (["config", "show", "--set", "nlp.max_chars=-1"], "between 100 and 10,000,000; got -1"),
    "config not UTF-8": (["config", "show", "--config", "{binary}"], "is not UTF-8 text"),
    "config not TOML": (["config", "show", "--config", "{gold}"], "is not valid TOML"),
    "truncated database": (["documents", "--db", "{damaged}"], "not a newsgraph database or damaged"),
    "SQLite as --db": (["documents", "--db", "{sqlite}"], "is a SQLite database"),
    "SQLite as --db to ingest": (["ingest", "{tmp}/in", "--db", "{sqlite}"], "is a SQLite database"),
    "someone else's DuckDB": (["summary", "--db", "{foreign}"], "not a newsgraph one"),
    "a folder as --db": (["documents", "--db", "{tmp}"], "is a folder, not a database file"),
    "binary gold file": (["evaluate", "{binary}", "--db", "{db}"], "is not UTF-8 text"),
    "gold file of the wrong shape": (["evaluate", "{gold}", "--db", "{db}"], "is not a gold file"),
    "binary metadata file": (["ingest", "{tmp}/in", "--db", "{tmp}/n.duckdb", "--metadata", "{binmeta}"], "not text"),
    "workers 0": (["ingest", "{tmp}/in", "--db", "{tmp}/n.duckdb", "--workers", "0"], "run.workers must be between"),
    "markup in a path": (["ingest", "{tmp}/[/red]", "--db", "{tmp}/n.duckdb"], "no such file or folder: "),
    "a path not UTF-8": (["ingest", "{tmp}/bad\udcff\x1b.txt", "--db", "{tmp}/n.duckdb"], "bad\\xff\\x1b.txt"),
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_mistake_is_one_sentence_and_exit_2(mistake, tmp_path, db, capsys, monkeypatch):
    args, message = MISTAKES[mistake]
    (tmp_path / "in").mkdir()
    files = {
        "db": db,
        "tmp": tmp_path,
        "damaged": _damaged(tmp_path, db),
        "sqlite": _sqlite(tmp_path),
        "foreign": _foreign_duckdb(tmp_path),
        "binary": tmp_path / "blob.bin",
        "gold": tmp_path / "gold.json",
        "binmeta": tmp_path / "meta.csv",
    }
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00" * 50)
    files["gold"].write_text('{"documents": 3}')
    files["binmeta"].write_bytes(b"\x00\x01\x02PK\x03\x04" * 40)
    argv = [a.format(**files) for a in args]
    code, stderr = run(argv, capsys, monkeypatch)
    assert code == 2, stderr
    assert message in one_sentence(stderr), stderr


def test_port_in_use(db, capsys, monkeypatch):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code, stderr = run(["serve", "--db", str(db), "--port", str(port)], capsys, monkeypatch)
    assert code == 2
    assert f"port {port} is in use" in one_sentence(stderr)


def test_database_locked_by_another_process_says_which(db, capsys, monkeypatch):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, sys, time; c = duckdb.connect({str(db)!r}); print(1, flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline()
        code, stderr = run(["documents", "--db", str(db)], capsys, monkeypatch)
    finally:
        holder.communicate(b"", timeout=30)
    assert code == 2
    line = one_sentence(stderr)
    assert f"PID {holder.pid}" in line and "python" in line and "wait for it to finish or stop it" in line


def test_damage_found_by_a_query_is_one_sentence(tmp_path, capsys, monkeypatch):
    import duckdb

    from newsgraph.cli import main as entry  # the handler lives in main, around every command

    def broken(*args: object, **kwargs: object) -> None:
        raise duckdb.Error("Corrupt database file: computed checksum 1 does not match stored checksum 2")

    monkeypatch.setattr(Store, "skipped", broken)
    path = tmp_path / "x.duckdb"
    Store(path).close()
    monkeypatch.setattr(sys, "argv", ["newsgraph", "skipped", "--db", str(path)])
    with pytest.raises(SystemExit) as info:
        entry()
    assert info.value.code == 2
    assert "damaged" in one_sentence(capsys.readouterr().err)


def test_terminal_escapes_in_stored_text_are_shown_escaped(tmp_path, capsys, monkeypatch):
    from newsgraph.models import Document, Extraction, Quote

    path = tmp_path / "q.duckdb"
    text = "He said: [/] \x1b[2J hello."
    with Store(path) as store:
        doc = Document(
            "doc-1", "evil\x1b]0;owned\x07.txt", text, title="T \x1b[31m", notes=("1 NUL character removed",)
        )
        quote = Quote("q-1", "doc-1", None, "he \x1b[5m", "[/] \x1b[2J hello", "direct", 9, 25)
        store.write([Extraction(doc, quotes=(quote,))])
    shown = {}
    for command in ("quotes", "documents", "skipped", "summary"):
        monkeypatch.setattr(sys, "argv", ["newsgraph", command, "--db", str(path)])
        with pytest.raises(SystemExit) as info:
            main()
        shown[command] = capsys.readouterr().out
        assert info.value.code == 0
        assert "\x1b" not in shown[command], command
    assert "[/] \\x1b[2J hello" in shown["quotes"]
    monkeypatch.setattr(sys, "argv", ["newsgraph", "documents", "--json", "--db", str(path)])
    with pytest.raises(SystemExit):
        main()
    assert (
        '"notes": [\n   "1 NUL character removed"' in capsys.readouterr().out
    )  # markup shown as text, the escape as \x1b
    assert "evil\\x1b]0;owned\\x07.txt" in shown["quotes"]


def test_a_database_from_an_older_newsgraph_is_upgraded_when_read(tmp_path, monkeypatch):
    import duckdb

    from newsgraph.store import migrations

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:2])  # as an older newsgraph wrote it
    migrations.migrate(con)
    con.close()
    monkeypatch.undo()
    with Store(path, read_only=True) as store:
        assert store.documents() == [] and store.claims() == []
        assert not migrations.pending(store.con)
