"""Find the token spans of time expressions in a Doc.

The statistical model's DATE entities are the starting point; the small
model misses or truncates many ("7th November 2023" comes out as "November
2023", "two weeks back" as "two weeks", "From 1991 to 2020" as two dates),
so patterns over the text add what it missed and the union of overlapping
candidates is kept.  Patterns are case-sensitive for month and weekday names
("may", "march" and "sunday" are ordinary words in lower case) and need a
preposition, a day or a year before a bare month is believed.

A span keeps the words that change its meaning ("since", "from … to",
"between … and", "until") and drops those that do not ("in", "on", "during"),
so "in April" is the span "April" and "since 1997" stays "since 1997".
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc, Span

from newsgraph.extract.time.resolver import words
from newsgraph.nlp.doctext import doc_text

_SP = r"[^\S\n]+"  # spaces that stay on one line
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_RELATIONAL = {"since", "from", "between", "until", "till", "through"}
_TRIM = {"in", "on", "at", "during", "of", "by", "over", "for", "around", "about", "throughout", "within"}
_TIME_WORDS = re.compile(
    r"\b(night|morning|evening|afternoon|yesterday|today|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    w = words()
    month_names = sorted(w.months, key=len, reverse=True)
    months = (
        "(?:" + "|".join(m.capitalize() + (r"\.?" if len(m) <= 4 and m != "may" else "") for m in month_names) + ")"
    )
    weekdays = "(?:" + "|".join(d.capitalize() for d in w.weekdays) + ")"
    number = "(?:" + "|".join(sorted(w.numbers, key=len, reverse=True)) + r"|\d+)"
    day_range = rf"{_DAY}(?:{_SP}?[-–]{_SP}?{_DAY})?"
    cased = [
        rf"\b{day_range}{_SP}(?:of{_SP})?{months}(?:,?{_SP}{_YEAR})?\b",  # 7th November 2023, 22-24 October
        rf"\b{months}{_SP}{day_range}\b(?:,?{_SP}{_YEAR}\b)?",  # January 1, 2018; October 22-24; May 1
        rf"\b{months},?{_SP}{_YEAR}\b",  # April 2021
        rf"\b{months}{_SP}(?:this|last|next){_SP}year\b",  # February this year
        rf"\b(?:[Ii]n|[Ss]ince|[Dd]uring|[Uu]ntil|[Bb]y|[Ff]rom|[Ee]arly|[Ll]ate|[Mm]id-?|[Ll]ast|[Nn]ext|[Tt]his){_SP}{months}\b",
        rf"\b(?:(?:[Ll]ast|[Nn]ext|[Tt]his|[Oo]n|[Ss]ince|[Bb]y|[Uu]ntil){_SP})?{weekdays}"
        rf"(?:{_SP}(?:morning|afternoon|evening|night))?\b",
    ]
    caseless = [
        rf"\b(?:in|since|from|until|till|by|during|before|after|of|early|late|mid-?|between)"
        rf"{_SP}(?:the{_SP})?(?:(?:early|late|mid)-?{_SP}?)?{_YEAR}s?\b"
        rf"(?:{_SP}?(?:-|–|to|and|until){_SP}?{_YEAR}\b)?",  # since 1997, from 1991 to 2020, in the late 1990s
        rf"\bthe{_SP}(?:(?:early|late|mid)-?{_SP}?)?(?:1[89]|20)\d0s\b",
        r"\b\d{4}-\d{2}-\d{2}\b",
        r"\b(?:yesterday|today|tonight|tomorrow)\b",
        rf"\b(?:(?:early|late|mid-?|earlier|later){_SP})?(?:this|last|next|past){_SP}(?:week|weekend|month|year)(?:['’]s)?\b",
        rf"\b{number}{_SP}(?:days?|weeks?|months?|years?){_SP}(?:ago|back)\b",
        rf"\b(?:in{_SP})?recent{_SP}(?:days|weeks|months|years)\b",
    ]
    return tuple(re.compile(p) for p in cased) + tuple(re.compile(p, re.IGNORECASE) for p in caseless)


def find_spans(doc: Doc) -> list[Span]:
    """Token spans of the time expressions in ``doc``, in order, not overlapping."""
    candidates: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ == "DATE" or (ent.label_ == "TIME" and _TIME_WORDS.search(ent.text)):
            candidates.append((ent.start, ent.end))
    text = doc_text(doc)
    for pattern in _patterns():
        for m in pattern.finditer(text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None and not any(t.like_url or ("/" in t.text and len(t) > 12) for t in span):
                candidates.append((span.start, span.end))
    spans = [_tidy(doc, start, end) for start, end in _merge(candidates)]
    return _join_ranges(doc, [s for s in spans if s is not None])


def _merge(candidates: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(candidates):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _tidy(doc: Doc, start: int, end: int) -> Span | None:
    while end - start > 1 and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s")):
        end -= 1
    while end - start > 1 and (doc[start].lower_ in _TRIM or doc[start].is_punct):
        if doc[start].lower_ == "at" and doc[start + 1].lower_ in ("least", "most"):
            break  # "at least five years" is one expression
        start += 1
    if doc[start].is_punct:
        return None
    if start > 0 and doc[start - 1].lower_ in _RELATIONAL:
        start -= 1
        if start > 0 and doc[start].lower_ == "since" and doc[start - 1].lower_ == "ever":
            start -= 1
    return doc[start:end]


def _join_ranges(doc: Doc, spans: list[Span]) -> list[Span]:
    """Join "from X" + "to Y" (and "between X" + "and Y") into one range."""
    out: list[Span] = []
    for span in spans:
        if out and span.start < out[-1].end:  # widened onto its neighbour ("since" taken twice)
            out[-1] = doc[out[-1].start : max(out[-1].end, span.end)]
            continue
        if out:
            prev = out[-1]
            gap = doc[prev.end : span.start]
            opens = prev[0].lower_ in ("from", "between")
            if opens and len(gap) == 1 and gap[0].lower_ in ("to", "and", "until", "till", "through", "-", "–"):
                out[-1] = doc[prev.start : span.end]
                continue
        out.append(span)
    return out
