"""Exports: the dossier JSON and (with events) GDELT- and PLOVER-shaped files."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from newsgraph.errors import OutputError, QueryError

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


@contextmanager
def output_file(out: str | Path, *, make_folder: bool = False) -> Iterator[Path]:
    """``out`` checked before anything is computed, and any failure to write it as one ``OutputError``.

    ``make_folder``: create a missing folder (the report does) instead of refusing.
    """
    from newsgraph.terminal import shown

    path, name = Path(out), shown(out, line=True)
    folder = path.parent
    if make_folder and not folder.exists():
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            raise OutputError(f"cannot create folder {shown(folder, line=True)}: {exc.strerror or exc}") from None
    if path.is_dir():
        raise OutputError(f"cannot write {name}: it is a folder; give a file name inside it")
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"cannot write {name}: {shown(folder, line=True)} is a file, not a folder")
    if not folder.is_dir():
        raise OutputError(
            f"cannot write {name}: folder {shown(folder, line=True)} does not exist; create it or choose another --out"
        )
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise OutputError(f"cannot write {name}: {'it' if path.exists() else 'its folder'} is read-only")
    try:
        yield path
    except OSError as exc:
        raise OutputError(f"cannot write {name}: {exc.strerror or exc}") from None


def write_export(store: Store, format_: str, out: str | Path, options: Options | None = None) -> str:
    """Write ``store`` in ``format_`` to ``out``; return a one-line description."""
    if format_ not in FORMATS:
        raise QueryError(f"unknown export format {format_!r}; choose one of {', '.join(FORMATS)}")
    with output_file(out):
        return _write(store, format_, out, options)


def _write(store: Store, format_: str, out: str | Path, options: Options | None) -> str:
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
