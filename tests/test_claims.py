"""Claims: grouping event mentions by proposition, stances, contested flags."""

from __future__ import annotations

import pytest

from newsgraph.models import OUTLET, Actor, Event, Evidence
from newsgraph.resolve.claims import build_claims, family, proposition_key, proposition_text

ACTORS = [
    Actor("PAK", "Pakistan", "state", "PAK"),
    Actor("UKR", "Ukraine", "state", "UKR"),
    Actor("RUS", "Russia", "state", "RUS"),
    Actor("person:sergey-lavrov", "Sergey Lavrov", "person", "RUS", ("foreign minister",)),
    Actor("person:baloch", "Mumtaz Zahra Baloch", "person", "PAK", ("spokesperson",)),
]
# provisional ids as one document's reading chose them -> merged ids
ACTOR_MAP = {"person:lavrov": "person:sergey-lavrov", "person:mumtaz-zahra-baloch": "person:baloch"}


def ev(
    doc: str,
    source: str,
    target: str,
    *,
    type_: str = "AID",
    mode: str | None = "military",
    polarity: str = "positive",
    modality: str = "actual",
    holder: str = OUTLET,
    stance: str = "asserts",
    text: str = "evidence",
    start: int = 0,
) -> Event:
    return Event(
        id=f"ev-{doc}-{start}-{source}-{target}",
        document=doc,
        type=type_,
        mode=mode,
        cameo_root=None,
        weight=0.0,
        source=source,
        target=target,
        polarity=polarity,
        modality=modality,
        date=None,
        evidence=Evidence(text, start, start + len(text)),
        holder=holder,
        stance=stance,
    )


def test_assert_and_deny_across_documents_is_contested() -> None:
    events = [
        ev("d1", "PAK", "UKR", text="the Pakistani decision to supply weapons to Ukraine"),
        ev(
            "d2",
            "PAK",
            "UKR",
            polarity="negative",
            holder="person:mumtaz-zahra-baloch",
            stance="denies",
            text="It has not supplied nor does it intend to supply any arms to Ukraine.",
        ),
    ]
    (claim,) = build_claims(events, ACTOR_MAP, ACTORS)
    assert claim.contested
    assert (claim.subject, claim.predicate, claim.mode, claim.object) == ("PAK", "AID", "military", "UKR")
    assert claim.proposition == "Pakistan supplies weapons to Ukraine"
    assert [(s.document, s.holder, s.stance) for s in claim.stances] == [
        ("d1", OUTLET, "asserts"),
        ("d2", "person:baloch", "denies"),
    ]
    assert claim.stances[1].evidence.text.startswith("It has not supplied")


def test_people_stand_for_their_state_and_offer_joins_refusal() -> None:
    events = [
        # Lavrov offers (intended) equipment; another outlet says Moscow will not sell
        ev(
            "d1",
            "person:lavrov",
            "PAK",
            modality="intended",
            holder="person:lavrov",
            text="We stand ready to supply Pakistan with special military equipment",
        ),
        ev(
            "d2",
            "RUS",
            "PAK",
            polarity="negative",
            modality="intended",
            stance="denies",
            text="Moscow will not sell defense equipment to Pakistan",
        ),
    ]
    (claim,) = build_claims(events, ACTOR_MAP, ACTORS)
    assert (claim.subject, claim.object) == ("RUS", "PAK")
    assert claim.contested
    assert claim.proposition == "Russia supplies military equipment to Pakistan"
    assert claim.stances[0].holder == "person:sergey-lavrov"


def test_routine_outlet_facts_are_not_claims() -> None:
    events = [ev("d1", "RUS", "PAK", type_="CONSULT", mode=None, text="Lavrov visited Islamabad")]
    assert build_claims(events, ACTOR_MAP, ACTORS) == []


@pytest.mark.parametrize(
    ("stance", "contested"),
    [("reports", False), ("questions", False), ("denies", True), ("asserts", False)],
)
def test_only_assert_plus_deny_is_contested(stance: str, contested: bool) -> None:
    events = [
        ev("d1", "PAK", "UKR", holder="person:mumtaz-zahra-baloch"),
        ev("d2", "PAK", "UKR", stance=stance),
    ]
    (claim,) = build_claims(events, ACTOR_MAP, ACTORS)
    assert claim.contested is contested


def test_reports_and_questions_alone_make_claims() -> None:
    events = [
        ev("d1", "PAK", "UKR", stance="reports", text="reports appeared that Pakistan had supplied weapons to Ukraine"),
        ev("d2", "PAK", "RUS", type_="SANCTION", mode=None, stance="questions", text="Is Pakistan betraying Russia?"),
    ]
    claims = build_claims(events, ACTOR_MAP, ACTORS)
    assert {(c.subject, c.object) for c in claims} == {("PAK", "UKR"), ("PAK", "RUS")}
    assert not any(c.contested for c in claims)


def test_one_stance_per_document_holder_and_stance() -> None:
    events = [
        ev("d1", "PAK", "UKR", polarity="negative", stance="denies", text="first", start=10),
        ev("d1", "PAK", "UKR", polarity="negative", stance="denies", text="second", start=50),
    ]
    (claim,) = build_claims(events, ACTOR_MAP, ACTORS)
    assert [s.evidence.text for s in claim.stances] == ["first"]


def test_events_without_two_parties_are_skipped() -> None:
    events = [ev("d1", "PAK", None, stance="denies"), ev("d1", "PAK", "PAK", stance="denies")]  # type: ignore[arg-type]
    assert build_claims(events, ACTOR_MAP, ACTORS) == []


def test_different_families_stay_apart() -> None:
    events = [
        ev("d1", "RUS", "PAK", stance="denies", polarity="negative"),
        ev("d2", "RUS", "PAK", mode="humanitarian", holder="person:lavrov"),
    ]
    claims = build_claims(events, ACTOR_MAP, ACTORS)
    assert len(claims) == 2
    assert not any(c.contested for c in claims)


def test_family_and_key() -> None:
    assert family("AID", "military") == family("AGREE", "military") == "AID:military"
    assert family("CONSULT", None) == "CONSULT"
    event = ev("d1", "person:lavrov", "PAK")
    assert proposition_key(event, {"person:lavrov": "RUS"}) == ("RUS", "AID:military", "PAK")
    assert proposition_text("RUS", "CONSULT", "PAK", names={"RUS": "Russia"}) == "Russia meets Pakistan"


def test_claim_ids_are_stable() -> None:
    events = [ev("d1", "PAK", "UKR", stance="denies", polarity="negative")]
    first = build_claims(events, ACTOR_MAP, ACTORS)
    again = build_claims(list(reversed(events)), ACTOR_MAP, ACTORS)
    assert first == again
    assert first[0].id.startswith("cl-")


def test_unspecified_mode_joins_the_only_moded_family() -> None:
    events = [
        ev("d1", "PAK", "UKR", holder="person:mumtaz-zahra-baloch", polarity="negative", stance="denies"),
        ev(
            "d1",
            "PAK",
            "UKR",
            mode=None,
            holder="person:mumtaz-zahra-baloch",
            polarity="negative",
            stance="denies",
            start=40,
        ),
        ev("d2", "PAK", "UKR", text="the Pakistani decision to supply weapons to Ukraine"),
    ]
    (claim,) = build_claims(events, ACTOR_MAP, ACTORS)
    assert claim.mode == "military"
    assert claim.contested


@pytest.mark.parametrize(
    ("event_type", "mode", "cue", "expected"),
    [
        ("AGREE", None, "arms offer", "AID:military"),  # an offer of arms is the arms proposition
        ("AGREE", None, "offer", "AGREE"),  # a bare offer is not
        ("AID", None, "drone deliveries", "AID:military"),
        ("AGREE", None, "vaccine offer", "AID:humanitarian"),
        ("COOPERATE", None, "oil deal", "COOPERATE"),
        ("CONSULT", None, "arms talks", "CONSULT"),  # a type the family does not hold stays itself
        ("AGREE", "military", "", "AID:military"),
    ],
)
def test_family_from_the_cue(event_type: str, mode: str | None, cue: str, expected: str) -> None:
    assert family(event_type, mode, cue) == expected


def test_an_arms_offer_without_a_mode_joins_the_arms_claim() -> None:
    offer = Event(
        id="ev-offer",
        document="d1",
        type="AGREE",
        mode=None,
        cameo_root=None,
        weight=0.0,
        source="RUS",
        target="PAK",
        polarity="positive",
        modality="actual",
        date=None,
        evidence=Evidence("Delhi plays down Moscow's arms offer", 0, 36),
        cue="arms offer",
        holder="IND",
        stance="denies",
    )
    sale = ev("d2", "RUS", "PAK", modality="intended", holder="person:lavrov", text="ready to supply equipment")
    (claim,) = build_claims([offer, sale], ACTOR_MAP, ACTORS)
    assert (claim.predicate, claim.mode) == ("AID", "military")
    assert claim.contested


def test_stance_evidence_drops_the_headline_line_break() -> None:
    headline = ev("d1", "PAK", "UKR", holder="PAK", stance="denies", text="Pakistan denies arming Ukraine\n\n")
    (claim,) = build_claims([headline], ACTOR_MAP, ACTORS)
    (stance,) = claim.stances
    evidence = stance.evidence
    assert (evidence.text, evidence.start, evidence.end) == ("Pakistan denies arming Ukraine", 0, 30)
