"""Event deduplication: mentions of one real-world event become one cluster.

The same visit, deal or strike is reported by several outlets and often more
than once in one article.  Per-document extraction keeps every mention (each
with its own evidence); this corpus step groups them into clusters that carry
GDELT's counts -- NumMentions (every mention), NumSources (distinct outlets,
or documents where the outlet is unknown) and NumArticles -- so that counts
and series can use one row per happening without re-emitting mentions.

Two mentions are one event when they agree on polarity, modality and mode,
fall in one type family, concern the same pair of states (in either order
for symmetric types), have compatible dates and share content: a cue word, a *related* cue
("shot down" and "destroyed", "talks" and "visit": ``[cue_groups]``, trusted
only with month-precise text dates or, undated, within one article or on
close wording), or similar evidence sentences.  Dates are
compatible when one is a prefix of the other ("2021" contains "2021-04");
clustering keeps every cluster's dated members on one chain, so a cluster
never holds both 7 and 9 April.  A mention without a date, or dated only by
its document, needs strong content overlap (see ``data/event_dedup.toml``).

Words are compared as the lemmas the parser gave at extraction
(``Event.cue_lemma``, ``Event.lemmas``), so "met" meets "meet" and "flew"
"fly"; resolution never parses text.  Records stored before lemmas were kept
have none and fall back to a light suffix strip of the words (``_stem``),
which meets "visited" and "visit" but not "met" and "meet".

An undated mention in a cluster whose other mentions give the date gets that
date with basis ``inferred``: this is how an article that never states the
year of a visit is dated by another article about the same visit.
Claims are not touched: each source keeps its own stance.

How mentions are ordered and which clusters each may see -- the month of
the date, the month of the report -- is ``event_units``; clustering a store
and keeping it up to date is ``event_step``.  This module is the matching.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import duckdb
from rapidfuzz import fuzz

from newsgraph.models import DateValue, Event

if TYPE_CHECKING:
    from newsgraph.store import Store

# Dates read from the text; "document" and "inferred" dates are guesses that
# must not anchor a cluster or be passed on to other mentions.
HARD_BASES = ("explicit", "relative")
_STATE = re.compile(r"^[A-Z]{3}$")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


@dataclass(frozen=True)
class DedupRules:
    families: Mapping[str, str]
    symmetric: frozenset[str]
    similarity: float
    min_shared_words: int
    strong_names: int
    strong_similarity: float
    strong_shared_words: int
    related_date_precision: int
    report_window_days: int
    stopwords: frozenset[str]
    cue_groups: Mapping[str, tuple[frozenset[str], ...]]  # group -> its entries, as lemmas
    stemmed_cue_groups: Mapping[str, tuple[frozenset[str], ...]]  # the same, stemmed, for records without lemmas


@lru_cache(maxsize=1)
def rules() -> DedupRules:
    data = tomllib.loads(resources.files("newsgraph.data").joinpath("event_dedup.toml").read_text("utf-8"))
    content = data["content"]
    return DedupRules(
        families=dict(data["families"]),
        symmetric=frozenset(data["dyads"]["symmetric"]),
        similarity=float(content["similarity"]),
        min_shared_words=int(content["min_shared_words"]),
        strong_names=int(content["strong_names"]),
        strong_similarity=float(content["strong_similarity"]),
        strong_shared_words=int(content["strong_shared_words"]),
        related_date_precision=int(content["related_date_precision"]),
        report_window_days=int(content["report_window_days"]),
        stopwords=frozenset(content["stopwords"]),
        cue_groups={
            group: tuple(content_words(entry, frozenset(), lemmas=True) for entry in entries)
            for group, entries in data["cue_groups"].items()
        },
        stemmed_cue_groups={
            group: tuple(content_words(entry, frozenset(), lemmas=False) for entry in entries)
            for group, entries in data["cue_groups"].items()
        },
    )


@dataclass(frozen=True)
class Member:
    """One event mention as clustering sees it: resolved sides and its content."""

    event: str
    document: str
    source_key: str  # outlet, or the document when the outlet is unknown
    type: str
    mode: str | None
    block: tuple[str | None, ...]  # family, polarity, modality, dyad
    date: DateValue | None
    start: int
    cue: frozenset[str]
    related: frozenset[str]  # the cue groups its cue belongs to
    words: frozenset[str]
    names: frozenset[str]
    text: str  # content words, sorted, for rapidfuzz
    report: str | None = None  # the day its article was published ("2021-04-07"), if known

    @property
    def hard(self) -> bool:
        return self.date is not None and self.date.basis in HARD_BASES


@dataclass
class EventCluster:
    id: str
    members: list[Member] = field(default_factory=list)
    date: DateValue | None = None  # the most precise date read from the text

    @property
    def num_mentions(self) -> int:
        return len(self.members)

    @property
    def num_sources(self) -> int:
        return len({m.source_key for m in self.members})

    @property
    def num_articles(self) -> int:
        return len({m.document for m in self.members})

    @property
    def type(self) -> str:
        # the type most mentions agree on; ties go to the earliest mention
        counts = Counter(m.type for m in self.members)
        return max(self.members, key=lambda m: counts[m.type]).type

    def inferred(self) -> dict[str, DateValue]:
        """Dates passed to the undated members from the cluster's dated ones."""
        if self.date is None:
            return {}
        return {m.event: DateValue(self.date.value, "inferred") for m in self.members if m.date is None}


@dataclass
class _Growing:
    """A cluster being built, with what matching needs without walking its members."""

    cluster: EventCluster
    order: int  # creation order: ties between equally good clusters go to the older
    modes: set[str] = field(default_factory=set)
    # Members that match any newcomer equally well (same cue, content and
    # kind of date) are scored once: a story repeated by a hundred outlets
    # in one sentence costs one comparison, not a hundred.
    # Each profile keeps the documents it occurs in, for the one rule that
    # asks whether two mentions share an article.
    profiles: dict[tuple[Any, ...], tuple[Member, set[str]]] = field(default_factory=dict)

    def add(self, m: Member) -> None:
        self.cluster.members.append(m)
        if m.mode:
            self.modes.add(m.mode)
        key = (m.cue, m.related, m.text, m.names, m.hard, _precise(m))
        self.profiles.setdefault(key, (m, set()))[1].add(m.document)
        if m.hard:
            assert m.date is not None
            if self.cluster.date is None or len(m.date.value) > len(self.cluster.date.value):
                self.cluster.date = m.date


# ------------------------------------------------------------ content
@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    # For records stored without lemmas only.  A light suffix strip meets
    # "visit"/"visited"/"visits", "supply"/"supplied" and "agree"/"agreed"
    # (a final "e" goes too, or "agreed" -> "agre" would never meet "agree").
    w = word.lower()
    for suffix in ("ing", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)]
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w[:-1] + "i" if w.endswith("y") and len(w) > 4 else w


def content_words(text: str, stopwords: frozenset[str], lemmas: bool = True) -> frozenset[str]:
    """The content words of ``text``: lemmas as stored (``lemmas``), else words stemmed."""
    form = str.lower if lemmas else _stem
    return frozenset(form(w) for w in _WORD.findall(text) if len(w) > 2 and w.lower() not in stopwords)


_POSSESSIVE = re.compile(r"['’]s$")


def names(text: str, stopwords: frozenset[str]) -> frozenset[str]:
    """Capitalised words past the first: people, places, titles ("Pakistan's" is "Pakistan")."""
    words = _WORD.findall(text)
    return frozenset(
        _POSSESSIVE.sub("", w) for w in words[1:] if w[0].isupper() and w.lower() not in stopwords and len(w) > 1
    )


@lru_cache(maxsize=4096)  # one sentence often carries several events
def _content(evidence: str, lemmas: str) -> tuple[frozenset[str], frozenset[str], str]:
    """Content words, names and the sorted text rapidfuzz compares, for one evidence
    span: the words from its lemmas when stored, the names from its text."""
    stopwords = rules().stopwords
    words = content_words(lemmas, stopwords) if lemmas else content_words(evidence, stopwords, lemmas=False)
    return words, names(evidence, stopwords), " ".join(sorted(words))


# ---------------------------------------------------------- matching
def dates_compatible(a: DateValue, b: DateValue) -> bool:
    """Same date, or one contains the other ("2021" and "2021-04-07")."""
    return a.value.startswith(b.value) or b.value.startswith(a.value)


def _soft_compatible(cluster_date: DateValue, soft: DateValue) -> bool:
    # A date taken from the document is when it was reported: the event may
    # have happened then or earlier, never later.
    n = min(len(cluster_date.value), len(soft.value))
    return cluster_date.value[:n] <= soft.value[:n]


def _similarity(a: Member, b: Member) -> float:
    return float(fuzz.token_set_ratio(a.text, b.text))


def overlap(a: Member, b: Member, strong: bool, same_document: bool | None = None) -> float:
    """How well two mentions' content matches, 0 when it does not (0-200).

    A shared cue word adds 100 and a related cue (``[cue_groups]``) 50, so a
    mention joins the cluster that names the happening as it does first.
    """
    r = rules()
    shared_cue = bool(a.cue & b.cue)
    related = not shared_cue and bool(a.related & b.related)
    if strong:
        if not (shared_cue or related):
            return 0.0
        sim = _similarity(a, b)
        named = len(a.names & b.names) >= r.strong_names
        # the same wording around the cue: "ready to supply special military equipment"
        worded = len((a.words & b.words) - a.cue - b.cue) >= r.strong_shared_words and sim >= r.similarity
        if shared_cue and (named or worded or sim >= r.strong_similarity):
            return sim + 100
        if same_document is None:
            same_document = a.document == b.document
        if related and named and (same_document or sim >= r.strong_similarity):
            return sim + 50
        return 0.0
    shared = len(a.words & b.words)
    if related:
        if shared >= r.min_shared_words and _precise(a) and _precise(b):
            return _similarity(a, b) + 50
        return 0.0
    sim = _similarity(a, b)
    if shared_cue or (shared >= r.min_shared_words and sim >= r.similarity):
        return sim + (100 if shared_cue else 0)
    return 0.0


def _precise(m: Member) -> bool:
    """Dated by the text to the month or better: enough to trust a related cue."""
    return m.hard and m.date is not None and len(m.date.value) >= rules().related_date_precision


def _joins(cluster: _Growing, m: Member) -> float:
    """The best content match of ``m`` with the cluster, 0 when it cannot join."""
    if m.mode and any(mode != m.mode for mode in cluster.modes):
        return 0.0
    date = cluster.cluster.date
    if m.hard:
        assert m.date is not None
        if date is not None and not dates_compatible(date, m.date):
            return 0.0
        # a dated mention may join an undated cluster, but only on strong
        # overlap with it: otherwise it would hand its date to strangers
        strong = date is None
    else:
        if m.date is not None and date is not None and not _soft_compatible(date, m.date):
            return 0.0
        strong = True
    best = 0.0
    for x, documents in cluster.profiles.values():
        best = max(best, overlap(m, x, strong or not x.hard, m.document in documents))
    return best


def _precision_rank(m: Member) -> tuple[int, int, str, str, int, str]:
    # Precise text dates anchor clusters first, then coarser, then guesses and
    # undated mentions; within a rank the order is fixed -- down to the event id,
    # for two events read from one span -- so every runner (one process, a pool,
    # Ray) and every order of arrival yields the same clusters.
    if m.hard:
        assert m.date is not None
        rank = 0
        length = -len(m.date.value)
        value = m.date.value
    else:
        rank = 1 if m.date is not None else 2
        length = 0
        value = m.date.value if m.date else ""
    return (rank, length, value, m.document, m.start, m.event)


# --------------------------------------------------------- from store
def state_of(actor: str | None, actor_map: Mapping[str, str], countries: Mapping[str, str | None]) -> str | None:
    """The state an actor stands for: itself for a state, else its country, else itself."""
    if actor is None or actor == "outlet":
        return None
    resolved = actor_map.get(actor, actor)
    if _STATE.match(resolved):
        return resolved
    return countries.get(resolved) or resolved


def members_from(
    events: Iterable[Event],
    actor_map: Mapping[str, str],
    countries: Mapping[str, str | None],
    outlets: Mapping[str, str | None],
    published: Mapping[str, str | None] | None = None,
) -> Iterator[Member]:
    """Members of ``events``: sides resolved to states, content read from the evidence;
    ``published`` (document -> publication date) places each on its day of report."""
    r = rules()
    published = published or {}
    for e in events:
        family = r.families.get(e.type, e.type)
        source = state_of(e.source, actor_map, countries)
        target = state_of(e.target, actor_map, countries)
        if e.type in r.symmetric:
            pair = sorted((source or "", target or ""))
            dyad: tuple[str | None, str | None] = (pair[0] or None, pair[1] or None)
        else:
            dyad = (source, target)
        words, named, text = _content(e.evidence.text, e.lemmas)
        lemmatised = bool(e.lemmas or e.cue_lemma)
        cue = content_words(e.cue_lemma or e.cue, frozenset(), lemmas=lemmatised) if e.cue else frozenset()
        yield Member(
            event=e.id,
            document=e.document,
            source_key=(outlets.get(e.document) or "").strip().lower() or e.document,
            type=e.type,
            mode=e.mode,
            block=(family, e.polarity, e.modality, *dyad),
            date=e.date,
            start=e.evidence.start,
            cue=cue,
            related=_related(cue, lemmatised),
            words=words,
            names=named,
            text=text,
            report=_report_day(published.get(e.document)),
        )


@lru_cache(maxsize=65536)
def _related(cue: frozenset[str], lemmas: bool = True) -> frozenset[str]:
    """The cue groups a cue (as lemmas, or stemmed words) belongs to."""
    groups = rules().cue_groups if lemmas else rules().stemmed_cue_groups
    return frozenset(group for group, entries in groups.items() if any(x <= cue for x in entries))


def _report_day(date: str | None) -> str | None:
    return date[:10] if date and len(date) >= 10 else None


def document_dates(clusters: Iterable[EventCluster], undated_docs: set[str]) -> dict[str, DateValue]:
    """Dates for the other undated events of an undated document, from its news peg.

    An article with no publication date whose lead event is dated through
    another article (the visit it reports, dated by a second outlet) was
    written about that time, and the undated events it reports beside it --
    the talks held and offers made during the visit -- took place then too.
    The lead is the earliest mention in the text that took a cluster's date.
    Only documents without a publication date are touched: where the
    document's date is known, extraction already used it.
    """
    pegs: dict[str, tuple[int, DateValue]] = {}
    undated: dict[str, list[str]] = defaultdict(list)
    for cl in clusters:
        inferred = cl.inferred()
        for m in cl.members:
            if m.document not in undated_docs or m.date is not None:
                continue
            if m.event in inferred:
                if m.document not in pegs or m.start < pegs[m.document][0]:
                    pegs[m.document] = (m.start, inferred[m.event])
            else:
                undated[m.document].append(m.event)
    return {event: pegs[doc][1] for doc, events in undated.items() if doc in pegs for event in events}


def cluster_dates(store: Store) -> dict[str, DateValue]:
    """Event id -> the date inferred from its cluster, for events the text left undated."""
    try:
        rows = store.con.execute(
            "SELECT event, date, date_basis FROM event_cluster_members WHERE inferred AND date IS NOT NULL"
        ).fetchall()
    except duckdb.CatalogException:  # a database opened read-only from before event clusters existed
        return {}
    return {event: DateValue(date, basis) for event, date, basis in rows}
