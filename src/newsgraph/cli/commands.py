"""The ``newsgraph`` command: thin commands over library functions."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from newsgraph.config import Options, load_options
from newsgraph.errors import NewsgraphError
from newsgraph.terminal import Table, markup_safe, shown

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
_SKIPS_SHOWN = 20  # skipped inputs listed after an ingest; `newsgraph skipped` lists them all


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


def _options(config: Path | None, sets: list[str] | None, db: Path | None = None) -> Options:
    overrides = list(sets or [])
    if db is not None:
        overrides.append(f"store.path={json.dumps(str(db))}")
    return load_options(config, overrides)


def _open(db: Path) -> Store:
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
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("[yellow]{task.fields[slow]}"),
        console=err,
        disable=quiet or not err.is_terminal,
        transient=True,
    )
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
    reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(report.skipped_by_reason.items()))
    by_reason = f" ({reasons})" if reasons else ""
    console.print(
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
    with Store(db) as store:
        done = resolve_corpus(store, full=full)
    what = "rebuilt from every document" if done.full else "incremental"
    console.print(f"[bold]{done.documents}[/] documents resolved ({what}), {done.moved} actor ids moved  → {db}")


@app.command()
def documents(db: DbOption = DEFAULT_DB, json_: JsonOption = False) -> None:
    """List stored documents."""
    with _open(db) as store:
        docs = store.documents()
    if json_:
        _print_json(
            [
                {
                    "id": d.id,
                    "source": d.source,
                    "title": d.title,
                    "outlet": d.outlet,
                    "url": d.url,
                    "published": d.published.value if d.published else None,
                    "published_basis": d.published.basis if d.published else "unknown",
                    "chars": len(d.text),
                    "capped": d.capped,
                    "notes": list(d.notes),
                }
                for d in docs
            ]
        )
        return
    table = Table("id", "source", "title", "outlet", "published", "basis", "chars", "capped")
    for d in docs:
        table.add_row(
            d.id,
            Path(d.source).name,
            (d.title or "")[:50],
            d.outlet or "",
            d.published.value if d.published else "",
            d.published.basis if d.published else "unknown",
            str(len(d.text)),
            "yes" if d.capped else "",
        )
    console.print(table)
    if capped := sum(1 for d in docs if d.capped):
        console.print(f"{capped} document(s) read in part (capped): --json says why")


@app.command()
def actors(
    db: DbOption = DEFAULT_DB,
    kind: Annotated[
        str | None, typer.Option(help="state, person, organization, company, igo, media, armed_group")
    ] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-3 affiliation, e.g. PAK")] = None,
    json_: JsonOption = False,
) -> None:
    """List resolved actors with kind, country, roles and aliases."""
    from newsgraph.models import ACTOR_KINDS

    if kind and kind not in ACTOR_KINDS:
        raise NewsgraphError(f"unknown kind {kind!r}; choose one of {', '.join(ACTOR_KINDS)}")
    with _open(db) as store:
        found = [
            a
            for a in store.actors()
            if (not kind or a.kind == kind) and (not country or (a.country or "") == country.upper())
        ]
    if json_:
        _print_json([a.__dict__ for a in found])
        return
    table = Table("id", "name", "kind", "country", "roles", "aliases", "mentions")
    for a in found:
        table.add_row(
            a.id, a.name, a.kind, a.country or "", ", ".join(a.roles), ", ".join(a.aliases[:6]), str(a.mentions)
        )
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
    from newsgraph.cli.report_text import render_summary

    with _open(db) as store:
        render_summary(store, console)


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
    with _open(db) as store:
        note = write_export(store, format_, out, _options(config, set_))
    console.print(f"wrote {shown(out)} ({note})", markup=False)


@config_app.command("show")
def config_show(config: ConfigOption = None, set_: SetOption = None, json_: JsonOption = False) -> None:
    """Print the configuration in force (defaults + file + --set)."""
    options = _options(config, set_)
    if json_:
        _print_json(options.to_dict())
    else:
        sys.stdout.write(options.to_toml())


@app.command()
def clusters(
    db: DbOption = DEFAULT_DB,
    min_mentions: Annotated[int, typer.Option("--min-mentions", help="Only events reported at least this often.")] = 1,
    limit: Annotated[int, typer.Option("--limit", help="Show at most this many.")] = 50,
    json_: JsonOption = False,
) -> None:
    """Events reported more than once, merged: mentions, sources and the date they agree on."""
    from newsgraph.resolve.events import clusters as stored_clusters

    with _open(db) as store:
        rows = stored_clusters(store, min_mentions)[:limit]
    if json_:
        _print_json(rows)
        return
    table = Table("cluster", "type", "mode", "source", "target", "date", "mentions", "sources", "articles")
    for r in rows:
        table.add_row(
            r["id"],
            r["type"],
            r["mode"] or "",
            r["source"] or "",
            r["target"] or "",
            r["date"] or "",
            str(r["num_mentions"]),
            str(r["num_sources"]),
            str(r["num_articles"]),
        )
    console.print(table)


@app.command()
def quotes(
    db: DbOption = DEFAULT_DB,
    speaker: Annotated[
        str | None, typer.Option("--speaker", help="Only quotes by this speaker (name, alias or id).")
    ] = None,
    json_: JsonOption = False,
) -> None:
    """Quotes with their resolved speakers, direct and reported."""
    from newsgraph.resolve.quotes import quotes_by

    with _open(db) as store:
        rows = quotes_by(store, speaker)
    if json_:
        _print_json(
            [
                {
                    "id": r.quote.id,
                    "document": r.quote.document,
                    "source": r.source,
                    "speaker": r.speaker,
                    "speaker_name": r.speaker_name,
                    "speaker_text": r.quote.speaker_text,
                    "kind": r.quote.kind,
                    "text": r.quote.text,
                    "start": r.quote.start,
                    "end": r.quote.end,
                }
                for r in rows
            ]
        )
        return
    table = Table("speaker", "as written", "kind", "quote", "source")
    for r in rows:
        text = r.quote.text if len(r.quote.text) <= 120 else r.quote.text[:117] + "..."
        table.add_row(r.speaker_name or "?", r.quote.speaker_text or "", r.quote.kind, text, Path(r.source).name)
    console.print(table)


@app.command()
def claims(
    db: DbOption = DEFAULT_DB,
    contested: Annotated[bool, typer.Option("--contested", help="Only claims both asserted and denied.")] = False,
    about: Annotated[
        str | None, typer.Option("--about", help="Only claims naming this actor (subject, object or holder).")
    ] = None,
    search: Annotated[
        str | None, typer.Option("--search", help="Only claims whose words or evidence contain these words.")
    ] = None,
    json_: JsonOption = False,
) -> None:
    """Claims across documents with each source's stance and evidence, contested first."""
    from newsgraph.claims.search import search as search_claims
    from newsgraph.resolve.quotes import claims_about

    with _open(db) as store:
        found = claims_about(store, contested, about)
        found = search_claims(found, search) if search else sorted(found, key=lambda c: (not c.contested, c.id))
        sources = {d.id: d.source for d in store.documents()}
    if json_:
        _print_json([_claim_json(c, sources) for c in found])
        return
    _print_claims(found, sources)


@app.command()
def track(
    text: Annotated[str, typer.Argument(help='A statement to follow, e.g. "Pakistan supplied weapons to Ukraine".')],
    db: DbOption = DEFAULT_DB,
    config: ConfigOption = None,
    set_: SetOption = None,
    json_: JsonOption = False,
) -> None:
    """Find the stored claims that say what a free-text statement says, with every source's stance on them."""
    from newsgraph.claims.search import similar

    _options(config, set_)  # an operator's mistake in --config/--set is still reported
    with _open(db) as store:
        stored = store.claims()
        sources = {d.id: d.source for d in store.documents()}
    found = [c for c, _ in similar(text, stored)]
    if json_:
        _print_json([_claim_json(c, sources) for c in found])
        return
    if not found:
        console.print(
            f"no stored claim says what {text!r} says ({len(stored)} claims searched by meaning)", markup=False
        )
        return
    _print_claims(found, sources)


def _claim_json(c: Any, sources: dict[str, str]) -> dict[str, Any]:
    return {
        "id": c.id,
        "text": c.text,
        "proposition": c.proposition,
        "actors": list(c.actors),
        "subject": c.subject,
        "predicate": c.predicate,
        "mode": c.mode,
        "object": c.object,
        "contested": c.contested,
        "stances": [
            {
                "document": s.document,
                "source": sources.get(s.document, s.document),
                "holder": s.holder,
                "stance": s.stance,
                "evidence": {"text": s.evidence.text, "start": s.evidence.start, "end": s.evidence.end},
            }
            for s in c.stances
        ],
    }


def _print_claims(found: list[Any], sources: dict[str, str]) -> None:
    if not found:
        console.print("no claims")
    for c in found:
        flag = " [red](contested)[/]" if c.contested else ""
        console.print(f"[bold]{markup_safe(c.text)}[/]{flag}  {c.id}")
        table = Table("source", "holder", "stance", "evidence")
        for s in c.stances:
            table.add_row(Path(sources.get(s.document, s.document)).name, s.holder, s.stance, s.evidence.text)
        console.print(table)


@app.command()
def relations(
    a: Annotated[str | None, typer.Argument(help="Actor id or state code (PAK); none: list state pairs.")] = None,
    b: Annotated[str | None, typer.Argument(help="The other actor id or state code (RUS).")] = None,
    by: Annotated[str, typer.Option("--by", help="Period: year, quarter or month.")] = "year",
    db: DbOption = DEFAULT_DB,
    json_: JsonOption = False,
) -> None:
    """How relations between two actors moved, period by period (or list all state pairs).

    Only events that happened (positive, actual) count as cooperation or conflict;
    denied, intended and hypothetical events are counted apart, undated ones too.
    """
    from newsgraph.cli.relations_view import print_pairs, print_series
    from newsgraph.resolve.relations import dyad_series, state_dyads

    if (a is None) != (b is None):
        raise NewsgraphError("give two actors (newsgraph relations PAK RUS) or none to list every pair of states")
    with _open(db) as store:
        if a is None or b is None:
            pairs = state_dyads(store, by)
            names = {x.id: x.name for x in store.actors()}
            if json_:
                _print_json([s.to_dict() for s in pairs])
            else:
                print_pairs(console, pairs, names)
            return
        series = dyad_series(store, a, b, by)
        names = {x.id: x.name for x in store.actors()}
    if json_:
        _print_json(series.to_dict())
    else:
        print_series(console, series, names)


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

    with _open(db) as store:
        note = write_report(store, out)
    console.print(f"wrote {shown(out)} ({note})", markup=False)


@app.command()
def events(
    db: DbOption = DEFAULT_DB,
    pair: Annotated[
        tuple[str, str] | None, typer.Option("--pair", help="Two actors, either order: state codes, ids or names.")
    ] = None,
    type_: Annotated[str | None, typer.Option("--type", help="PLOVER type, e.g. AID, CONSULT, ACCUSE.")] = None,
    actor: Annotated[
        str | None, typer.Option("--actor", help="Source or target: state code, actor id or name.")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only events on or after this date (2021, 2021-04 ...).")
    ] = None,
    json_: JsonOption = False,
) -> None:
    """List events (who did what to whom, when), with polarity, modality and evidence."""
    from newsgraph.event_query import EventFilter, find_events

    with _open(db) as store:
        rows = find_events(store, EventFilter(pair=pair, type=type_, actor=actor, since=since))
    if json_:
        _print_json(rows)
        return
    table = Table("date", "type", "mode", "source", "target", "pol", "modality", "cue", "evidence")
    for r in rows:
        table.add_row(
            (r["date"] or "") + (f" ({r['date_basis']})" if r["date"] else ""),
            r["type"],
            r["mode"] or "",
            r["source_name"] or r["source"] or "",
            r["target_name"] or r["target"] or "",
            "not" if r["polarity"] == "negative" else "",
            r["modality"],
            r["cue"],
            r["evidence"]["text"][:80],
        )
    console.print(table)


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

    with _open(db) as store:
        scores = run_evaluate(gold, store, docs.split(",") if docs else None)
    if json_:
        _print_json(scores)
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
