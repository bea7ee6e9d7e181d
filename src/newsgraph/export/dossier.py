"""The dossier: newsgraph's documented JSON export (docs/dossier.md).

The pydantic models below *are* the schema: ``dossier_schema()`` generates
the JSON Schema from them and the tests validate every export against it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from newsgraph.models import DateValue
    from newsgraph.store import Store

SCHEMA_ID = "newsgraph.dossier/1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocDate(_Model):
    value: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    basis: Literal["metadata", "inferred", "unknown"]


class EventDate(_Model):
    value: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    basis: Literal["explicit", "relative", "document", "inferred"]


class Span(_Model):
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class DossierDocument(_Model):
    id: str
    source: str
    title: str | None
    outlet: str | None
    url: str | None = None
    language: str
    published: DocDate | None
    # present only when extraction read the document in part (docs/exports.md)
    capped: str | None = None


Sector = Literal["government", "military", "police", "rebels", "opposition", "civilians", "media", "business"]


class DossierActor(_Model):
    id: str
    name: str
    kind: Literal["state", "person", "organization", "company", "igo", "media", "armed_group", "group"]
    country: str | None
    roles: list[str]
    aliases: list[str]
    mentions: int
    # A group named by role or collective ("rebels", "the army", "farmers"): its sector.
    sector: Sector | None = None


class DossierAmount(_Model):
    value: float
    unit: str
    text: str


class DossierEvent(_Model):
    id: str
    document: str
    type: Literal[
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    ]
    mode: str | None
    cameo_root: str | None
    weight: float
    source: str | None
    target: str | None
    polarity: Literal["positive", "negative"]
    modality: Literal["actual", "intended", "hypothetical"]
    date: EventDate | None
    amounts: list[DossierAmount]
    reported_by: str | None
    evidence: Span


class DossierQuote(_Model):
    id: str
    document: str
    speaker: str | None
    speaker_text: str | None
    text: str
    kind: Literal["direct", "indirect"]
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class DossierStance(_Model):
    document: str
    holder: str
    stance: Literal["asserts", "denies", "reports", "questions"]
    evidence: Span


class DossierClaim(_Model):
    """A proposition in words and every stance on it.  ``text`` is the claim;
    ``proposition`` repeats it for readers of the first schema.  ``subject``,
    ``predicate`` (PLOVER type), ``mode`` and ``object`` are set where the
    claim states an event between two parties, else null."""

    id: str
    text: str
    proposition: str
    actors: list[str]
    date: EventDate | None = None
    subject: str | None
    predicate: str | None
    mode: str | None
    object: str | None
    stances: list[DossierStance]
    contested: bool


class DossierPeriod(_Model):
    period: str
    events: int
    cooperation: float
    conflict: float
    balance: float


class DossierRelation(_Model):
    pair: list[str] = Field(min_length=2, max_length=2)
    periods: list[DossierPeriod]
    undated: int = 0


class Dossier(_Model):
    schema_: Literal["newsgraph.dossier/1"] = Field(alias="schema")
    documents: list[DossierDocument]
    actors: list[DossierActor]
    events: list[DossierEvent]
    quotes: list[DossierQuote]
    claims: list[DossierClaim]
    relations: list[DossierRelation]


def dossier_schema() -> dict[str, Any]:
    schema = Dossier.model_json_schema(by_alias=True)
    schema["$id"] = SCHEMA_ID
    return schema


# The packaged copy, for tools that validate dossiers without importing newsgraph.
SCHEMA_FILE = Path(__file__).with_name("dossier.schema.json")


def write_schema(out: str | Path = SCHEMA_FILE) -> dict[str, Any]:
    """Write the dossier JSON Schema to ``out`` (``newsgraph export --format schema``)."""
    from newsgraph.export import output_file

    with output_file(out):
        schema = dossier_schema()
        Path(out).write_text(json.dumps(schema, indent=1, ensure_ascii=False) + "\n", "utf-8")
    return schema


def export_dossier(store: Store) -> dict[str, Any]:
    """Build the dossier from the store (documents, resolved actors and all records)."""
    amap = store.actor_map()
    from newsgraph.resolve.events import cluster_dates

    # events the text left undated, dated through other reports of the same event
    inferred = cluster_dates(store)

    def ref(x: str | None) -> str | None:
        if x is None or x == "outlet":
            return x
        return amap.get(x, x)

    documents = [
        {
            "id": d.id,
            "source": d.source,
            "title": d.title,
            "outlet": d.outlet,
            "url": d.url,
            "language": d.language,
            "published": {"value": d.published.value, "basis": d.published.basis} if d.published else None,
            **({"capped": d.capped} if d.capped else {}),
        }
        for d in store.documents()
    ]
    actors = [
        {
            "id": a.id,
            "name": a.name,
            "kind": a.kind,
            "country": a.country,
            "roles": list(a.roles),
            "aliases": list(a.aliases),
            "mentions": a.mentions,
            "sector": a.sector,
        }
        for a in store.actors()
    ]
    events = [
        {
            "id": e.id,
            "document": e.document,
            "type": e.type,
            "mode": e.mode,
            "cameo_root": e.cameo_root,
            "weight": e.weight,
            "source": ref(e.source),
            "target": ref(e.target),
            "polarity": e.polarity,
            "modality": e.modality,
            "date": _event_date(e.date or inferred.get(e.id)),
            "amounts": [{"value": a.value, "unit": a.unit, "text": a.text} for a in e.amounts],
            "reported_by": ref(e.reported_by),
            "evidence": {"text": e.evidence.text, "start": e.evidence.start, "end": e.evidence.end},
        }
        for e in store.events()
    ]
    quotes = [
        {
            "id": q.id,
            "document": q.document,
            "speaker": ref(q.speaker),
            "speaker_text": q.speaker_text,
            "text": q.text,
            "kind": q.kind,
            "start": q.start,
            "end": q.end,
        }
        for q in store.quotes()
    ]
    claims = [
        {
            "id": c.id,
            "text": c.text,
            "proposition": c.proposition,
            "actors": sorted({a for a in (ref(x) for x in c.actors) if a}),
            "date": _event_date(c.date),
            "subject": ref(c.subject),
            "predicate": c.predicate,
            "mode": c.mode,
            "object": ref(c.object),
            "contested": c.contested,
            "stances": [
                {
                    "document": s.document,
                    "holder": ref(s.holder) or "outlet",
                    "stance": s.stance,
                    "evidence": {"text": s.evidence.text, "start": s.evidence.start, "end": s.evidence.end},
                }
                for s in c.stances
            ],
        }
        for c in sorted(store.claims(), key=lambda c: (not c.contested, c.id))
    ]
    relations = _relations(store)
    dossier = {
        "schema": SCHEMA_ID,
        "documents": documents,
        "actors": actors,
        "events": events,
        "quotes": quotes,
        "claims": claims,
        "relations": relations,
    }
    return Dossier.model_validate(dossier).model_dump(by_alias=True, mode="json")


def _event_date(date: DateValue | None) -> dict[str, str] | None:
    return {"value": date.value, "basis": date.basis} if date else None


def _relations(store: Store) -> list[dict[str, Any]]:
    from newsgraph.resolve.relations import dossier_relations

    return dossier_relations(store)


def write_dossier(store: Store, out: str | Path) -> dict[str, Any]:
    dossier = export_dossier(store)
    Path(out).write_text(json.dumps(dossier, indent=1, ensure_ascii=False), "utf-8")
    return dossier
