"""The ``newsgraph`` commands that read a store: thin commands over ``newsgraph.query``.

Each asks the query layer (``query.Corpus``) what the REST API asks it, so
``--json`` prints the records the API returns (``query.records``: the
dossier's form, with context keys), and an actor is named the same way at
every door: id, state code, name or alias, any case, with or without accents.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from newsgraph.cli.app import (
    DEFAULT_DB,
    ConfigOption,
    DbOption,
    JsonOption,
    SetOption,
    app,
    console,
    open_store,
    options_from,
    print_json,
)
from newsgraph.errors import NewsgraphError
from newsgraph.terminal import Table, markup_safe


@app.command()
def documents(db: DbOption = DEFAULT_DB, json_: JsonOption = False) -> None:
    """List stored documents."""
    from newsgraph.query import Corpus

    with open_store(db) as store:
        docs = Corpus(store).documents().items
    if json_:
        print_json(docs)
        return
    table = Table("id", "source", "title", "outlet", "published", "basis", "chars", "capped")
    for d in docs:
        published = d["published"]
        table.add_row(
            d["id"],
            Path(d["source"]).name,
            (d["title"] or "")[:50],
            d["outlet"] or "",
            published["value"] if published else "",
            published["basis"] if published else "unknown",
            str(d["chars"]),
            "yes" if d["capped"] else "",
        )
    console.print(table)
    if capped := sum(1 for d in docs if d["capped"]):
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
    from newsgraph.query import Corpus

    if kind and kind not in ACTOR_KINDS:
        raise NewsgraphError(f"unknown kind {kind!r}; choose one of {', '.join(ACTOR_KINDS)}")
    with open_store(db) as store:
        found = Corpus(store).actors(kind=kind, country=country).items
    if json_:
        print_json(found)
        return
    table = Table("id", "name", "kind", "country", "roles", "aliases", "mentions")
    for a in found:
        table.add_row(
            a["id"],
            a["display_name"],
            a["kind"],
            a["country"] or "",
            ", ".join(a["roles"]),
            ", ".join(a["aliases"][:6]),
            str(a["mentions"]),
        )
    console.print(table)


@app.command()
def summary(db: DbOption = DEFAULT_DB, json_: JsonOption = False) -> None:
    """A readable report of what the database holds (--json: the counts, as /api/summary gives them)."""
    with open_store(db) as store:
        if json_:
            from newsgraph.query import Corpus

            counts = Corpus(store).summary()
            skipped = store.skipped()
            reasons: dict[str, int] = {}
            for s in skipped:
                reasons[s.reason] = reasons.get(s.reason, 0) + 1
            print_json({**counts, "skipped": len(skipped), "skipped_by_reason": reasons})
            return
        from newsgraph.cli.report_text import render_summary

        render_summary(store, console)


@app.command()
def clusters(
    db: DbOption = DEFAULT_DB,
    min_mentions: Annotated[int, typer.Option("--min-mentions", help="Only events reported at least this often.")] = 1,
    limit: Annotated[int, typer.Option("--limit", help="Show at most this many.")] = 50,
    json_: JsonOption = False,
) -> None:
    """Events reported more than once, merged: mentions, sources and the date they agree on."""
    from newsgraph.query import Corpus

    with open_store(db) as store:
        rows = Corpus(store).clusters(min_mentions, limit=limit)
    if json_:
        print_json(rows)
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
    from newsgraph.query import Corpus

    with open_store(db) as store:
        rows = Corpus(store).quotes(speaker=speaker).items
    if json_:
        print_json(rows)
        return
    table = Table("speaker", "as written", "kind", "quote", "source")
    for r in rows:
        text = r["text"] if len(r["text"]) <= 120 else r["text"][:117] + "..."
        table.add_row(r["speaker_name"] or "?", r["speaker_text"] or "", r["kind"], text, Path(r["source"]).name)
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
    from newsgraph.query import Corpus

    with open_store(db) as store:
        found = Corpus(store).claims(contested=True if contested else None, actor=about, search=search).items
    if json_:
        print_json(found)
        return
    _print_claims(found)


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
    from newsgraph.query import Corpus

    options_from(config, set_)  # an operator's mistake in --config/--set is still reported
    with open_store(db) as store:
        stored = store.claims()
        ranked = [c.id for c, _ in similar(text, stored)]
        found = Corpus(store).claims_by_id(ranked)
    if json_:
        print_json(found)
        return
    if not found:
        console.print(
            f"no stored claim says what {text!r} says ({len(stored)} claims searched by meaning)", markup=False
        )
        return
    _print_claims(found)


def _print_claims(found: list[dict[str, Any]]) -> None:
    if not found:
        console.print("no claims")
    for c in found:
        flag = " [red](contested)[/]" if c["contested"] else ""
        console.print(f"[bold]{markup_safe(c['text'])}[/]{flag}  {c['id']}")
        table = Table("source", "holder", "stance", "evidence")
        for s in c["stances"]:
            table.add_row(
                Path(s["source"] or s["document"]).name,
                s["holder_name"] or s["holder"],
                s["stance"],
                s["evidence"]["text"],
            )
        console.print(table)


@app.command()
def relations(
    a: Annotated[str | None, typer.Argument(help="Actor id, state code (PAK) or name; none: list state pairs.")] = None,
    b: Annotated[str | None, typer.Argument(help="The other actor (RUS, Russia, an id or a name).")] = None,
    by: Annotated[str, typer.Option("--by", help="Period: year, quarter or month.")] = "year",
    db: DbOption = DEFAULT_DB,
    json_: JsonOption = False,
) -> None:
    """How relations between two actors moved, period by period (or list all state pairs).

    Only events that happened (positive, actual) count as cooperation or conflict;
    denied, intended and hypothetical events are counted apart, undated ones too.
    """
    from newsgraph.cli.relations_view import print_pairs, print_series
    from newsgraph.query import Corpus, records
    from newsgraph.resolve.relations import dyad_series, state_dyads

    if (a is None) != (b is None):
        raise NewsgraphError("give two actors (newsgraph relations PAK RUS) or none to list every pair of states")
    with open_store(db) as store:
        corpus = Corpus(store)
        if a is None or b is None:
            if json_:
                print_json(corpus.relations(by).items)
                return
            pairs = state_dyads(store, by)
            names = corpus.names(x for s in pairs for x in s.pair)
            print_pairs(console, pairs, {i: records.name_of(i, names.get(i)) or i for s in pairs for i in s.pair})
            return
        if json_:
            print_json(corpus.relation(a, b, by))
            return
        series = dyad_series(store, corpus.who(a).one, corpus.who(b).one, by)
        names = corpus.names(series.pair)
    print_series(console, series, {i: records.name_of(i, names.get(i)) or i for i in series.pair})


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
    from newsgraph.query import Corpus, read_date

    with open_store(db) as store:
        rows = (
            Corpus(store)
            .events(
                pair=pair,
                actor=actor,
                types=[type_] if type_ else [],
                since=read_date(since) if since else None,
            )
            .items
        )
    if json_:
        print_json(rows)
        return
    table = Table("date", "type", "mode", "source", "target", "pol", "modality", "cue", "evidence")
    for r in rows:
        date = r["date"]
        table.add_row(
            f"{date['value']} ({date['basis']})" if date else "",
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
