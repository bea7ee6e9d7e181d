"""The ``newsgraph_dates`` component: the document date and its time expressions.

It runs after ``newsgraph_actors`` and sets:

``doc._.published``
    The document date as a ``DateValue``.  A date from metadata (basis
    "metadata") is kept as given.  Otherwise it is inferred from the text
    (basis "inferred") by the rules in ``extract.time.published``: a "Published …"
    line, a dateline, an explicit full date that the article also places
    relative to the day of writing ("yesterday", "this week", "on Wednesday"),
    or dated links, each at no finer precision than the evidence allows.
    When nothing supports a date it stays None: unknown is an answer, and
    today's date is never a stand-in.

``doc._.timexes``
    A ``Timex`` for every time expression: spaCy's DATE entities (and TIME
    entities that name a day, "last night"), widened and completed by the
    patterns in ``extract.time.find`` ("7th November 2023", "two weeks back", "from
    1991 to 2020", "in April").  Each is resolved by ``extract.time.resolver.resolve``
    against the document date: basis "explicit" for expressions that fix a
    date on their own, "relative" for those that needed the document date,
    value None where the text names no calendar place ("in recent years",
    "the 1980s", a relative expression in an undated document).  An
    expression governed by "will" or "scheduled" (see data/time.toml) reads
    weekdays and yearless dates forward ("will meet on Friday") instead of back.

Other code reuses the parts: ``resolve(text, anchor)`` for any string (a
filter such as "since last April", event dating), ``timexes_in(doc, start,
end)`` for the expressions inside a token range (an event's clause or
sentence).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsgraph.extract.grammar import AUXILIARIES
from newsgraph.extract.time.find import find_spans
from newsgraph.extract.time.published import Found, infer_published
from newsgraph.extract.time.resolver import normalise_timex, resolve, words
from newsgraph.models import DateValue, Timex

__all__ = ["DateComponent", "extract", "published_date", "resolve", "timexes_in"]


@Language.factory("newsgraph_dates", requires=["doc.ents"], assigns=["doc._.published", "doc._.timexes"])
def make_dates(nlp: Language, name: str) -> DateComponent:
    return DateComponent()


class DateComponent:
    def __call__(self, doc: Doc) -> Doc:
        spans = find_spans(doc)
        doc._.published = published_date(doc, spans)
        doc._.timexes = list(extract(doc, doc._.published, spans))
        return doc


def published_date(doc: Doc, spans: list[Span] | None = None) -> DateValue | None:
    """The document date: from metadata when given, else inferred from the text, else None."""
    given = doc._.published
    if given is None and doc._.document is not None:
        given = doc._.document.published
    if given is not None and given.basis != "unknown" and given.value:
        return given
    spans = find_spans(doc) if spans is None else spans
    found = []
    for span in spans:
        value, relation, _ = resolve(span.text, None)
        found.append(Found(span, normalise_timex(span.text), value, relation))
    return infer_published(doc, found)


def extract(doc: Doc, anchor: DateValue | None, spans: list[Span] | None = None) -> Iterator[Timex]:
    """Every time expression in ``doc``, resolved against ``anchor`` (the document date)."""
    for span in find_spans(doc) if spans is None else spans:
        value, relation, end_value = resolve(span.text, anchor, _direction(span))
        yield Timex(span.start, span.end, span.start_char, span.end_char, span.text, value, relation, end_value)


def timexes_in(doc: Doc, start: int, end: int, durations: bool = False) -> list[Timex]:
    """The time expressions lying wholly inside tokens ``start``..``end`` (end exclusive).

    Durations ("a two-day visit") are left out unless asked for: they say how
    long, not when, so they neither date an event nor show a date is missing.
    """
    timexes: list[Timex] = doc._.timexes or []
    starts = _starts(doc, timexes)
    if starts is None:  # not in text order (set by hand): look at each
        candidates: Sequence[Timex] = timexes
    else:  # asked once per event: a search, not a scan of every expression in the document
        candidates = timexes[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
    return [t for t in candidates if t.start >= start and t.end <= end and (durations or t.relation != "duration")]


def _starts(doc: Doc, timexes: list[Timex]) -> list[int] | None:
    """The start of each time expression, kept with the Doc while its list stands; None unless in text order."""
    key = (id(timexes), len(timexes))
    kept = doc.user_data.get("newsgraph.timex_starts")
    if kept is None or kept[0] != key:
        starts = [t.start for t in timexes]
        kept = (key, starts if all(a <= b for a, b in itertools.pairwise(starts)) else None)
        doc.user_data["newsgraph.timex_starts"] = kept
    return kept[1]


def _direction(span: Span) -> str:
    """Read forward ("future") when the expression hangs off "will …" or "scheduled …" (data/time.toml).

    An infinitive ("is scheduled to take place on Friday") and a present-tense
    relative clause ("the summit that Russia hosts in October", under "will
    meet") take their time from the verb that governs them, so that verb is
    checked too.
    """
    doc = span.doc
    if not doc.has_annotation("DEP"):
        return "past"
    w = words()
    verb = _governing_verb(span.root)
    for _ in range(3):
        if verb is None:
            break
        if verb.lemma_.lower() in w.future_verbs:
            return "future"
        if any(c.dep_ in AUXILIARIES and c.lower_ in w.future_auxiliaries for c in verb.children):
            return "future"
        # the small model sometimes tags a relative clause's verb as a noun ("hosts"): trust the relcl arc
        borrows = verb.dep_ == "xcomp" or (verb.dep_ == "relcl" and verb.tag_ not in ("VBD", "VBN"))
        verb = _governing_verb(verb.head) if borrows and verb.head.i != verb.i else None
    return "past"


def _governing_verb(token: Token) -> Token | None:
    for _ in range(4):
        if token.pos_ in ("VERB", "AUX") or token.dep_ == "relcl":
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None
