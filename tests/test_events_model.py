"""Event coding on real sentences through the real pipeline (model marker).

Sentences are written for these tests (not taken from the seeds); each row
gives the state-level reading a careful annotator would code.
"""

from __future__ import annotations

import pytest

from newsgraph.extraction import prepare
from newsgraph.ingest.normalize import make_document
from newsgraph.models import DateValue

pytestmark = pytest.mark.model


def run(nlp, text, published=None):
    from dataclasses import replace

    document = make_document(text, source="test.txt")
    if published is not None:
        document = replace(document, published=DateValue(published, "metadata"))
    doc = nlp(prepare(nlp, document))
    countries = {m.actor: (m.country or m.actor) for m in doc._.mentions}
    return [
        (e.type, countries.get(e.source, e.source), countries.get(e.target, e.target), e.polarity, e.modality, e)
        for e in doc._.events
    ]


@pytest.mark.parametrize(
    ("text", "type_", "source", "target", "polarity", "modality"),
    [
        ("Egypt does not supply weapons to Libya.", "AID", "EGY", "LBY", "negative", "actual"),
        ("Germany will not sell tanks to Saudi Arabia.", "AID", "DEU", "SAU", "negative", "intended"),
        ("France said it was ready to supply fighter jets to India.", "AID", "FRA", "IND", "positive", "intended"),
        ("Turkey may send drones to Azerbaijan.", "AID", "TUR", "AZE", "positive", "hypothetical"),
        (
            "Japan plans to lift its restrictions on exports to South Korea.",
            "RETREAT",
            "JPN",
            "KOR",
            "positive",
            "intended",
        ),
        ("India started importing crude oil from Russia.", "COOPERATE", "RUS", "IND", "positive", "actual"),
        ("Kenya was attacked by Somalia.", "ASSAULT", "SOM", "KEN", "positive", "actual"),
        ("The Chinese foreign minister visited Brazil.", "CONSULT", "CHN", "BRA", "positive", "actual"),
        ("Poland and Lithuania held talks on energy.", "CONSULT", "POL", "LTU", "positive", "actual"),
        ("China refused to condemn Russia.", "ACCUSE", "CHN", "RUS", "negative", "actual"),
        ("Vietnam accused China of harassing its fishing boats.", "ACCUSE", "VNM", "CHN", "positive", "actual"),
    ],
)
def test_real_sentences(nlp, text, type_, source, target, polarity, modality):
    found = [row[:5] for row in run(nlp, text)]
    assert (type_, source, target, polarity, modality) in found, found


@pytest.mark.parametrize(
    ("text", "published", "value", "basis"),
    [
        ("On 7 March 2022, Egypt signed a deal with Sudan.", None, "2022-03-07", "explicit"),
        ("Yesterday Egypt signed a deal with Sudan.", "2022-03-08", "2022-03-07", "relative"),
        ("Egypt has bought wheat from Ukraine since 2015.", None, "2015", "explicit"),
        ("From 2001 to 2010, Egypt bought wheat from Ukraine.", None, "2001", "explicit"),
        ("Egypt rejected the proposal by Ethiopia.", "2022-03-08", "2022-03-08", "document"),
    ],
)
def test_event_dates(nlp, text, published, value, basis):
    rows = run(nlp, text, published)
    assert rows, "no event"
    assert rows[0][5].date == DateValue(value, basis)


def test_an_earlier_act_is_not_dated_to_the_publication(nlp):
    rows = run(nlp, "Earlier, Egypt had rejected the proposal by Ethiopia.", "2022-03-08")
    assert rows and rows[0][5].date is None


def test_amounts_attach_to_their_event(nlp):
    rows = run(nlp, "Russia provided 50,000 vaccine doses to Nepal.")
    (event,) = [r[5] for r in rows if r[0] == "AID"]
    assert [(a.value, a.unit) for a in event.amounts] == [(50000.0, "doses")]
    assert event.mode == "humanitarian"


@pytest.mark.parametrize(
    ("text", "type_", "source", "target"),
    [
        # a lifted ban's beneficiary on the verb, not inside the ban
        ("Russia lifted its embargo on arms sales to Pakistan.", "RETREAT", "RUS", "PAK"),
        # a place "inside" a state names the state struck
        ("Turkish jets struck a village inside Iraq.", "ASSAULT", "TUR", "IRQ"),
        # a warning's condition names whom it is aimed at
        ("Moscow warned that it would respond if Finland joined NATO.", "THREATEN", "RUS", "FIN"),
        ("Iran threatened to close the strait if the United States attacked its ships.", "THREATEN", "IRN", "USA"),
        # the parser hangs "about" on "months"
        ("Budapest has complained for months about Sweden's remarks.", "ACCUSE", "HUN", "SWE"),
        # a capital the NER takes for a person still places a protest
        ("Protesters stormed government buildings in Yerevan.", "PROTEST", "ARM", None),
        # verbs of judging with a verdict on conduct, or praise of an actor
        ("Islamabad called New Delhi's steps reckless.", "ACCUSE", "PAK", "IND"),
        ("China called Japan's decision irresponsible.", "ACCUSE", "CHN", "JPN"),
        ("Beijing described the US sanctions as illegal.", "ACCUSE", "CHN", "USA"),
        ("Kenya called Ethiopia a trusted partner.", "SUPPORT", "KEN", "ETH"),
        # a group noun under "of" phrases
        (
            "India and Pakistan signed a deal. The defence ministers of the two countries held talks on Monday.",
            "CONSULT",
            "IND",
            "PAK",
        ),
        # two long titled names the parser tangles into one subject
        (
            "Egyptian President Abdel Fattah al-Sisi and Ethiopian Prime Minister Abiy Ahmed pledged to finish an"
            " agreement.",
            "AGREE",
            "EGY",
            "ETH",
        ),
        # "for its war": what something is for belongs to the party just named
        ("Beijing was considering supplying weapons to Russia for its war in Ukraine.", "ASSAULT", "RUS", "UKR"),
        # "he" in reported speech is the reporter; an object "him" is never the clause's own subject
        (
            "Putin spoke first. Turkish President Recep Tayyip Erdogan said that he would discuss the matter with him.",
            "CONSULT",
            "TUR",
            "RUS",
        ),
        (
            "Hungarian Prime Minister Viktor Orban wrote to his Swedish counterpart, inviting him to Budapest.",
            "REQUEST",
            "HUN",
            "SWE",
        ),
        # a noun whose relative clause has its own light verb is its own event
        ("Seoul said it would withdraw the complaint it had filed against Japan.", "ACCUSE", "KOR", "JPN"),
    ],
)
def test_general_patterns(nlp, text, type_, source, target):
    found = [row[:3] for row in run(nlp, text)]
    assert (type_, source, target) in found, found


@pytest.mark.parametrize(
    ("text", "kept", "not_coded"),
    [
        # judging an agreement is no act between its parties, and the agreement stays coded
        (
            "He termed the ceasefire agreement between Pakistan and India a positive development.",
            ("AGREE", "PAK", "IND"),
            ("SUPPORT", "PAK", "IND"),
        ),
    ],
)
def test_judging_an_act_keeps_it(nlp, text, kept, not_coded):
    found = [row[:3] for row in run(nlp, text)]
    assert kept in found and not_coded not in found, found


def test_praising_ones_own_agreement_addresses_no_one(nlp):
    text = (
        "Saudi Arabia and Iran agreed to restore ties. Qatar welcomed the news. Iranian Foreign Minister Hossein"
        " Amir-Abdollahian described the agreement as a turning point."
    )
    rows = run(nlp, text)
    assert not [r for r in rows if r[0] == "SUPPORT" and r[1] == "IRN"], [r[:3] for r in rows]


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        # an idiom with "strike" is no attack, also as a participle over its noun
        ("Egypt began buying wheat from Kazakhstan under a deal struck between Cairo and Astana.", "ASSAULT", "AGREE"),
        ("Chile and Peru struck a balance between their fishing fleets.", "ASSAULT", None),
        # the noun a past participle modifies is its object: the goods decide the type
        ("The tanks supplied to Poland by Germany arrived in March.", None, "AID"),
    ],
)
def test_a_participle_s_noun_is_its_object(nlp, text, absent, present):
    types = {t for t, *_ in run(nlp, text)}
    assert absent is None or absent not in types
    assert present is None or present in types


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        # "its" in a phrase after a named recipient is the recipient's
        ("Iran sold drones to Russia during its invasion of Ukraine.", "RUS", "UKR"),
        ("Canada supplied rifles to Ukraine in its war against Russia.", "UKR", "RUS"),
        # without a recipient it stays the subject's
        ("Russia struck Kyiv in its latest offensive against Ukraine.", "RUS", "UKR"),
    ],
)
def test_its_after_a_recipient(nlp, text, source, target):
    assault = [(s, t) for type_, s, t, *_ in run(nlp, text) if type_ == "ASSAULT"]
    assert (source, target) in assault


# Issue 11's sentences: each gave no event before groups, places, one-sided
# events and the codebook cues.  (type choices, source country, target country)
@pytest.mark.parametrize(
    ("text", "types", "source", "target"),
    [
        ("Israeli tanks shelled positions near Jenin on Tuesday, witnesses said.", {"ASSAULT"}, "ISR", "PSE"),
        ("Opposition leaders said they would boycott talks with the government.", {"REJECT", "THREATEN"}, None, None),
        ("Authorities imposed a curfew in the town after the protests.", {"COERCE"}, None, None),
        ("Indian intelligence officials shared evidence with Washington about the plot.", {"COOPERATE"}, "IND", "USA"),
        ("Baghdad said it would let the inspectors return without conditions.", {"CONCEDE"}, "IRQ", None),
        ("Farmers blocked the main roads into the capital to demand higher prices.", {"PROTEST"}, None, None),
        ("The army put troops along the border on high alert.", {"MOBILIZE"}, None, None),
        ("Rebels agreed to withdraw their fighters from the northern towns.", {"AGREE", "RETREAT"}, None, None),
    ],
)
def test_issue_11_sentences(nlp, text, types, source, target):
    found = [(t, s, g) for t, s, g, *_ in run(nlp, text) if t in types]
    assert found, run(nlp, text)
    _, s, g = found[0]
    assert (s if source else None, g if target else None) == (source, target)


def test_a_plural_pronoun_takes_up_a_plural_subject_not_the_reporter(nlp):
    text = (
        '"The Russians have assured us there is no arms deal with Pakistan and that they will not sell military'
        ' hardware to Islamabad," a senior Indian official said.'
    )
    aid = [(s, t) for type_, s, t, *_ in run(nlp, text) if type_ == "AID"]
    assert aid == [("RUS", "PAK")], run(nlp, text)


def test_a_commenter_is_no_party_to_the_act_it_comments_on(nlp):
    rows = run(nlp, "China has refused to condemn Russia's invasion.")
    assert not [r for r in rows if r[0] == "ASSAULT" and r[2] == "CHN"], rows
    assert ("ACCUSE", "CHN", "RUS") in [r[:3] for r in rows]


@pytest.mark.parametrize(
    ("text", "type_", "source", "target"),
    [
        # the doer of the attack a passive is done in
        ("Five people were killed in an air strike by Turkish warplanes on Sunday.", "ASSAULT", "TUR", None),
        # an agentless passive fired from a place: the place's state fired it
        ("A rocket was fired at Israel from the Gaza Strip overnight.", "ASSAULT", "PSE", "ISR"),
        # "called for X to ...": X is asked
        ("Japan called for the European Union to lift the ban.", "REQUEST", "JPN", "org:european-union"),
        # a state organ acting at home, with a foreign place in a side phrase
        ("A Kenyan court jailed a man for smuggling weapons into a camp in Somalia.", "COERCE", "KEN", None),
    ],
)
def test_passives_places_and_requests(nlp, text, type_, source, target):
    rows = run(nlp, text)
    found = [(s, t) for t_, s, t, *_ in rows if t_ == type_]
    assert found, rows
    s, t = found[0]
    assert s == source or s.startswith(f"org:{source.lower()}-"), rows
    assert target is None or t == target, rows


def test_people_counted_are_victims_not_sources(nlp):
    rows = run(nlp, "Russian jets struck the town, killing six people.")
    assert len([r for r in rows if r[0] == "ASSAULT"]) == 1, rows
    rows = run(nlp, "Two people with knowledge of the deal said Washington had supplied Kyiv with shells.")
    assert not [r for r in rows if r[1] == "org:civilians"], rows


# Sentences from real news that read like events and are none (issue 11's
# sanity check on ../shared/eval/realnews and polnear_train): each rule that
# keeps them out is a general one.
@pytest.mark.parametrize(
    "text",
    [
        "He asked Professor Crawley whether the fungus is edible.",  # a question is no request
        "Sanders promised at a Las Vegas rally to end the deportation regime.",  # a campaign rally
        "Kadalim recognized Lin immediately from his previous prank videos.",  # no diplomacy
        "The girls are still missing despite international efforts mobilized by a hashtag campaign.",
        "The Chinese man had gone to his doctor complaining of stomach ache.",  # a person's own grievance
        "Officials say the detainee has gone quiet, suggesting that he may be planning a return.",
        "Roger Stone will discuss his new book, The Clinton's War on Women.",  # a figure of speech
        "It was another demonstration of how hard it is for the senator to win.",
    ],
)
def test_no_event_in_look_alikes(nlp, text):
    assert run(nlp, text) == [], run(nlp, text)


@pytest.mark.parametrize(
    ("text", "type_", "mode", "source", "target"),
    [
        ("Turkey threatened to impose sanctions on Sweden.", "THREATEN", "restrict", "TUR", "SWE"),
        ("Russia launched a disinformation campaign against Ukraine.", "COERCE", "misinformation", "RUS", "UKR"),
        ("Belarus deployed riot police to the border.", "MOBILIZE", "police", "BLR", None),
        ("Iran demanded the withdrawal of US troops from Iraq.", "REQUEST", "yield", "IRN", None),
        ("Greece suggested Albania should apply the conventions.", "REQUEST", None, "GRC", "ALB"),
        ("Russia mobilised 300,000 reservists.", "MOBILIZE", "troops", "RUS", None),
    ],
)
def test_codebook_modes(nlp, text, type_, mode, source, target):
    rows = [(t, e.mode, s, g) for t, s, g, _, _, e in run(nlp, text)]
    assert any(t == type_ and m == mode and s == source and (target is None or g == target) for t, m, s, g in rows), (
        rows
    )
