"""Quotes: marks, speakers (names, pronouns, descriptions) and reported speech."""

from __future__ import annotations

import re

import pytest
from spacy.tokens import Doc

from newsgraph.extract.quotes import extract, quote_spans
from newsgraph.models import Mention, content_id

# ---------------------------------------------------------------- marks (pure text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said “We are ready.”", ["We are ready."]),
        ('He said "We are ready." Then left.', ["We are ready."]),
        ("“One.” “Two.”", ["One.", "Two."]),
        # unbalanced: the quote ends with its paragraph
        ("She said “We are ready to talk\nNext paragraph.", ["We are ready to talk"]),
        # a quote continued in the next paragraph: one piece per paragraph
        ("“First part of it.\n\n“Second part.”", ["First part of it.", "Second part."]),
        # a phrase quoted inside a quote shares the outer closing mark
        ("“Our aims include the “Greater Partnership.”", ["Our aims include the “Greater Partnership."]),
        # apostrophes are not single quotes
        ("Pakistan’s army chief said ‘we welcome it’ today.", ["we welcome it"]),
        ("The ministers’ talks went well.", []),
        # a stray closing mark opens nothing
        ("It was over,” he said.", []),
    ],
)
def test_quote_spans(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e, _ in quote_spans(text)] == expected


# ---------------------------------------------------------------- hand-built docs


def _mention(
    doc: Doc, start: int, end: int, actor: str, kind: str, country: str | None, role: str | None = None
) -> None:
    span = doc[start:end]
    m = Mention("doc-test", span.start_char, span.end_char, span.text, actor, span.text, kind, country, role)
    doc._.mentions = [*(doc._.mentions or []), m]
    for token in span:
        token._.mention = m


def _build(make_doc, spec: str, **mentions):  # type: ignore[no-untyped-def]
    """Words as "word/POS/dep/head" separated by spaces (head: absolute index)."""
    parts = [p.rsplit("/", 3) for p in spec.split()]
    words = [p[0] for p in parts]
    doc = make_doc(
        words,
        pos=[p[1] for p in parts],
        deps=[p[2] for p in parts],
        heads=[int(p[3]) for p in parts],
        lemmas=[{"said": "say", "added": "add", "told": "tell"}.get(w.lower(), w.lower()) for w in words],
    )
    doc._.mentions = []
    return doc


def test_direct_quote_after_speech_verb(make_doc) -> None:
    # Baloch said : “ Pakistan does not supply arms . ”
    doc = _build(
        make_doc,
        "Baloch/PROPN/nsubj/1 said/VERB/ROOT/1 :/PUNCT/punct/1 “/PUNCT/punct/7 Pakistan/PROPN/nsubj/7 "
        "does/AUX/aux/7 not/PART/neg/7 supply/VERB/ccomp/1 arms/NOUN/dobj/7 ./PUNCT/punct/7 ”/PUNCT/punct/1",
    )
    _mention(doc, 0, 1, "person:baloch", "person", "PAK", "spokesperson")
    _mention(doc, 4, 5, "PAK", "state", "PAK")
    quotes = list(extract(doc))
    direct = [q for q in quotes if q.kind == "direct"]
    assert len(direct) == 1
    q = direct[0]
    assert q.text == "Pakistan does not supply arms."
    assert doc.text[q.start : q.end] == q.text
    assert q.speaker == "person:baloch"
    assert q.speaker_text == "Baloch"
    assert q.id == content_id("q", "", q.start)


def test_pronoun_after_quote_resolves_to_last_speaker(make_doc) -> None:
    # “ We are ready to help , ” Lavrov said . “ We are against new lines , ” he added .
    doc = _build(
        make_doc,
        "“/PUNCT/punct/2 We/PRON/nsubj/2 are/AUX/ccomp/9 ready/ADJ/acomp/2 to/PART/aux/5 help/VERB/xcomp/3 "
        ",/PUNCT/punct/9 ”/PUNCT/punct/9 Lavrov/PROPN/nsubj/9 said/VERB/ROOT/9 ./PUNCT/punct/9 "
        "“/PUNCT/punct/13 We/PRON/nsubj/13 are/AUX/ccomp/20 against/ADP/prep/13 new/ADJ/amod/16 lines/NOUN/pobj/14 "
        ",/PUNCT/punct/20 ”/PUNCT/punct/20 he/PRON/nsubj/20 added/VERB/ROOT/20 ./PUNCT/punct/20",
    )
    _mention(doc, 8, 9, "person:lavrov", "person", "RUS", "foreign minister")
    quotes = [q for q in extract(doc) if q.kind == "direct"]
    assert [q.text for q in quotes] == ["We are ready to help,", "We are against new lines,"]
    assert [q.speaker for q in quotes] == ["person:lavrov", "person:lavrov"]
    assert quotes[1].speaker_text == "he"


def test_unresolvable_speaker_keeps_words(make_doc) -> None:
    # “ There is no basis for the theory at all , ” officials said .
    doc = _build(
        make_doc,
        "“/PUNCT/punct/2 There/PRON/expl/2 is/VERB/ccomp/13 no/DET/det/4 basis/NOUN/attr/2 for/ADP/prep/4 "
        "the/DET/det/7 theory/NOUN/pobj/5 at/ADP/advmod/2 all/ADV/pobj/8 ,/PUNCT/punct/13 ”/PUNCT/punct/13 "
        "officials/NOUN/nsubj/13 said/VERB/ROOT/13 ./PUNCT/punct/13",
    )
    q = next(q for q in extract(doc) if q.kind == "direct")
    assert q.speaker is None
    assert q.speaker_text == "officials"


# ---------------------------------------------------------------- the real parser


def _with_mentions(nlp, text: str, people: dict[str, tuple[str, str | None, str | None]]) -> Doc:  # type: ignore[no-untyped-def]
    """Parse with the real model, then set person and state mentions by hand so
    the test does not depend on the actor gazetteer."""
    doc = nlp(text)
    doc._.mentions = []
    for token in doc:
        token._.mention = None
    for name, (actor, country, role) in people.items():
        for m in re.finditer(rf"\b{re.escape(name)}\b", text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            kind = "state" if re.fullmatch(r"[A-Z]{3}", actor) else "person"
            _mention(doc, span.start, span.end, actor, kind, country, role)
    doc._.mentions.sort(key=lambda m: m.start)
    return doc


PEOPLE = {
    "Sergey Lavrov": ("person:sergey-lavrov", "RUS", "foreign minister"),
    "Lavrov": ("person:sergey-lavrov", "RUS", None),
    "Amira Haddad": ("person:amira-haddad", "EGY", "foreign office spokesperson"),
    "Haddad": ("person:amira-haddad", "EGY", None),
    "Omar Farouk": ("person:omar-farouk", "EGY", "army chief"),
    "Jonas Berg": ("person:jonas-berg", "NOR", "prime minister"),
    "Russia": ("RUS", "RUS", None),
    "Moscow": ("RUS", "RUS", None),
    "Egypt": ("EGY", "EGY", None),
    "Norway": ("NOR", "NOR", None),
}


# (text, the quote's first words, speaker, kind)
FORMS = [
    # direct, straight and curly marks, attribution after or before
    (
        '"We will not send troops to the border," Jonas Berg said on Monday.',
        "We will not send troops",
        "person:jonas-berg",
        "direct",
    ),
    (
        "Jonas Berg said: “We will not send troops to the border.”",
        "We will not send troops",
        "person:jonas-berg",
        "direct",
    ),
    # a quote split by its attribution
    (
        "“We are ready,” Jonas Berg said. “We will talk to anyone who wants peace.”",
        "We will talk to anyone",
        "person:jonas-berg",
        "direct",
    ),
    # she / he across sentences
    (
        "Foreign office spokesperson Amira Haddad spoke to reporters in Cairo. "
        "She added: “Egypt does not sell arms to parties at war.”",
        "Egypt does not sell arms",
        "person:amira-haddad",
        "direct",
    ),
    # descriptions through the role of a person mentioned before
    (
        "Sergey Lavrov arrived in Cairo on Monday. "
        "“We stand ready to help Egypt in all fields,” the Russian foreign minister said.",
        "We stand ready to help",
        "person:sergey-lavrov",
        "direct",
    ),
    (
        "Sergey Lavrov arrived in Cairo on Monday. Moscow’s top diplomat said Russia wanted to deepen ties with Egypt.",
        "Russia wanted to deepen ties",
        "person:sergey-lavrov",
        "indirect",
    ),
    (
        "Army chief Omar Farouk met the visitors. "
        "“We have no hostile designs towards any country at all,” the COAS emphasised.",
        "We have no hostile designs",
        "person:omar-farouk",
        "direct",
    ),
    (
        "Foreign office spokesperson Amira Haddad spoke on Monday. "
        "The spokesperson said Egypt would stay neutral in the war.",
        "Egypt would stay neutral",
        "person:amira-haddad",
        "indirect",
    ),
    # indirect speech forms
    (
        "Jonas Berg said that Norway would double its aid to the region.",
        "Norway would double its aid",
        "person:jonas-berg",
        "indirect",
    ),
    (
        "Jonas Berg told reporters Norway would double its aid to the region.",
        "Norway would double its aid",
        "person:jonas-berg",
        "indirect",
    ),
    (
        "Sergey Lavrov warned that Moscow would respond to any new sanctions.",
        "Moscow would respond",
        "person:sergey-lavrov",
        "indirect",
    ),
    (
        "According to Jonas Berg, Norway will double its aid to the region.",
        "Norway will double its aid",
        "person:jonas-berg",
        "indirect",
    ),
    (
        "“We welcome the talks between the two neighbours,” Lavrov said on X.",
        "We welcome the talks",
        "person:sergey-lavrov",
        "direct",
    ),
    # reported speech before its attribution, and "adding that"
    (
        "Russia is prepared to sell Egypt military hardware, Sergey Lavrov said on Tuesday.",
        "Russia is prepared to sell",
        "person:sergey-lavrov",
        "indirect",
    ),
    (
        "Jonas Berg welcomed the agreement, adding that the onus was on Russia to act.",
        "the onus was on Russia",
        "person:jonas-berg",
        "indirect",
    ),
    # a quote split by a long attribution
    (
        "“Egypt needs buyers,” said Amira Haddad, a spokesperson in Cairo. “Whether Egypt knew is another question.”",
        "Whether Egypt knew",
        "person:amira-haddad",
        "direct",
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "starts", "speaker", "kind"), FORMS)
def test_quote_forms(nlp, text: str, starts: str, speaker: str, kind: str) -> None:
    doc = _with_mentions(nlp, text, PEOPLE)
    quotes = list(extract(doc))
    hits = [q for q in quotes if q.text.startswith(starts)]
    assert hits, [(q.kind, q.text) for q in quotes]
    assert hits[0].kind == kind
    assert hits[0].speaker == speaker
    for q in quotes:
        assert doc.text[q.start : q.end] == q.text


@pytest.mark.model
def test_scare_quotes_are_not_quotes(nlp) -> None:
    text = "Russia is ready to supply ‘special military equipment’ and criticised “divisive” policies."
    doc = _with_mentions(nlp, text, PEOPLE)
    assert list(extract(doc)) == []


@pytest.mark.model
def test_he_stays_unresolved_without_a_person(nlp) -> None:
    doc = _with_mentions(nlp, "Talks went on for hours. “We are not finished with this yet,” he said.", PEOPLE)
    (q,) = extract(doc)
    assert q.speaker is None
    assert q.speaker_text == "he"


@pytest.mark.model
def test_dash_introduced_quote(nlp) -> None:
    text = "In a press conference, Norway’s prime minister Jonas Berg said – We are members of the same bloc and work."
    doc = _with_mentions(nlp, text, PEOPLE)
    hits = [q for q in extract(doc) if q.text.startswith("We are members")]
    assert hits and hits[0].speaker == "person:jonas-berg"


@pytest.mark.model
def test_component_sets_doc_quotes(nlp) -> None:
    doc = nlp("“We will not send troops to the border at all,” the minister said.")
    assert isinstance(doc._.quotes, list)
    assert [q.text for q in doc._.quotes] == ["We will not send troops to the border at all,"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'Our ties are our own decision,' he said.", ["Our ties are our own decision,"]),
        ("He said 'the ministers' talks went well.' Then he left.", ["the ministers' talks went well."]),
        ("Pakistan's army won't go.", []),
    ],
)
def test_straight_single_quotes(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e, _ in quote_spans(text)] == expected
