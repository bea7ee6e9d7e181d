"""Exports: the dossier JSON and (with events) GDELT- and PLOVER-shaped files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from newsgraph.errors import QueryError

if TYPE_CHECKING:
    from newsgraph.config import Options
    from newsgraph.store import Store

FORMATS = ("dossier", "schema", "gdelt", "plover")
# Where `export` writes when no output file is named.
DEFAULT_OUT = {
    "dossier": "dossier.json",
    "schema": "dossier.schema.json",
    "gdelt": "events.gdelt.tsv",
    "plover": "events.plover.jsonl",
}


def write_export(store: Store, format_: str, out: str | Path, options: Options | None = None) -> str:
    """Write ``store`` in ``format_`` to ``out``; return a one-line description."""
    if format_ == "gdelt":  # GDELT 2.0-shaped TSV (docs/exports.md)
        from newsgraph.export.gdelt import write_gdelt

        root14 = options.events.root14_quad if options is not None else None
        return f"{write_gdelt(store, out, root14)} GDELT event rows"
    if format_ == "plover":  # PLOVER JSON Lines (docs/exports.md)
        from newsgraph.export.plover import write_plover

        return f"{write_plover(store, out)} PLOVER events"
    if format_ == "dossier":
        from newsgraph.export.dossier import write_dossier

        d = write_dossier(store, out)
        return ", ".join(f"{len(d[k])} {k}" for k in ("documents", "actors", "events", "quotes", "claims", "relations"))
    if format_ == "schema":  # the dossier's JSON Schema; the store is not read
        from newsgraph.export.dossier import write_schema

        write_schema(out)
        return "dossier JSON Schema"
    raise QueryError(f"unknown export format {format_!r}; choose one of {', '.join(FORMATS)}")
