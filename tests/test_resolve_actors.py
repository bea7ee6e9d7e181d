"""Corpus-level actor merging over Mention records."""

from __future__ import annotations

import pytest

from newsgraph.models import Mention
from newsgraph.resolve.actors import merge_actors


def m(doc, actor, text, name, kind="person", country=None, role=None, start=0):
    return Mention(doc, start, start + len(text), text, actor, name, kind, country, role)


def by_id(actors):
    return {a.id: a for a in actors}


def test_states_merge_by_code_with_their_surface_forms_as_aliases():
    actors, amap = merge_actors(
        [
            m("d1", "PAK", "Pakistan", "Pakistan", "state", "PAK"),
            m("d1", "PAK", "Islamabad", "Pakistan", "state", "PAK", start=20),
            m("d2", "PAK", "Pakistani", "Pakistan", "state", "PAK"),
        ]
    )
    (pak,) = actors
    assert (pak.id, pak.name, pak.country, pak.mentions) == ("PAK", "Pakistan", "PAK", 3)
    assert set(pak.aliases) == {"Islamabad", "Pakistani"}
    assert amap == {"PAK": "PAK"}


def test_people_merge_across_spellings_surnames_and_titles():
    mentions = [
        m(
            "d1",
            "person:sergey-lavrov",
            "Russian Foreign Minister Sergey Lavrov",
            "Sergey Lavrov",
            country="RUS",
            role="foreign minister",
        ),
        m("d1", "person:sergey-lavrov", "Lavrov", "Sergey Lavrov", country="RUS", role="foreign minister", start=50),
        m("d2", "person:sergy-lavrov", "Sergy Lavrov", "Sergy Lavrov"),
        m("d3", "person:lavrov", "FM Lavrov", "Lavrov", role="foreign minister"),
        m("d4", "person:sergey-lavrov", "Sergey Lavrov", "Sergey Lavrov", country="RUS"),
    ]
    actors, amap = merge_actors(mentions)
    (lavrov,) = actors
    assert lavrov.id == "person:sergey-lavrov" and lavrov.name == "Sergey Lavrov"
    assert lavrov.country == "RUS" and lavrov.roles == ("foreign minister",) and lavrov.mentions == 5
    assert {"Lavrov", "Sergy Lavrov"} <= set(lavrov.aliases)
    assert set(amap.values()) == {"person:sergey-lavrov"} and len(amap) == 3


def test_a_surname_shared_by_two_people_stays_apart():
    actors, amap = merge_actors(
        [
            m("d1", "person:imran-khan", "Imran Khan", "Imran Khan", country="PAK"),
            m("d2", "person:shafqat-ali-khan", "Shafqat Ali Khan", "Shafqat Ali Khan", country="PAK"),
            m("d3", "person:khan", "Khan", "Khan", country="PAK"),
        ]
    )
    assert len(actors) == 3 and amap["person:khan"] == "person:khan"


def test_people_of_different_countries_do_not_merge():
    actors, _ = merge_actors(
        [
            m("d1", "person:ali-hassan", "Ali Hassan", "Ali Hassan", country="IRQ"),
            m("d2", "person:ali-hasan", "Ali Hasan", "Ali Hasan", country="EGY"),
        ]
    )
    assert len(actors) == 2


@pytest.mark.parametrize(
    ("short", "long"),
    [
        ("SIPRI", "Stockholm International Peace Research Institute"),
        ("NDB", "New Development Bank"),
        ("ECC", "Economic Coordination Committee"),
    ],
)
def test_organisations_merge_by_acronym(short, long):
    actors, amap = merge_actors(
        [
            m("d1", "org:a", long, long, "organization", "SWE"),
            m("d2", "org:b", short, short, "organization"),
            m("d3", "org:a", long, long, "organization", "SWE"),
        ]
    )
    (org,) = actors
    assert org.name == long and org.id == "org:a" and short in org.aliases and amap["org:b"] == "org:a"


def test_organisations_merge_by_normalised_name_but_not_across_countries():
    actors, _ = merge_actors(
        [
            m("d1", "org:express-tribune", "Express Tribune", "The Express Tribune", "media", "PAK"),
            m("d2", "org:the-express-tribune", "the Express Tribune", "Express Tribune", "media", "PAK"),
            m("d3", "org:pak-foreign-office", "Foreign Office", "Foreign Office", "organization", "PAK"),
            m("d4", "org:gbr-foreign-office", "Foreign Office", "Foreign Office", "organization", "GBR"),
        ]
    )
    assert sorted(a.id for a in actors) == ["org:express-tribune", "org:gbr-foreign-office", "org:pak-foreign-office"]


def test_every_provisional_id_is_mapped_and_ids_are_unique():
    mentions = [
        m("d1", "person:john-smith", "John Smith", "John Smith", country="USA"),
        m("d2", "person:john-smith", "John Smith", "John Smith", country="GBR"),
        m("d3", "USA", "US", "United States", "state", "USA"),
    ]
    actors, amap = merge_actors(mentions)
    assert len({a.id for a in actors}) == len(actors)
    assert set(amap) == {x.actor for x in mentions}
    assert set(amap.values()) <= {a.id for a in actors}


def test_generic_mentions_of_a_body_are_not_its_aliases():
    actors, _ = merge_actors(
        [
            m("d1", "org:chn-foreign-ministry", "foreign ministry", "China's foreign ministry", "organization", "CHN"),
            m(
                "d2",
                "org:chn-foreign-ministry",
                "Chinese Foreign Ministry",
                "Chinese Foreign Ministry",
                "organization",
                "CHN",
            ),
            m(
                "d3",
                "org:eth-foreign-ministry",
                "foreign ministry",
                "Ethiopia's foreign ministry",
                "organization",
                "ETH",
            ),
        ]
    )
    found = by_id(actors)
    assert "foreign ministry" not in found["org:chn-foreign-ministry"].aliases
    assert found["org:eth-foreign-ministry"].aliases == ()
    assert found["org:eth-foreign-ministry"].name == "Ethiopia's foreign ministry"
