"""Event clustering by units (newsgraph.resolve.event_units): what a report may join, in time."""

from __future__ import annotations

import datetime as dt

import pytest

from newsgraph.models import DateValue, Event, Evidence, content_id
from newsgraph.resolve.event_units import cluster_members, reached, span, unit_of
from newsgraph.resolve.events import members_from

VISIT = "The foreign minister of Atlantis, Ana Ruiz, visited Borduria for talks on trade"
AGAIN = "Atlantean Foreign Minister Ana Ruiz ended her visit to Borduria, where she held talks on trade"


def ev(doc: str, text: str, date: str | None = None, basis: str = "explicit", start: int = 0) -> Event:
    return Event(
        id=content_id("ev", doc, start, text),
        document=doc,
        type="CONSULT",
        mode=None,
        cameo_root=None,
        weight=1.0,
        source="ATL",
        target="BOR",
        polarity="positive",
        modality="actual",
        date=DateValue(date, basis) if date else None,
        evidence=Evidence(text, start, start + len(text)),
        cue="visit",
    )


def clusters_of(events: list[Event], published: dict[str, str | None]) -> list[set[str]]:
    found = cluster_members(members_from(events, {}, {}, {}, published))
    return sorted(({m.document for m in c.members} for c in found), key=sorted)


@pytest.mark.parametrize(
    ("published", "joined"),
    [
        ("2021-04-09", True),  # two days after
        ("2021-05-06", True),  # within the 30 days a report looks back over
        ("2021-06-20", False),  # months later, undated: perhaps another visit
        ("2021-04-01", False),  # before the event: a report cannot tell of it
    ],
)
def test_an_undated_report_joins_a_dated_cluster_within_its_window(published, joined):
    dated = ev("doc-a", VISIT, "2021-04-07")
    undated = ev("doc-b", AGAIN)
    found = clusters_of([dated, undated], {"doc-a": "2021-04-07", "doc-b": published})
    assert (len(found) == 1) is joined


def test_an_article_without_a_date_may_join_any_cluster():
    dated = ev("doc-a", VISIT, "2019-11-02")
    undated = ev("doc-b", AGAIN)
    assert clusters_of([dated, undated], {"doc-a": "2019-11-02", "doc-b": None}) == [{"doc-a", "doc-b"}]


def test_a_month_named_in_the_text_is_matched_in_that_month_whenever_reported():
    dated = ev("doc-a", VISIT, "2021-04-07")
    later = ev("doc-b", AGAIN, "2021-04")  # "in April", in an article of the next year
    assert clusters_of([dated, later], {"doc-a": "2021-04-08", "doc-b": "2022-03-01"}) == [{"doc-a", "doc-b"}]


def test_undated_reports_of_one_story_on_different_days_stay_together_within_the_window():
    first, second, third = ev("doc-a", VISIT), ev("doc-b", AGAIN), ev("doc-c", AGAIN, start=5)
    days = {"doc-a": "2021-04-07", "doc-b": "2021-04-12", "doc-c": "2021-06-30"}
    assert clusters_of([first, second, third], days) == [{"doc-a", "doc-b"}, {"doc-c"}]


def test_units():
    (m,) = members_from([ev("doc-a", VISIT, "2021-04-07")], {}, {}, {}, {"doc-a": "2021-05-01"})
    assert unit_of(m) == ("H", "2021-04")
    (m,) = members_from([ev("doc-a", VISIT, "2021", "relative")], {}, {}, {}, {"doc-a": "2021-05-01"})
    assert unit_of(m) == ("U", "2021-05-01")
    assert span("2021-02") == (dt.date(2021, 2, 1), dt.date(2021, 2, 28))
    days = [("U", "2021-04-06"), ("U", "2021-04-20"), ("U", "2021-05-20"), ("H", "2021-04"), ("U", None)]
    # a change to a cluster dated 7 April reaches the reports of the next 30 days, no others
    assert reached(days, ["2021-04-07"]) == [("U", "2021-04-20")]


def test_a_limited_member_meets_only_its_clusters_and_the_newcomers():
    """``cluster_unit(limited=...)``: a member limited to some clusters is scored against
    those and the ones a member not limited joined or began before it, nothing else."""
    from newsgraph.resolve.event_units import Seed, cluster_unit

    published = {"doc-a": "2019-11-02", "doc-b": None, "doc-c": None}
    members = members_from(
        [ev("doc-a", VISIT, "2019-11-02"), ev("doc-b", AGAIN), ev("doc-c", AGAIN)], {}, {}, {}, published
    )
    by_doc = {m.document: m for m in members}
    seed = Seed("evc-seed", (by_doc["doc-a"],))
    newcomer, earlier = by_doc["doc-b"], by_doc["doc-c"]  # doc-b comes first in the order
    assert cluster_unit([earlier], [seed]).assignment[earlier.event] == "evc-seed"
    alone = cluster_unit([earlier], [seed], {earlier.event: set()})
    assert alone.assignment[earlier.event] != "evc-seed", "a cluster it may not meet, however well it matches"
    allowed = cluster_unit([earlier], [seed], {earlier.event: {"evc-seed"}})
    assert allowed.assignment[earlier.event] == "evc-seed"
    both = cluster_unit([newcomer, earlier], [seed], {earlier.event: set()})
    assert both.assignment[newcomer.event] == both.assignment[earlier.event] == "evc-seed", (
        "the cluster a newcomer joined before it is open to it"
    )
