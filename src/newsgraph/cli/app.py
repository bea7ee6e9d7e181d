"""What every ``newsgraph`` command shares: the Typer app, the consoles, common options."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from newsgraph.config import Options, load_options

if TYPE_CHECKING:
    from newsgraph.store import Store

app = typer.Typer(
    help="Turn news articles into a sourced record of actors, events, quotes and claims.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
config_app = typer.Typer(help="Inspect configuration.", no_args_is_help=True)
app.add_typer(config_app, name="config")

console = Console()
err = Console(stderr=True)

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB database file.", envvar="NEWSGRAPH_DB")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
ConfigOption = Annotated[Path | None, typer.Option("--config", help="Partial TOML config file.", exists=True)]
SetOption = Annotated[list[str] | None, typer.Option("--set", help="Override one key: section.key=value.")]
DEFAULT_DB = Path("newsgraph.duckdb")


def _print_version(value: bool) -> None:
    if value:
        from newsgraph import __version__

        console.print(f"newsgraph {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def _top(
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", callback=_print_version, is_eager=True)
    ] = False,
) -> None:
    """Turn news articles into a sourced record of actors, events, quotes and claims."""


def options_from(config: Path | None, sets: list[str] | None, db: Path | None = None) -> Options:
    overrides = list(sets or [])
    if db is not None:
        overrides.append(f"store.path={json.dumps(str(db))}")
    return load_options(config, overrides)


def open_store(db: Path) -> Store:
    from newsgraph.store import Store

    return Store(db, read_only=True)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=1, ensure_ascii=False, default=str) + "\n")
