"""Resolve one time expression to calendar values.

``resolve(text, anchor)`` is pure: the text of a time expression ("since
1997", "February this year", "on Wednesday") and the document date it is
read against give ``(value, relation, end_value)``.

How a value is found:

* Every expression becomes an *interval* of days it could mean: "2021" is
  2021-01-01..2021-12-31, "last week" is Monday..Sunday of the week before
  the document date, "7 November 2023" is one day.  The value reported is the
  longest ISO 8601 prefix the whole interval shares (day, month or year), so
  precision follows from what the expression states, never from the parser's
  habit of filling in missing parts with today's.
* A document date known only to the month or year is itself an interval; a
  relative expression is resolved against both ends and the union kept.
  "February this year" against "2025" is still 2025-02; "two weeks back"
  against "2025" is unknown (None), which is the honest answer.
* Forms with a rule of their own: a bare weekday is the latest such day on or
  before the document date; a month (or month and day) without a year is the
  most recent one not after it; "<month> this/last year" takes the year from
  the document date; decades, "recent years" and durations have no value.
  ``prefer="future"`` flips the direction for expressions under "will".
* Everything else goes through dateparser (``DateDataParser`` with
  ``RELATIVE_BASE`` and ``PREFER_DATES_FROM``) after the rewrites in
  ``data/time.toml``; its ``period`` (day, week, month, quarter, year) gives
  the interval, and a result whose year disagrees with a year written in the
  text is discarded.
* ``basis`` is "explicit" when the text fixes the date on its own (it states a
  year and nothing relative) and "relative" when the document date was needed.
  A relative expression without a document date has value None.

Relations: "point"; "since" (since 1997); "until" (until 2025); "range" with
``end_value`` (from 1991 to 2020, October 22-24, between 2015 and 2018);
"duration" (a two-day visit, almost a decade) which never has a value.
"""

from __future__ import annotations

import calendar
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from importlib import resources

from newsgraph.models import DateValue

Interval = tuple[date, date]

EXPLICIT = "explicit"
RELATIVE = "relative"


@dataclass(frozen=True)
class Words:
    months: dict[str, int]  # full names and abbreviations
    weekdays: dict[str, int]  # monday = 0
    relative: frozenset[str]
    numbers: dict[str, int]
    prepositions: tuple[str, ...]
    modifiers: tuple[str, ...]
    rewrites: tuple[tuple[re.Pattern[str], str], ...]
    unresolvable: tuple[re.Pattern[str], ...]
    durations: tuple[re.Pattern[str], ...]
    link_window_days: int
    min_shared_words: int
    lede_sentences: int
    future_auxiliaries: frozenset[str]
    future_verbs: frozenset[str]
    days_from_base: dict[str, int]
    offset_anchors: dict[str, int]  # [offsets]: "after" -> -1 (see extract.time.offsets)
    offset_units: dict[str, str]  # "days" -> "day"

    @property
    def month_alternation(self) -> str:
        return "|".join(sorted(self.months, key=len, reverse=True))

    @property
    def weekday_alternation(self) -> str:
        return "|".join(self.weekdays)


@cache
def words() -> Words:
    """The vocabulary and rewrites of ``data/time.toml``, loaded once."""
    data = tomllib.loads(resources.files("newsgraph.data").joinpath("time.toml").read_text("utf-8"))
    w = data["words"]
    months = {name: i + 1 for i, name in enumerate(w["months"])} | dict(w["month_abbreviations"])
    flags = re.IGNORECASE
    return Words(
        months=months,
        weekdays={name: i for i, name in enumerate(w["weekdays"])},
        relative=frozenset(w["relative"]),
        numbers=dict(w["numbers"]),
        prepositions=tuple(data["strip"]["prepositions"]),
        modifiers=tuple(data["strip"]["modifiers"]),
        rewrites=tuple((re.compile(k, flags), v) for k, v in data["rewrites"].items()),
        unresolvable=tuple(re.compile(p, flags) for p in data["unresolvable"]["patterns"]),
        durations=tuple(re.compile(p, flags) for p in data["durations"]["patterns"]),
        link_window_days=int(data["published"]["link_window_days"]),
        min_shared_words=int(data["published"]["same_happening_min_shared_words"]),
        lede_sentences=int(data["published"]["lede_sentences"]),
        future_auxiliaries=frozenset(data["future"]["auxiliaries"]),
        future_verbs=frozenset(data["future"]["verbs"]),
        days_from_base={k: int(v) for k, v in data["days_from_base"].items()},
        offset_anchors={k: int(v) for k, v in data["offsets"]["anchors"].items()},
        offset_units=dict(data["offsets"]["units"]),
    )


# ---------------------------------------------------------------- normalising

_EDGE = " \t\n.,;:!?()[]{}\"“”‘’'"


def normalise_timex(text: str) -> str:
    """Lower-case, rewritten per data/time.toml, leading prepositions dropped."""
    s = text.lower().replace("–", "-").replace("—", "-").strip(_EDGE)
    for pattern, replacement in words().rewrites:
        s = pattern.sub(replacement, s)
    return _strip_leading(s.strip(_EDGE), words().prepositions)


def strip_modifiers(s: str) -> str:
    """Drop words that narrow a period without leaving it: "late last month" -> "last month"."""
    return _strip_leading(s, words().modifiers)


def _strip_leading(s: str, phrases: tuple[str, ...]) -> str:
    changed = True
    while changed:
        changed = False
        for phrase in phrases:
            glue = "" if phrase.endswith("-") else " "
            if s.startswith(phrase + glue) and len(s) > len(phrase) + len(glue):
                s = s[len(phrase) + len(glue) :].lstrip()
                changed = True
    return s


# ------------------------------------------------------------------ relations

_SINCE = re.compile(r"^(?:ever since|since)\s+(.+)$")
_UNTIL = re.compile(r"^(?:until|till|up to|up until|through)\s+(.+)$")
_FROM_TO = re.compile(r"^(?:from|between)\s+(.+?)\s*(?:\bto\b|\band\b|\buntil\b|\btill\b|\bthrough\b|-)\s*(.+)$")
# "1991-2020", "2017 and 2018" (both years: the range covers them), "2017 or 2018" (one of them)
_DASH = re.compile(r"^(.+?)\s*(?:-|\bto\b|\bthrough\b|\band\b|\bor\b)\s*(.+)$")
_ISO = re.compile(r"^\d{4}-(?:0?[1-9]|1[0-2])(?:-\d{1,2})?$")  # "2019-12" is a month; "2019-21" a range
_YEAR = re.compile(r"\b(1[5-9]\d\d|2[01]\d\d)\b")
_DAYNUM = re.compile(r"^\d{1,2}$")


def resolve(
    text: str, anchor: DateValue | None, prefer: str = "past"
) -> tuple[DateValue | None, str, DateValue | None]:
    """``(value, relation, end_value)`` for one time expression read against ``anchor``."""
    return _resolve(normalise_timex(text), anchor, prefer)


@lru_cache(maxsize=8192)
def _resolve(s: str, anchor: DateValue | None, prefer: str) -> tuple[DateValue | None, str, DateValue | None]:
    if m := _SINCE.match(s):
        return _value(_strip_leading(m.group(1), words().prepositions), anchor, "past"), "since", None
    if m := _UNTIL.match(s):
        return _value(m.group(1), anchor, prefer), "until", None
    if is_duration(s):
        return None, "duration", None
    split = _FROM_TO.match(s) or (None if _ISO.match(s) else _DASH.match(s))
    if split:
        left, right = _complete_range(split.group(1).strip(), split.group(2).strip())
        if _looks_like_date(left) and _looks_like_date(right):
            start, end = _value(left, anchor, prefer), _value(right, anchor, prefer)
            if start and end and end.value < start.value and len(end.value) == len(start.value) == 10:
                # "December 28 - January 3": the end falls in the following year
                end = _value(f"{right} {int(start.value[:4]) + 1}", anchor, prefer) or end
            return start, "range", end
    return _value(s, anchor, prefer), "point", None


def is_duration(s: str) -> bool:
    return any(p.search(s) for p in words().durations)


def _looks_like_date(s: str) -> bool:
    w = words()
    return bool(re.search(r"\d", s)) or any(t in w.months or t in w.weekdays for t in s.split())


def _parts(s: str) -> tuple[str | None, str | None, str | None]:
    """(day, month word, year) as written, for borrowing across a range."""
    tokens = s.replace(",", " ").split()
    day = next((t for t in tokens if _DAYNUM.match(t)), None)
    month = next((t for t in tokens if t in words().months), None)
    year = next((t for t in tokens if _YEAR.fullmatch(t)), None)
    return day, month, year


def _complete_range(left: str, right: str) -> tuple[str, str]:
    """Give each side of a range what it leaves to the other: "October 22-24", "22-24 October 2023"."""
    _, lmonth, lyear = _parts(left)
    _, rmonth, ryear = _parts(right)
    if _DAYNUM.match(right) and lmonth:
        right = " ".join(x for x in (lmonth, right, lyear) if x)
    elif _DAYNUM.match(left) and rmonth:
        left = " ".join(x for x in (left, rmonth, ryear) if x)
    elif re.fullmatch(r"\d{2}", right) and lyear and left == lyear:
        right = lyear[:2] + right  # "2019-21"
    elif lmonth and not lyear and ryear:
        left = f"{left} {ryear}"
    return left, right


# --------------------------------------------------------------------- values


def _value(s: str, anchor: DateValue | None, prefer: str) -> DateValue | None:
    w = words()
    s = _strip_leading(s, w.modifiers)
    if not s or any(p.search(s) for p in w.unresolvable) or is_duration(s):
        return None
    if not _worth_parsing(s):
        return None
    relative = not _YEAR.search(s) or any(t in w.relative for t in re.split(r"[\s-]+", s))
    if not relative:
        span = _interval(s, date(2000, 1, 1), prefer)
        value = prefix(span) if span else None
        return DateValue(value, EXPLICIT) if value else None
    if anchor is None:
        return None
    lo_anchor, hi_anchor = interval_of(anchor)
    lo, hi = _interval(s, lo_anchor, prefer), _interval(s, hi_anchor, prefer)
    if lo is None or hi is None:
        return None
    value = prefix((min(lo[0], hi[0]), max(lo[1], hi[1])))
    return DateValue(value, RELATIVE) if value else None


def _worth_parsing(s: str) -> bool:
    """dateparser costs about a millisecond; most DATE-less strings never need it."""
    w = words()
    tokens = re.split(r"[\s,/.-]+", s)
    return (
        bool(_YEAR.search(s))
        or any(t in w.months or t in w.weekdays or t in w.relative for t in tokens)
        or bool(re.search(r"\d{1,4}[/.-]\d{1,2}", s))
    )


def interval_of(value: DateValue) -> Interval:
    """The days a date prefix covers."""
    v = value.value
    year = int(v[:4])
    if len(v) >= 10:
        d = date.fromisoformat(v[:10])
        return d, d
    if len(v) >= 7:
        month = int(v[5:7])
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(year, 1, 1), date(year, 12, 31)


def prefix(span: Interval) -> str | None:
    lo, hi = span
    if lo == hi:
        return lo.isoformat()
    if (lo.year, lo.month) == (hi.year, hi.month):
        return lo.isoformat()[:7]
    if lo.year == hi.year:
        return str(lo.year)
    return None


def _month_span(year: int, month: int) -> Interval:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _week_span(d: date) -> Interval:
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def _shift_months(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


@lru_cache(maxsize=16384)
def _interval(s: str, base: date, prefer: str) -> Interval | None:
    """The days ``s`` can mean when read on ``base``; None when it cannot be placed."""
    try:
        return _read(s, base, prefer)
    except (OverflowError, ValueError):
        # beyond what ``date`` can hold ("9999999 days ago", year 10000): no place on the calendar
        return None


def _read(s: str, base: date, prefer: str) -> Interval | None:
    w = words()
    months, weekdays = w.month_alternation, w.weekday_alternation
    # "Monday, March 3" -> "March 3": the weekday adds nothing once a date is given
    s = re.sub(rf"^({weekdays}),?\s+(?=\S*\d|{months})", "", s)

    if m := re.fullmatch(rf"(last|this|next|past)?\s*({weekdays})(?:\s+(?:morning|afternoon|evening|night))?", s):
        return _weekday(base, w.weekdays[m.group(2)], m.group(1), prefer)
    if m := re.fullmatch(rf"({months})", s):
        return _month_without_year(base, w.months[m.group(1)], prefer)
    if m := re.fullmatch(rf"(last|this|next|past) ({months})", s):
        return _qualified_month(base, w.months[m.group(2)], m.group(1))
    if m := re.fullmatch(rf"({months})\.? (\d{{1,2}})|(\d{{1,2}}) ({months})\.?", s):
        month, day = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        return _day_without_year(base, w.months[month], int(day), prefer)
    if m := re.fullmatch(rf"({months})\.? (this|last|next|previous) year", s):
        year = base.year + {"this": 0, "last": -1, "previous": -1, "next": 1}[m.group(2)]
        return _month_span(year, w.months[m.group(1)])
    if m := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", s):
        return _numeric_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := re.fullmatch(r"(\d{4})", s):
        return date(int(s), 1, 1), date(int(s), 12, 31)
    if m := re.fullmatch(r"(?:q([1-4])|(first|second|third|fourth) quarter)(?: of)? (\d{4})", s):
        q = int(m.group(1)) if m.group(1) else ("first", "second", "third", "fourth").index(m.group(2)) + 1
        year = int(m.group(3))
        return _month_span(year, 3 * q - 2)[0], _month_span(year, 3 * q)[1]
    if m := re.fullmatch(r"(?:past|last) (\w+) (day|week|month|year)s", s):
        n = w.numbers.get(m.group(1)) or (int(m.group(1)) if m.group(1).isdigit() else None)
        return _back(base, n, m.group(2)) if n else None
    if m := re.fullmatch(r"past (day|week|month|year)", s):
        return _back(base, 1, m.group(1))
    # The commonest relative forms are closed arithmetic; dateparser (≈1 ms a call, and a new
    # parser per document date) is kept for the rest.
    if s in w.days_from_base:
        d = base + timedelta(days=w.days_from_base[s])
        return d, d
    if m := re.fullmatch(r"(this|current|last|previous|next|coming) (week|month|year)", s):
        step = {"this": 0, "current": 0, "last": -1, "previous": -1, "next": 1, "coming": 1}[m.group(1)]
        return _unit_span(base, m.group(2), step)
    if m := re.fullmatch(r"(\w+) (day|week|month|year)s? ago", s):
        n = w.numbers.get(m.group(1)) or (int(m.group(1)) if m.group(1).isdigit() else None)
        return _unit_span(base, m.group(2), -n) if n else None
    return _dateparser(s, base, prefer)


def _unit_span(base: date, unit: str, step: int) -> Interval:
    """The whole day, calendar week, month or year ``step`` units from the one holding ``base``."""
    if unit == "day":
        d = base + timedelta(days=step)
        return d, d
    if unit == "week":
        return _week_span(base + timedelta(weeks=step))
    if unit == "month":
        return _month_span(*_shift_months(base.year, base.month, step))
    return date(base.year + step, 1, 1), date(base.year + step, 12, 31)


def _numeric_date(first: int, second: int, year: int) -> Interval | None:
    """03/12/2024 is 3 December in most of the world and March 12 in the US: keep what both readings share."""
    readings = []
    for month, day in ((first, second), (second, first)):
        try:
            readings.append(date(year, month, day))
        except ValueError:  # month 13 and up: only the other reading exists
            continue
    return (min(readings), max(readings)) if readings else None


def _weekday(base: date, weekday: int, qualifier: str | None, prefer: str) -> Interval:
    back = (base.weekday() - weekday) % 7
    if qualifier in ("last", "past"):
        d = base - timedelta(days=back or 7)
    elif qualifier == "next":
        d = base + timedelta(days=(weekday - base.weekday()) % 7 or 7)
    elif qualifier == "this":
        d = _week_span(base)[0] + timedelta(days=weekday)
    elif prefer == "future":
        d = base + timedelta(days=(weekday - base.weekday()) % 7)
    else:
        d = base - timedelta(days=back)
    return d, d


def _month_without_year(base: date, month: int, prefer: str) -> Interval:
    if prefer == "future":
        year = base.year if month >= base.month else base.year + 1
    else:
        year = base.year if month <= base.month else base.year - 1
    return _month_span(year, month)


def _qualified_month(base: date, month: int, qualifier: str) -> Interval:
    """Read "last November" as the latest November before this month, "next May" as the first after it."""
    if qualifier in ("last", "past"):
        year = base.year if month < base.month else base.year - 1
    elif qualifier == "next":
        year = base.year if month > base.month else base.year + 1
    else:
        year = base.year
    return _month_span(year, month)


def _day_without_year(base: date, month: int, day: int, prefer: str) -> Interval | None:
    step = 1 if prefer == "future" else -1
    for offset in range(0, 5 * step, step):  # 29 February may be four years away
        try:
            d = date(base.year + offset, month, day)
        except ValueError:  # 30 February, or 29 February outside a leap year
            continue
        if (d >= base) if prefer == "future" else (d <= base):
            return d, d
    return None


def _back(base: date, n: int, unit: str) -> Interval:
    if unit == "day":
        return base - timedelta(days=n), base
    if unit == "week":
        return base - timedelta(weeks=n), base
    if unit == "month":
        year, month = _shift_months(base.year, base.month, -n)
        return date(year, month, min(base.day, calendar.monthrange(year, month)[1])), base
    return date(base.year - n, 1, 1), base


@lru_cache(maxsize=512)  # one per document date in use; a corpus has many
def _parser(base: date, prefer: str) -> object:
    from dateparser.date import DateDataParser  # imported late: it takes a second to load its tables

    settings = {"RELATIVE_BASE": datetime(base.year, base.month, base.day), "PREFER_DATES_FROM": prefer}
    return DateDataParser(languages=["en"], settings=settings)


def _dateparser(s: str, base: date, prefer: str) -> Interval | None:
    data = _parser(base, prefer).get_date_data(s)  # type: ignore[attr-defined]
    if data is None or data.date_obj is None:
        return None
    d: date = data.date_obj.date()
    stated = {int(y) for y in _YEAR.findall(s)}
    if stated and d.year not in stated:
        return None  # dateparser read something else than the year the text states
    period = data.period or "day"
    if period == "week":
        return _week_span(d)
    if period == "month":
        return _month_span(d.year, d.month)
    if period == "quarter":
        first = 3 * ((d.month - 1) // 3) + 1
        return _month_span(d.year, first)[0], _month_span(d.year, first + 2)[1]
    if period == "year":
        return date(d.year, 1, 1), date(d.year, 12, 31)
    return d, d  # "day", or a time of day on that day
