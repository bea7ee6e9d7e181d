"""Dates of acts placed by a span of time from another: "a day after X".

News English dates one act by another: "Sweden signalled on Wednesday ...,
a day after the Turkish parliament ratified ...".  The ratification has no
date of its own; it happened a day before the Wednesday of the clause the
phrase hangs off.  Without this rule the ratification took the Wednesday,
the nearest date in its sentence: a day late, and then it could not meet
other reports of the same ratification.

The parser attaches the phrase in three ways, all read here: "after" as a
preposition with the act as its complement and the span under it; "after" as
the act's subordinating mark with the span on the act; the span as the head,
with "after" under it.  Words and units are in ``data/time.toml``
(``[offsets]``).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Span, Token

from newsgraph.extract.time.resolver import Words
from newsgraph.extract.time.resolver import words as time_words
from newsgraph.extract.tree import climb, memo_for
from newsgraph.models import DateValue, Timex

_PRECISION = {"day": 10, "week": 10, "month": 7, "year": 4}  # date length a unit needs


@dataclass(frozen=True)
class Offset:
    """An "a day after" phrase over an act: its tokens, and how far and which way."""

    phrase: range  # token indices of the phrase holding the act
    attached: Token  # the word the phrase hangs off
    sign: int
    count: int
    unit: str


def find_offset(token: Token, sent: Span) -> Offset | None:
    """The span-of-time phrase ("a day after ...") that ``token`` lies in, if any.

    Found by climbing from ``token`` to the first word with such a phrase on
    it; each word's answer is kept with the document, so asking for every
    word of a sentence costs its length, not its length times its depth.
    """
    doc = token.doc
    found: dict[int, Offset | None] = doc.user_data.setdefault("newsgraph.offsets", {})

    def at(node: Token) -> Offset | None:
        if node.i not in found:
            found[node.i] = _offset_at(node, time_words())
        return found[node.i]

    top = climb(token, lambda node: at(node) is None, memo_for(doc, "offset"))
    return at(top) if sent.start <= top.i < sent.end else None


def _offset_at(node: Token, words: Words) -> Offset | None:
    for anchor in (node, *(c for c in node.children if c.dep_ == "mark")):
        if anchor.lower_ in words.offset_anchors and anchor.dep_ in ("prep", "mark"):
            found = _span_before(anchor, node, words)
            if found is not None:
                return found
    return None


def _span_before(anchor: Token, node: Token, words: Words) -> Offset | None:
    # the span of time stands in front of the anchor: under it, over it, or beside it on the act
    head = anchor.head
    for unit in (*anchor.children, head, *node.children):
        if unit.i >= anchor.i or unit.lower_ not in words.offset_units:
            continue
        over = unit.i == head.i  # the span heads the phrase: "a day (after ...)"
        if not over and unit.dep_ not in ("npadvmod", "nmod", "advmod", "obl"):
            continue
        count = _count(unit, words)
        if count is None:
            continue
        top = unit if over else (anchor if anchor.dep_ == "prep" else node)
        phrase = range(top.left_edge.i, top.right_edge.i + 1)
        return Offset(phrase, top.head, words.offset_anchors[anchor.lower_], count, words.offset_units[unit.lower_])
    return None


def _count(unit: Token, words: Words) -> int | None:
    for child in unit.children:
        if child.dep_ in ("det", "nummod", "quantmod"):
            text = child.lower_
            if text in words.numbers:
                return words.numbers[text]
            if text.isdigit():
                return int(text)
    return None


def offset_date(
    token: Token, sent: Span, timexes: Callable[[int, int], Sequence[Timex]]
) -> tuple[bool, DateValue | None]:
    """(applies, date) for an act inside an "a day after ..." phrase.

    ``applies`` is False when there is no such phrase, or the phrase names a
    date of its own (the usual rules then date the act).  Otherwise the date
    is the attached clause's date moved by the span, or None when that
    clause has no date fine enough to move.
    """
    offset = find_offset(token, sent)
    if offset is None:
        return False, None
    inside = [t for t in timexes(offset.phrase.start, offset.phrase.stop) if t.value is not None]
    if inside:
        return False, None
    outside = [
        t
        for t in timexes(sent.start, sent.end)
        if t.value is not None and (t.end <= offset.phrase.start or t.start >= offset.phrase.stop)
    ]
    if not outside:
        return True, None
    at = offset.attached.i
    base = min(outside, key=lambda t: min(abs(t.start - at), abs(t.end - 1 - at))).value
    assert base is not None
    return True, shift(base, offset.sign * offset.count, offset.unit)


def shift(value: DateValue, amount: int, unit: str) -> DateValue | None:
    """``value`` moved by ``amount`` units, at its own precision; None if too coarse."""
    if len(value.value) < _PRECISION[unit]:
        return None
    parts = [int(p) for p in value.value.split("-")]
    if unit == "year":
        return DateValue("-".join([f"{parts[0] + amount:04d}", *value.value.split("-")[1:]]), "relative")
    if unit == "month":
        months = parts[0] * 12 + (parts[1] - 1) + amount
        year, month = divmod(months, 12)
        if len(parts) == 2:
            return DateValue(f"{year:04d}-{month + 1:02d}", "relative")
        day = min(parts[2], calendar.monthrange(year, month + 1)[1])
        return DateValue(f"{year:04d}-{month + 1:02d}-{day:02d}", "relative")
    days = amount * (7 if unit == "week" else 1)
    moved = date(parts[0], parts[1], parts[2]) + timedelta(days=days)
    return DateValue(moved.isoformat(), "relative")
