"""The ``newsgraph`` commands that write, serve and score; the read commands are in ``reads``."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from newsgraph.cli.app import (
    DEFAULT_DB,
    ConfigOption,
    DbOption,
    JsonOption,
    SetOption,
    app,
    config_app,
    console,
    err,
    open_store,
    options_from,
    print_json,
)
from newsgraph.errors import NewsgraphError
from newsgraph.terminal import Table, markup_safe, shown

_SKIPS_SHOWN = 20  # skipped inputs listed after an ingest; `newsgraph skipped` lists them all


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
    engine: Annotated[
        str,
        typer.Option("--engine", help="local (this process or --workers processes) or ray (the distributed extra)."),
    ] = "local",
    address: Annotated[
        str | None, typer.Option("--address", help="Ray cluster to join (default: start a local Ray).")
    ] = None,
    parquet_out: Annotated[
        Path | None,
        typer.Option(
            "--parquet-out",
            help="With --engine ray: leave the records as Parquet datasets in this folder "
            "instead of loading them into the database.",
        ),
    ] = None,
    json_: Annotated[
        bool,
        typer.Option(
            "--json", help="Print the run's summary as JSON: stored, present, skipped by reason, failed, seconds."
        ),
    ] = False,
) -> None:
    """Read articles, extract actors, events and quotes, and store them."""
    from newsgraph.pipeline import ingest as run_ingest

    sets = list(set_ or [])
    if workers is not None:
        sets.append(f"run.workers={workers}")
    if model is not None:
        sets.append(f"nlp.model={json.dumps(model)}")
    options = options_from(config, sets, db)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise NewsgraphError(f"no such file or folder: {', '.join(missing)}")
    progress = Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("[yellow]{task.fields[slow]}"),
        console=err,
        disable=quiet or not err.is_terminal,
        transient=True,
    )
    started = time.monotonic()
    with progress:
        task = progress.add_task("ingest", total=None, slow="")

        def tick(event: str, n: int) -> None:
            if event == "found":
                progress.update(task, total=n)
            else:
                progress.advance(task, n)

        report = run_ingest(
            paths,
            options,
            metadata=metadata,
            on_progress=tick,
            on_slow=lambda text: progress.update(task, slow=f"on {markup_safe(text)}" if text else ""),
            on_resolve=lambda step: progress.update(task, slow=f"resolving the corpus: {step}"),
            engine=engine,
            address=address,
            parquet_out=parquet_out,
        )
    for s in report.skipped[:_SKIPS_SHOWN]:
        err.print(
            f"  [yellow]skipped[/] {markup_safe(s.source)}: [bold]{s.reason}[/] — {markup_safe(s.detail)}",
            highlight=False,
        )
    if len(report.skipped) > _SKIPS_SHOWN:
        more = len(report.skipped) - _SKIPS_SHOWN
        err.print(f"  … and {more} more: newsgraph skipped --db {markup_safe(db)}", highlight=False)
    if not report.ingested and not report.present:
        why = "no input could be stored" if report.skipped else "no input found"
        err.print(f"[red]nothing was ingested[/]: {why}")
    if json_:
        print_json(
            {
                "run": report.run_id,
                "status": report.status,
                "stored": report.ingested,
                "present": report.present,
                "skipped": len(report.skipped),
                "skipped_by_reason": dict(sorted(report.skipped_by_reason.items())),
                "failed": report.internal_errors,  # lost to newsgraph's own failure (also counted in skipped)
                "seconds": round(time.monotonic() - started, 3),
                "out": str(parquet_out or db),
            }
        )
    reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(report.skipped_by_reason.items()))
    by_reason = f" ({reasons})" if reasons else ""
    (err if json_ else console).print(  # with --json, stdout carries the JSON only
        f"[bold]{report.ingested}[/] ingested, [bold]{report.present}[/] already present, "
        f"[bold]{len(report.skipped)}[/] skipped{by_reason}  → {markup_safe(parquet_out or db)}",
        highlight=False,
        soft_wrap=True,  # one line, whatever the width: scripts read it
    )
    # 1: newsgraph failed on some input (every other one was still stored), or nothing could be stored
    if report.internal_errors or not (report.ingested or report.present):
        raise typer.Exit(1)


@app.command()
def resolve(
    db: DbOption = DEFAULT_DB,
    full: Annotated[
        bool, typer.Option("--full", help="Rebuild the whole resolution from every stored record.")
    ] = False,
) -> None:
    """Resolve the corpus: the documents not yet resolved, or everything with --full."""
    from newsgraph.resolve import resolve_corpus
    from newsgraph.store import Store

    if not db.exists():
        raise NewsgraphError(f"no database at {db}; create one with 'newsgraph ingest PATH --db {db}'")
    with Store(db) as store, err.status("resolving the corpus") as status:
        done = resolve_corpus(store, full=full, on_step=lambda step: status.update(f"resolving the corpus: {step}"))
    what = "rebuilt from every document" if done.full else "incremental"
    console.print(f"[bold]{done.documents}[/] documents resolved ({what}), {done.moved} actor ids moved  → {db}")


@app.command()
def skipped(db: DbOption = DEFAULT_DB, json_: JsonOption = False) -> None:
    """List inputs that were not ingested, with the reason."""
    with open_store(db) as store:
        rows = store.skipped()
    if json_:
        print_json([s.__dict__ for s in rows])
        return
    table = Table("source", "reason", "detail")
    for s in rows:
        table.add_row(s.source, s.reason, s.detail)
    console.print(table)


@app.command()
def export(
    db: DbOption = DEFAULT_DB,
    format_: Annotated[
        str, typer.Option("--format", help="dossier, schema (its JSON Schema), gdelt (TSV) or plover (JSONL)")
    ] = "dossier",
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Output file (default by format: dossier.json, dossier.schema.json, events.gdelt.tsv, "
            "events.plover.jsonl).",
        ),
    ] = None,
    config: ConfigOption = None,
    set_: SetOption = None,
) -> None:
    """Export the database (dossier JSON: docs/dossier.md; GDELT and PLOVER: docs/exports.md)."""
    from newsgraph.export import DEFAULT_OUT, write_export

    out = out if out is not None else Path(DEFAULT_OUT.get(format_, "dossier.json"))  # unknown formats fail below

    if format_ == "schema":  # the dossier's JSON Schema needs no database
        from newsgraph.export.dossier import write_schema

        write_schema(out)
        console.print(f"wrote {shown(out)} (dossier JSON Schema)", markup=False)
        return
    with open_store(db) as store:
        note = write_export(store, format_, out, options_from(config, set_))
    console.print(f"wrote {shown(out)} ({note})", markup=False)


@config_app.command("show")
def config_show(config: ConfigOption = None, set_: SetOption = None, json_: JsonOption = False) -> None:
    """Print the configuration in force (defaults + file + --set)."""
    options = options_from(config, set_)
    if json_:
        print_json(options.to_dict())
    else:
        sys.stdout.write(options.to_toml())


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    allow_write: Annotated[
        bool, typer.Option("--allow-write", help="Enable POST /api/documents (needs --token).")
    ] = False,
    token: Annotated[
        str | None, typer.Option("--token", help="Bearer token for writing routes.", envvar="NEWSGRAPH_TOKEN")
    ] = None,
) -> None:
    """Serve the REST API (/api, docs at /docs) and the web UI (/) over a database."""
    from newsgraph.api.server import serve as run_server

    mode = "read-write (bearer token required)" if allow_write else "read-only"

    def ready() -> None:
        err.print(
            f"serving {markup_safe(db)} {mode} at [bold]http://{markup_safe(host)}:{port}/[/] — "
            "API docs at /docs; Ctrl+C stops"
        )

    run_server(db, host, port, allow_write=allow_write, token=token, on_ready=ready)


@app.command()
def report(
    db: DbOption = DEFAULT_DB,
    out: Annotated[Path, typer.Option("--out", help="HTML file to write.")] = Path("report.html"),
) -> None:
    """Write one self-contained HTML report (network, timelines, claims, documents)."""
    from newsgraph.export.report import write_report

    with open_store(db) as store:
        note = write_report(store, out)
    console.print(f"wrote {shown(out)} ({note})", markup=False)


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold file (JSON; the format is in docs/gold.md).", exists=True)],
    db: DbOption = DEFAULT_DB,
    docs: Annotated[str | None, typer.Option("--docs", help="Only these gold documents (comma-separated).")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List misses and unmatched records.")] = False,
    json_: JsonOption = False,
) -> None:
    """Score the database against a gold file: event recall, precision, dates, polarity, modality."""
    from newsgraph.evaluate import evaluate as run_evaluate

    with open_store(db) as store:
        scores = run_evaluate(gold, store, docs.split(",") if docs else None)
    if json_:
        print_json(scores)
        return
    for area, s in scores.items():
        numbers = {k: v for k, v in s.items() if isinstance(v, (int, float))}
        console.print(
            f"[bold]{area}[/]: "
            + "  ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in numbers.items()),
            highlight=False,
        )
        if isinstance(s.get("types"), dict) and s["types"]:
            console.print(_type_table(s["types"]))
        if verbose:
            for key in ("missed", "unmatched", "wrong_actor"):
                for line in s.get(key, []):
                    console.print(f"  {key}: {shown(line)}", highlight=False, markup=False)


def _type_table(rows: dict[str, dict[str, object]]) -> Table:
    table = Table("type", "gold", "found", "recall", "emitted", "right", "precision", box=None)

    def ratio(value: object) -> str:
        return f"{value:.2f}" if isinstance(value, float) else "-"

    for type_, r in rows.items():
        table.add_row(
            type_,
            str(r["gold"]),
            str(r["found"]),
            ratio(r["recall"]),
            str(r["emitted"]),
            str(r["right"]),
            ratio(r["precision"]),
        )
    return table


def main() -> None:
    try:
        app()
    except NewsgraphError as exc:
        _fail(str(exc))
    except Exception as exc:
        from newsgraph.store.connection import damaged, is_damage

        if not is_damage(exc):
            raise
        # DuckDB finds a damaged block only when a query reads it, which may be long after opening.
        _fail(damaged("the database", str(exc).split("\n", 1)[0][:200]))
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/]: documents committed so far are kept; run the same command again to resume")
        raise SystemExit(130) from None


def _fail(message: str) -> None:
    """One sentence on stderr and exit status 2: an operator's mistake, never a traceback."""
    err.print(f"[red]error:[/] {markup_safe(message)}", highlight=False, soft_wrap=True)
    raise SystemExit(2) from None


if __name__ == "__main__":
    main()
