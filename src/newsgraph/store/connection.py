"""Opening the database file, with a sentence for each way that goes wrong.

What people pass as ``--db`` is not always a newsgraph database: a folder, a
SQLite file, a text file, a truncated or damaged copy, a file another
process holds locked.  DuckDB's own messages for these mislead (a SQLite
file makes it try to download an extension), so the file is looked at
before DuckDB opens it, and DuckDB's errors are translated after.
Extensions are never loaded or installed on the way: opening a database
must not reach the network.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from newsgraph.errors import StoreError
from newsgraph.terminal import shown

SQLITE_MAGIC = b"SQLite format 3\x00"
DUCKDB_MAGIC = b"DUCK"  # at offset 8 of every DuckDB file
_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
}
_LOCK = re.compile(r"Conflicting lock is held in (.*?) \(PID (\d+)\)")
_DAMAGE = ("not a valid DuckDB database", "Could not read enough bytes", "Corrupt database", "checksum")


def connect(path: str, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    """A connection to the newsgraph database at ``path`` (``:memory:`` too), or ``StoreError``."""
    if path != ":memory:":
        _look_at(Path(path), read_only)
    try:
        con = duckdb.connect(path, read_only=read_only, config=_CONFIG)
    except duckdb.Error as exc:
        raise opening_error(path, exc) from None
    if path != ":memory:":
        _check_newsgraph(con, path)
    return con


def _look_at(path: Path, read_only: bool) -> None:
    name = shown(path, line=True)
    if path.is_dir():
        raise StoreError(f"{name} is a folder, not a database file; give a file such as {name}/newsgraph.duckdb")
    if not path.exists():
        if read_only:
            raise StoreError(f"no database at {name}; create one with 'newsgraph ingest PATH --db {name}'")
        if not path.parent.is_dir():
            raise StoreError(f"cannot create database {name}: folder {shown(path.parent, line=True)} does not exist")
        return
    try:
        with path.open("rb") as f:
            head = f.read(16)
    except OSError as exc:
        raise StoreError(f"cannot read database {name}: {exc.strerror or exc}") from None
    if not head:
        raise StoreError(f"{name} is an empty file, not a database; remove it and newsgraph will create one there")
    if head.startswith(SQLITE_MAGIC):
        raise StoreError(
            f"{name} is a SQLite database, not a newsgraph (DuckDB) database; "
            "give the .duckdb file 'newsgraph ingest' wrote, or ingest into a new file"
        )
    if head[8:12] != DUCKDB_MAGIC:
        raise StoreError(damaged(name, "it is not a DuckDB file"))


def _check_newsgraph(con: duckdb.DuckDBPyConnection, path: str) -> None:
    """A DuckDB file of someone else's is not ours to read or to migrate."""
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    except duckdb.Error as exc:
        con.close()
        raise opening_error(path, exc) from None
    if tables and "migrations" not in tables:
        con.close()
        listed = ", ".join(sorted(tables)[:5])
        raise StoreError(
            f"{shown(path, line=True)} is a DuckDB database but not a newsgraph one (its tables: {listed}); "
            "give the file 'newsgraph ingest' wrote, or ingest into a new file"
        )


def damaged(name: str, why: str) -> str:
    return f"{name} is not a newsgraph database or damaged ({why}); restore it from a backup or re-ingest"


def is_damage(exc: BaseException) -> bool:
    """Whether a DuckDB error says the file is damaged (it may surface on any query, not only on open)."""
    return isinstance(exc, duckdb.Error) and any(mark in str(exc) for mark in _DAMAGE)


def opening_error(path: str, exc: duckdb.Error) -> StoreError:
    name = shown(path, line=True)
    message = str(exc).split("\n", 1)[0]
    if lock := _LOCK.search(message):
        program, pid = lock.groups()
        return StoreError(
            f"database {name} is in use by another process (PID {pid}: {_command(int(pid)) or program}); "
            "wait for it to finish or stop it, then run this again (a database has one writer at a time)"
        )
    if is_damage(exc):
        return StoreError(damaged(name, _short(message)))
    return StoreError(f"cannot open database {name}: {_short(message)}")


def _command(pid: int) -> str | None:
    """The command line of process ``pid``, when the system says (Linux)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    words = [w.decode("utf-8", "replace") for w in raw.split(b"\0") if w]
    if not words:
        return None
    words[0] = Path(words[0]).name
    if len(words) > 1 and words[0].startswith("python") and words[1].endswith("newsgraph"):
        words = words[1:]
    words[0] = Path(words[0]).name
    return shown(" ".join(words)[:200], line=True)


def _short(message: str) -> str:
    message = message.removeprefix("IO Error: ").removeprefix("Serialization Error: ")
    return message if len(message) <= 200 else message[:197] + "..."
