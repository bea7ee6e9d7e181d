"""DuckDB's cache of table pages, kept small while a resolution reads the store.

DuckDB keeps every page of a table that a query read, until its ``memory_limit``
(80% of the machine's memory unless set) makes it evict some.  Resolution looks
up a few hundred ids at a time (``scratch.select_in``): a lookup reads the
whole column it searches, and the rows it finds bring the pages of every column
read around them, so what DuckDB keeps follows the size of the store, not of the
batch -- 79 MB of pages at the end of adding 100 articles to 100,000, against 16 MB
of all DuckDB memory at 1,000 (``docs/resolution.md``, Memory).  A lower memory
limit would bound it, but the limit also bounds DuckDB's working memory, and
one low enough to keep the cache small makes big runs fail.

``bounded(store)`` bounds the cache alone for the duration of a block: after
a lookup that leaves more than ``PAGES`` bytes of table pages in memory,
``trim(con)`` lowers the limit for an instant to what DuckDB holds besides them
(so it evicts nearly all of them) and sets it back.  The pages a later
lookup needs are read again from the file (the operating system's cache).

The limit belongs to the database, not to the connection: while it is lowered,
a query on any connection that needs more memory fails.  A store that other
connections read (``Store(shared=True)``, the API, whose reads go on while an
ingest resolves; any store that handed out a cursor) is never trimmed.  Nor is
one whose limit was set (``SET memory_limit``): DuckDB shows a limit rounded,
so only the default can be set back exactly (``RESET``), and a limit chosen by
hand already bounds the cache.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:
    from newsgraph.store import Store

PAGES = 16 * 2**20  # table pages kept between lookups, in bytes
KEEP = PAGES // 2  # table pages a trim leaves: the ones read last (DuckDB evicts the least recently used)
_FLOOR = 4 * 2**20  # the least a trim leaves: the RESET that follows needs memory, free or evictable
LOOK_EVERY = 0.02  # seconds between two looks at the cache (a look is a query: about half a millisecond)

_bounded: dict[int, _Bound] = {}  # id of a connection -> its bound, while a block runs


class _Bound:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.probe = store.con.cursor()  # the limit is set here: an error ends no transaction of the store's
        self.default: bool | None = None  # whether the limit is DuckDB's default, once a trim is due
        self.looked = -LOOK_EVERY

    def trim(self) -> None:
        if self.store.shared or self.default is False or time.monotonic() - self.looked < LOOK_EVERY:
            return
        self.looked = time.monotonic()
        held = self.probe.execute("SELECT tag, memory_usage_bytes FROM duckdb_memory()").fetchall()
        pages = sum(int(b or 0) for tag, b in held if tag == "BASE_TABLE")
        if pages <= PAGES:
            return
        if self.default is None:  # DuckDB shows a limit rounded ("2.7 GiB"): only its default is set back exactly
            self.default = _setting(self.probe) == _default_limit()
            if not self.default:
                return
        rest = sum(int(b or 0) for _, b in held) - pages
        try:
            self.probe.execute(f"SET memory_limit = '{rest + max(KEEP, _FLOOR)}B'")
        except duckdb.OutOfMemoryException:
            pass  # DuckDB evicted what it could before it refused the limit
        finally:
            self.probe.execute("RESET memory_limit")


def _setting(con: duckdb.DuckDBPyConnection) -> str:
    return str(con.execute("SELECT current_setting('memory_limit')").fetchone()[0])  # type: ignore[index]


@cache
def _default_limit() -> str:
    with duckdb.connect() as fresh:
        return _setting(fresh)


@contextmanager
def bounded(store: Store) -> Iterator[None]:
    """Within the block, ``trim(store.con)`` keeps DuckDB's table pages under ``PAGES``."""
    key = id(store.con)
    if store.shared or key in _bounded:
        yield
        return
    bound = _bounded[key] = _Bound(store)
    try:
        yield
    finally:
        del _bounded[key]
        bound.probe.close()


def trim(con: duckdb.DuckDBPyConnection) -> None:
    """Evict table pages over ``PAGES`` if ``con``'s store is in a ``bounded`` block; else nothing."""
    bound = _bounded.get(id(con))
    if bound is not None:
        bound.trim()
