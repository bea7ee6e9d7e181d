"""Exports: the dossier JSON and (with events) GDELT- and PLOVER-shaped files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from newsgraph.errors import QueryError

if TYPE_CHECKING:
    from newsgraph.store import Store

FORMATS = ("dossier", "schema")


def write_export(store: Store, format_: str, out: str | Path) -> str:
    """Write ``store`` in ``format_`` to ``out``; return a one-line description."""
    if format_ == "dossier":
        from newsgraph.export.dossier import write_dossier

        d = write_dossier(store, out)
        return ", ".join(f"{len(d[k])} {k}" for k in ("documents", "actors", "events", "quotes", "claims", "relations"))
    if format_ == "schema":  # the dossier's JSON Schema; the store is not read
        from newsgraph.export.dossier import write_schema

        write_schema(out)
        return "dossier JSON Schema"
    raise QueryError(f"unknown export format {format_!r}; choose one of {', '.join(FORMATS)}")
