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


def test_variants_surnames_titles_and_acronyms_across_documents():
    """One corpus with the cases a merge must get right together."""
    mentions = [
        m("d1", "person:sergei-lavrov", "Sergei Lavrov", "Sergei Lavrov", country="RUS", role="foreign minister"),
        m("d2", "person:sergey-lavrov", "Sergey Lavrov", "Sergey Lavrov"),  # spelling, country unknown
        m("d3", "person:lavrov", "Lavrov", "Lavrov"),  # surname only
        # a title standing for the person in a report that named him once
        m("d4", "person:sergey-lavrov", "Russian FM", "Sergey Lavrov", country="RUS", role="foreign minister"),
        m("d4", "person:sergey-lavrov", "Sergey Lavrov", "Sergey Lavrov", country="RUS", start=40),
        # two Khans of two countries, and a bare "Khan" that could be either
        m("d5", "person:imran-khan", "Imran Khan", "Imran Khan", country="PAK"),
        m("d6", "person:sadiq-khan", "Sadiq Khan", "Sadiq Khan", country="GBR"),
        m("d7", "person:khan", "Khan", "Khan"),
        m("d8", "person:khan", "Khan", "Khan"),
        # a body by name, by acronym, and by name with no country given
        m("d9", "org:iaea", "International Atomic Energy Agency", "International Atomic Energy Agency", "igo", "AUT"),
        m("d10", "org:iaea-short", "IAEA", "IAEA", "igo"),
        m(
            "d11",
            "org:atomic-agency",
            "International Atomic Energy Agency",
            "International Atomic Energy Agency",
            "igo",
        ),
        # Støre transliterated, not stripped
        m("d12", "person:jonas-gahr-store", "Jonas Gahr Støre", "Jonas Gahr Støre", country="NOR"),
        m("d13", "person:jonas-gahr-store", "Jonas Gahr Store", "Jonas Gahr Store", country="NOR"),
    ]
    actors, amap = merge_actors(mentions)
    lavrov = {amap[p] for p in ("person:sergei-lavrov", "person:sergey-lavrov", "person:lavrov")}
    assert len(lavrov) == 1
    (found,) = (a for a in actors if a.id in lavrov)
    assert found.country == "RUS" and found.roles == ("foreign minister",)
    assert {"Lavrov", "Russian FM"} <= set(found.aliases)
    assert amap["person:imran-khan"] != amap["person:sadiq-khan"]
    assert amap["person:khan"] == "person:khan"  # two candidates: left apart
    assert len({amap["org:iaea"], amap["org:iaea-short"], amap["org:atomic-agency"]}) == 1
    assert amap["person:jonas-gahr-store"] == "person:jonas-gahr-store"


def test_a_surname_joins_the_one_candidate_of_a_compatible_country():
    _, amap = merge_actors(
        [
            m("d1", "person:imran-khan", "Imran Khan", "Imran Khan", country="PAK"),
            m("d2", "person:sadiq-khan", "Sadiq Khan", "Sadiq Khan", country="GBR"),
            m("d3", "person:khan", "Mayor Khan", "Khan", country="GBR"),
        ]
    )
    assert amap["person:khan"] == amap["person:sadiq-khan"]


def test_an_unknown_country_joins_only_an_unambiguous_actor():
    """Linking "unknown" to every country would chain two different Times into one outlet."""
    _, amap = merge_actors(
        [
            m("d1", "org:times", "The Times", "The Times", "media", "GBR"),
            m("d2", "org:yemen-times", "Yemen Times", "Yemen Times", "media", "YEM"),
            m("d2", "org:yemen-times", "the Times", "Yemen Times", "media", "YEM", start=30),
            m("d3", "org:ibt", "International Business Times", "International Business Times", "media"),
            m("d3", "org:ibt", "Times", "International Business Times", "media", start=30),
            m("d4", "person:ana-ruiz", "Ana Ruiz", "Ana Ruiz", country="ESP"),
            m("d5", "person:ana-ruiz-x", "Ana Ruíz", "Ana Ruíz"),
        ]
    )
    assert len({amap["org:times"], amap["org:yemen-times"], amap["org:ibt"]}) == 3
    assert amap["person:ana-ruiz-x"] == amap["person:ana-ruiz"]


def test_clusters_sharing_a_name_are_told_apart_by_country():
    actors, _ = merge_actors(
        [
            m("d1", "person:john-smith", "John Smith", "John Smith", country="USA"),
            m("d2", "person:john-smith-2", "John Smith", "John Smith", country="GBR"),
        ]
    )
    assert sorted(a.id for a in actors) == ["person:john-smith", "person:john-smith--gbr"]
