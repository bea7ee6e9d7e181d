"""Acts dated by a span of time from another: "a day after X".

Hand-built parses in each of the three shapes the parser gives the phrase;
model tests on short real sentences are in test_time_model.py.
"""

from __future__ import annotations

import pytest

from newsgraph.extract.time.offsets import find_offset, offset_date, shift
from newsgraph.models import DateValue, Timex

# "Sweden signalled on Wednesday, a day after parliament ratified it ."
WORDS = ["Sweden", "signalled", "on", "Wednesday", ",", "a", "day", "after", "parliament", "ratified", "it", "."]
SHAPES = {
    # "after" a preposition over the act, the span under "after"
    "prep": (
        [1, 1, 1, 2, 1, 6, 7, 1, 9, 7, 9, 1],
        ["nsubj", "ROOT", "prep", "pobj", "punct", "det", "npadvmod", "prep", "nsubj", "pcomp", "dobj", "punct"],
    ),
    # "after" the act's mark, the span on the act
    "mark": (
        [1, 1, 1, 2, 1, 6, 9, 9, 9, 1, 9, 1],
        ["nsubj", "ROOT", "prep", "pobj", "punct", "det", "npadvmod", "mark", "nsubj", "advcl", "dobj", "punct"],
    ),
    # the span the head, "after" under it
    "span head": (
        [1, 1, 1, 2, 1, 6, 1, 6, 9, 7, 9, 1],
        ["nsubj", "ROOT", "prep", "pobj", "punct", "det", "npadvmod", "prep", "nsubj", "pcomp", "dobj", "punct"],
    ),
}
WEDNESDAY = Timex(3, 4, 0, 0, "Wednesday", DateValue("2024-01-24", "relative"))


def _timexes(found: list[Timex]):
    return lambda start, end: [t for t in found if t.start >= start and t.end <= end]


@pytest.mark.parametrize("shape", list(SHAPES))
def test_the_act_is_a_day_before_the_clause_it_hangs_off(make_doc, shape):
    heads, deps = SHAPES[shape]
    doc = make_doc(WORDS, heads=heads, deps=deps)
    sent = doc[:]
    ratified = doc[9]
    assert find_offset(ratified, sent) is not None
    assert offset_date(ratified, sent, _timexes([WEDNESDAY])) == (True, DateValue("2024-01-23", "relative"))
    # the signalling itself is not under the phrase
    assert offset_date(doc[1], sent, _timexes([WEDNESDAY])) == (False, None)


def test_before_moves_forward_and_counts_words(make_doc):
    words = ["Talks", "opened", "on", "Monday", ",", "two", "weeks", "before", "the", "vote", "."]
    heads = [1, 1, 1, 2, 1, 6, 7, 1, 9, 7, 1]
    deps = ["nsubj", "ROOT", "prep", "pobj", "punct", "nummod", "npadvmod", "prep", "det", "pobj", "punct"]
    doc = make_doc(words, heads=heads, deps=deps)
    monday = Timex(3, 4, 0, 0, "Monday", DateValue("2024-03-04", "relative"))
    assert offset_date(doc[9], doc[:], _timexes([monday])) == (True, DateValue("2024-03-18", "relative"))


def test_a_phrase_with_its_own_date_is_dated_as_usual(make_doc):
    heads, deps = SHAPES["prep"]
    doc = make_doc(WORDS, heads=heads, deps=deps)
    own = Timex(10, 11, 0, 0, "it", DateValue("2024-01-20", "explicit"))  # stands in for "on Saturday"
    assert offset_date(doc[9], doc[:], _timexes([WEDNESDAY, own])) == (False, None)


def test_no_date_to_move_from_leaves_the_act_undated(make_doc):
    heads, deps = SHAPES["mark"]
    doc = make_doc(WORDS, heads=heads, deps=deps)
    assert offset_date(doc[9], doc[:], _timexes([])) == (True, None)


def test_after_without_a_span_is_not_an_offset(make_doc):
    words = ["Sweden", "spoke", "after", "parliament", "ratified", "it", "."]
    heads = [1, 1, 4, 4, 1, 4, 1]
    deps = ["nsubj", "ROOT", "mark", "nsubj", "advcl", "dobj", "punct"]
    doc = make_doc(words, heads=heads, deps=deps)
    assert find_offset(doc[4], doc[:]) is None


@pytest.mark.parametrize(
    ("value", "amount", "unit", "expected"),
    [
        ("2024-01-24", -1, "day", "2024-01-23"),
        ("2024-03-01", -1, "day", "2024-02-29"),
        ("2024-01-24", -2, "week", "2024-01-10"),
        ("2024-03-31", -1, "month", "2024-02-29"),
        ("2024-03", 1, "month", "2024-04"),
        ("2024-01", -1, "month", "2023-12"),
        ("2024", -1, "year", "2023"),
        ("2024-05-02", 1, "year", "2025-05-02"),
        ("2024-05", -1, "day", None),  # a month cannot be moved by a day
        ("2024", 1, "month", None),
    ],
)
def test_shift(value, amount, unit, expected):
    moved = shift(DateValue(value, "explicit"), amount, unit)
    assert (moved.value if moved else None) == expected
    if moved:
        assert moved.basis == "relative"
