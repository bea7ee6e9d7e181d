"""Groups named by role or collective (actors/groups.py) on hand-built Docs."""

from __future__ import annotations

import pytest

from newsgraph.actors.component import ActorComponent


@pytest.fixture(scope="module")
def component(blank_nlp):
    return ActorComponent(blank_nlp)


def parse(make_doc, component, rows: str, ents=()):
    """``rows``: one token a line, "word dep head POS TAG lemma"."""
    lines = [r.split() for r in rows.strip().splitlines()]
    doc = make_doc(
        words=[r[0] for r in lines],
        deps=[r[1] for r in lines],
        heads=[int(r[2]) for r in lines],
        pos=[r[3] for r in lines],
        tags=[r[4] for r in lines],
        lemmas=[r[5] for r in lines],
        ents=list(ents),
    )
    return component(doc)


def groups(doc):
    return [(m.text, m.actor, m.kind, m.country, m.sector) for m in doc._.mentions if m.sector]


ISRAELI_TANKS_SHELLED = """
Israeli amod 1 ADJ JJ israeli
tanks nsubj 2 NOUN NNS tank
shelled ROOT 2 VERB VBD shell
positions dobj 2 NOUN NNS position
. punct 2 PUNCT . .
"""

OPPOSITION_LEADERS_SAID = """
Opposition compound 1 NOUN NN opposition
leaders nsubj 2 NOUN NNS leader
said ROOT 2 VERB VBD say
. punct 2 PUNCT . .
"""

THE_ARMY_PUT = """
The det 1 DET DT the
army nsubj 2 NOUN NN army
put ROOT 2 VERB VBD put
troops dobj 2 NOUN NNS troop
on prep 2 ADP IN on
alert pobj 4 NOUN NN alert
. punct 2 PUNCT . .
"""

POLICE_IN_BARCELONA = """
Police nsubj 3 NOUN NNS police
in prep 0 ADP IN in
Barcelona pobj 1 PROPN NNP Barcelona
freed ROOT 3 VERB VBD free
victims dobj 3 NOUN NNS victim
. punct 3 PUNCT . .
"""

PROTESTERS_STORMED_IN_YEREVAN = """
protesters nsubj 1 NOUN NNS protester
stormed ROOT 1 VERB VBD storm
buildings dobj 1 NOUN NNS building
in prep 1 ADP IN in
Yerevan pobj 3 PROPN NNP Yerevan
. punct 1 PUNCT . .
"""

AN_ARMY_OF_VOLUNTEERS = """
an det 1 DET DT an
army nsubj 4 NOUN NN army
of prep 1 ADP IN of
volunteers pobj 2 NOUN NNS volunteer
came ROOT 4 VERB VBD come
. punct 4 PUNCT . .
"""

PEOPLE_CAME = """
people nsubj 1 NOUN NNS people
came ROOT 1 VERB VBD come
. punct 1 PUNCT . .
"""

UN_TROOPS_WITHDREW = """
UN compound 1 PROPN NNP UN
troops nsubj 2 NOUN NNS troop
withdrew ROOT 2 VERB VBD withdraw
. punct 2 PUNCT . .
"""

TWO_STATES_OFFICIALS = """
Indian amod 4 ADJ JJ indian
and cc 0 CCONJ CC and
Pakistani conj 0 ADJ JJ pakistani
security compound 4 NOUN NN security
officials nsubj 5 NOUN NNS official
met ROOT 5 VERB VBD meet
. punct 5 PUNCT . .
"""

GOVERNMENT_FORCES = """
government compound 1 NOUN NN government
forces nsubj 2 NOUN NNS force
clashed ROOT 2 VERB VBD clash
. punct 2 PUNCT . .
"""


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # a demonym in front: the state's sector; the demonym stays a state mention of its own
        (ISRAELI_TANKS_SHELLED, [("tanks", "org:isr-military", "organization", "ISR", "military")]),
        # a sector word in front decides: opposition leaders, whatever their head noun
        (OPPOSITION_LEADERS_SAID, [("Opposition leaders", "org:opposition", "group", None, "opposition")]),
        # a singular collective needs "the"; its troops are the same actor
        (
            THE_ARMY_PUT,
            [
                ("army", "org:military", "organization", None, "military"),
                ("troops", "org:military", "organization", None, "military"),
            ],
        ),
        # where a group is names its country
        (POLICE_IN_BARCELONA, [("Police", "org:esp-police", "organization", "ESP", "police")]),
        # people acting as themselves take the place of their act
        (PROTESTERS_STORMED_IN_YEREVAN, [("protesters", "org:arm-civilians", "group", "ARM", "civilians")]),
        # "government forces" are military
        (GOVERNMENT_FORCES, [("government forces", "org:military", "organization", None, "military")]),
    ],
    ids=["demonym", "sector-word", "the-army", "in-place", "act-place", "government-forces"],
)
def test_groups_get_a_sector_and_a_country(make_doc, component, rows, expected):
    assert groups(parse(make_doc, component, rows)) == expected


@pytest.mark.parametrize(
    "rows",
    [AN_ARMY_OF_VOLUNTEERS, PEOPLE_CAME, UN_TROOPS_WITHDREW, TWO_STATES_OFFICIALS],
    ids=["indefinite-collective", "people-alone", "igo-in-front", "two-states"],
)
def test_no_group_where_nothing_says_whose_or_a_named_body_speaks(make_doc, component, rows):
    ents = [(0, 1, "ORG")] if rows is UN_TROOPS_WITHDREW else []
    assert groups(parse(make_doc, component, rows, ents)) == []


def test_the_dateline_places_state_organs_but_not_people(make_doc, component):
    rows = """
ISLAMABAD nsubj 4 PROPN NNP ISLAMABAD
- punct 4 PUNCT : -
The det 3 DET DT the
army nsubj 4 NOUN NN army
said ROOT 4 VERB VBD say
farmers nsubj 6 NOUN NNS farmer
protested ccomp 4 VERB VBD protest
. punct 4 PUNCT . .
"""
    found = groups(parse(make_doc, component, rows))
    assert ("army", "org:pak-military", "organization", "PAK", "military") in found
    assert ("farmers", "org:civilians", "group", None, "civilians") in found
