"""Event deduplication: mentions of one event across documents become one cluster."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from newsgraph.models import Actor, DateValue, Document, Event, Evidence, Extraction, content_id
from newsgraph.query import Corpus
from newsgraph.resolve.event_step import recluster_events
from newsgraph.resolve.event_units import cluster_members
from newsgraph.resolve.events import (
    EventCluster,
    _stem,
    cluster_dates,
    dates_compatible,
    members_from,
)
from newsgraph.store import Store

VISIT = "The foreign minister of Atlantis, Ana Ruiz, visited Borduria for talks on trade"
VISIT_AGAIN = "A two-day visit by Atlantean Foreign Minister Ana Ruiz to the Bordurian capital ended on Wednesday"


def ev(
    doc: str,
    text: str,
    *,
    type_: str = "CONSULT",
    source: str | None = "ATL",
    target: str | None = "BOR",
    date: str | None = None,
    basis: str = "explicit",
    cue: str = "visit",
    polarity: str = "positive",
    modality: str = "actual",
    mode: str | None = None,
    start: int = 0,
) -> Event:
    return Event(
        id=content_id("ev", doc, start, type_, text),
        document=doc,
        type=type_,
        mode=mode,
        cameo_root=None,
        weight=1.0,
        source=source,
        target=target,
        polarity=polarity,
        modality=modality,
        date=DateValue(date, basis) if date else None,
        evidence=Evidence(text, start, start + len(text)),
        cue=cue,
    )


def cluster(
    events: list[Event], countries: dict[str, str | None] | None = None, outlets: dict[str, str | None] | None = None
) -> list[EventCluster]:
    return cluster_members(members_from(events, {}, countries or {}, outlets or {}))


def groups(found: list[EventCluster]) -> list[set[str]]:
    return expect(*({m.event for m in c.members} for c in found))


def expect(*sets: set[str]) -> list[set[str]]:
    return sorted(sets, key=sorted)


@pytest.mark.parametrize(
    ("a", "b", "ok"),
    [
        ("2021", "2021-04-07", True),
        ("2021-04", "2021-04", True),
        ("2021-04-07", "2021-04-09", False),
        ("2021-04", "2021-05-01", False),
        ("2020", "2021", False),
    ],
)
def test_dates_compatible(a: str, b: str, ok: bool) -> None:
    assert dates_compatible(DateValue(a, "explicit"), DateValue(b, "explicit")) is ok
    assert dates_compatible(DateValue(b, "explicit"), DateValue(a, "explicit")) is ok


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("visited", "visit"),
        ("visits", "visit"),
        ("visit", "visit"),
        ("supplied", "suppli"),
        ("supply", "suppli"),
        ("supplies", "suppli"),
        ("talks", "talk"),
        ("gas", "gas"),
        # a final "e": "agreed" and "agree" must meet (a headline and its body)
        ("agree", "agre"),
        ("agreed", "agre"),
        ("agrees", "agre"),
        ("restored", "restor"),
        ("restore", "restor"),
        ("invaded", "invad"),
        ("invade", "invad"),
    ],
)
def test_stem_meets_inflections(word: str, stem: str) -> None:
    assert _stem(word) == stem


def test_undated_mention_joins_dated_one_and_gets_its_date() -> None:
    dated = ev("doc-a", VISIT, date="2021-04")
    undated = ev("doc-b", VISIT_AGAIN, source="BOR", target="ATL")  # visitor and host swapped
    (only,) = cluster([dated, undated])
    assert only.num_mentions == 2 and only.num_articles == 2 and only.num_sources == 2
    assert only.date == DateValue("2021-04", "explicit")
    assert only.inferred() == {undated.id: DateValue("2021-04", "inferred")}


def test_undated_mention_needs_strong_overlap() -> None:
    dated = ev("doc-a", VISIT, date="2021-04")
    # same dyad and family, but nothing shared beyond the cue word
    vague = ev("doc-b", "Officials described the visit as useful", cue="visit")
    other_cue = ev("doc-c", "Ana Ruiz of Atlantis met Bordurian officials", cue="meet")
    assert len(cluster([dated, vague, other_cue])) == 3


@pytest.mark.parametrize(
    ("change", "merged"),
    [
        ({}, True),
        ({"date": "2021"}, True),  # the year contains the month
        ({"date": "2021-05"}, False),
        ({"polarity": "negative"}, False),
        ({"modality": "intended"}, False),
        ({"type_": "ACCUSE"}, False),  # another family
        ({"target": "CAR"}, False),  # another dyad
        ({"source": "BOR", "target": "ATL"}, True),  # CONSULT is symmetric
    ],
)
def test_what_keeps_mentions_apart(change: dict[str, str], merged: bool) -> None:
    a = ev("doc-a", VISIT, date="2021-04")
    b = ev("doc-b", VISIT_AGAIN, **{"date": "2021-04", **change})  # type: ignore[arg-type]
    assert (len(cluster([a, b])) == 1) is merged


def test_direction_matters_for_asymmetric_types() -> None:
    text = "Atlantis shipped rifles to Borduria under the new arms deal"
    a = ev("doc-a", text, type_="AID", cue="ship", date="2022-03", mode="military")
    b = ev("doc-b", text, type_="AID", cue="ship", date="2022-03", mode="military", source="BOR", target="ATL")
    assert len(cluster([a, b])) == 2


def test_family_and_mode() -> None:
    text = "Atlantis will supply helicopters to Borduria under a contract signed in March"
    aid = ev("doc-a", text, type_="AID", cue="supply", date="2022-03", mode="military")
    trade = ev("doc-b", text, type_="COOPERATE", cue="supplied", date="2022-03")
    food = ev("doc-c", text, type_="AID", cue="supply", date="2022-03", mode="humanitarian")
    assert groups(cluster([aid, trade, food])) == expect({aid.id, trade.id}, {food.id})


def test_a_cluster_never_holds_two_different_days() -> None:
    seventh = ev("doc-a", VISIT, date="2021-04-07")
    ninth = ev("doc-b", VISIT, date="2021-04-09")
    year = ev("doc-c", VISIT, date="2021")
    found = cluster([seventh, ninth, year])
    assert len(found) == 2
    for c in found:
        days = {m.date.value for m in c.members if m.date and len(m.date.value) == 10}
        assert len(days) == 1


def test_document_dates_are_not_passed_on_and_must_not_precede_the_event() -> None:
    dated = ev("doc-a", VISIT, date="2021-04")
    later_report = ev("doc-b", VISIT_AGAIN, date="2023-11", basis="document")
    earlier_report = ev("doc-c", VISIT_AGAIN, date="2020-01", basis="document")
    (joined,) = cluster([dated, later_report])
    assert joined.inferred() == {}  # only undated mentions take the cluster's date
    assert len(cluster([dated, earlier_report])) == 2


def test_people_count_for_their_state() -> None:
    a = ev("doc-a", VISIT, date="2021-04", source="person:ana-ruiz")
    b = ev("doc-b", VISIT_AGAIN, date="2021-04", source="ATL")
    assert len(cluster([a, b], countries={"person:ana-ruiz": "ATL"})) == 1
    assert len(cluster([a, b])) == 2


def test_sources_are_outlets_when_known() -> None:
    a = ev("doc-a", VISIT, date="2021-04")
    b = ev("doc-b", VISIT_AGAIN, date="2021-04")
    c = ev("doc-c", VISIT, date="2021-04", start=500)
    (only,) = cluster([a, b, c], outlets={"doc-a": "The Daily", "doc-b": "the daily ", "doc-c": None})
    assert (only.num_mentions, only.num_articles, only.num_sources) == (3, 3, 2)


def test_same_document_mentions_merge() -> None:
    a = ev("doc-a", VISIT, date="2021-04")
    b = ev("doc-a", VISIT_AGAIN, start=400)
    (only,) = cluster([a, b])
    assert (only.num_mentions, only.num_articles, only.num_sources) == (2, 1, 1)


def test_clustering_ignores_input_order() -> None:
    events = [
        ev("doc-a", VISIT, date="2021-04-07"),
        ev("doc-b", VISIT, date="2021-04-09"),
        ev("doc-c", VISIT, date="2021"),
        ev("doc-d", VISIT_AGAIN),
        ev("doc-e", VISIT_AGAIN, date="2021-04"),
        ev("doc-f", "Atlantis accused Borduria of shelling", type_="ACCUSE", cue="accuse", date="2021-04"),
    ]
    expected = [(c.id, sorted(m.event for m in c.members)) for c in cluster(events)]
    rng = random.Random(7)
    for _ in range(5):
        rng.shuffle(events)
        assert sorted((c.id, sorted(m.event for m in c.members)) for c in cluster(events)) == sorted(expected)


def test_store_round_trip_and_dossier_dates() -> None:
    from newsgraph.export.dossier import export_dossier

    dated = ev("doc-a", VISIT, date="2021-04")
    undated = ev("doc-b", VISIT_AGAIN, source="person:ana-ruiz")
    lone = ev("doc-b", "Atlantis condemned the blockade by Borduria", type_="ACCUSE", cue="condemn", start=300)
    published = DateValue("2021-04-21", "metadata")  # so the lone event is not dated by the document's peg
    with Store(":memory:") as store:
        store.write(
            [
                Extraction(Document("doc-a", "a.txt", VISIT, outlet="The Daily"), events=(dated,)),
                Extraction(
                    Document("doc-b", "b.txt", VISIT_AGAIN + " " * 220, outlet="Weekly", published=published),
                    events=(undated, lone),
                ),
            ]
        )
        store.replace_resolution([Actor("person:ana-ruiz", "Ana Ruiz", "person", "ATL")], {}, [])
        recluster_events(store)
        assert cluster_dates(store) == {undated.id: DateValue("2021-04", "inferred")}
        rows = Corpus(store).clusters()
        assert [(r["num_mentions"], r["num_sources"], r["date"]) for r in rows] == [(2, 2, "2021-04"), (1, 1, None)]
        assert sorted(rows[0]["events"]) == sorted([dated.id, undated.id])
        dates = {e["id"]: e["date"] for e in export_dossier(store)["events"]}
        assert dates[undated.id] == {"value": "2021-04", "basis": "inferred"}
        assert dates[dated.id] == {"value": "2021-04", "basis": "explicit"}
        assert dates[lone.id] is None
        recluster_events(store)  # resolving again replaces, never duplicates
        assert len(Corpus(store).clusters()) == 2


def test_an_undated_article_dates_its_other_events_by_its_news_peg() -> None:
    from newsgraph.resolve.events import document_dates

    dated = ev("doc-a", VISIT, date="2021-04")
    peg = ev("doc-b", VISIT_AGAIN, start=10)  # the lead of an article with no publication date
    talks = ev("doc-b", "The two ministers agreed to hold joint drills", type_="AGREE", cue="agree", start=400)
    elsewhere = ev("doc-c", "The two ministers agreed to hold joint drills", type_="AGREE", cue="agree")
    found = cluster([dated, peg, talks, elsewhere])
    assert document_dates(found, {"doc-b", "doc-c"}) == {talks.id: DateValue("2021-04", "inferred")}
    assert document_dates(found, {"doc-c"}) == {}  # doc-b has a date of its own: nothing to infer


# ------------------------------------------------------- related cues
DOWNING = "An Atlantean fighter jet shot down a Bordurian surveillance drone off the northern coast"
DESTROYED = (
    "Defence officials in the capital said the Atlantean military destroyed a Bordurian spy drone earlier this month"
)


@pytest.mark.parametrize(
    ("cue", "groups_"),
    [
        ("shot down", {"downing"}),
        ("downed", {"downing"}),
        ("shot", set()),  # a multi-word entry needs all its words
        ("meeting", {"meeting"}),
        ("held talks", {"meeting"}),
        ("flew", {"meeting"}),
        ("agreed", {"agreement"}),
        ("accused", {"censure"}),
        ("rejected", set()),
    ],
)
def test_cue_groups(cue: str, groups_: set[str]) -> None:
    (m,) = members_from([ev("doc-a", VISIT, cue=cue)], {}, {}, {})
    assert m.related == groups_


def test_related_cues_join_dated_mentions_of_one_happening() -> None:
    a = ev("doc-a", DOWNING, type_="ASSAULT", cue="shot down", date="2023-02-04")
    b = ev("doc-b", DESTROYED, type_="ASSAULT", cue="destroyed", date="2023-02")  # the month contains the day
    (only,) = cluster([a, b])
    assert only.date == DateValue("2023-02-04", "explicit")


@pytest.mark.parametrize(
    ("change", "merged"),
    [
        ({}, True),
        ({"date": "2023"}, False),  # a year holds too many downings to trust a related cue
        ({"date": "2023-02-05"}, False),  # another day: a hard conflict
        ({"date": "2023-02", "basis": "document"}, False),  # the report's date is no reading of the event's
        ({"cue": "struck"}, False),  # "attack" is another group than "downing", and the wording differs
        ({"text": "The Atlantean air force destroyed it"}, False),  # nothing else in common
        ({"modality": "intended"}, False),
    ],
)
def test_what_keeps_related_cues_apart(change: dict[str, str], merged: bool) -> None:
    a = ev("doc-a", DOWNING, type_="ASSAULT", cue="shot down", date="2023-02-04")
    fields = {"type_": "ASSAULT", "cue": "destroyed", "date": "2023-02", **change}
    text = fields.pop("text", DESTROYED)
    b = ev("doc-b", text, **fields)  # type: ignore[arg-type]
    assert (len(cluster([a, b])) == 1) is merged


def test_two_meetings_on_different_days_stay_apart() -> None:
    talks = ev("doc-a", "Ana Ruiz of Atlantis held talks in Borduria on trade", cue="held talks", date="2021-04-07")
    visit = ev("doc-b", VISIT, date="2021-04-09")
    assert len(cluster([talks, visit])) == 2
    same_day = ev("doc-b", VISIT, date="2021-04-07")
    assert len(cluster([talks, same_day])) == 1


def test_undated_related_cue_joins_within_its_article_only() -> None:
    dated = ev("doc-a", "Ana Ruiz held talks with Bo Marek of Borduria on 7 April", cue="held talks", date="2021-04-07")
    later = ev("doc-a", "Speaking after his meeting with Ruiz, Marek praised the deal", cue="meeting", start=300)
    # the same two names in another article, worded differently: perhaps another meeting
    elsewhere = ev("doc-b", "In a radio interview, Marek said he had met Ruiz in a warm mood", cue="met")
    assert groups(cluster([dated, later, elsewhere])) == expect({dated.id, later.id}, {elsewhere.id})


def test_a_shared_cue_beats_a_related_one() -> None:
    text = "Atlantis and Borduria signed a trade agreement in the capital on Monday"
    deal = ev("doc-a", text, type_="AGREE", cue="signed", date="2022-03-07")
    agreed = ev("doc-b", text, type_="AGREE", cue="agreed", date="2022-03-07", start=10)
    signed = ev("doc-c", text, type_="AGREE", cue="signed", date="2022-03")
    (only,) = cluster([deal, agreed, signed])  # all one happening: related cues join too
    assert only.num_mentions == 3


OFFER = "Atlantis said on Wednesday it was ready to supply special military equipment to Borduria's border guards"
# no two names in common and a similarity under strong_similarity: only the wording joins them
OFFER_AGAIN = (
    "The Atlantean minister had then expressed readiness to supply special military equipment "
    "and hold joint exercises with border guards"
)


@pytest.mark.parametrize(
    ("other", "merged"),
    [
        (OFFER_AGAIN, True),  # the same wording around the cue
        ("Atlantis had also decided to supply attack helicopters to Borduria", False),  # another offer
        ("Atlantis will supply fuel and grain to Bordurian farmers, officials said", False),  # little in common
    ],
)
def test_undated_mentions_join_on_the_same_wording_around_their_cue(other: str, merged: bool) -> None:
    kind = {"type_": "AID", "cue": "supply", "modality": "intended"}
    first, second = ev("doc-a", OFFER, **kind), ev("doc-b", other, **kind)
    assert len(cluster([first, second])) == (1 if merged else 2)


def test_possessives_are_the_names_they_own() -> None:
    from newsgraph.resolve.events import names

    assert names("Talks on Borduria's border with Atlantis’s envoy", frozenset()) == {"Borduria", "Atlantis"}


def test_stored_lemmas_meet_what_the_stemmer_cannot() -> None:
    # "met" and "meet" share no stem; the parser's lemmas make them one cue word.
    met = replace(ev("doc-a", VISIT, cue="met"), cue_lemma="meet", lemmas="ana ruiz meet bordurian official")
    meet = replace(ev("doc-b", VISIT_AGAIN, cue="meet"), cue_lemma="meet", lemmas="ana ruiz will meet official")
    a, b = members_from([met, meet], {}, {}, {})
    assert a.cue == b.cue == frozenset({"meet"})
    assert a.related == b.related == {"meeting"}
    assert {"meet", "bordurian", "official"} <= a.words  # content words from the lemmas
    assert "ruiz" not in a.names and "Ruiz" in a.names  # names still come from the text
    old_met, old_meet = members_from([ev("doc-a", VISIT, cue="met"), ev("doc-b", VISIT, cue="meet")], {}, {}, {})
    assert not old_met.cue & old_meet.cue  # records stored without lemmas: stemmed as before
    assert old_met.related == old_meet.related == {"meeting"}  # the group lists "met" for them


def test_stored_lemmas_decide_a_cluster() -> None:
    # Same month, same dyad, different wording: only a shared cue word joins them.
    told = "Atlantis and Borduria met in Geneva, officials said"
    plans = "Atlantean envoys meet their Bordurian counterparts in Geneva"
    a = ev("doc-a", told, cue="met", date="2021-04")
    b = ev("doc-b", plans, cue="meet", date="2021-04")
    lemmatised = [
        replace(a, cue_lemma="meet", lemmas="atlantis and borduria meet in geneva , official say"),
        replace(b, cue_lemma="meet", lemmas="atlantean envoy meet their bordurian counterpart in geneva"),
    ]
    assert groups(cluster(lemmatised)) == expect({a.id, b.id})
    assert groups(cluster([a, b])) == expect({a.id}, {b.id})  # stemmed, "met" and "meet" stay apart


def test_lemmas_round_trip_through_the_store(tmp_path) -> None:
    event = replace(ev("doc-a", VISIT, cue="visited"), cue_lemma="visit", lemmas="the foreign minister visit")
    with Store(tmp_path / "s.duckdb") as store:
        store.write([Extraction(Document("doc-a", "a.txt", VISIT), events=(event,))])
        (back,) = store.events()
        assert (back.cue_lemma, back.lemmas) == ("visit", "the foreign minister visit")


@pytest.mark.model
def test_extraction_stores_the_parsers_lemmas(nlp) -> None:
    from newsgraph.extraction import prepare
    from newsgraph.ingest.normalize import make_document

    text = "Russian Foreign Minister Sergey Lavrov met Indian Foreign Minister Subrahmanyam Jaishankar in Moscow."
    doc = nlp(prepare(nlp, make_document(text, source="t.txt")))
    (event,) = [e for e in doc._.events if e.cue == "met"]
    assert event.cue_lemma == "meet"
    assert event.lemmas.split()[:5] == ["russian", "foreign", "minister", "sergey", "lavrov"]
    assert "meet" in event.lemmas.split()
