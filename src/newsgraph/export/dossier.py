"""The dossier: newsgraph's documented JSON export (docs/dossier.md).

The pydantic models below *are* the schema: ``dossier_schema()`` generates
the JSON Schema from them and the tests validate every export against it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from newsgraph.models import PloverType

if TYPE_CHECKING:
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
    type: PloverType
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
    """Build the dossier from the store (documents, resolved actors and all records).

    Every record is the query layer's (``newsgraph.query.records``): the
    same JSON the CLI's ``--json`` and the REST API give for it, without
    their context keys."""
    from newsgraph.query import Corpus, records
    from newsgraph.query.events import EventQuery, iter_event_rows

    corpus = Corpus(store)
    documents = [records.document(r) for r in corpus.document_rows()]
    actors = [records.actor(r) for r in corpus.actor_rows()]
    # events in reading order; an undated one carries the date other reports of it give (event clusters)
    events = [records.event(r) for r in iter_event_rows(store, EventQuery(), order="ORDER BY document, start_char")]
    quotes = [records.quote(r) for r in corpus.quote_rows()[1]]
    _, rows, stances = corpus.claim_rows(order="NOT contested, id")
    claims = [records.claim(r, stances[r["id"]]) for r in rows]
    relations = dossier_relations(store)
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


def dossier_relations(store: Store) -> list[dict[str, Any]]:
    """The dossier's ``relations``: state pairs by year (docs/dossier.md)."""
    from newsgraph.query import records
    from newsgraph.resolve.relations import state_dyads

    return [records.relation(s) for s in state_dyads(store, "year")]


def write_dossier(store: Store, out: str | Path) -> dict[str, Any]:
    dossier = export_dossier(store)
    Path(out).write_text(json.dumps(dossier, indent=1, ensure_ascii=False), "utf-8")
    return dossier
