"""The read routes of the REST API, over ``newsgraph.query``.

One ``APIRouter`` under ``/api``; each route asks the query layer through the
``ReadCorpus`` dependency (``corpus``): a ``Corpus`` on the calling thread's
own DuckDB cursor, which sees what is committed, so a read never waits for a
write.  Lists page with ``limit`` (at most 500) and ``offset``, in SQL.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam

from newsgraph.api import schemas
from newsgraph.query import MAX_LIMIT, Corpus

CODES = {400: "bad_request", 404: "not_found", 422: "validation_error"}
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": schemas.ErrorOut, "description": name} for code, name in CODES.items()
}

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size, at most {MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, description="items to skip")]
IsoDate = Annotated[
    str | None, Query(pattern=schemas.ISO_PREFIX, description="ISO date prefix: 2021, 2021-04, 2021-04-07")
]
By = Annotated[Literal["year", "quarter", "month"], Query(description="period to roll events up by")]


def corpus(request: Request) -> Corpus:
    """The query layer over the app's store (``api.app.State``)."""
    found: Corpus = request.app.state.newsgraph.corpus
    return found


ReadCorpus = Annotated[Corpus, Depends(corpus)]
router = APIRouter(prefix="/api")


@router.get("/summary", response_model=schemas.SummaryOut, tags=["corpus"])
def summary(c: ReadCorpus) -> dict[str, Any]:
    """Counts of what the database holds."""
    return c.summary()


@router.get("/documents", response_model=schemas.DocumentPage, tags=["documents"])
def documents(c: ReadCorpus, limit: Limit = 50, offset: Offset = 0, outlet: str | None = None) -> dict[str, Any]:
    """Stored documents, oldest publication date first."""
    return c.documents(outlet=outlet, limit=limit, offset=offset).to_dict()


@router.get("/documents/{doc_id}", response_model=schemas.DocumentFullOut, responses=ERRORS, tags=["documents"])
def document(c: ReadCorpus, doc_id: Annotated[str, PathParam(max_length=100)]) -> dict[str, Any]:
    """A document's text with every span found in it: mentions, events (evidence), quotes, stances."""
    return c.document(doc_id)


@router.get("/actors", response_model=schemas.ActorPage, responses=ERRORS, tags=["actors"])
def actors(
    c: ReadCorpus,
    limit: Limit = 50,
    offset: Offset = 0,
    kind: Literal["state", "person", "organization", "company", "igo", "media", "armed_group"] | None = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$")] = None,
    q: Annotated[str | None, Query(max_length=200, description="part of a name or alias")] = None,
) -> dict[str, Any]:
    """Resolved actors, most mentioned first."""
    return c.actors(kind=kind, country=country, q=q, limit=limit, offset=offset).to_dict()


@router.get("/actors/{name}", response_model=schemas.ActorOut, responses=ERRORS, tags=["actors"])
def actor(c: ReadCorpus, name: Annotated[str, PathParam(max_length=200)]) -> dict[str, Any]:
    """One actor by any name it goes by: its id ("person:sergey-lavrov", "RUS"), a name or alias
    ("Lavrov", "Russian Federation"); the first, most mentioned, when a name fits several."""
    return c.actor(name)


@router.get("/events", response_model=schemas.EventPage, responses=ERRORS, tags=["events"])
def events(
    c: ReadCorpus,
    limit: Limit = 50,
    offset: Offset = 0,
    pair: Annotated[
        str | None, Query(pattern=r"^[^,]+,[^,]+$", description="two actors (ids, codes or names): PAK,RUS")
    ] = None,
    actor: Annotated[
        str | None,
        Query(max_length=200, description="actor id, state code, name or alias; a state matches its people"),
    ] = None,
    type: Annotated[str | None, Query(max_length=300, description="PLOVER types, comma-separated")] = None,
    since: IsoDate = None,
    until: IsoDate = None,
    period: Annotated[str | None, Query(max_length=7, description="one period label: 2021, 2021-Q2, 2021-04")] = None,
    by: By = "year",
    document: Annotated[str | None, Query(max_length=100)] = None,
    counted: Annotated[bool | None, Query(description="only events that happened (true) or were set apart")] = None,
    dated: Annotated[bool | None, Query(description="only events with a date (true) or without (false)")] = None,
) -> dict[str, Any]:
    """Events, in order of when they happened (undated last)."""
    a_b = (pair.split(",")[0], pair.split(",")[1]) if pair else None
    types = [t.strip() for t in (type or "").split(",") if t.strip()]
    return c.events(
        limit=limit,
        offset=offset,
        pair=a_b,
        actor=actor,
        types=types,
        since=since,
        until=until,
        period=period,
        by=by,
        document=document,
        counted=counted,
        dated=dated,
    ).to_dict()


@router.get("/quotes", response_model=schemas.QuotePage, responses=ERRORS, tags=["quotes"])
def quotes(
    c: ReadCorpus,
    limit: Limit = 50,
    offset: Offset = 0,
    speaker: Annotated[str | None, Query(max_length=200)] = None,
    document: Annotated[str | None, Query(max_length=100)] = None,
) -> dict[str, Any]:
    """Direct and indirect quotes with their resolved speakers."""
    return c.quotes(speaker=speaker, document=document, limit=limit, offset=offset).to_dict()


@router.get("/claims", response_model=schemas.ClaimPage, responses=ERRORS, tags=["claims"])
def claims(
    c: ReadCorpus,
    limit: Limit = 50,
    offset: Offset = 0,
    contested: Annotated[bool | None, Query(description="only contested (true) or uncontested (false)")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="subject, object or an actor it names")] = None,
    search: Annotated[str | None, Query(max_length=500, description="words in the claim or its evidence")] = None,
) -> dict[str, Any]:
    """Claims (propositions in words) with every stance taken on them; contested claims first."""
    return c.claims(contested=contested, actor=actor, search=search, limit=limit, offset=offset).to_dict()


@router.get("/relations", response_model=schemas.RelationPage, tags=["relations"])
def relations(c: ReadCorpus, limit: Limit = 50, offset: Offset = 0, by: By = "year") -> dict[str, Any]:
    """Every pair of states with events that happened, busiest first."""
    return c.relations(by, limit=limit, offset=offset).to_dict()


@router.get("/relations/{a}/{b}", response_model=schemas.RelationOut, responses=ERRORS, tags=["relations"])
def relation(
    c: ReadCorpus,
    a: Annotated[str, PathParam(max_length=200)],
    b: Annotated[str, PathParam(max_length=200)],
    by: By = "year",
) -> dict[str, Any]:
    """The dyad series between two actors. Only events that happened (positive, actual) enter the
    totals; negative, intended and hypothetical ones are counted in ``set_apart``; undated ones in
    ``undated``."""
    return c.relation(a, b, by)


@router.get("/search", response_model=schemas.SearchPage, responses=ERRORS, tags=["corpus"])
def search(
    c: ReadCorpus, q: Annotated[str, Query(min_length=2, max_length=200)], limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """Case-insensitive text search over documents, quotes, event evidence and claims."""
    return c.search(q, limit=limit, offset=offset).to_dict()


@router.get("/graph", response_model=schemas.GraphOut, responses=ERRORS, tags=["relations"])
def graph(
    c: ReadCorpus,
    level: Literal["actor", "state"] = "actor",
    since: IsoDate = None,
    until: IsoDate = None,
    min_events: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> dict[str, Any]:
    """Actors and the edges between them, weighted by cooperation and conflict in the period."""
    return c.graph(level=level, since=since, until=until, min_events=min_events)
