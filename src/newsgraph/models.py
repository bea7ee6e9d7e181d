"""Typed value objects: what newsgraph is made of.

Everything inside the library passes these frozen dataclasses around; pydantic
models appear only at the edges (the dossier schema, the REST API).  Ids are
derived from content, so the same input always yields the same records.

Per-document records (``Mention``, ``Event``, ``Quote``) carry *provisional*
actor ids chosen while reading one document; corpus resolution maps them to
the merged ``Actor`` ids without re-reading any text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

ACTOR_KINDS = ("state", "person", "organization", "company", "igo", "media", "armed_group")
DOCUMENT_DATE_BASES = ("metadata", "inferred", "unknown")
EVENT_DATE_BASES = ("explicit", "relative", "document", "inferred")
POLARITIES = ("positive", "negative")
MODALITIES = ("actual", "intended", "hypothetical")
STANCES = ("asserts", "denies", "reports", "questions")
QUOTE_KINDS = ("direct", "indirect")
OUTLET = "outlet"  # the holder of a stance taken in the article's own voice
# PLOVER's sixteen event types, in the manual's order (docs/plover.md): the one list
# the event lexicon checks its files against and the dossier's schema states.
PloverType = Literal[
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
PLOVER_TYPES: tuple[str, ...] = get_args(PloverType)


def content_id(prefix: str, *parts: object) -> str:
    """A short stable id from the given parts: ``prefix-`` + 16 hex digits."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:16]}"


@dataclass(frozen=True)
class DateValue:
    """An ISO 8601 prefix whose length is its precision, with how it was known."""

    value: str  # "2021", "2021-04" or "2021-04-07"
    basis: str

    @property
    def precision(self) -> str:
        return {4: "year", 7: "month", 10: "day"}.get(len(self.value), "unknown")


@dataclass(frozen=True)
class Timex:
    """A time expression found in a document, resolved where the text allows.

    ``start``/``end`` are token indices into the Doc (end exclusive);
    ``start_char``/``end_char`` index the text.  ``value`` is None when the
    expression cannot be placed on the calendar ("recent years").
    """

    start: int
    end: int
    start_char: int
    end_char: int
    text: str
    value: DateValue | None
    # "point" (on 7 November), "since" (since 1997), "until" (until 2025),
    # "range" (from 1991 to 2020), "duration" (a two-day visit: never a value)
    relation: str = "point"
    end_value: DateValue | None = None  # the end of a range


@dataclass(frozen=True)
class Evidence:
    """A span of a document's stored text: the proof behind a record."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    id: str
    source: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: DateValue | None = None
    language: str = "en"
    # What reading changed in the text or metadata, one sentence each ("3 NUL characters removed").
    notes: tuple[str, ...] = ()
    # What extraction could not read whole, and why (the caps of newsgraph.bounds); None: nothing.
    capped: str | None = None


@dataclass(frozen=True)
class Skipped:
    """An input that was not ingested, and why.  A result, never silence."""

    source: str
    # short machine key: empty, binary, undecodable, too_large, not_english, malformed,
    # unreadable, unsupported, failed, crashed, timed_out
    reason: str
    detail: str  # a sentence a person can act on


def failure(source: str, stage: str, exc: BaseException) -> Skipped:
    """An input lost to an error of newsgraph's own: a skip that says where, not a stopped batch."""
    return Skipped(
        source, "failed", f"{stage} failed: {type(exc).__name__}: {exc}; please report this with the input file"
    )


@dataclass(frozen=True)
class Mention:
    """One mention of an actor in one document."""

    document: str
    start: int
    end: int
    text: str
    actor: str  # provisional id: "PAK", "person:sergey-lavrov", "org:imf"
    name: str  # the fullest name this document gives the actor
    kind: str
    country: str | None
    role: str | None = None
    # For a group named by role or collective ("rebels", "the army"): its
    # sector (government, military, police, rebels, opposition, civilians,
    # media, business); None for states, people and named bodies.
    sector: str | None = None


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str
    country: str | None
    roles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    mentions: int = 0
    sector: str | None = None


@dataclass(frozen=True)
class Amount:
    value: float
    unit: str  # ISO currency code, "percent", or a counted noun ("doses")
    text: str


@dataclass(frozen=True)
class Event:
    id: str
    document: str
    type: str  # PLOVER type
    mode: str | None
    cameo_root: str | None
    weight: float
    source: str | None  # provisional actor id
    target: str | None
    polarity: str
    modality: str
    date: DateValue | None
    evidence: Evidence
    cue: str = ""
    amounts: tuple[Amount, ...] = ()
    reported_by: str | None = None  # actor id, "outlet", or None
    holder: str = OUTLET  # who takes the stance (speaker or outlet)
    stance: str = "asserts"
    # Lemmas, lower-cased and space-separated, as the parser gave them: of the
    # cue ("met" -> "meet") and of the evidence sentence.  Corpus resolution
    # compares events by these and never parses text; "" in records written
    # before they were stored (see resolve.events).
    cue_lemma: str = ""
    lemmas: str = ""


@dataclass(frozen=True)
class Quote:
    id: str
    document: str
    speaker: str | None  # provisional actor id, None when it cannot be resolved
    speaker_text: str | None
    text: str
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Stance:
    document: str
    holder: str
    stance: str
    evidence: Evidence
    event: str | None = None
    confidence: float | None = None  # the stance head's, where a model (not a rule) decided
    mention: str | None = None  # the ClaimMention behind it, for stances found in free text


@dataclass(frozen=True)
class ClaimMention:
    """One source's stance on a proposition, found in one document.

    ``text`` is the proposition in the source's words, stated affirmatively
    (a denial's negation is left out: "has not supplied arms" is a denial of
    "has supplied arms").  Claims group mentions across documents by meaning
    (``newsgraph.resolve.claims``): ``sketch`` is a cheap static embedding of
    the text computed with the extraction (``claims.sketch``), for finding
    likely restatements; ``vector`` is its full sentence embedding
    (``claims.encoder``), computed by corpus resolution for the mentions
    whose sketch has a near neighbour (or earlier, during a local ingest, on
    idle cores: ``claims.ahead``), and stored."""

    id: str
    document: str
    text: str
    holder: str  # provisional actor id or "outlet"
    stance: str
    kind: str  # quote, headline, dismissed, evidential
    evidence: Evidence
    actors: tuple[str, ...] = ()  # provisional actor ids named in the proposition
    event: str | None = None  # an event of the document stated inside it
    event_type: str | None = None
    date: DateValue | None = None  # the time the proposition is about, where the text says
    keywords: tuple[str, ...] = ()  # lemmas of its content words, actors and stance cues left out
    vector: tuple[float, ...] = ()
    sketch: tuple[float, ...] = ()


@dataclass(frozen=True)
class Claim:
    """A proposition in words and every stance taken on it.

    Claims built from events keep their key (subject state, PLOVER family,
    object state), one way of grouping; claims grouped from free-text
    mentions have ``predicate`` None unless their mentions state an event."""

    id: str
    proposition: str
    subject: str | None
    predicate: str | None
    mode: str | None
    object: str | None
    stances: tuple[Stance, ...] = ()
    actors: tuple[str, ...] = ()
    date: DateValue | None = None

    @property
    def text(self) -> str:
        return self.proposition

    @property
    def contested(self) -> bool:
        """One source asserts it and another denies it.  A source is a holder
        (the outlet of each document counts apart); one holder saying both
        is a holder hedging or a misreading, not a contest."""

        def source(s: Stance) -> tuple[str, str]:
            return (s.holder, s.document) if s.holder == OUTLET else (s.holder, "")

        asserting = {source(s) for s in self.stances if s.stance == "asserts"}
        denying = {source(s) for s in self.stances if s.stance == "denies"}
        return any(a != d for a in asserting for d in denying)


@dataclass(frozen=True)
class Extraction:
    """Everything per-document extraction found in one document."""

    document: Document
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[ClaimMention, ...] = ()
    notes: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A document's records are unique by their key, the first kept: the
        # store's tables hold no key (newsgraph.store.migrations.m016_unkeyed_records).
        for name, key in _RECORD_KEYS.items():
            records = getattr(self, name)
            if len({key(r) for r in records}) < len(records):
                object.__setattr__(self, name, _first_of_each(records, key))


def _first_of_each(records: Sequence[Any], key: Callable[[Any], object]) -> tuple[Any, ...]:
    seen: set[object] = set()
    out = []
    for record in records:
        k = key(record)
        if k not in seen:
            seen.add(k)
            out.append(record)
    return tuple(out)


_RECORD_KEYS: dict[str, Callable[[Any], object]] = {
    "mentions": lambda m: (m.start, m.end),
    "events": lambda e: e.id,
    "quotes": lambda q: q.id,
    "claims": lambda c: c.id,
}
