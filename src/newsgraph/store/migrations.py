"""Ordered, named schema migrations, each applied once in its own transaction.

Add a migration by appending a function to ``MIGRATIONS``; never edit one
that has shipped.  The ``migrations`` table records what has been applied.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb


def m001_initial(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE runs (
            id VARCHAR PRIMARY KEY,
            started_at TIMESTAMP NOT NULL,
            finished_at TIMESTAMP,
            status VARCHAR NOT NULL,          -- running, finished, failed, interrupted
            version VARCHAR NOT NULL,
            model VARCHAR,
            options JSON NOT NULL,            -- the Options in force
            counts JSON                       -- ingested, present, skipped by reason
        )"""
    )
    con.execute(
        """
        CREATE TABLE documents (
            id VARCHAR PRIMARY KEY,           -- doc- + hash of the normalised text
            source VARCHAR NOT NULL,
            title VARCHAR, outlet VARCHAR, url VARCHAR,
            published VARCHAR,                -- ISO prefix; length is precision
            published_basis VARCHAR NOT NULL, -- metadata, inferred, unknown
            language VARCHAR NOT NULL,
            text VARCHAR NOT NULL,
            run_id VARCHAR,
            ingested_at TIMESTAMP NOT NULL
        )"""
    )
    con.execute(
        """
        CREATE TABLE skipped (
            source VARCHAR NOT NULL,
            reason VARCHAR NOT NULL,
            detail VARCHAR NOT NULL,
            run_id VARCHAR,
            skipped_at TIMESTAMP NOT NULL,
            PRIMARY KEY (source)
        )"""
    )
    con.execute(
        """
        CREATE TABLE mentions (
            document VARCHAR NOT NULL,
            start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
            text VARCHAR NOT NULL,
            actor VARCHAR NOT NULL,           -- provisional id from the document
            name VARCHAR NOT NULL, kind VARCHAR NOT NULL,
            country VARCHAR, role VARCHAR,
            PRIMARY KEY (document, start_char, end_char)
        )"""
    )
    con.execute(
        """
        CREATE TABLE events (
            id VARCHAR PRIMARY KEY, document VARCHAR NOT NULL,
            type VARCHAR NOT NULL, mode VARCHAR, cameo_root VARCHAR, weight DOUBLE NOT NULL,
            source VARCHAR, target VARCHAR,
            polarity VARCHAR NOT NULL, modality VARCHAR NOT NULL,
            date VARCHAR, date_basis VARCHAR,
            amounts JSON NOT NULL,
            reported_by VARCHAR, holder VARCHAR NOT NULL, stance VARCHAR NOT NULL,
            cue VARCHAR NOT NULL,
            evidence VARCHAR NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL
        )"""
    )
    con.execute(
        """
        CREATE TABLE quotes (
            id VARCHAR PRIMARY KEY, document VARCHAR NOT NULL,
            speaker VARCHAR, speaker_text VARCHAR,
            text VARCHAR NOT NULL, kind VARCHAR NOT NULL,
            start_char INTEGER NOT NULL, end_char INTEGER NOT NULL
        )"""
    )
    # Corpus resolution output: rebuilt from the tables above, never from text.
    con.execute(
        """
        CREATE TABLE actors (
            id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, kind VARCHAR NOT NULL,
            country VARCHAR, roles JSON NOT NULL, aliases JSON NOT NULL, mentions INTEGER NOT NULL
        )"""
    )
    con.execute("CREATE TABLE actor_map (provisional VARCHAR PRIMARY KEY, actor VARCHAR NOT NULL)")
    con.execute(
        """
        CREATE TABLE claims (
            id VARCHAR PRIMARY KEY, proposition VARCHAR NOT NULL,
            subject VARCHAR, predicate VARCHAR NOT NULL, mode VARCHAR, object VARCHAR,
            contested BOOLEAN NOT NULL
        )"""
    )
    con.execute(
        """
        CREATE TABLE claim_stances (
            claim VARCHAR NOT NULL, document VARCHAR NOT NULL, holder VARCHAR NOT NULL,
            stance VARCHAR NOT NULL, event VARCHAR,
            evidence VARCHAR NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL
        )"""
    )
    con.execute("CREATE INDEX mentions_actor ON mentions (actor)")
    con.execute("CREATE INDEX events_document ON events (document)")


def m002_event_clusters(con: duckdb.DuckDBPyConnection) -> None:
    # Corpus resolution output (newsgraph.resolve.events): mentions of one
    # real-world event grouped, with GDELT's NumMentions / NumSources counts.
    con.execute(
        """
        CREATE TABLE event_clusters (
            id VARCHAR PRIMARY KEY,
            type VARCHAR NOT NULL, mode VARCHAR,
            source VARCHAR, target VARCHAR,   -- states (or actors without one); sorted for symmetric types
            date VARCHAR,                     -- the most precise date the text gives, if any
            num_mentions INTEGER NOT NULL,    -- every mention, in any document
            num_sources INTEGER NOT NULL,     -- distinct outlets (documents where unknown)
            num_articles INTEGER NOT NULL     -- distinct documents
        )"""
    )
    con.execute(
        """
        CREATE TABLE event_cluster_members (
            cluster VARCHAR NOT NULL, event VARCHAR PRIMARY KEY, document VARCHAR NOT NULL,
            date VARCHAR, date_basis VARCHAR, -- the event's own date, or the cluster's when inferred
            inferred BOOLEAN NOT NULL         -- date passed on from other mentions of the event
        )"""
    )
    con.execute("CREATE INDEX event_cluster_members_cluster ON event_cluster_members (cluster)")


def m003_document_notes(con: duckdb.DuckDBPyConnection) -> None:
    # What reading changed in a document (NUL characters removed, invalid characters replaced,
    # a metadata field of the wrong type dropped): a JSON list of sentences.
    con.execute("ALTER TABLE documents ADD COLUMN notes JSON DEFAULT '[]'")


def m004_claim_mentions(con: duckdb.DuckDBPyConnection) -> None:
    # Claims as propositions in words (newsgraph.claims.mentions): one row per
    # source's statement of a proposition in one document, with the sentence
    # embedding of its text so that grouping never re-reads text.
    con.execute(
        """
        CREATE TABLE claim_mentions (
            id VARCHAR PRIMARY KEY, document VARCHAR NOT NULL,
            text VARCHAR NOT NULL,            -- the proposition, stated affirmatively
            holder VARCHAR NOT NULL, stance VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,            -- quote, headline, dismissed, evidential
            actors JSON NOT NULL,             -- provisional actor ids named in it
            event VARCHAR, event_type VARCHAR,
            date VARCHAR, date_basis VARCHAR,
            keywords JSON NOT NULL,           -- content lemmas, actors and stance cues left out
            vector FLOAT[384],                -- all-MiniLM-L6-v2 embedding of text (unit length)
            evidence VARCHAR NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL
        )"""
    )
    con.execute("CREATE INDEX claim_mentions_document ON claim_mentions (document)")
    # Claims grouped from free text have no event type; claims carry the
    # actors they name, their date, and the keys they were blocked under.
    con.execute("ALTER TABLE claims ALTER COLUMN predicate DROP NOT NULL")
    con.execute("ALTER TABLE claims ADD COLUMN actors JSON")
    con.execute("ALTER TABLE claims ADD COLUMN date VARCHAR")
    con.execute("ALTER TABLE claims ADD COLUMN date_basis VARCHAR")
    con.execute("ALTER TABLE claim_stances ADD COLUMN mention VARCHAR")
    con.execute(
        """
        CREATE TABLE claim_blocks (
            claim VARCHAR NOT NULL,
            key VARCHAR NOT NULL              -- "state:PAK", "lsh:2:10110001": where new mentions look
        )"""
    )
    con.execute("CREATE INDEX claim_blocks_key ON claim_blocks (key)")


def m005_incremental_actors(con: duckdb.DuckDBPyConnection) -> None:
    # Bookkeeping for incremental corpus resolution (newsgraph.resolve.corpus):
    # which documents the stored resolution covers, and what actor merging
    # needs to place a new mention without reading the store's other mentions.
    con.execute("CREATE TABLE resolved_documents (id VARCHAR PRIMARY KEY)")
    con.execute(
        """
        CREATE TABLE actor_groups (
            provisional VARCHAR PRIMARY KEY,  -- all mentions under one provisional id
            cls VARCHAR NOT NULL,             -- person, org or state
            name VARCHAR NOT NULL, country VARCHAR,
            long BOOLEAN NOT NULL,            -- a full name, or a body's name that is no acronym
            c1 VARCHAR NOT NULL,              -- stage-1 cluster: same name, same country
            c2 VARCHAR NOT NULL,              -- stage-2 cluster: unknown country joined to a known one
            final VARCHAR NOT NULL            -- final cluster (short forms joined): one actor
        )"""
    )
    con.execute("CREATE TABLE actor_keys (key VARCHAR NOT NULL, provisional VARCHAR NOT NULL)")
    con.execute(
        """
        CREATE TABLE actor_bases (
            actor VARCHAR PRIMARY KEY,
            base VARCHAR NOT NULL,            -- the id it would have alone
            first VARCHAR NOT NULL            -- its smallest provisional id: who keeps the base id
        )"""
    )


def m006_incremental_claims(con: duckdb.DuckDBPyConnection) -> None:
    # A keyed claim's unit -- subject, object and event type -- is all that
    # decides it (newsgraph.resolve.claim_step): each event's unit and claim,
    # and each claim's unit, so a run rebuilds only the units its events enter
    # or leave.
    con.execute(
        """
        CREATE TABLE claim_keys (
            event VARCHAR PRIMARY KEY,
            unit VARCHAR NOT NULL,            -- subject, object and event type of its proposition
            claim VARCHAR                     -- the keyed claim it states, if one was kept
        )"""
    )
    con.execute("CREATE TABLE claim_units (claim VARCHAR PRIMARY KEY, unit VARCHAR NOT NULL)")


def m007_documents_capped(con: duckdb.DuckDBPyConnection) -> None:
    # Why extraction could not read a document whole (newsgraph.bounds: a sentence
    # cut short, a run of characters tokenized in pieces); NULL: nothing was capped.
    con.execute("ALTER TABLE documents ADD COLUMN capped VARCHAR")


def m008_actor_sector(con: duckdb.DuckDBPyConnection) -> None:
    """Groups named by role or collective ("rebels", "the army") carry a sector."""
    con.execute("ALTER TABLE mentions ADD COLUMN sector VARCHAR")
    con.execute("ALTER TABLE actors ADD COLUMN sector VARCHAR")


def m009_incremental_events(con: duckdb.DuckDBPyConnection) -> None:
    # Event clustering by units (newsgraph.resolve.event_units): each event's
    # block and unit, and the unit each cluster was begun in, so a run clusters
    # again only the units its events enter or leave and those that see them.
    con.execute(
        """
        CREATE TABLE event_units (
            event VARCHAR PRIMARY KEY,
            block VARCHAR NOT NULL,           -- family, polarity, modality and the two states
            unit VARCHAR NOT NULL             -- the block, H and a month, or U and a day
        )"""
    )
    con.execute(
        "CREATE TABLE cluster_units (cluster VARCHAR PRIMARY KEY, block VARCHAR NOT NULL, unit VARCHAR NOT NULL)"
    )
    # Keyed claims appended to (newsgraph.resolve.claim_step): each event's
    # proposition key and whether it makes its group a claim, so a run tells
    # from these rows alone which claims it can extend and which to rebuild.
    con.execute("ALTER TABLE claim_keys ADD COLUMN key VARCHAR")
    con.execute("ALTER TABLE claim_keys ADD COLUMN selected BOOLEAN")
    con.execute("ALTER TABLE claim_keys ADD COLUMN member BOOLEAN")  # FALSE: the offer beside an intended act
    # Resolution looks rows up by these columns, a few hundred ids at a time
    # (newsgraph.store.scratch.select_in): an index keeps each lookup from
    # scanning the table, so adding articles costs the same in a big store.
    for table, column in (
        ("event_units", "unit"),
        ("cluster_units", "unit"),
        ("cluster_units", "block"),
        ("claim_keys", "unit"),
        ("claim_keys", "key"),
        ("claim_keys", "claim"),
        ("claim_mentions", "event"),
        ("claim_units", "unit"),
        ("actor_keys", "key"),
        ("actor_keys", "provisional"),
        ("actor_groups", "c1"),
        ("actor_groups", "c2"),
        ("actor_groups", "final"),
        ("actor_bases", "base"),
        ("actor_map", "actor"),
        ("mentions", "document"),
        ("events", "source"),
        ("events", "target"),
        ("events", "holder"),
    ):
        con.execute(f"CREATE INDEX {table}_{column} ON {table} ({column})")
    # stores resolved before: start over (resolve_corpus rebuilds when nothing is resolved)
    con.execute("DELETE FROM resolved_documents")


def m010_drop_lookup_indexes(con: duckdb.DuckDBPyConnection) -> None:
    # The indexes m009 made for resolution's lookups go unused: DuckDB answers a
    # lookup of a set of ids (newsgraph.store.scratch.select_in) with a hash join
    # over the column, not an index, and keeping them up to date cost a third of
    # an incremental run (10,000 articles, adding 100: 1.7 -> 1.1 CPU s).
    for name in (
        "event_units_unit",
        "cluster_units_unit",
        "cluster_units_block",
        "claim_keys_unit",
        "claim_keys_key",
        "claim_keys_claim",
        "claim_mentions_event",
        "claim_units_unit",
        "actor_keys_key",
        "actor_keys_provisional",
        "actor_groups_c1",
        "actor_groups_c2",
        "actor_groups_final",
        "actor_bases_base",
        "actor_map_actor",
        "mentions_document",
        "events_source",
        "events_target",
        "events_holder",
    ):
        con.execute(f"DROP INDEX IF EXISTS {name}")


def m011_claim_sketches(con: duckdb.DuckDBPyConnection) -> None:
    # A claim mention's sketch (newsgraph.claims.sketch): a static embedding
    # computed with the extraction.  Its full embedding (vector) is now
    # computed by corpus resolution, for mentions with a near neighbour only.
    con.execute("ALTER TABLE claim_mentions ADD COLUMN sketch FLOAT[256]")


def m012_event_lemmas(con: duckdb.DuckDBPyConnection) -> None:
    # The lemmas of an event's cue and evidence sentence, from the parse at
    # extraction, so that clustering meets "met" and "meet" without parsing.
    # Events stored before this have none ('') and are compared as before
    # (newsgraph.resolve.events); ingesting them again does not re-extract.
    con.execute("ALTER TABLE events ADD COLUMN cue_lemma VARCHAR DEFAULT ''")
    con.execute("ALTER TABLE events ADD COLUMN lemmas VARCHAR DEFAULT ''")


def m013_claim_goods(con: duckdb.DuckDBPyConnection) -> None:
    # The goods words each keyed event's evidence names (newsgraph.resolve.claims.goods_in),
    # so that a claim of goods ("supplies drones") that gains mentions is renamed from
    # these counts instead of being rebuilt from every mention it has.
    con.execute("ALTER TABLE claim_keys ADD COLUMN goods VARCHAR")  # JSON: word -> uses; NULL: none
    con.execute("DELETE FROM resolved_documents")  # the next resolution rebuilds, filling the counts


def m014_claim_links(con: duckdb.DuckDBPyConnection) -> None:
    # Free-text claim groups kept in the store (newsgraph.resolve.claim_links), so
    # that a run compares its new mentions only with those sharing a blocking key
    # and rewrites only the groups they touch: each mention's keys, its nearness
    # and group, and the linked pairs.
    con.execute("CREATE TABLE claim_mention_keys (mention VARCHAR NOT NULL, key VARCHAR NOT NULL)")
    con.execute(
        """
        CREATE TABLE claim_mention_groups (
            mention VARCHAR PRIMARY KEY,
            near BOOLEAN NOT NULL,            -- its sketch is near another's under a shared key
            grp VARCHAR NOT NULL,             -- its group's id (the claim's, when the group is one)
            linked VARCHAR                    -- the keyed claim its event was in when the group was made
        )"""
    )
    con.execute("CREATE TABLE claim_links (a VARCHAR NOT NULL, b VARCHAR NOT NULL)")
    con.execute("DELETE FROM resolved_documents")  # the next resolution rebuilds, filling them


def m015_actor_key_index(con: duckdb.DuckDBPyConnection) -> None:
    # m010 dropped the lookup indexes: DuckDB then answered ``col IN (SELECT
    # unnest(?))`` with a hash join over the whole column.  DuckDB 2.0 pushes such
    # a semi-join into an index scan (EXPLAIN ANALYZE: "Index Scan", no row group
    # read).  actor_keys is the table that grows fastest (every group's name keys,
    # tens per person) and is looked up most (a hundred times a run), so it gets
    # its index back.  Measured on the same store and the same adds, with and
    # without (commit cf353b6): real news, 1,500 articles + 100, 2.91 ->
    # 2.31 CPU s; the generated feed at 1,000 and 10,000 articles 0.47 -> 0.37 and
    # 0.81 -> 0.74.  Indexes on claim_mention_keys(key) and event_units(unit)
    # measured neither faster nor slower, and are not made.
    con.execute("CREATE INDEX IF NOT EXISTS actor_keys_key ON actor_keys (key)")


# The tables that hold no key, with the columns that are their key all the same:
# their rows stay unique by construction (m016), which tests check
# (``duplicate_keys``) and the Ray loader keeps.  A later table made without a key
# is added here, not to m016's list, which is history.
UNKEYED: dict[str, tuple[str, ...]] = {
    "mentions": ("document", "start_char", "end_char"),
    "events": ("id",),
    "quotes": ("id",),
    "claim_mentions": ("id",),
    "actors": ("id",),
    "actor_map": ("provisional",),
    "actor_groups": ("provisional",),
    "actor_bases": ("actor",),
    "claims": ("id",),
    "claim_keys": ("event",),
    "claim_units": ("claim",),
    "claim_blocks": (),
    "claim_mention_groups": ("mention",),
    "event_clusters": ("id",),
    "event_cluster_members": ("event",),
    "event_units": ("event",),
    "cluster_units": ("cluster",),
    "resolved_documents": ("id",),
}


def m016_unkeyed_records(con: duckdb.DuckDBPyConnection) -> None:
    # A DuckDB key or index is an ART held in memory, and not evictable: an
    # insert of keys spread over the tree (hashes, as all ids here are) loads
    # nearly all of it, so the memory of adding 100 articles grew with the
    # store.  Measured on the generated feed, one add: ART 23 / 35 / 148 MB at
    # 1,000 / 10,000 / 100,000 articles, peak RSS 243 / 267 / 439 MB; without
    # these keys and indexes 1 / 3 / 7 MB and 214 / 235 / 314 MB.  No lookup
    # needed them (resolution reads sets of ids by hash join,
    # newsgraph.store.scratch), and keeping them cost time: at 10,000 articles,
    # same store and adds, alternating, an add resolved in 0.55-0.61 CPU s
    # without them and 0.60-0.66 with, and full resolution took 11.9-12.1 s
    # against 13.1-15.0.  Rows stay unique by construction: a document's
    # records are written once, with it, in one transaction (the documents key
    # stays, and is what makes a rerun skip a document); a document's records
    # are unique within it (newsgraph.models.Extraction); resolution deletes
    # the rows it rewrites before inserting them.  Kept: the documents, runs,
    # skipped and migrations keys (small, or upserted) and actor_keys(key),
    # which DuckDB uses for an index scan (m015).
    for table in (
        "mentions", "events", "quotes", "claim_mentions", "actors", "actor_map", "actor_groups", "actor_bases",
        "claims", "claim_keys", "claim_units", "claim_blocks", "claim_mention_groups", "event_clusters",
        "event_cluster_members", "event_units", "cluster_units", "resolved_documents",
    ):  # fmt: skip
        columns = con.execute(
            """SELECT column_name, data_type, is_nullable, column_default FROM duckdb_columns()
               WHERE table_name = ? AND schema_name = 'main' ORDER BY column_index""",
            [table],
        ).fetchall()
        spec = ", ".join(
            f'"{name}" {kind}'
            + (f" DEFAULT {default}" if default is not None else "")
            + ("" if nullable else " NOT NULL")
            for name, kind, nullable, default in columns
        )
        con.execute(f"CREATE TABLE {table}__unkeyed ({spec})")
        con.execute(f"INSERT INTO {table}__unkeyed SELECT * FROM {table}")
        con.execute(f"DROP TABLE {table}")  # and its indexes
        con.execute(f"ALTER TABLE {table}__unkeyed RENAME TO {table}")


def duplicate_keys(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows beyond the first under each former key of the unkeyed tables (all 0 in a sound store)."""
    out: dict[str, int] = {}
    for table, key in UNKEYED.items():
        if key:
            cols = ", ".join(f'"{c}"' for c in key)
            (extra,) = con.execute(f"SELECT count(*) - count(DISTINCT ({cols})) FROM {table}").fetchone()  # type: ignore[misc]
            out[table] = int(extra)
    return out


MIGRATIONS: list[Callable[[duckdb.DuckDBPyConnection], None]] = [
    m001_initial,
    m002_event_clusters,
    m003_document_notes,
    m004_claim_mentions,
    m005_incremental_actors,
    m006_incremental_claims,
    m007_documents_capped,
    m008_actor_sector,
    m009_incremental_events,
    m010_drop_lookup_indexes,
    m011_claim_sketches,
    m012_event_lemmas,
    m013_claim_goods,
    m014_claim_links,
    m015_actor_key_index,
    m016_unkeyed_records,
]


def pending(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The migrations a database still lacks (all of them for one without the ``migrations`` table)."""
    try:
        done = {row[0] for row in con.execute("SELECT name FROM migrations").fetchall()}
    except duckdb.CatalogException:
        done = set()
    return [m.__name__ for m in MIGRATIONS if m.__name__ not in done]


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply pending migrations in order; return the names applied now."""
    con.execute("CREATE TABLE IF NOT EXISTS migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP NOT NULL)")
    done = {row[0] for row in con.execute("SELECT name FROM migrations").fetchall()}
    applied: list[str] = []
    for migration in MIGRATIONS:
        name = migration.__name__
        if name in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            migration(con)
            con.execute("INSERT INTO migrations VALUES (?, current_timestamp)", [name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied
