"""The ``newsgraph`` command: thin commands over library functions."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsgraph.config import Options, load_options
from newsgraph.errors import NewsgraphError

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


def _options(config: Path | None, sets: list[str] | None, db: Path | None = None) -> Options:
    overrides = list(sets or [])
    if db is not None:
        overrides.append(f"store.path={json.dumps(str(db))}")
    return load_options(config, overrides)


def _open(db: Path):  # type: ignore[no-untyped-def]
    from newsgraph.store import Store

    return Store(db, read_only=True)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=1, ensure_ascii=False, default=str) + "\n")


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (read recursively).")],
    db: DbOption = DEFAULT_DB,
    metadata: Annotated[
        Path | None, typer.Option("--metadata", help="JSONL or CSV of title/outlet/url/published keyed by file name.")
    ] = None,
    workers: Annotated[int | None, typer.Option("--workers", help="Extraction processes.")] = None,
    model: Annotated[str | None, typer.Option("--model", help="spaCy pipeline to use.")] = None,
    config: ConfigOption = None,
    set_: SetOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Read articles, extract actors, events and quotes, and store them."""
    from newsgraph.pipeline import ingest as run_ingest

    sets = list(set_ or [])
    if workers is not None:
        sets.append(f"run.workers={workers}")
    if model is not None:
        sets.append(f"nlp.model={json.dumps(model)}")
    options = _options(config, sets, db)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise NewsgraphError(f"no such file or folder: {', '.join(missing)}")
    progress = Progress(
        TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, disable=quiet or not err.is_terminal, transient=True,
    )
    with progress:
        task = progress.add_task("ingest", total=None)

        def tick(event: str, n: int) -> None:
            if event == "found":
                progress.update(task, total=n)
            else:
                progress.advance(task, n)

        report = run_ingest(paths, options, metadata=metadata, on_progress=tick)
    console.print(
        f"[bold]{report.ingested}[/] ingested, [bold]{report.present}[/] already present, "
        f"[bold]{len(report.skipped)}[/] skipped  → {db}"
    )
    for s in report.skipped:
        err.print(f"  [yellow]skipped[/] {s.source}: [bold]{s.reason}[/] — {s.detail}", highlight=False)


@app.command()
def documents(db: DbOption = DEFAULT_DB, json_: JsonOption = False) -> None:
    """List stored documents."""
    with _open(db) as store:
        docs = store.documents()
    if json_:
        _print_json([
            {"id": d.id, "source": d.source, "title": d.title, "outlet": d.outlet, "url": d.url,
             "published": d.published.value if d.published else None,
             "published_basis": d.published.basis if d.published else "unknown", "chars": len(d.text)}
            for d in docs
        ])
        return
    table = Table("id", "source", "title", "outlet", "published", "basis", "chars")
    for d in docs:
        table.add_row(
            d.id, Path(d.source).name, (d.title or "")[:50], d.outlet or "",
            d.published.value if d.published else "", d.published.basis if d.published else "unknown", str(len(d.text)),
        )
    console.print(table)


@app.command()
def actors(
    db: DbOption = DEFAULT_DB,
    kind: Annotated[str | None, typer.Option(help="state, person, organization, company, igo, media, armed_group")] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-3 affiliation, e.g. PAK")] = None,
    json_: JsonOption = False,
) -> None:
    """List resolved actors with kind, country, roles and aliases."""
    from newsgraph.models import ACTOR_KINDS

    if kind and kind not in ACTOR_KINDS:
        raise NewsgraphError(f"unknown kind {kind!r}; choose one of {', '.join(ACTOR_KINDS)}")
    with _open(db) as store:
        found = [
            a for a in store.actors()
            if (not kind or a.kind == kind) and (not country or (a.country or "") == country.upper())
        ]
    if json_:
        _print_json([a.__dict__ for a in found])
        return
    table = Table("id", "name", "kind", "country", "roles", "aliases", "mentions")
    for a in found:
        table.add_row(a.id, a.name, a.kind, a.country or "", ", ".join(a.roles), ", ".join(a.aliases[:6]), str(a.mentions))
    console.print(table)


@app.command()
def skipped(db: DbOption = DEFAULT_DB, json_: JsonOption = False) -> None:
    """List inputs that were not ingested, with the reason."""
    with _open(db) as store:
        rows = store.skipped()
    if json_:
        _print_json([s.__dict__ for s in rows])
        return
    table = Table("source", "reason", "detail")
    for s in rows:
        table.add_row(s.source, s.reason, s.detail)
    console.print(table)


@app.command()
def summary(db: DbOption = DEFAULT_DB) -> None:
    """A readable report of what the database holds."""
    from newsgraph.report_text import render_summary

    with _open(db) as store:
        render_summary(store, console)


@app.command()
def export(
    db: DbOption = DEFAULT_DB,
    format_: Annotated[str, typer.Option("--format", help="dossier")] = "dossier",
    out: Annotated[Path, typer.Option("--out", help="Output file.")] = Path("dossier.json"),
) -> None:
    """Export the database (dossier JSON: ../shared/contract/DOSSIER.md)."""
    from newsgraph.export import write_export

    with _open(db) as store:
        note = write_export(store, format_, out)
    console.print(f"wrote {out} ({note})")


@config_app.command("show")
def config_show(config: ConfigOption = None, set_: SetOption = None, json_: JsonOption = False) -> None:
    """Print the configuration in force (defaults + file + --set)."""
    options = _options(config, set_)
    if json_:
        _print_json(options.to_dict())
    else:
        sys.stdout.write(options.to_toml())


def main() -> None:
    try:
        app()
    except NewsgraphError as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/]: documents committed so far are kept; run the same command again to resume")
        raise SystemExit(130) from None


if __name__ == "__main__":
    main()
