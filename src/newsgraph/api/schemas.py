"""Pydantic models at the REST edge: what each route returns and accepts.

They document the API (``/openapi.json``) and validate every response, so a
query that drifts from the contract fails loudly in tests rather than in a
client.  Request bodies forbid unknown keys; responses are what
``newsgraph.query`` builds.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

ISO_PREFIX = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorBody(_Out):
    code: str = Field(description="machine key: not_found, validation_error, method_not_allowed, request_too_large, …")
    message: str
    details: Any = None


class ErrorOut(_Out):
    error: ErrorBody


class DateOut(_Out):
    value: str
    basis: str


class SpanOut(_Out):
    text: str
    start: int
    end: int


class DocumentOut(_Out):
    id: str
    source: str
    title: str | None
    outlet: str | None
    url: str | None
    language: str
    published: DateOut | None
    chars: int
    mentions: int
    events: int
    quotes: int
    capped: str | None = Field(
        None, description="Why extraction read this document only in part (a cap on sentence or token length)"
    )
    notes: list[str] = Field(
        default_factory=list, description="What reading repaired (NUL characters removed, surrogates replaced ...)"
    )


class MentionOut(_Out):
    start: int
    end: int
    text: str
    actor: str | None
    name: str | None
    kind: str
    country: str | None
    role: str | None


class AmountOut(_Out):
    value: float
    unit: str
    text: str


class EventOut(_Out):
    id: str
    document: str
    document_title: str | None
    outlet: str | None
    type: str
    mode: str | None
    quad: str | None
    cameo_root: str | None
    weight: float
    source: str | None
    source_name: str | None
    source_state: str | None
    target: str | None
    target_name: str | None
    target_state: str | None
    polarity: str
    modality: str
    counted: bool = Field(description="positive polarity and actual modality: counts towards relations")
    set_apart: str | None = Field(description="why it does not count: negative, intended, hypothetical, denied …")
    date: DateOut | None = Field(description="when it happened: the text's date, else one inferred from other reports")
    amounts: list[AmountOut]
    reported_by: str | None
    holder: str = Field(description="who the event is attributed to (a stance holder)")
    stance: str = Field(description="the holder's stance on it: asserts, denies, reports, questions")
    cue: str
    evidence: SpanOut


class QuoteOut(_Out):
    id: str
    document: str
    document_title: str | None
    outlet: str | None
    source: str | None = Field(description="the document's path or URL")
    speaker: str | None
    speaker_name: str | None
    speaker_text: str | None
    text: str
    kind: str
    start: int
    end: int


class DocStanceOut(_Out):
    claim: str
    proposition: str
    holder: str
    holder_name: str | None
    stance: str
    evidence: SpanOut


class DocumentFullOut(_Out):
    document: DocumentOut
    text: str
    mentions: list[MentionOut]
    events: list[EventOut]
    quotes: list[QuoteOut]
    stances: list[DocStanceOut]


class ActorOut(_Out):
    id: str
    name: str
    kind: str
    country: str | None
    roles: list[str]
    aliases: list[str]
    mentions: int
    sector: str | None = Field(None, description="for a group named by role or collective: its sector")
    display_name: str = Field(description="the name to show (a state's everyday name from the gazetteer)")
    events: int


class StanceOut(_Out):
    document: str
    document_title: str | None
    outlet: str | None
    source: str | None = Field(description="the document's path or URL")
    holder: str
    holder_name: str | None
    stance: Literal["asserts", "denies", "reports", "questions"]
    event: str | None
    evidence: SpanOut


class ClaimOut(_Out):
    id: str
    text: str
    proposition: str
    actors: list[str]
    actor_names: list[str]
    date: DateOut | None
    subject: str | None
    subject_name: str | None
    predicate: str | None
    mode: str | None
    object: str | None
    object_name: str | None
    contested: bool
    stance_counts: dict[str, int]
    stances: list[StanceOut]


class PeriodOut(_Out):
    period: str
    events: int
    cooperation: float
    conflict: float
    balance: float
    a_to_b: int
    b_to_a: int
    quads: dict[str, int]
    set_apart: int
    trend: float | None


class TotalsOut(_Out):
    events: int
    cooperation: float
    conflict: float
    balance: float
    direction: str


class RelationOut(_Out):
    pair: list[str]
    names: list[str | None]
    by: str
    periods: list[PeriodOut]
    undated: int = Field(description="events that happened without a date: in the totals, in no period")
    imprecise: int = Field(description="events dated more coarsely than the period: in the totals, in no period")
    set_apart: dict[str, int] = Field(description="events not counted: negative, intended, hypothetical, denied")
    unplaced_cooperation: float
    unplaced_conflict: float
    totals: TotalsOut


class RelationSummaryOut(_Out):
    pair: list[str]
    names: list[str | None]
    totals: TotalsOut
    undated: int
    set_apart: dict[str, int]
    periods: list[PeriodOut]


class NodeOut(_Out):
    id: str
    name: str | None
    kind: str
    country: str | None
    mentions: int
    events: int


class EdgeOut(_Out):
    source: str
    target: str
    events: int
    cooperation: float
    conflict: float
    balance: float
    set_apart: int
    types: dict[str, int]


class GraphOut(_Out):
    level: str
    since: str | None
    until: str | None
    nodes: list[NodeOut]
    edges: list[EdgeOut]


class MatchOut(_Out):
    start: int
    end: int


class SearchHitOut(_Out):
    kind: Literal["document", "quote", "event", "claim"]
    id: str
    document: str | None
    title: str | None
    snippet: str
    match: MatchOut
    start: int | None


class SummaryOut(_Out):
    documents: int
    actors: int
    actor_kinds: dict[str, int]
    events: int
    events_counted: int
    event_types: dict[str, int]
    quotes: int
    claims: int
    contested_claims: int
    state_pairs: int
    published: dict[str, str | None]
    event_dates: dict[str, str | None]
    outlets: list[str]


class _Page(_Out):
    total: int
    limit: int
    offset: int


class DocumentPage(_Page):
    items: list[DocumentOut]


class ActorPage(_Page):
    items: list[ActorOut]


class EventPage(_Page):
    items: list[EventOut]


class QuotePage(_Page):
    items: list[QuoteOut]


class ClaimPage(_Page):
    items: list[ClaimOut]


class RelationPage(_Page):
    items: list[RelationSummaryOut]


class SearchPage(_Page):
    items: list[SearchHitOut]


def _whole_characters(value: Any) -> Any:
    """Lone surrogates (a JSON "\\ud800") as U+FFFD, so length limits can be checked: as ingest reads them."""
    if isinstance(value, str):
        return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in value)
    return value


Short = Annotated[str | None, BeforeValidator(_whole_characters)]


class IngestDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # No length bounds here: the acceptance rules the command line applies decide (empty, too_large ...),
    # and answer for this document alone; the request body as a whole is bounded by the server.
    text: str = Field(description="the article's text; checked as `newsgraph ingest` checks a file")
    source: Short = Field(default=None, max_length=2000, description="path or URL; defaults to api:<id>")
    title: Short = Field(default=None, max_length=1000)
    outlet: Short = Field(default=None, max_length=200)
    url: Short = Field(default=None, max_length=2000)
    published: str | None = Field(default=None, pattern=ISO_PREFIX)


class IngestRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    documents: list[IngestDocument] = Field(min_length=1, max_length=100)


class IngestResult(_Out):
    index: int = Field(description="the document's place in the request, from 0")
    source: str
    status: Literal["stored", "present", "skipped"]
    id: str | None = Field(description="the document id; null when the text was not accepted")
    reason: str | None = Field(description="why it was skipped: empty, binary, too_large, not_english, crashed ...")
    detail: str | None
    notes: list[str] = Field(description="what reading repaired in the text (NUL characters removed ...)")


class IngestOut(_Out):
    ingested: int
    present: int
    skipped: list[dict[str, str]]
    documents: list[str] = Field(description="ids of the documents stored or already present")
    results: list[IngestResult] = Field(description="one answer per posted document, in order")
