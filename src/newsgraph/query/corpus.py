"""Read queries over a store, as plain dicts ready for JSON.

The CLI, the REST API, the web UI and the HTML report all answer from here,
and the same calls work from Python without FastAPI::

    with Store("news.duckdb", read_only=True) as store:
        corpus = Corpus(store)
        corpus.events(pair=("PAK", "Russia"), since="2021").items

Every list is filtered, ordered and paged in DuckDB: a call reads the page it
returns, not the store.  Actors are named the way ``query.lookup`` reads
them (id, state code, name or alias); records have the forms of
``query.records``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from newsgraph.errors import QueryError
from newsgraph.query import records
from newsgraph.query.events import EventQuery, count_events, event_rows
from newsgraph.query.lookup import NotFound, Who, find_actor
from newsgraph.query.pages import Page, check_page, page, paginate
from newsgraph.resolve.relations import PERIODS, dyad_series, quad_classes, state_dyads

if TYPE_CHECKING:
    from newsgraph.store import Store

# A provisional id resolved to its corpus actor through the join ``m`` on actor_map ("outlet" stays itself).
_REF = "CASE WHEN {x} = 'outlet' THEN {x} ELSE coalesce({m}.actor, {x}) END"


class Corpus:
    """The read side of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # ------------------------------------------------------------ helpers
    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """The rows of a statement over the store, as dicts by column name."""
        cur = self.store.con.execute(sql, params or {})
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def value(self, sql: str, params: dict[str, Any] | None = None) -> Any:
        """The first column of the first row of a statement (None without a row)."""
        row = self.store.con.execute(sql, params or {}).fetchone()
        return row[0] if row else None

    def who(self, text: str) -> Who:
        """The actors a user's words name (``query.lookup``)."""
        return find_actor(self.store, text)

    def names(self, ids: Iterable[str | None]) -> dict[str, str]:
        wanted = sorted({i for i in ids if i})
        if not wanted:
            return {}
        return dict(
            self.store.con.execute(
                "SELECT id, name FROM actors WHERE list_contains($ids, id)", {"ids": wanted}
            ).fetchall()
        )

    # ---------------------------------------------------------- documents
    _DOCS = (
        "SELECT id, source, title, outlet, url, language, published, published_basis, capped, notes, "
        "length(text) AS chars FROM documents"
    )

    def documents(self, *, outlet: str | None = None, limit: int | None = None, offset: int = 0) -> Page:
        """Stored documents, oldest publication date first."""
        check_page(limit, offset)
        where, params = "TRUE", {}
        if outlet:
            where, params = "lower(coalesce(outlet, '')) = lower($outlet)", {"outlet": outlet}
        total = self.value(f"SELECT count(*) FROM documents WHERE {where}", params)
        sql = f"{self._DOCS} WHERE {where} ORDER BY coalesce(published, ''), source, id"
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        rows = self.rows(sql, params)
        return page(total, limit, offset, self._with_counts(rows))

    def _with_counts(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        ids = [r["id"] for r in rows]
        counts: dict[str, dict[str, int]] = {i: {"mentions": 0, "events": 0, "quotes": 0} for i in ids}
        for table, key in (("mentions", "mentions"), ("events", "events"), ("quotes", "quotes")):
            sql = f"SELECT document, count(*) FROM {table} WHERE list_contains($ids, document) GROUP BY document"
            for doc, n in self.store.con.execute(sql, {"ids": ids}).fetchall():
                counts[doc][key] = n
        return [records.document_view({**r, **counts[r["id"]]}) for r in rows]

    def document_rows(self) -> list[dict[str, Any]]:
        """Every document's metadata row (no text), by source: what the dossier lists."""
        return self.rows(f"{self._DOCS} ORDER BY source")

    def document(self, doc_id: str) -> dict[str, Any]:
        """A document with its text and every span found in it (offsets index ``text``)."""
        rows = self.rows(f"{self._DOCS} WHERE id = $id", {"id": doc_id})
        if not rows:
            raise NotFound(f"no document {doc_id!r}; see /api/documents for the ids")
        text = self.value("SELECT text FROM documents WHERE id = $id", {"id": doc_id})
        mentions = [
            {**m, "actor": m["actor"], "name": records.name_of(m["actor"], m["actor_name"])}
            for m in self.rows(
                f"""WITH r AS (
                        SELECT x.start_char AS start, x.end_char AS "end", x.text,
                               {_REF.format(x="x.actor", m="m")} AS actor, x.kind, x.country, x.role
                        FROM mentions x LEFT JOIN actor_map m ON m.provisional = x.actor WHERE x.document = $id
                    )
                    SELECT r.*, a.name AS actor_name FROM r LEFT JOIN actors a ON a.id = r.actor ORDER BY r.start""",
                {"id": doc_id},
            )
        ]
        for m in mentions:
            del m["actor_name"]
        stances = [
            {
                "claim": s["claim"],
                "proposition": s["proposition"],
                "holder": s["holder"],
                "holder_name": records.name_of(s["holder"], s["holder_name"]),
                "stance": s["stance"],
                "evidence": records.span(s["evidence"], s["start_char"], s["end_char"]),
            }
            for s in self._stance_rows("s.document = $id", {"id": doc_id}, order="c.id, s.start_char")
        ]
        return {
            "document": self._with_counts(rows)[0],
            "text": text,
            "mentions": mentions,
            "events": self.events(document=doc_id).items,
            "quotes": self.quotes(document=doc_id).items,
            "stances": stances,
        }

    # ------------------------------------------------------------- actors
    def actors(
        self,
        *,
        kind: str | None = None,
        country: str | None = None,
        q: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Page:
        """Resolved actors, most mentioned first; ``q``: part of a name or alias, any case or accents."""
        check_page(limit, offset)
        conds: list[str] = ["TRUE"]
        params: dict[str, Any] = {}
        if kind:
            conds.append("kind = $kind")
            params["kind"] = kind
        if country:
            conds.append("coalesce(country, '') = upper($country)")
            params["country"] = country
        if q:
            conds.append(
                "strpos(strip_accents(lower(name || chr(1) || array_to_string(from_json(aliases, '[\"VARCHAR\"]'), "
                "chr(1)))), strip_accents(lower($q))) > 0"
            )
            params["q"] = q
        where = " AND ".join(conds)
        total = self.value(f"SELECT count(*) FROM actors WHERE {where}", params)
        sql = f"SELECT * FROM actors WHERE {where} ORDER BY mentions DESC, id"
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        rows = self.rows(sql, params)
        involved = self._involved([r["id"] for r in rows])
        return page(total, limit, offset, [records.actor_view({**r, "events": involved.get(r["id"], 0)}) for r in rows])

    def actor_rows(self) -> list[dict[str, Any]]:
        """Every resolved actor's row, most mentioned first: what the dossier lists."""
        return self.rows("SELECT * FROM actors ORDER BY mentions DESC, id")

    def _involved(self, ids: list[str]) -> dict[str, int]:
        """Events each actor is a side of (source or target), for these actors only."""
        if not ids:
            return {}
        from newsgraph.query.events import KEYS_SIDES

        sql = (
            f"{KEYS_SIDES} SELECT a, count(*) FROM (SELECT id, unnest(list_distinct([source, target])) AS a "
            "FROM resolved) WHERE list_contains($ids, a) GROUP BY a"
        )
        return dict(self.store.con.execute(sql, {"ids": ids}).fetchall())

    def actor(self, text: str) -> dict[str, Any]:
        """One actor by any name the lookup reads (the first when a name fits several)."""
        who = self.who(text)
        rows = self.rows("SELECT * FROM actors WHERE id = $id", {"id": who.one})
        if not rows:  # a state code with no mention yet
            name = records.name_of(who.one, None)
            rows = [dict(id=who.one, name=name, kind="state", country=who.one, roles=None, aliases=None, mentions=0)]
        return records.actor_view({**rows[0], "events": self._involved([who.one]).get(who.one, 0)})

    # ------------------------------------------------------------- events
    def event_query(
        self,
        *,
        pair: tuple[str, str] | None = None,
        actor: str | None = None,
        types: Iterable[str] = (),
        since: str | None = None,
        until: str | None = None,
        period: str | None = None,
        by: str = "year",
        document: str | None = None,
        counted: bool | None = None,
        dated: bool | None = None,
    ) -> EventQuery:
        """An ``EventQuery`` with the actors named as users name them."""
        return EventQuery(
            pair=(self.who(pair[0]), self.who(pair[1])) if pair is not None else None,
            actor=self.who(actor) if actor is not None else None,
            types=tuple(types),
            since=since,
            until=until,
            period=period,
            by=by,
            document=document,
            counted=counted,
            dated=dated,
        )

    def events(self, *, limit: int | None = None, offset: int = 0, **filters: Any) -> Page:
        """Events matching every filter given (``event_query``); dated ones first, in date order."""
        check_page(limit, offset)
        query = self.event_query(**filters)
        rows = event_rows(self.store, query, limit=limit, offset=offset)
        total = count_events(self.store, query) if limit is not None else len(rows)
        quads = quad_classes()
        return page(total, limit, offset, [records.event_view(r, quads) for r in rows])

    # ------------------------------------------------------------- quotes
    _QUOTES = f"""
    WITH r AS (
        SELECT q.id, q.document, {_REF.format(x="q.speaker", m="m")} AS speaker, q.speaker_text, q.text, q.kind,
               q.start_char, q.end_char, d.title AS document_title, d.outlet AS doc_outlet, d.source AS doc_source
        FROM quotes q LEFT JOIN actor_map m ON m.provisional = q.speaker LEFT JOIN documents d ON d.id = q.document
    )
    SELECT r.*, a.name AS speaker_name,
           CASE WHEN a.id IS NOT NULL THEN (CASE WHEN a.kind = 'state' THEN a.id ELSE a.country END)
                WHEN regexp_full_match(r.speaker, '[A-Z]{{3}}') THEN r.speaker END AS speaker_state
    FROM r LEFT JOIN actors a ON a.id = r.speaker
    """

    def quote_rows(
        self, *, speaker: str | None = None, document: str | None = None, limit: int | None = None, offset: int = 0
    ) -> tuple[int, list[dict[str, Any]]]:
        """How many quotes match, and the rows of a page of them in reading order."""
        conds: list[str] = ["TRUE"]
        params: dict[str, Any] = {}
        if speaker is not None:
            who = self.who(speaker)
            conds.append("(list_contains($actors, speaker) OR list_contains($states, speaker_state))")
            params.update(actors=list(who.actors), states=list(who.states))
        if document is not None:
            conds.append("document = $document")
            params["document"] = document
        where = " AND ".join(conds)
        sql = f"SELECT * FROM ({self._QUOTES}) WHERE {where} ORDER BY document, start_char, id"
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        rows = self.rows(sql, params)
        if limit is None:
            return len(rows), rows
        return self.value(f"SELECT count(*) FROM ({self._QUOTES}) WHERE {where}", params), rows

    def quotes(
        self, *, speaker: str | None = None, document: str | None = None, limit: int | None = None, offset: int = 0
    ) -> Page:
        """Direct and indirect quotes with their resolved speakers, in reading order.
        ``speaker``: any name the lookup reads; a state matches its people's quotes."""
        check_page(limit, offset)
        total, rows = self.quote_rows(speaker=speaker, document=document, limit=limit, offset=offset)
        return page(total, limit, offset, [records.quote_view(r) for r in rows])

    # ------------------------------------------------------------- claims
    _CLAIMS = f"""
    WITH st AS (
        SELECT s.claim, count(*) AS n, string_agg(s.evidence, ' ') AS evidence,
               list(DISTINCT {_REF.format(x="s.holder", m="m")}) AS holders
        FROM claim_stances s LEFT JOIN actor_map m ON m.provisional = s.holder GROUP BY s.claim
    ), named AS (
        SELECT id, unnest(from_json(coalesce(actors, '[]'), '["VARCHAR"]')) AS a FROM claims
    ), ca AS (
        SELECT n.id, list(DISTINCT {_REF.format(x="n.a", m="m")}) AS actors
        FROM named n LEFT JOIN actor_map m ON m.provisional = n.a WHERE n.a IS NOT NULL GROUP BY n.id
    )
    SELECT c.id, c.proposition, c.predicate, c.mode, c.contested, c.date, c.date_basis,
           {_REF.format(x="c.subject", m="ms")} AS subject, {_REF.format(x="c.object", m="mo")} AS object,
           coalesce(ca.actors, []) AS actors,
           coalesce(st.n, 0) AS n, coalesce(st.evidence, '') AS evidence, coalesce(st.holders, []) AS holders
    FROM claims c LEFT JOIN st ON st.claim = c.id LEFT JOIN ca ON ca.id = c.id
    LEFT JOIN actor_map ms ON ms.provisional = c.subject LEFT JOIN actor_map mo ON mo.provisional = c.object
    """

    def _stance_rows(self, where: str, params: dict[str, Any], order: str) -> list[dict[str, Any]]:
        return self.rows(
            f"""SELECT s.claim, c.proposition, s.document, {_REF.format(x="s.holder", m="m")} AS holder,
                       s.stance, s.event, s.evidence, s.start_char, s.end_char,
                       a.name AS holder_name, d.title AS document_title, d.outlet AS doc_outlet,
                       d.source AS doc_source
                FROM claim_stances s JOIN claims c ON c.id = s.claim
                LEFT JOIN actor_map m ON m.provisional = s.holder
                LEFT JOIN actors a ON a.id = {_REF.format(x="s.holder", m="m")}
                LEFT JOIN documents d ON d.id = s.document
                WHERE {where} ORDER BY {order}""",
            params,
        )

    def claim_rows(
        self,
        *,
        contested: bool | None = None,
        actor: str | None = None,
        search: str | None = None,
        ids: list[str] | None = None,
        order: str = "NOT contested, n DESC, proposition, id",
        limit: int | None = None,
        offset: int = 0,
    ) -> tuple[int, list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
        """How many claims match, the rows of a page of them, and their stance rows by claim."""
        from newsgraph.claims.search import search_words

        conds: list[str] = ["TRUE"]
        params: dict[str, Any] = {}
        if contested is not None:
            conds.append("contested" if contested else "NOT contested")
        if ids is not None:
            conds.append("list_contains($claim_ids, id)")
            params["claim_ids"] = ids
        if actor is not None:
            conds.append("list_has_any(list_concat([subject, object], actors, holders), $ids)")
            params["ids"] = list(self.who(actor).ids)
        if search is not None:
            for i, word in enumerate(search_words(search)):
                conds.append(f"strpos(lower(proposition || ' ' || evidence), $w{i}) > 0")
                params[f"w{i}"] = word
        where = " AND ".join(conds)
        total = self.value(f"SELECT count(*) FROM ({self._CLAIMS}) WHERE {where}", params)
        sql = f"SELECT * FROM ({self._CLAIMS}) WHERE {where} ORDER BY {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        rows = self.rows(sql, params)
        stances: dict[str, list[dict[str, Any]]] = {r["id"]: [] for r in rows}
        if rows:
            for s in self._stance_rows(
                "list_contains($ids, s.claim)",
                {"ids": list(stances)},
                order="s.claim, s.document, s.start_char, s.end_char, s.holder, s.stance",
            ):
                stances[s["claim"]].append(s)
        return total, rows, stances

    def claims(
        self,
        *,
        contested: bool | None = None,
        actor: str | None = None,
        search: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Page:
        """Claims, contested first, then by how many stances they gathered.
        ``actor``: naming it (subject, object, any actor of the claim or a stance's holder);
        ``search``: every word found in the claim or its evidence."""
        check_page(limit, offset)
        total, rows, stances = self.claim_rows(
            contested=contested, actor=actor, search=search, limit=limit, offset=offset
        )
        ids = [x for r in rows for x in (r["subject"], r["object"], *r["actors"])]
        ids += [s["holder"] for ss in stances.values() for s in ss]
        names = self.names(ids)
        return page(total, limit, offset, [records.claim_view(r, stances[r["id"]], names) for r in rows])

    def claims_by_id(self, ids: list[str]) -> list[dict[str, Any]]:
        """These claims as the CLI and API show them, in the order given (``newsgraph track``)."""
        if not ids:
            return []
        _, rows, stances = self.claim_rows(ids=ids)
        by_id = {r["id"]: r for r in rows}
        names = self.names(
            [x for r in rows for x in (r["subject"], r["object"], *r["actors"])]
            + [s["holder"] for ss in stances.values() for s in ss]
        )
        return [records.claim_view(by_id[i], stances[i], names) for i in ids if i in by_id]

    # ------------------------------------------------------- event clusters
    def clusters(self, min_mentions: int = 1, *, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Events reported more than once, merged (``resolve.events``): most-mentioned first, with their members."""
        check_page(None, offset)
        sql = """
            SELECT c.*, list(m.event ORDER BY m.document, m.event) AS events
            FROM event_clusters c JOIN event_cluster_members m ON m.cluster = c.id
            WHERE c.num_mentions >= $min
            GROUP BY ALL
            ORDER BY c.num_mentions DESC, c.num_sources DESC, c.id"""
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        return self.rows(sql, {"min": min_mentions})

    # ---------------------------------------------------------- relations
    # Series are counted in the store (resolve.relations).
    def relation(self, a: str, b: str, by: str = "year") -> dict[str, Any]:
        """The dyad series between two actors named any way the lookup reads."""
        if by not in PERIODS:
            raise QueryError(f"unknown period {by!r}; choose one of {', '.join(PERIODS)}")
        side_a, side_b = self.who(a).one, self.who(b).one
        series = dyad_series(self.store, side_a, side_b, by)
        names = self.names(series.pair)
        return {**series.to_dict(), "names": [records.name_of(x, names.get(x)) for x in series.pair]}

    def relations(self, by: str = "year", *, limit: int | None = None, offset: int = 0) -> Page:
        """Every state pair with events that happened, busiest first."""
        out = []
        all_series = state_dyads(self.store, by)
        names = self.names(x for s in all_series for x in s.pair)
        for series in all_series:
            d = series.to_dict()
            out.append(
                {
                    "pair": d["pair"],
                    "names": [records.name_of(x, names.get(x)) for x in series.pair],
                    "totals": d["totals"],
                    "undated": d["undated"],
                    "set_apart": d["set_apart"],
                    "periods": d["periods"],
                }
            )
        out.sort(key=lambda r: (-r["totals"]["events"], r["pair"]))
        return paginate(out, limit, offset)

    # ----------------------------------------------------- overview, search
    def graph(self, **kwargs: Any) -> dict[str, Any]:
        from newsgraph.query.overview import graph

        return graph(self, **kwargs)

    def summary(self) -> dict[str, Any]:
        from newsgraph.query.overview import summary

        return summary(self)

    def search(self, q: str, *, limit: int | None = None, offset: int = 0) -> Page:
        from newsgraph.query.search import search

        check_page(limit, offset)
        return search(self, q, limit, offset)
