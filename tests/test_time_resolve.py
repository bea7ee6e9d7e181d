"""resolve(text, anchor): one time expression read against a document date."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsgraph.extract.time.component import resolve
from newsgraph.extract.time.resolver import interval_of, prefix
from newsgraph.models import DateValue

WED = DateValue("2023-11-08", "inferred")  # a Wednesday
APR = DateValue("2021-04-07", "metadata")  # a Wednesday
MONTH = DateValue("2023-11", "inferred")
YEAR = DateValue("2025", "inferred")

# (expression, anchor) -> (value, basis, relation, end_value)
CASES = [
    # relative to a day
    ("yesterday", WED, "2023-11-07", "relative", "point", None),
    ("today", WED, "2023-11-08", "relative", "point", None),
    ("last night", WED, "2023-11-07", "relative", "point", None),
    ("tomorrow", WED, "2023-11-09", "relative", "point", None),
    ("this week", WED, "2023-11", "relative", "point", None),  # 6-12 November
    ("This week", APR, "2021-04", "relative", "point", None),
    ("last week's", WED, "2023", "relative", "point", None),  # 30 Oct - 5 Nov straddles a month
    ("last week", DateValue("2023-11-15", "metadata"), "2023-11", "relative", "point", None),
    ("on Wednesday", WED, "2023-11-08", "relative", "point", None),  # the day itself counts
    ("on Wednesday", DateValue("2023-11-10", "metadata"), "2023-11-08", "relative", "point", None),
    ("Tuesday", APR, "2021-04-06", "relative", "point", None),
    ("last Wednesday", WED, "2023-11-01", "relative", "point", None),
    ("in April", WED, "2023-04", "relative", "point", None),
    ("in December", WED, "2022-12", "relative", "point", None),  # most recent, not after
    ("last November", DateValue("2023-06-12", "metadata"), "2022-11", "relative", "point", None),
    ("last April", DateValue("2023-06-12", "metadata"), "2023-04", "relative", "point", None),
    ("next May", DateValue("2023-06-12", "metadata"), "2024-05", "relative", "point", None),
    ("at least five years", WED, None, None, "duration", None),
    ("April", DateValue("2021-04-07", "metadata"), "2021-04", "relative", "point", None),
    ("May 1", WED, "2023-05-01", "relative", "point", None),
    ("May 1", APR, "2020-05-01", "relative", "point", None),
    ("Nov. 7", WED, "2023-11-07", "relative", "point", None),
    ("late last month", WED, "2023-10", "relative", "point", None),
    ("earlier this month", WED, "2023-11", "relative", "point", None),
    ("two weeks back", WED, "2023-10", "relative", "point", None),  # the week of 23-29 October
    ("three days ago", WED, "2023-11-05", "relative", "point", None),
    ("February this year", WED, "2023-02", "relative", "point", None),
    ("September last year", WED, "2022-09", "relative", "point", None),
    ("May this year", WED, "2023-05", "relative", "point", None),
    ("last year", WED, "2022", "relative", "point", None),
    ("this year", WED, "2023", "relative", "point", None),
    ("the past week", WED, "2023-11", "relative", "point", None),
    ("on October 22-24", WED, "2023-10-22", "relative", "range", "2023-10-24"),
    # against a month or a year: only what holds for every day of it
    ("February this year", YEAR, "2025-02", "relative", "point", None),
    ("September last year", YEAR, "2024-09", "relative", "point", None),
    ("last year", YEAR, "2024", "relative", "point", None),
    ("today", MONTH, "2023-11", "relative", "point", None),
    ("yesterday", MONTH, "2023", "relative", "point", None),
    ("late last month", YEAR, None, None, "point", None),
    ("two weeks back", YEAR, None, None, "point", None),
    ("October 22-24", YEAR, None, None, "range", None),
    # explicit: no anchor needed, and an anchor changes nothing
    ("on 7th November 2023", None, "2023-11-07", "explicit", "point", None),
    ("on 7th November 2023", YEAR, "2023-11-07", "explicit", "point", None),
    ("January 1, 2018", None, "2018-01-01", "explicit", "point", None),
    ("7 November 2023", None, "2023-11-07", "explicit", "point", None),
    ("2023-11-07", None, "2023-11-07", "explicit", "point", None),
    ("25/03/2024", None, "2024-03-25", "explicit", "point", None),
    ("11/07/2023", None, "2023", "explicit", "point", None),  # 11 July or November 7: only the year is sure
    ("April 2021", None, "2021-04", "explicit", "point", None),
    ("In April 2021", WED, "2021-04", "explicit", "point", None),
    ("2022", None, "2022", "explicit", "point", None),
    ("mid-2022", None, "2022", "explicit", "point", None),
    ("early 2021", None, "2021", "explicit", "point", None),
    ("the first quarter of 2023", None, "2023", "explicit", "point", None),
    ("since 1997", None, "1997", "explicit", "since", None),
    ("since 2016", WED, "2016", "explicit", "since", None),
    ("since April", WED, "2023-04", "relative", "since", None),
    ("until 2025", None, "2025", "explicit", "until", None),
    ("from 1991 to 2020", None, "1991", "explicit", "range", "2020"),
    ("From 1991 to 2020", WED, "1991", "explicit", "range", "2020"),
    ("between 2015 and 2018", None, "2015", "explicit", "range", "2018"),
    ("1991–2020", None, "1991", "explicit", "range", "2020"),
    ("2019-21", None, "2019", "explicit", "range", "2021"),
    ("the 2019-20 fiscal year", None, "2019", "explicit", "range", "2020"),
    ("22-24 October 2023", None, "2023-10-22", "explicit", "range", "2023-10-24"),
    ("March-April 2023", None, "2023-03", "explicit", "range", "2023-04"),
    ("December 28 - January 3", WED, "2022-12-28", "relative", "range", "2023-01-03"),
    # no place on the calendar
    ("in recent years", WED, None, None, "point", None),
    ("these recent weeks", WED, None, None, "point", None),
    ("last few years", WED, None, None, "point", None),
    ("the last 15 years", WED, None, None, "point", None),
    ("since last few years", WED, None, None, "since", None),
    ("in the 1980s", WED, None, None, "point", None),
    ("the late 1990s", None, None, None, "point", None),
    ("since the late 1990s", WED, None, None, "since", None),
    ("the ’80s", WED, None, None, "point", None),
    ("during the week", WED, None, None, "point", None),
    ("10 a.m.", WED, None, None, "point", None),
    # durations are not dates
    ("two-day", WED, None, None, "duration", None),
    ("almost a decade", WED, None, None, "duration", None),
    ("annual", WED, None, None, "duration", None),
    ("24 hours", WED, None, None, "duration", None),
    # relative without a document date: unknown, never today's date
    ("yesterday", None, None, None, "point", None),
    ("in April", None, None, None, "point", None),
    ("on Wednesday", None, None, None, "point", None),
    ("last year", None, None, None, "point", None),
    ("May 1", None, None, None, "point", None),
]


@pytest.mark.parametrize(("text", "anchor", "value", "basis", "relation", "end"), CASES)
def test_resolve(text, anchor, value, basis, relation, end):
    got, got_relation, got_end = resolve(text, anchor)
    assert got_relation == relation
    if value is None:
        assert got is None
    else:
        assert got == DateValue(value, basis)
    assert (got_end.value if got_end else None) == end


@pytest.mark.parametrize(
    ("text", "anchor", "value"),
    [
        ("on Friday", WED, "2023-11-10"),
        ("in December", WED, "2023-12"),
        ("May 1", APR, "2021-05-01"),
        ("since 1997", WED, "1997"),  # "since" always looks back
    ],
)
def test_future_reading(text, anchor, value):
    got, _, _ = resolve(text, anchor, prefer="future")
    assert got is not None and got.value == value


@given(
    st.dates(date(1900, 1, 1), date(2100, 12, 31)),
    st.sampled_from(["yesterday", "on Monday", "in March", "last week", "two weeks ago", "May 3"]),
)
def test_relative_values_are_iso_prefixes_not_after_anchor(day, text):
    anchor = DateValue(day.isoformat(), "metadata")
    value, _, _ = resolve(text, anchor)
    if value is not None:
        assert len(value.value) in (4, 7, 10)
        assert interval_of(value)[0] <= day


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2021", "2021"), ("2021-04", "2021-04"), ("2021-04-07", "2021-04-07")],
)
def test_interval_round_trip(value, expected):
    assert prefix(interval_of(DateValue(value, "explicit"))) == expected
