"""Issue 11's event rules on hand-built parses: one-sided events, places as
targets, groups as actors, the codebook cues' conditions, and PLOVER's types
for intentions.

Each Doc is written one token a line ("word dep head POS TAG lemma") with the
mentions the actors component would set: states by name, groups by word.
"""

from __future__ import annotations

import pytest

from newsgraph.extract.events import component as ev
from newsgraph.models import Document, Mention

STATES = {"Israeli": "ISR", "Greece": "GRC", "Albania": "ALB", "Iraq": "IRQ", "Pakistan": "PAK", "Baghdad": "IRQ"}
# word -> (actor id, kind, country, sector)
GROUPS = {
    "tanks": ("org:isr-military", "organization", "ISR", "military"),
    "Authorities": ("org:government", "organization", None, "government"),
    "Farmers": ("org:civilians", "group", None, "civilians"),
    "protesters": ("org:civilians", "group", None, "civilians"),
    "troops": ("org:military", "organization", None, "military"),
    "Rebels": ("org:rebels", "armed_group", None, "rebels"),
    "army": ("org:military", "organization", None, "military"),
    "officials": ("org:ind-government", "organization", "IND", "government"),
}
PEOPLE = {"Obama": "USA", "Putin": "RUS"}


def build(make_doc, rows: str, ents=()):
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
    mentions = []
    for t in doc:
        if t.text in STATES:
            iso = STATES[t.text]
            m = Mention("doc-t", t.idx, t.idx + len(t), t.text, iso, iso, "state", iso)
        elif t.text in GROUPS:
            actor, kind, country, sector = GROUPS[t.text]
            m = Mention("doc-t", t.idx, t.idx + len(t), t.text, actor, actor, kind, country, None, sector)
        elif t.text in PEOPLE:
            m = Mention("doc-t", t.idx, t.idx + len(t), t.text, f"person:{t.lower_}", t.text, "person", PEOPLE[t.text])
        else:
            continue
        t._.mention = m
        mentions.append(m)
    doc._.mentions = mentions
    doc._.timexes = []
    doc._.quotes = []
    doc._.published = None
    doc._.document = Document("doc-t", "t.txt", doc.text)
    return doc


def codes(doc):
    return [(e.type, e.mode, e.source, e.target, e.polarity, e.modality) for e in ev.extract(doc)]


TANKS_SHELLED_NEAR_JENIN = """
Israeli amod 1 ADJ JJ israeli
tanks nsubj 2 NOUN NNS tank
shelled ROOT 2 VERB VBD shell
positions dobj 2 NOUN NNS position
near prep 3 ADP IN near
Jenin pobj 4 PROPN NNP Jenin
. punct 2 PUNCT . .
"""

AUTHORITIES_IMPOSED_A_CURFEW = """
Authorities nsubj 1 NOUN NNS authority
imposed ROOT 1 VERB VBD impose
a det 3 DET DT a
curfew dobj 1 NOUN NN curfew
in prep 1 ADP IN in
the det 6 DET DT the
town pobj 4 NOUN NN town
. punct 1 PUNCT . .
"""

FARMERS_BLOCKED_THE_ROADS = """
Farmers nsubj 1 NOUN NNS farmer
blocked ROOT 1 VERB VBD block
the det 4 DET DT the
main amod 4 ADJ JJ main
roads dobj 1 NOUN NNS road
. punct 1 PUNCT . .
"""

REBELS_AGREED_TO_WITHDRAW = """
Rebels nsubj 1 NOUN NNS rebel
agreed ROOT 1 VERB VBD agree
to aux 3 PART TO to
withdraw xcomp 1 VERB VB withdraw
their poss 5 PRON PRP$ their
fighters dobj 3 NOUN NNS fighter
. punct 1 PUNCT . .
"""

OFFICIALS_SHARED_EVIDENCE = """
Indian amod 1 ADJ JJ indian
officials nsubj 2 NOUN NNS official
shared ROOT 2 VERB VBD share
evidence dobj 2 NOUN NN evidence
with prep 2 ADP IN with
Greece pobj 4 PROPN NNP Greece
. punct 2 PUNCT . .
"""

BAGHDAD_WOULD_LET_INSPECTORS = """
Baghdad nsubj 1 PROPN NNP Baghdad
said ROOT 1 VERB VBD say
it nsubj 4 PRON PRP it
would aux 4 AUX MD would
let ccomp 1 VERB VB let
the det 6 DET DT the
inspectors nsubj 7 NOUN NNS inspector
return ccomp 4 VERB VB return
. punct 1 PUNCT . .
"""

THE_ARMY_PUT_TROOPS_ON_ALERT = """
The det 1 DET DT the
army nsubj 2 NOUN NN army
put ROOT 2 VERB VBD put
troops dobj 2 NOUN NNS troop
on prep 2 ADP IN on
high amod 6 ADJ JJ high
alert pobj 4 NOUN NN alert
. punct 2 PUNCT . .
"""

PROTESTERS_STORMED_THE_EMBASSY = """
protesters nsubj 1 NOUN NNS protester
stormed ROOT 1 VERB VBD storm
the det 3 DET DT the
building dobj 1 NOUN NN building
. punct 1 PUNCT . .
"""

TROOPS_STORMED_IRAQ = """
troops nsubj 1 NOUN NNS troop
stormed ROOT 1 VERB VBD storm
Iraq dobj 1 PROPN NNP Iraq
. punct 1 PUNCT . .
"""

ALBANIA_WITHDREW_FROM_GREECE = """
Albania nsubj 1 PROPN NNP Albania
withdrew ROOT 1 VERB VBD withdraw
from prep 1 ADP IN from
Greece pobj 2 PROPN NNP Greece
. punct 1 PUNCT . .
"""

OBAMA_WANTS_PUTIN_TO_ATTACK_IRAQ = """
Obama nsubj 1 PROPN NNP Obama
wants ROOT 1 VERB VBZ want
Putin nsubj 4 PROPN NNP Putin
to aux 4 PART TO to
attack ccomp 1 VERB VB attack
Iraq dobj 4 PROPN NNP Iraq
. punct 1 PUNCT . .
"""

OBAMA_WANTS_TO_ATTACK_IRAQ = """
Obama nsubj 1 PROPN NNP Obama
wants ROOT 1 VERB VBZ want
to aux 3 PART TO to
attack xcomp 1 VERB VB attack
Iraq dobj 3 PROPN NNP Iraq
. punct 1 PUNCT . .
"""


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # a place stands for its state as the target of an attack
        (TANKS_SHELLED_NEAR_JENIN, ("ASSAULT", "heavy-weapons", "org:isr-military", "PSE", "positive", "actual")),
        # one-sided: the sentence names no other party
        (AUTHORITIES_IMPOSED_A_CURFEW, ("COERCE", "curfew", "org:government", None, "positive", "actual")),
        (FARMERS_BLOCKED_THE_ROADS, ("PROTEST", "obstruct", "org:civilians", None, "positive", "actual")),
        (REBELS_AGREED_TO_WITHDRAW, ("AGREE", None, "org:rebels", None, "positive", "actual")),
        (THE_ARMY_PUT_TROOPS_ON_ALERT, ("MOBILIZE", "troops", "org:military", None, "positive", "actual")),
        # the codebook's intelligence sharing
        (OFFICIALS_SHARED_EVIDENCE, ("COOPERATE", None, "org:ind-government", "GRC", "positive", "actual")),
        # who is storming decides: people in the street riot, troops attack
        (PROTESTERS_STORMED_THE_EMBASSY, ("PROTEST", "riot", "org:civilians", None, "positive", "actual")),
        (TROOPS_STORMED_IRAQ, ("ASSAULT", None, "org:military", "IRQ", "positive", "actual")),
        # leaving a state is a retreat
        (ALBANIA_WITHDREW_FROM_GREECE, ("RETREAT", "withdraw", "ALB", "GRC", "positive", "actual")),
        # wanting another to act is a request of that other; the act asked for is not coded
        (OBAMA_WANTS_PUTIN_TO_ATTACK_IRAQ, ("REQUEST", None, "person:obama", "person:putin", "positive", "actual")),
    ],
    ids=[
        "place-target",
        "curfew",
        "obstruct",
        "agreed",
        "on-alert",
        "share",
        "riot",
        "assault",
        "withdraw-from-state",
        "want-another",
    ],
)
def test_codebook_events(make_doc, rows, expected):
    assert codes(build(make_doc, rows, ents=[(5, 6, "GPE")] if rows is TANKS_SHELLED_NEAR_JENIN else ())) == [expected]


def test_an_intended_retreat_is_also_a_concession(make_doc):
    """PLOVER: an announced retreat is CONCEDE; the retreat stays coded, intended."""
    found = codes(build(make_doc, BAGHDAD_WOULD_LET_INSPECTORS))
    assert found == [
        ("RETREAT", "access", "IRQ", None, "positive", "intended"),
        ("CONCEDE", None, "IRQ", None, "positive", "actual"),
    ]


def test_an_intended_attack_is_also_a_threat(make_doc):
    found = codes(build(make_doc, OBAMA_WANTS_TO_ATTACK_IRAQ))
    assert ("THREATEN", None, "person:obama", "IRQ", "positive", "actual") in found
    assert ("ASSAULT", None, "person:obama", "IRQ", "positive", "intended") in found


def test_a_one_sided_event_waits_when_the_sentence_names_another_party(make_doc):
    """ "Rebels agreed, Albania said": no target found while another party is named
    means the rules missed one, not that the text lacks one: no event."""
    rows = """
Rebels nsubj 1 NOUN NNS rebel
agreed ccomp 4 VERB VBD agree
, punct 4 PUNCT , ,
Albania nsubj 4 PROPN NNP Albania
said ROOT 4 VERB VBD say
. punct 4 PUNCT . .
"""
    assert codes(build(make_doc, rows)) == []
