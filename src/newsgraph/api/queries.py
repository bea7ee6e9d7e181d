"""Read queries over a store, as plain dicts ready for JSON.

The REST API, the web UI and the HTML report all answer from here, and the
same calls work from Python without FastAPI::

    with Store("news.duckdb", read_only=True) as store:
        corpus = Corpus(store)
        corpus.events(pair=("PAK", "RUS"), since="2021")

A ``Corpus`` is a snapshot of the resolved records (actors, events with their
actors resolved to corpus actors and states, quotes, claims, document
metadata).  Document text and full-text search go to the store on demand.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsgraph.errors import QueryError
from newsgraph.extract.events.lexicon import PLOVER_TYPES
from newsgraph.models import OUTLET, Claim, Document, Quote
from newsgraph.resolve.relations import (
    PERIODS,
    ActorIndex,
    DyadEvent,
    between,
    dyad_series,
    period_of,
    quad_classes,
    resolve_events,
    side_matches,
    state_dyads,
)

if TYPE_CHECKING:
    from newsgraph.store import Store

MAX_LIMIT = 500
SNIPPET = 90  # characters of context either side of a search hit


class NotFound(QueryError):
    """The thing asked for does not exist (the API answers 404)."""


@dataclass(frozen=True)
class Page:
    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "limit": self.limit, "offset": self.offset, "items": self.items}


def paginate(rows: Sequence[dict[str, Any]], limit: int = 50, offset: int = 0) -> Page:
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}; got {limit}")
    if offset < 0:
        raise QueryError(f"offset must be 0 or more; got {offset}")
    return Page(len(rows), limit, offset, list(rows[offset : offset + limit]))


def _span(text: str, start: int, end: int) -> dict[str, Any]:
    return {"text": text, "start": start, "end": end}


def _in_range(value: str | None, since: str | None, until: str | None) -> bool:
    """Does a date overlap [since, until]?  ISO prefixes compare as strings on
    their common length, so "2022" overlaps since=2022-04 and until=2021 takes
    in all of 2021; an undated event is in no range."""
    if since is None and until is None:
        return True
    if value is None:
        return False
    if since is not None:
        n = min(len(value), len(since))
        if value[:n] < since[:n]:
            return False
    if until is not None:
        n = min(len(value), len(until))
        if value[:n] > until[:n]:
            return False
    return True


class Corpus:
    """A read snapshot of one store's resolved records."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.index = ActorIndex.from_store(store)
        self.dyad_events = resolve_events(store, self.index)
        self.quote_list = store.quotes()
        self.claim_list = store.claims()
        self.docs: dict[str, Document] = {}
        self.doc_counts: dict[str, Counter[str]] = defaultdict(Counter)
        for d in store.documents():
            # Keep metadata only; text is read from the store when a document is opened.
            self.docs[d.id] = Document(
                d.id, d.source, "", d.title, d.outlet, d.url, d.published, d.language, d.notes, d.capped
            )
            self.doc_counts[d.id]["chars"] = len(d.text)
        for m in store.mentions():
            self.doc_counts[m.document]["mentions"] += 1
        for de in self.dyad_events:
            self.doc_counts[de.event.document]["events"] += 1
        for q in self.quote_list:
            self.doc_counts[q.document]["quotes"] += 1

    # -------------------------------------------------------------- helpers
    def name(self, actor_id: str | None) -> str | None:
        if actor_id is None:
            return None
        if actor_id == OUTLET:
            return "the outlet"
        return self.index.name(actor_id)

    def actor_ref(self, actor_id: str) -> str:
        """Resolve an id given by a user (provisional, corpus or state code)."""
        if actor_id in self.index.actors or actor_id in self.index.actor_map:
            return self.index.actor(actor_id) or actor_id
        if len(actor_id) == 3 and actor_id.isalpha():
            return actor_id.upper()
        raise NotFound(f"unknown actor {actor_id!r}; see /api/actors for the ids (states use ISO3 codes like PAK)")

    def doc_meta(self, doc_id: str) -> dict[str, Any]:
        d = self.docs.get(doc_id)
        return {"document_title": d.title if d else None, "outlet": d.outlet if d else None}

    # ------------------------------------------------------------ documents
    def documents(self, *, outlet: str | None = None) -> list[dict[str, Any]]:
        out = []
        for d in sorted(self.docs.values(), key=lambda d: (d.published.value if d.published else "", d.source)):
            if outlet and (d.outlet or "").lower() != outlet.lower():
                continue
            counts = self.doc_counts[d.id]
            out.append(
                {
                    "id": d.id,
                    "source": d.source,
                    "title": d.title,
                    "outlet": d.outlet,
                    "url": d.url,
                    "language": d.language,
                    "published": {"value": d.published.value, "basis": d.published.basis} if d.published else None,
                    "chars": counts["chars"],
                    "mentions": counts["mentions"],
                    "events": counts["events"],
                    "quotes": counts["quotes"],
                    "capped": d.capped,
                    "notes": list(d.notes),
                }
            )
        return out

    def document(self, doc_id: str) -> dict[str, Any]:
        """A document with its text and every span found in it (offsets index ``text``)."""
        doc = self.store.document(doc_id)
        if doc is None:
            raise NotFound(f"no document {doc_id!r}; see /api/documents for the ids")
        meta = next(d for d in self.documents() if d["id"] == doc_id)
        mentions = [
            {
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "actor": self.index.actor(m.actor),
                "name": self.name(self.index.actor(m.actor)),
                "kind": m.kind,
                "country": m.country,
                "role": m.role,
            }
            for m in self.store.mentions(doc_id)
        ]
        events = [self.event_dict(de) for de in self.dyad_events if de.event.document == doc_id]
        quotes = [self.quote_dict(q) for q in self.quote_list if q.document == doc_id]
        stances = [
            {
                "claim": c.id,
                "proposition": c.proposition,
                "holder": s.holder,
                "holder_name": self.name(s.holder),
                "stance": s.stance,
                "evidence": _span(s.evidence.text, s.evidence.start, s.evidence.end),
            }
            for c in self.claim_list
            for s in c.stances
            if s.document == doc_id
        ]
        return {
            "document": meta,
            "text": doc.text,
            "mentions": mentions,
            "events": events,
            "quotes": quotes,
            "stances": stances,
        }

    # --------------------------------------------------------------- actors
    def actors(
        self, *, kind: str | None = None, country: str | None = None, q: str | None = None
    ) -> list[dict[str, Any]]:
        involved: Counter[str] = Counter()
        for de in self.dyad_events:
            for a in {de.source, de.target} - {None, OUTLET}:
                involved[a] += 1  # type: ignore[index]
        needle = (q or "").casefold()
        return [
            {
                "id": a.id,
                "name": a.name,
                "kind": a.kind,
                "country": a.country,
                "roles": list(a.roles),
                "aliases": list(a.aliases),
                "mentions": a.mentions,
                "events": involved[a.id],
            }
            for a in self.index.actors.values()
            if (not kind or a.kind == kind)
            and (not country or (a.country or "") == country.upper())
            and (not needle or needle in a.name.casefold() or any(needle in x.casefold() for x in a.aliases))
        ]

    # --------------------------------------------------------------- events
    def event_dict(self, de: DyadEvent) -> dict[str, Any]:
        e = de.event
        return {
            "id": e.id,
            "document": e.document,
            **self.doc_meta(e.document),
            "type": e.type,
            "mode": e.mode,
            "quad": quad_classes().get(e.type),
            "cameo_root": e.cameo_root,
            "weight": e.weight,
            "source": de.source,
            "source_name": self.name(de.source),
            "source_state": de.source_state,
            "target": de.target,
            "target_name": self.name(de.target),
            "target_state": de.target_state,
            "polarity": e.polarity,
            "modality": e.modality,
            "counted": de.counted,
            "date": {"value": e.date.value, "basis": e.date.basis} if e.date else None,
            "amounts": [{"value": a.value, "unit": a.unit, "text": a.text} for a in e.amounts],
            "reported_by": self.index.actor(e.reported_by),
            "cue": e.cue,
            "evidence": _span(e.evidence.text, e.evidence.start, e.evidence.end),
        }

    def events(
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
    ) -> list[dict[str, Any]]:
        """Events matching every filter given; dated ones first, in date order."""
        wanted = {t.upper() for t in types}
        unknown = wanted - set(PLOVER_TYPES)
        if unknown:
            raise QueryError(f"unknown event type {', '.join(sorted(unknown))}; valid types: {', '.join(PLOVER_TYPES)}")
        if by not in PERIODS:
            raise QueryError(f"unknown period {by!r}; choose one of {', '.join(PERIODS)}")
        found: Iterable[DyadEvent] = self.dyad_events
        if pair is not None:
            a, b = self.actor_ref(pair[0]), self.actor_ref(pair[1])
            found = [de for de, _ in between(self.index, found, a, b)]
        if actor is not None:
            who = self.actor_ref(actor)
            found = [
                de
                for de in found
                if side_matches(self.index, who, de.source, de.source_state)
                or side_matches(self.index, who, de.target, de.target_state)
            ]
        checks: list[Callable[[DyadEvent], bool]] = []
        if wanted:
            checks.append(lambda de: de.event.type in wanted)
        if since or until:
            checks.append(lambda de: _in_range(de.event.date.value if de.event.date else None, since, until))
        if period is not None:
            checks.append(lambda de: period_of(de.event.date, by) == period)
        if document is not None:
            checks.append(lambda de: de.event.document == document)
        if counted is not None:
            checks.append(lambda de: de.counted == counted)
        if dated is not None:
            checks.append(lambda de: (de.event.date is not None) == dated)
        rows = [de for de in found if all(check(de) for check in checks)]
        rows.sort(
            key=lambda de: (
                de.event.date is None,
                de.event.date.value if de.event.date else "",
                de.event.document,
                de.event.evidence.start,
            )
        )
        return [self.event_dict(de) for de in rows]

    # --------------------------------------------------------------- quotes
    def quote_dict(self, q: Quote) -> dict[str, Any]:
        speaker = self.index.actor(q.speaker)
        return {
            "id": q.id,
            "document": q.document,
            **self.doc_meta(q.document),
            "speaker": speaker,
            "speaker_name": self.name(speaker),
            "speaker_text": q.speaker_text,
            "text": q.text,
            "kind": q.kind,
            "start": q.start,
            "end": q.end,
        }

    def quotes(self, *, speaker: str | None = None, document: str | None = None) -> list[dict[str, Any]]:
        who = self.actor_ref(speaker) if speaker else None
        return [
            self.quote_dict(q)
            for q in self.quote_list
            if (
                who is None
                or self.index.actor(q.speaker) == who
                or (self.index.is_state(who) and self.index.state(self.index.actor(q.speaker)) == who)
            )
            and (document is None or q.document == document)
        ]

    # --------------------------------------------------------------- claims
    def claim_dict(self, c: Claim) -> dict[str, Any]:
        subject, obj = self.index.actor(c.subject), self.index.actor(c.object)
        stances = []
        for s in c.stances:
            holder = self.index.actor(s.holder) or OUTLET
            meta = self.doc_meta(s.document)
            stances.append(
                {
                    "document": s.document,
                    **meta,
                    "holder": holder,
                    "holder_name": (meta["outlet"] or "the outlet") if holder == OUTLET else self.name(holder),
                    "stance": s.stance,
                    "event": s.event,
                    "evidence": _span(s.evidence.text, s.evidence.start, s.evidence.end),
                }
            )
        order = {"asserts": 0, "denies": 1, "questions": 2, "reports": 3}
        stances.sort(key=lambda s: (order.get(s["stance"], 9), s["document"], s["evidence"]["start"]))
        actors = sorted({a for a in (self.index.actor(x) for x in c.actors) if a})
        return {
            "id": c.id,
            "text": c.text,
            "proposition": c.proposition,
            "actors": actors,
            "actor_names": [self.name(a) or a for a in actors],
            "date": c.date.value if c.date else None,
            "subject": subject,
            "subject_name": self.name(subject),
            "predicate": c.predicate,
            "mode": c.mode,
            "object": obj,
            "object_name": self.name(obj),
            "contested": c.contested,
            "stance_counts": dict(Counter(s.stance for s in c.stances)),
            "stances": stances,
        }

    def claims(
        self, *, contested: bool | None = None, actor: str | None = None, search: str | None = None
    ) -> list[dict[str, Any]]:
        """Claims, contested first, then by how many stances they gathered;
        ``actor``: naming it (subject, object or any actor of the claim);
        ``search``: words found in the claim or its evidence."""
        from newsgraph.claims.search import matches

        who = self.actor_ref(actor) if actor else None
        rows = [
            c
            for c in self.claim_list
            if (contested is None or c.contested == contested)
            and (
                who is None
                or who
                in {self.index.actor(c.subject), self.index.actor(c.object), *(self.index.actor(a) for a in c.actors)}
            )
            and (search is None or matches(c, search))
        ]
        rows.sort(key=lambda c: (not c.contested, -len(c.stances), c.proposition))
        return [self.claim_dict(c) for c in rows]

    # ------------------------------------------------------------ relations
    # Series are counted in the store (resolve.relations), not from the events held here.
    def relation(self, a: str, b: str, by: str = "year") -> dict[str, Any]:
        if by not in PERIODS:
            raise QueryError(f"unknown period {by!r}; choose one of {', '.join(PERIODS)}")
        a, b = self.actor_ref(a), self.actor_ref(b)  # an unknown actor is a 404 here
        series = dyad_series(self.store, a, b, by)
        return {**series.to_dict(), "names": [self.name(a), self.name(b)]}

    def relations(self, by: str = "year") -> list[dict[str, Any]]:
        """Every state pair with events that happened, busiest first."""
        out = []
        for series in state_dyads(self.store, by):
            d = series.to_dict()
            out.append(
                {
                    "pair": d["pair"],
                    "names": [self.name(series.pair[0]), self.name(series.pair[1])],
                    "totals": d["totals"],
                    "undated": d["undated"],
                    "set_apart": d["set_apart"],
                    "periods": d["periods"],
                }
            )
        out.sort(key=lambda r: (-r["totals"]["events"], r["pair"]))
        return out

    # ---------------------------------------------------------------- graph
    def graph(
        self, *, level: str = "actor", since: str | None = None, until: str | None = None, min_events: int = 1
    ) -> dict[str, Any]:
        """Actors as nodes; an edge per pair that acted on each other, weighted by
        cooperation and conflict of the events that happened in the period."""
        if level not in ("actor", "state"):
            raise QueryError(f"level must be 'actor' or 'state'; got {level!r}")
        edges: dict[tuple[str, str], dict[str, Any]] = {}
        degree: Counter[str] = Counter()
        for de in self.dyad_events:
            s, t = (de.source_state, de.target_state) if level == "state" else (de.source, de.target)
            if s is None or t is None or s == t or OUTLET in (s, t):
                continue
            if not _in_range(de.event.date.value if de.event.date else None, since, until):
                continue
            key = (s, t) if s < t else (t, s)
            edge = edges.setdefault(
                key,
                {
                    "source": key[0],
                    "target": key[1],
                    "events": 0,
                    "cooperation": 0.0,
                    "conflict": 0.0,
                    "set_apart": 0,
                    "types": Counter(),
                },
            )
            if de.counted:
                edge["events"] += 1
                edge["types"][de.event.type] += 1
                if de.event.weight > 0:
                    edge["cooperation"] += de.event.weight
                else:
                    edge["conflict"] -= de.event.weight
            else:
                edge["set_apart"] += 1
        kept = [e for e in edges.values() if e["events"] + e["set_apart"] >= min_events]
        for e in kept:
            e["cooperation"], e["conflict"] = round(e["cooperation"], 3), round(e["conflict"], 3)
            e["balance"] = round(e["cooperation"] - e["conflict"], 3)
            e["types"] = dict(e["types"].most_common())
            degree[e["source"]] += e["events"] + e["set_apart"]
            degree[e["target"]] += e["events"] + e["set_apart"]
        nodes = []
        for node_id in sorted(degree):
            actor = self.index.actors.get(node_id)
            nodes.append(
                {
                    "id": node_id,
                    "name": self.name(node_id),
                    "kind": actor.kind if actor else "state",
                    "country": actor.country if actor else node_id,
                    "mentions": actor.mentions if actor else 0,
                    "events": degree[node_id],
                }
            )
        kept.sort(key=lambda e: (e["source"], e["target"]))
        return {"level": level, "since": since, "until": until, "nodes": nodes, "edges": kept}

    # -------------------------------------------------------------- summary
    def summary(self) -> dict[str, Any]:
        kinds = Counter(a.kind for a in self.index.actors.values())
        dates = [d.published.value for d in self.docs.values() if d.published]
        event_types = Counter(de.event.type for de in self.dyad_events if de.counted)
        happened = [de.event.date.value for de in self.dyad_events if de.event.date]
        return {
            "documents": len(self.docs),
            "actors": len(self.index.actors),
            "actor_kinds": dict(kinds.most_common()),
            "events": len(self.dyad_events),
            "events_counted": sum(de.counted for de in self.dyad_events),
            "event_types": dict(event_types.most_common()),
            "quotes": len(self.quote_list),
            "claims": len(self.claim_list),
            "contested_claims": sum(c.contested for c in self.claim_list),
            "state_pairs": len({p for de in self.dyad_events if de.counted and (p := de.state_pair)}),
            "published": {"first": min(dates) if dates else None, "last": max(dates) if dates else None},
            "event_dates": {"first": min(happened) if happened else None, "last": max(happened) if happened else None},
            "outlets": sorted({d.outlet for d in self.docs.values() if d.outlet}),
        }

    # --------------------------------------------------------------- search
    def search(self, q: str) -> list[dict[str, Any]]:
        """Case-insensitive text search over documents, quotes, event evidence and claims."""
        needle = q.strip()
        if len(needle) < 2:
            raise QueryError("search needs at least 2 characters")
        con = self.store.con
        hits: list[dict[str, Any]] = []
        for doc_id, title, text, pos in con.execute(
            "SELECT id, title, text, strpos(lower(text), lower(?)) FROM documents "
            "WHERE strpos(lower(text), lower(?)) > 0 OR strpos(lower(coalesce(title, '')), lower(?)) > 0 "
            "ORDER BY published DESC NULLS LAST, source",
            [needle, needle, needle],
        ).fetchall():
            if pos > 0:
                hits.append(_hit("document", doc_id, doc_id, title, text, pos - 1, len(needle)))
            else:  # matched the title only
                tpos = (title or "").casefold().find(needle.casefold())
                hits.append(_hit("document", doc_id, doc_id, title, title or "", tpos, len(needle), offset=None))
        for q_ in self.quote_list:
            pos = q_.text.casefold().find(needle.casefold())
            if pos >= 0:
                hits.append(
                    _hit(
                        "quote",
                        q_.id,
                        q_.document,
                        self.doc_meta(q_.document)["document_title"],
                        q_.text,
                        pos,
                        len(needle),
                        offset=q_.start,
                    )
                )
        for de in self.dyad_events:
            ev = de.event.evidence
            pos = ev.text.casefold().find(needle.casefold())
            if pos >= 0:
                hits.append(
                    _hit(
                        "event",
                        de.event.id,
                        de.event.document,
                        self.doc_meta(de.event.document)["document_title"],
                        ev.text,
                        pos,
                        len(needle),
                        offset=ev.start,
                    )
                )
        for c in self.claim_list:
            texts = [(c.proposition, None)] + [(s.evidence.text, s) for s in c.stances]
            for text, stance in texts:
                pos = text.casefold().find(needle.casefold())
                if pos >= 0:
                    doc = stance.document if stance else (c.stances[0].document if c.stances else None)
                    hits.append(
                        _hit(
                            "claim",
                            c.id,
                            doc,
                            c.proposition,
                            text,
                            pos,
                            len(needle),
                            offset=stance.evidence.start if stance else None,
                        )
                    )
                    break
        return hits


def _hit(
    kind: str,
    id_: str,
    document: str | None,
    title: str | None,
    text: str,
    pos: int,
    length: int,
    offset: int | None = 0,
) -> dict[str, Any]:
    lo, hi = max(0, pos - SNIPPET), min(len(text), pos + length + SNIPPET)
    return {
        "kind": kind,
        "id": id_,
        "document": document,
        "title": title,
        "snippet": ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else ""),
        # where the match sits inside the snippet, so a client can mark it without parsing HTML
        "match": {"start": pos - lo + (1 if lo else 0), "end": pos - lo + (1 if lo else 0) + length},
        "start": None if offset is None else offset + pos,
    }


def dump(data: Any) -> str:
    """JSON for embedding inside an HTML <script> element (no "</script>" breakout)."""
    return (
        json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


__all__ = ["MAX_LIMIT", "PLOVER_TYPES", "Corpus", "NotFound", "Page", "dump", "paginate"]
