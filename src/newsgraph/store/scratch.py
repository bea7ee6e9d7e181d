"""Sets of Python values in queries, and Arrow tables of rows to write.

Resolution asks the store about a few hundred ids at a time ("the groups
sharing these keys", "the events of these units"): one statement per set,
the set passed as a single list parameter, and one INSERT per table from an
Arrow table -- never a statement per row.  After each lookup, within a
resolution, DuckDB's cache of the pages it read is trimmed (``page_cache``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import count
from typing import Any

import duckdb
import pyarrow as pa

from newsgraph.store.page_cache import trim

_names = count()


@contextmanager
def scratch(con: duckdb.DuckDBPyConnection, **columns: Sequence[Any]) -> Iterator[str]:
    """Register ``columns`` (name -> values, all strings unless typed otherwise by
    pyarrow) as a view for the duration of the block; yields its name."""
    name = f"scratch_{next(_names)}"
    table = pa.table({k: v if isinstance(v, pa.Array) else pa.array(list(v), pa.string()) for k, v in columns.items()})
    con.register(name, table)
    try:
        yield name
    finally:
        con.unregister(name)


def select_in(
    con: duckdb.DuckDBPyConnection, sql: str, values: Iterable[str], params: Sequence[Any] = ()
) -> list[tuple[Any, ...]]:
    """Rows of ``sql`` -- whose ``{ids}`` stands for a set of strings, as in
    ``WHERE id IN {ids}`` -- for the set ``values`` (``params`` fill the ``?``
    before ``{ids}``).  The set goes in as one list parameter: no statement per
    value, no table to register."""
    values = sorted(set(values))
    if not values:
        return []
    rows = con.execute(sql.format(ids=_SET), [*params, values]).fetchall()
    trim(con)
    return rows


def arrow_in(con: duckdb.DuckDBPyConnection, sql: str, values: Iterable[str]) -> pa.Table | None:
    """``select_in``'s rows as an Arrow table (None for an empty set): for array columns,
    which Arrow hands over as one buffer of numbers."""
    values = sorted(set(values))
    if not values:
        return None
    table = con.sql(sql.format(ids=_SET), params=[values]).to_arrow_table()
    trim(con)
    return table


def delete_in(con: duckdb.DuckDBPyConnection, table: str, column: str, values: Iterable[str]) -> None:
    values = sorted(set(values))
    if values:
        con.execute(f"DELETE FROM {table} WHERE {column} IN {_SET}", [values])
        trim(con)


_SET = "(SELECT unnest(?::VARCHAR[]))"


def rows_table(names: Sequence[str], rows: Sequence[Sequence[Any]]) -> pa.Table:
    """Rows as an Arrow table with the given column names (types inferred per column)."""
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    return pa.table(
        {n: pa.array(list(c)) if c else pa.array([], pa.string()) for n, c in zip(names, columns, strict=True)}
    )


def insert(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table) -> None:
    """One INSERT of every row of ``data`` (columns matched by name)."""
    if data.num_rows:
        con.register("new_rows", data)
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM new_rows")
        con.unregister("new_rows")


def replace_rows(con: duckdb.DuckDBPyConnection, table: str, column: str, keys: Iterable[str], data: pa.Table) -> None:
    """Delete the rows whose ``column`` is in ``keys``, then insert ``data``."""
    delete_in(con, table, column, keys)
    insert(con, table, data)
