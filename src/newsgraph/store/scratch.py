"""Python values as short-lived tables, so a set of ids is joined, not looped over.

Resolution asks the store about a few hundred ids at a time ("the groups
sharing these keys", "the events of these units"); one query joining a
registered Arrow table answers what a query per id would.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import count
from typing import Any

import duckdb
import pyarrow as pa

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
