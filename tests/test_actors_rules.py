"""Rule logic of the actors component on hand-built Docs (no statistical model)."""

from __future__ import annotations

import pytest

from newsgraph.actors import roles
from newsgraph.actors.component import ActorComponent
from newsgraph.actors.gazetteer import load, name_key, org_id, slug


@pytest.fixture(scope="module")
def component(blank_nlp):
    return ActorComponent(blank_nlp)


def toks(text: str) -> list[str]:
    """Hand-built Docs are written as text with tokens separated by spaces."""
    return text.split()


def _run(component, make_doc, words, ents=(), heads=None, deps=None, lemmas=None):
    sent_starts = None if heads else [True] + [False] * (len(words) - 1)
    doc = make_doc(words, heads=heads, deps=deps, lemmas=lemmas, ents=list(ents), sent_starts=sent_starts)
    return component(doc)


def _found(doc):
    return [(m.text, m.actor, m.kind, m.country, m.role) for m in doc._.mentions]


# -- titles → roles -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "role", "length"),
    [
        ("Foreign Minister", "foreign minister", 2),
        ("Defense Minister", "defence minister", 2),
        ("Minister for Defence and Defence Production", "defence minister", 6),
        ("Minister for Defence & Defence Production", "defence minister", 6),
        ("Minister of Foreign Affairs", "foreign minister", 4),
        ("Deputy Prime Minister", "deputy prime minister", 3),
        ("Vice President", "vice president", 2),
        ("Army Chief", "army chief", 2),
        ("COAS", "army chief", 1),
        ("Foreign Office spokesperson", "foreign office spokesperson", 3),
        ("deputy chief of mission", "deputy chief of mission", 4),
        ("top diplomat", "foreign minister", 2),
        ("PM", "prime minister", 1),
        ("Secretary of State", "secretary of state", 3),
        ("Minister of State for Petroleum", "minister", 5),
        ("Secretary - General", "secretary-general", 3),
        ("press secretary", "press secretary", 2),
    ],
)
def test_title_roles(text, role, length):
    vocab = roles.load()
    words = toks(text)
    match = vocab.match([roles.norm(w) for w in words], 0, words)
    assert match is not None and match.kind == roles.ROLE
    assert (match.role, match.end) == (role, length)


@pytest.mark.parametrize("text", ["pm", "cm", "dg"])
def test_lower_case_abbreviations_are_not_titles(text):
    assert roles.load().match([text], 0, [text]) is None


def test_plural_role_is_marked():
    words = toks("defence ministers")
    match = roles.load().match(words, 0, words)
    assert match is not None and match.plural and match.role == "defence minister"


@pytest.mark.parametrize(
    ("text", "kind"),
    [("Lt Gen", roles.RANK), ("Dr", roles.HONORIFIC), ("former", roles.MODIFIER), ("embassy", roles.OFFICE)],
)
def test_title_words_that_give_no_role(text, kind):
    words = text.split()
    match = roles.load().match([roles.norm(w) for w in words], 0, words)
    assert match is not None and match.kind == kind and match.role is None


# -- gazetteer ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso", "form"),
    [
        ("US", "USA", "short"),
        ("U.S.", "USA", "short"),
        ("America", "USA", "name"),
        ("UK", "GBR", "short"),
        ("Britain", "GBR", "name"),
        ("Russia", "RUS", "name"),
        ("South Korea", "KOR", "name"),
        ("Pakistani", "PAK", "demonym"),
        ("Indians", "IND", "demonym"),
        ("Kremlin", "RUS", "metonym"),
        ("White House", "USA", "metonym"),
        ("Downing Street", "GBR", "metonym"),
        ("Kiev", "UKR", "capital"),
        ("Kyiv", "UKR", "capital"),
        ("Ankara", "TUR", "capital"),
        ("Riyadh", "SAU", "capital"),
        ("Türkiye", "TUR", "name"),
        ("Swedish", "SWE", "demonym"),
        ("Tehran", "IRN", "capital"),
    ],
)
def test_state_names(text, iso, form):
    entry = load().state(text)
    assert entry is not None and (entry.id, entry.form) == (iso, form)


@pytest.mark.parametrize("text", ["Jersey", "Male", "Korean", "Victoria"])
def test_ambiguous_names_are_not_states(text):
    assert load().state(text) is None


def test_bodies_and_ids():
    gaz = load()
    assert gaz.body("SIPRI").id == org_id("Stockholm International Peace Research Institute")
    assert gaz.body("SIPRI").country == "SWE"
    assert gaz.body("NATO").kind == "igo" and gaz.body("NATO").country is None
    assert gaz.body("Daesh").kind == "armed_group"
    assert gaz.body("the Express Tribune").kind == "media"
    assert gaz.city_country("Karachi") == "PAK"
    assert slug("Sergey Lavrov") == "sergey-lavrov" and name_key("The Économie") == "economie"
    assert org_id("Foreign Office", "PAK") == "org:pak-foreign-office"


def test_listed_bodies_match_either_apostrophe_and_ministries_are_bodies():
    gaz = load()
    for text in ("Kurdistan Workers' Party", "Kurdistan Workers’ Party", "PKK"):
        assert (gaz.body(text).kind, gaz.body(text).country) == ("armed_group", None)
    state_department = gaz.body("State Department")
    assert (state_department.kind, state_department.country) == ("organization", "USA")
    assert gaz.state("State Department") is None  # a ministry, not a seat that stands for the state


# -- the component on hand-built Docs --------------------------------------------


def test_title_recovers_a_name_the_ner_missed(component, make_doc):
    words = toks("Defense Minister Rustem Umerov spoke with Pakistan 's Minister for Defence Anwar Ali Hyder .")
    doc = _run(component, make_doc, words, ents=[(0, 1, "ORG"), (6, 7, "GPE")])
    found = _found(doc)
    assert ("Defense Minister Rustem Umerov", "person:rustem-umerov", "person", "UKR", "defence minister") in found
    assert (
        "Minister for Defence Anwar Ali Hyder",
        "person:anwar-ali-hyder",
        "person",
        "PAK",
        "defence minister",
    ) in found
    assert ("Pakistan", "PAK", "state", "PAK", None) in found
    assert all(t._.mention is not None for t in doc[0:4])


@pytest.mark.parametrize(
    ("words", "name", "country", "role"),
    [
        ("Russian Foreign Minister Sergey Lavrov arrived .", "Sergey Lavrov", "RUS", "foreign minister"),
        ("Turkish President Recep Tayyip Erdogan spoke .", "Recep Tayyip Erdogan", "TUR", "president"),
        ("Swedish Prime Minister Ulf Kristersson said .", "Ulf Kristersson", "SWE", "prime minister"),
        (
            "the Russian embassy 's deputy chief of mission Roman Babushkin said .",
            "Roman Babushkin",
            "RUS",
            "deputy chief of mission",
        ),
        ("Army Chief General Qamar Javed Bajwa met them .", "Qamar Javed Bajwa", None, "army chief"),
        ("Lt Gen ( retd ) Anwar Ali Hyder spoke .", "Anwar Ali Hyder", None, None),
        ("Iran 's Foreign Minister Abbas Araghchi said .", "Abbas Araghchi", "IRN", "foreign minister"),
        ("Foreign Minister of Japan Taro Kono said .", "Taro Kono", "JPN", "foreign minister"),
    ],
)
def test_titled_people(component, make_doc, words, name, country, role, monkeypatch):
    # Without the list of well-known people: the text alone must say it.
    import dataclasses

    import newsgraph.actors.gazetteer as gazetteer

    monkeypatch.setattr(component, "gaz", dataclasses.replace(gazetteer.load(), people={}, surnames={}))
    doc = _run(component, make_doc, words.split())
    people = [m for m in doc._.mentions if m.kind == "person"]
    assert len(people) == 1
    assert (people[0].name, people[0].country, people[0].role) == (name, country, role)


def test_envoy_serves_the_state_named_by_the_demonym_not_the_place(component, make_doc):
    words = toks("Russian Ambassador in Islamabad , Albert P. Khorev said .")
    doc = _run(component, make_doc, words)
    (person,) = [m for m in doc._.mentions if m.kind == "person"]
    assert (person.name, person.country, person.role) == ("Albert P. Khorev", "RUS", "ambassador")
    assert not [m for m in doc._.mentions if m.actor == "PAK"]  # Islamabad is only where he serves


def test_surname_first_name_and_title_link_to_one_person(component, make_doc):
    words = toks(
        "Prime Minister Imran Khan met Foreign Minister Sergey Lavrov . Lavrov said the Russian foreign "
        "minister and Imran agreed . Qureshi spoke ."
    )
    # The NER calls the surname an organisation: the surname link overrides it.
    doc = _run(component, make_doc, words, ents=[(9, 10, "ORG")])
    by_text = {m.text: m for m in doc._.mentions}
    assert by_text["Lavrov"].actor == "person:sergey-lavrov"
    assert by_text["Russian foreign minister"].actor == "person:sergey-lavrov"
    assert by_text["Imran"].actor == "person:imran-khan"
    assert "Qureshi" not in by_text  # never named in full, not tagged: nothing to link to


def test_counterpart_country_from_plural_role(component, make_doc, monkeypatch):
    import dataclasses

    import newsgraph.actors.gazetteer as gazetteer

    monkeypatch.setattr(component, "gaz", dataclasses.replace(gazetteer.load(), people={}, surnames={}))
    words = toks(
        "The defence ministers of Sweden and Finland met . Finland 's Defence Minister Antti Kaikkonen "
        "and Defence Minister Pal Jonson signed ."
    )
    doc = _run(component, make_doc, words)
    people = {m.name: m.country for m in doc._.mentions if m.kind == "person"}
    assert people == {"Antti Kaikkonen": "FIN", "Pal Jonson": "SWE"}


def test_dateline_is_home_for_unqualified_officials(component, make_doc):
    words = toks("ANKARA - Foreign Office spokesperson Jane Doe said Turkey would not .")
    doc = _run(component, make_doc, words)
    person = next(m for m in doc._.mentions if m.kind == "person")
    assert (person.name, person.country) == ("Jane Doe", "TUR")
    assert doc._.mentions[0].text != "ANKARA"  # the dateline itself is not an actor mention


@pytest.mark.parametrize(
    ("words", "heads", "deps", "acts"),
    [
        # Islamabad rejected the report .
        (toks("Islamabad rejected the report ."), [1, 1, 3, 1, 1], ["nsubj", "ROOT", "det", "dobj", "punct"], True),
        # talks in Islamabad ended .
        (toks("talks in Islamabad ended ."), [3, 0, 1, 3, 3], ["nsubj", "prep", "pobj", "ROOT", "punct"], False),
        # a visit to Moscow began .
        (
            toks("a visit to Moscow began ."),
            [1, 4, 1, 2, 4, 4],
            ["det", "nsubj", "prep", "pobj", "ROOT", "punct"],
            False,
        ),
        # arms went to Kiev . (not a motion verb in the list: a recipient)
        (
            toks("they supply arms to Kiev ."),
            [1, 1, 1, 1, 3, 1],
            ["nsubj", "ROOT", "dobj", "prep", "pobj", "punct"],
            True,
        ),
        # a deal between Moscow and Ankara .
        (
            toks("a deal between Moscow and Ankara"),
            [1, 1, 1, 2, 3, 3],
            ["det", "ROOT", "prep", "pobj", "cc", "conj"],
            True,
        ),
        # Beijing 's concerns
        (toks("Beijing 's concerns grew"), [2, 0, 3, 3], ["poss", "case", "nsubj", "ROOT"], True),
    ],
)
def test_capitals_stand_for_states_only_where_they_act(component, make_doc, words, heads, deps, acts):
    lemmas = [w.lower() for w in words]
    lemmas = ["go" if w == "went" else w for w in lemmas]
    doc = _run(component, make_doc, words, heads=heads, deps=deps, lemmas=lemmas)
    states = [m for m in doc._.mentions if m.kind == "state"]
    assert bool(states) is acts


def test_metonyms_always_act(component, make_doc):
    doc = _run(component, make_doc, toks("the Kremlin said the White House and Downing Street agreed"))
    assert [(m.text, m.actor) for m in doc._.mentions] == [
        ("Kremlin", "RUS"),
        ("White House", "USA"),
        ("Downing Street", "GBR"),
    ]


def test_demonym_gives_affiliation_to_a_company(component, make_doc):
    words = toks("a Pakistani company DMI Associates signed . Omida Holdings ( Gdynia ) agreed .")
    doc = _run(component, make_doc, words, ents=[(3, 5, "ORG"), (7, 9, "ORG")])
    orgs = {m.name: (m.kind, m.country) for m in doc._.mentions if m.actor.startswith("org:")}
    assert orgs == {"DMI Associates": ("company", "PAK"), "Omida Holdings": ("company", "POL")}


def test_media_cue_and_listed_bodies(component, make_doc):
    words = toks("Indian news agency PTI and Jane ’s cited SIPRI , NATO and Daesh .")
    doc = _run(component, make_doc, words, ents=[(3, 4, "ORG"), (5, 6, "PERSON")])
    found = {m.text: (m.actor, m.kind, m.country) for m in doc._.mentions}
    assert found["PTI"] == ("org:pti", "media", "IND")
    assert found["Jane ’s"][1] == "media"
    assert found["SIPRI"] == ("org:stockholm-international-peace-research-institute", "organization", "SWE")
    assert found["NATO"][1:] == ("igo", None)
    assert found["Daesh"][1] == "armed_group"
    assert not [m for m in doc._.mentions if m.kind == "person"]


@pytest.mark.parametrize(
    ("words", "ents"),
    [
        (toks("X. said it ."), [(0, 1, "ORG")]),
        (toks("Defense said it ."), [(0, 1, "ORG")]),
        (toks("the Anza Mark - II system"), [(1, 5, "PERSON")]),
        (toks("Mistrust grew ."), [(0, 1, "ORG")]),
        (toks("the Eurasian Security Concept"), [(1, 4, "ORG")]),
        (toks("Retd said ."), [(0, 1, "PERSON")]),
    ],
)
def test_garbage_entities_are_dropped(component, make_doc, words, ents):
    doc = _run(component, make_doc, words, ents=ents)
    assert doc._.mentions == []


def test_government_body_takes_the_possessive_state(component, make_doc):
    words = toks("Pakistan 's Economic Coordination Committee approved it .")
    doc = _run(component, make_doc, words, ents=[(0, 5, "ORG")])
    body = next(m for m in doc._.mentions if m.kind == "organization")
    assert (body.text, body.actor, body.country) == (
        "Economic Coordination Committee",
        "org:pak-economic-coordination-committee",
        "PAK",
    )


def test_blocked_phrases_hide_state_names(component, make_doc):
    doc = _run(component, make_doc, toks("ships in the South China Sea and Latin American states"))
    assert doc._.mentions == []


def test_offsets_and_document_id(component, make_doc):
    from newsgraph.models import Document

    doc = make_doc(toks("Japan and China agreed ."), sent_starts=[True, False, False, False, False])
    doc._.document = Document("doc-1", "x.txt", doc.text)
    component(doc)
    for m in doc._.mentions:
        assert doc.text[m.start : m.end] == m.text and m.document == "doc-1"
    assert [m.actor for m in doc._.mentions] == ["JPN", "CHN"]


# -- where the dateline is -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "home"),
    [
        ("Talks end without a deal\n\nCAIRO — Egypt said talks ended .", "EGY"),
        ("By Jane Roe\nKYIV, Oct 20 (Reuters) - Ukraine said .", "UKR"),
        ("ISLAMABAD/NEW DELHI — India and Pakistan agreed .", None),  # two states: no single home
        ("Egypt said talks ended . CAIRO - no dateline this deep\n", None),
    ],
)
def test_dateline_below_a_headline(blank_nlp, text, home):
    from newsgraph.actors.context import find_dateline

    found, (start, end) = find_dateline(blank_nlp.make_doc(text), load())
    assert found == home
    assert (end > start) is (home is not None or "/" in text)


# -- affiliation from the appositive, the speaking state and bodies ----------------


@pytest.mark.parametrize(
    ("text", "person", "country"),
    [
        ("Jane Roe , Canada 's envoy , said it .", (0, 2), "CAN"),
        ("Sam Poe , adviser to Azerbaijani President Ilham Aliyev , said it .", (0, 2), "AZE"),
        ("Jen Psaki , the White House press secretary , said it .", (0, 2), "USA"),
        ("John Smith , an expert on Russian affairs , said it .", (0, 2), None),
        ("Ali Khan , secretary of Iran 's Supreme National Security Council , said it .", (0, 2), "IRN"),
    ],
)
def test_appositive_gives_the_country(component, make_doc, text, person, country, monkeypatch):
    import dataclasses

    import newsgraph.actors.gazetteer as gazetteer

    monkeypatch.setattr(component, "gaz", dataclasses.replace(gazetteer.load(), people={}, surnames={}))
    doc = _run(component, make_doc, toks(text), ents=[(*person, "PERSON")])
    (name,) = {m.name for m in doc._.mentions if m.kind == "person" and m.name == doc[person[0] : person[1]].text}
    assert {m.country for m in doc._.mentions if m.name == name} == {country}


def test_analyst_takes_the_country_of_the_institute_in_a_city(component, make_doc):
    words = toks("Ayesha Noor , a fellow at the Institute of Policy Studies in Lahore , said it .")
    doc = _run(component, make_doc, words, ents=[(0, 2, "PERSON"), (7, 11, "ORG")])
    found = {m.name: (m.kind, m.country) for m in doc._.mentions}
    assert found["Institute of Policy Studies"] == ("organization", "PAK")
    assert found["Ayesha Noor"] == ("person", "PAK")


# KYIV — Tehran rejected the accusations . Foreign ministry spokesman Nasser Kanaani told reporters .
_SPEAKING = toks("KYIV — Tehran rejected the accusations . Foreign ministry spokesman Nasser Kanaani told reporters .")
_SPEAKING_HEADS = [3, 3, 3, 3, 5, 3, 3, 8, 9, 11, 11, 12, 12, 12, 12]
_SPEAKING_DEPS = [
    "npadvmod",
    "punct",
    "nsubj",
    "ROOT",
    "det",
    "dobj",
    "punct",
    "compound",
    "compound",
    "compound",
    "compound",
    "nsubj",
    "ROOT",
    "dobj",
    "punct",
]


def test_the_state_that_speaks_first_beats_the_dateline(component, make_doc):
    lemmas = [w.lower() for w in _SPEAKING]
    lemmas[3], lemmas[12] = "reject", "tell"
    doc = _run(
        component,
        make_doc,
        _SPEAKING,
        ents=[(10, 12, "PERSON")],
        heads=_SPEAKING_HEADS,
        deps=_SPEAKING_DEPS,
        lemmas=lemmas,
    )
    person = next(m for m in doc._.mentions if m.kind == "person")
    assert (person.name, person.country) == ("Nasser Kanaani", "IRN")


def test_a_state_that_only_acts_does_not_speak_for_the_official(component, make_doc):
    # "KYIV — Tehran launched drones . Foreign ministry spokesman X told reporters": Kyiv's spokesman.
    words = [*_SPEAKING]
    words[3] = "launched"
    lemmas = [w.lower() for w in words]
    lemmas[3], lemmas[12] = "launch", "tell"
    doc = _run(
        component, make_doc, words, ents=[(10, 12, "PERSON")], heads=_SPEAKING_HEADS, deps=_SPEAKING_DEPS, lemmas=lemmas
    )
    person = next(m for m in doc._.mentions if m.kind == "person")
    assert person.country == "UKR"


@pytest.mark.parametrize(
    ("text", "mention", "name", "actor"),
    [
        (
            "a transcript published by the Russian foreign ministry .",
            "Russian foreign ministry",
            "Russian foreign ministry",
            "org:rus-foreign-ministry",
        ),
        (
            "China 's foreign ministry voiced discontent .",
            "foreign ministry",
            "China's foreign ministry",
            "org:chn-foreign-ministry",
        ),
        (
            "the Chinese Ministry of Foreign Affairs said .",
            "Chinese Ministry of Foreign Affairs",
            "Chinese Ministry of Foreign Affairs",
            "org:chn-foreign-ministry",
        ),
        (
            "a day after the Turkish parliament ratified it .",
            "Turkish parliament",
            "Turkish parliament",
            "org:tur-parliament",
        ),
        (
            "Pakistan 's National Security Committee met .",
            "National Security Committee",
            "National Security Committee",
            "org:pak-national-security-committee",
        ),
    ],
)
def test_state_bodies_after_a_demonym_or_possessive(component, make_doc, text, mention, name, actor):
    doc = _run(component, make_doc, toks(text))
    (body,) = [m for m in doc._.mentions if m.kind == "organization"]
    assert (body.text, body.name, body.actor, body.country) == (mention, name, actor, actor[4:7].upper())


def test_a_joint_body_of_two_states_is_neither_ones(component, make_doc):
    words = toks("the Russia - Pakistan Intergovernmental Commission met")
    spaces = [True, False, False, True, True, True, False]
    doc = make_doc(words, spaces=spaces, sent_starts=[True] + [False] * 6)
    component(doc)
    assert not [m for m in doc._.mentions if m.kind == "organization"]


def test_listed_ministry_with_its_state_is_an_organization(component, make_doc):
    doc = _run(component, make_doc, toks("The US State Department declined to comment ."))
    found = [(m.name, m.kind, m.country) for m in doc._.mentions]
    assert ("US State Department", "organization", "USA") in found


@pytest.mark.parametrize(
    ("text", "ents", "nato"),
    [
        ("New Delhi is forming the Asian NATO with Japan .", [], False),
        ("Sweden joined NATO in 2024 .", [], True),
        ("the National Security Council met .", [(1, 4, "ORG")], False),  # not the UN's Security Council
    ],
)
def test_listed_bodies_only_where_they_are_meant(component, make_doc, text, ents, nato):
    doc = _run(component, make_doc, toks(text), ents=ents)
    assert any(m.kind == "igo" for m in doc._.mentions) is nato


def test_rank_after_comma_and_hyphenated_particle_are_read_right(component, make_doc):
    words = toks("the army chief , General Qamar Javed Bajwa , met Egyptian President Abdel Fattah al - Sisi .")
    spaces = [True] * len(words)
    spaces[2] = spaces[7] = spaces[14] = spaces[15] = False
    doc = make_doc(words, spaces=spaces, sent_starts=[True] + [False] * (len(words) - 1))
    component(doc)
    assert [m.name for m in doc._.mentions if m.kind == "person"] == ["Qamar Javed Bajwa", "Abdel Fattah al-Sisi"]


def test_surname_alone_takes_a_well_known_full_name(component, make_doc):
    doc = _run(component, make_doc, toks("Modi arrived in Moscow ."), ents=[(0, 1, "PERSON")])
    person = next(m for m in doc._.mentions if m.kind == "person")
    assert (person.actor, person.country) == ("person:narendra-modi", "IND")


def test_a_city_the_ner_took_for_a_person_is_dropped(component, make_doc):
    doc = _run(component, make_doc, toks("the jet took off from Ganja airbase ."), ents=[(5, 6, "PERSON")])
    assert not [m for m in doc._.mentions if m.kind == "person"]
