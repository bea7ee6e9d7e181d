"""Infer a document's publication date from its text when metadata gives none.

Each rule yields an interval of days the article could have been published
on; the date kept is the longest ISO prefix the whole interval shares, with
basis "inferred".  Rules, strongest first (the first that yields a value
wins):

1. **A "Published/Updated …" line** near the top or bottom of the text, with
   a full date.
2. **A dateline** with a date ("WASHINGTON, March 3, 2024 (Reuters) -").
3. **An explicit date plus a relative cue for the same happening.**  The
   article gives a date with day and year for something ("the conversation
   on 7th November 2023") and, in its own voice (not inside a quotation),
   places the same happening relative to the day of writing:
   "yesterday" → that date + 1 day; "today" → that date; "on Wednesday"
   (when that date is a Wednesday) → within the 6 days after; "this week" →
   the rest of that week; "last week" → the week after; "this month" / "last
   month" likewise.  "Same happening" means the two sentences share at least
   ``same_happening_min_shared_words`` content words (nouns, verbs,
   adjectives; reporting verbs excluded), or are one sentence.  Failing shared
   words, a cue in the first ``lede_sentences`` sentences ("the Kremlin said
   today") and a full date also there ("took effect on 10 November 2020")
   are read as the same news peg, provided that date is the latest the
   article gives (a later date anywhere marks it as background).  All
   qualifying intervals are intersected, best-supported first; one that
   would empty the intersection is dropped.
4. **Dated links** in the text (".../2025/2025-03-28/...", "/2024/05/12/"):
   the article is no older than the latest linked date and taken to lie
   within ``link_window_days`` (data/time.toml) after it, which leaves the
   year (or nothing, when the window crosses a New Year).

Explicit dates alone do not date an article (a piece written in 2023 can
recount April 2021 and nothing more), and today's date is never used: when no
rule applies the publication date is unknown (None).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Doc, Span

from newsgraph.extract.time.resolver import EXPLICIT, interval_of, prefix, resolve, strip_modifiers, words
from newsgraph.models import DateValue
from newsgraph.nlp.doctext import doc_text

INFERRED = "inferred"

_PUBLISHED_LINE = re.compile(
    r"(?:^|[|•·])[^\S\n]*(?P<word>(?:first[^\S\n]+)?published|posted|(?:last[^\S\n]+)?updated)"
    r"(?:[^\S\n]+(?:on|at))?[^\S\n]*:?(?P<rest>[^\n|•·]{4,60})",
    re.IGNORECASE | re.MULTILINE,
)
_DATE_IN_LINE = re.compile(
    r"\d{4}-\d{2}-\d{2}"  # 2024-03-03, also inside 2024-03-03T10:00Z
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{4}"  # 03/03/2024
    r"|[A-Za-z]{3,9}\.?[^\S\n]+\d{1,2}(?:st|nd|rd|th)?,?[^\S\n]+\d{4}"  # March 3, 2024
    r"|\d{1,2}(?:st|nd|rd|th)?[^\S\n]+[A-Za-z]{3,9}\.?,?[^\S\n]+\d{4}"  # 3 March 2024
)
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Za-z.'’ -]{1,40},[^\S\n]*"  # "WASHINGTON," "NEW DELHI,"
    r"(?P<date>[A-Z][a-z]{2,8}\.?[^\S\n]+\d{1,2},?[^\S\n]+\d{4}"  # March 3, 2024
    r"|\d{1,2}[^\S\n]+[A-Z][a-z]{2,8}\.?[^\S\n]+\d{4})"  # 3 March 2024
    r"[^\S\n]*(?:\([^)\n]{1,30}\))?[^\S\n]*[-—–:]"  # (Reuters) -
)
_URL = re.compile(r"(?:https?://|www\.)\S+")
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[/-](0[1-9]|1[0-2])(?:[/-](0[1-9]|[12]\d|3[01]))?(?!\d)")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"")
_REPORTING = {"say", "tell", "add", "state", "note", "report", "claim", "remark", "write"}
_WEEK_AND_MONTH = frozenset({"this week", "last week", "this month", "last month"})  # read by _cue_interval


@dataclass(frozen=True)
class Found:
    """One explicit or relative time expression, as the inference rules see it."""

    span: Span
    norm: str
    value: DateValue | None
    relation: str


def infer_published(doc: Doc, found: Iterable[Found]) -> DateValue | None:
    """The inferred publication date of ``doc``, or None when the text does not support one."""
    found = list(found)
    text = doc_text(doc)
    rules = (
        lambda: _published_line(text),
        lambda: _dateline(text),
        lambda: _agree(_same_happening(doc, text, found) + _lede(doc, text, found)),
        lambda: _links(text),
    )
    for rule in rules:
        interval = rule()
        if interval is not None:
            value = prefix(interval)
            if value:
                return DateValue(value, INFERRED)
    return None


def _explicit_date(text: str) -> DateValue | None:
    value, relation, _ = resolve(text, None)
    return value if value is not None and relation == "point" and value.basis == EXPLICIT else None


def _published_line(text: str) -> tuple[date, date] | None:
    lines = text.splitlines()
    edges = "\n".join(lines[:6] + lines[-6:])
    # first publication beats a later update
    matches = sorted(_PUBLISHED_LINE.finditer(edges), key=lambda m: "updated" in m.group("word").lower())
    for m in matches:
        found = _DATE_IN_LINE.search(m.group("rest"))
        value = _explicit_date(found.group()) if found else None
        if value is not None:
            return interval_of(value)
    return None


def _dateline(text: str) -> tuple[date, date] | None:
    m = _DATELINE.match(text)
    if m is None:
        return None
    value = _explicit_date(m.group("date"))
    return interval_of(value) if value is not None else None


def _links(text: str) -> tuple[date, date] | None:
    latest: date | None = None
    for url in _URL.finditer(text):
        for m in _URL_DATE.finditer(url.group()):
            year, month = int(m.group(1)), int(m.group(2))
            day = int(m.group(3)) if m.group(3) else 1
            try:
                d = date(year, month, day)
            except ValueError:
                continue
            latest = d if latest is None or d > latest else latest
    if latest is None:
        return None
    return latest, latest + timedelta(days=words().link_window_days)


# ------------------------------------------------------- explicit date + cue


def _same_happening(doc: Doc, text: str, found: list[Found]) -> list[tuple[date, date]]:
    """Rule 3: intervals from explicit dates and cues tied by shared words, best-supported first.

    A cue and a date are compared once per pair of their sentences, norm and
    value (not once per pair of mentions, which grew with the square of a
    document's dates), and each interval is kept once: a repeated interval
    never changes what ``_agree`` makes of the list.
    """
    days = [f for f in found if f.value is not None and f.value.basis == EXPLICIT and f.value.precision == "day"]
    if not days:
        return []
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    cues = [f for f in found if _is_cue(f.norm) and not _inside(f.span, quoted)]
    cue_groups = _groups(cues, lambda f: (f.norm, _sentence(f.span).start))
    day_groups = _groups(days, lambda f: (f.value.value if f.value else "", _sentence(f.span).start))
    content: dict[int, set[str]] = {}
    candidates: list[tuple[int, int, int, tuple[date, date]]] = []
    for cue_members in cue_groups:
        for day_members in day_groups:
            # the first pair in document order that is not one expression taken twice
            pair = next(
                ((i, j) for i in cue_members for j in day_members if cues[i].span.start != days[j].span.start), None
            )
            if pair is None:
                continue
            cue, explicit = cues[pair[0]], days[pair[1]]
            support = _support(cue.span, explicit.span, content)
            if support < words().min_shared_words:
                continue
            assert explicit.value is not None
            interval = _cue_interval(cue.norm, date.fromisoformat(explicit.value.value))
            if interval is not None:
                candidates.append((-support, pair[0], pair[1], interval))
    candidates.sort(key=lambda c: c[:3])
    return list(dict.fromkeys(interval for *_, interval in candidates))


def _groups(items: list[Found], key: Callable[[Found], object]) -> list[list[int]]:
    """Indices of ``items`` grouped by ``key``, groups in order of their first member."""
    groups: dict[object, list[int]] = {}
    for i, item in enumerate(items):
        groups.setdefault(key(item), []).append(i)
    return list(groups.values())


def _is_cue(norm: str) -> bool:
    """Can ``_cue_interval`` place ``norm`` at all (on some day)?"""
    w = words()
    norm = strip_modifiers(norm)
    return norm in w.days_from_base or norm in w.weekdays or norm in _WEEK_AND_MONTH


def _lede(doc: Doc, text: str, found: list[Found]) -> list[tuple[date, date]]:
    """Rule 4: the lede's relative cues and the lede's full date describe the same news peg."""
    sentences = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    if not sentences:
        return []
    lede_end = sentences[min(len(sentences), words().lede_sentences) - 1].end_char
    explicit = [
        f
        for f in found
        if f.value is not None and f.value.basis == EXPLICIT and f.value.precision == "day" and f.relation == "point"
    ]
    if not explicit:
        return []
    peg = max(explicit, key=lambda f: f.value.value if f.value else "")
    assert peg.value is not None
    day = date.fromisoformat(peg.value.value)
    if peg.span.end_char > lede_end:
        return []
    if any(f.value is not None and f.value.basis == EXPLICIT and interval_of(f.value)[0] > day for f in found):
        return []  # the article dates something later: the lede's date is background, not the peg
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    intervals = [
        _cue_interval(f.norm, day)
        for f in found
        # identity: Found records, not tokens
        if f.span.end_char <= lede_end and f is not peg and not _inside(f.span, quoted)
    ]
    return [i for i in intervals if i is not None]


def _agree(intervals: list[tuple[date, date]]) -> tuple[date, date] | None:
    """The first interval, narrowed by each later one that overlaps it."""
    if not intervals:
        return None
    lo, hi = intervals[0]
    for clo, chi in intervals[1:]:
        if max(lo, clo) <= min(hi, chi):
            lo, hi = max(lo, clo), min(hi, chi)
    return lo, hi


def _cue_interval(norm: str, d: date) -> tuple[date, date] | None:
    """Publication days on which ``norm`` (said in the article's voice) would mean day ``d``."""
    w = words()
    norm = strip_modifiers(norm)  # "earlier today" is still today
    if norm in w.days_from_base:  # it happened "yesterday" (-1): written the day after
        written = d - timedelta(days=w.days_from_base[norm])
        return written, written
    if norm in w.weekdays:
        return (d, d + timedelta(days=6)) if w.weekdays[norm] == d.weekday() else None
    sunday = d + timedelta(days=6 - d.weekday())
    month_end = date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
    if norm == "this week":
        return d, sunday
    if norm == "last week":
        return sunday + timedelta(days=1), sunday + timedelta(days=7)
    if norm == "this month":
        return d, month_end
    if norm == "last month":
        start = month_end + timedelta(days=1)
        return start, date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
    return None


def _inside(span: Span, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= span.start_char and span.end_char <= end for start, end in ranges)


def _sentence(span: Span) -> Span:
    doc = span.doc
    if doc.has_annotation("SENT_START"):
        return span.sent
    return doc[:]


def _support(cue: Span, explicit: Span, content: dict[int, set[str]]) -> int:
    """How strongly two time expressions are about the same happening (``content``: each sentence's words, kept)."""
    a, b = _sentence(cue), _sentence(explicit)
    if a.start == b.start:
        return words().min_shared_words
    for sent in (a, b):
        if sent.start not in content:
            content[sent.start] = _content(sent)
    return len(content[a.start] & content[b.start])


def _content(sent: Span) -> set[str]:
    tagged = sent.doc.has_annotation("POS")
    out = set()
    for t in sent:
        if t.is_stop or not t.is_alpha or len(t) < 3 or t.ent_type_ in ("DATE", "TIME"):
            continue
        if tagged and t.pos_ not in ("NOUN", "VERB", "ADJ"):
            continue
        lemma = (t.lemma_ or t.lower_).lower()
        if lemma not in _REPORTING:
            out.add(lemma)
    return out
