"""Attribution: holder, stance and relaying source of an event's clause."""

from __future__ import annotations

import re

import pytest
from spacy.tokens import Doc

from newsgraph.extract.attribution import Attribution, attribute, cues, is_question
from newsgraph.extract.quotes import extract
from newsgraph.models import OUTLET, Mention


def _set_mentions(doc: Doc, names: dict[str, tuple[str, str]]) -> Doc:
    doc._.mentions = []
    for token in doc:
        token._.mention = None
    for name, (actor, kind) in names.items():
        for m in re.finditer(rf"\b{re.escape(name)}\b", doc.text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            country = actor if kind == "state" else None
            mention = Mention("d", span.start_char, span.end_char, span.text, actor, name, kind, country)
            doc._.mentions.append(mention)
            for token in span:
                token._.mention = mention
    doc._.mentions.sort(key=lambda m: m.start)
    doc._.quotes = list(extract(doc))
    return doc


NAMES = {
    "Egypt": ("EGY", "state"),
    "Cairo": ("EGY", "state"),
    "Libya": ("LBY", "state"),
    "Amira Haddad": ("person:amira-haddad", "person"),
    "Haddad": ("person:amira-haddad", "person"),
    "Nile Times": ("media:nile-times", "media"),
}


def test_cue_lists_load() -> None:
    c = cues()
    for word in ("baseless", "fabricated", "propaganda"):
        assert word in c.dismissal_words
    assert {"fake news", "false propaganda", "no basis"} <= set(c.dismissal_phrases)
    assert ("brush", "aside") in c.dismissal_particles
    assert {"reportedly"} <= c.relay_adverbs
    assert "alleged" in c.relay_adjectives
    assert {"media reports", "it is known from", "according to reports"} <= set(c.relay_phrases)


def test_hand_built_reportedly(make_doc) -> None:
    doc = make_doc(
        ["Egypt", "reportedly", "sold", "arms", "to", "Libya", "."],
        heads=[2, 2, 2, 2, 2, 4, 2],
        deps=["nsubj", "advmod", "ROOT", "dobj", "prep", "pobj", "punct"],
        pos=["PROPN", "ADV", "VERB", "NOUN", "ADP", "PROPN", "PUNCT"],
        lemmas=["Egypt", "reportedly", "sell", "arm", "to", "Libya", "."],
    )
    doc._.quotes = []
    assert attribute(doc, 2, 3, "positive") == Attribution(OUTLET, "reports", OUTLET)


def test_hand_built_plain_and_negated(make_doc) -> None:
    doc = make_doc(
        ["Egypt", "sold", "arms", "to", "Libya", "."],
        heads=[1, 1, 1, 1, 3, 1],
        deps=["nsubj", "ROOT", "dobj", "prep", "pobj", "punct"],
        pos=["PROPN", "VERB", "NOUN", "ADP", "PROPN", "PUNCT"],
    )
    doc._.quotes = []
    assert attribute(doc, 1, 2, "positive") == Attribution(OUTLET, "asserts", OUTLET)
    assert attribute(doc, 1, 2, "negative") == Attribution(OUTLET, "denies", OUTLET)


def test_hand_built_question(make_doc) -> None:
    doc = make_doc(
        ["Is", "Egypt", "selling", "arms", "to", "Libya", "?"],
        heads=[2, 2, 2, 2, 2, 4, 2],
        deps=["aux", "nsubj", "ROOT", "dobj", "prep", "pobj", "punct"],
        pos=["AUX", "PROPN", "VERB", "NOUN", "ADP", "PROPN", "PUNCT"],
    )
    doc._.quotes = []
    assert is_question(doc[:])
    assert attribute(doc, 2, 3).stance == "questions"


# (sentence, trigger word, polarity, expected holder, stance, reported_by)
CASES = [
    # dismissal cues governing the claim
    (
        "Earlier, Egypt had rejected a news story alleging the sale of weapons to Libya, considering it baseless.",
        "sale",
        "positive",
        "EGY",
        "denies",
        OUTLET,
    ),
    # "denied that ..." is also reported speech: Egypt passes it on
    ("Egypt denied that it had sold weapons to Libya.", "sold", "positive", "EGY", "denies", "EGY"),
    (
        "Egypt’s claim about getting weapons from Libya is false propaganda and fake news.",
        "getting",
        "positive",
        OUTLET,
        "denies",
        OUTLET,
    ),
    # relayed content
    (
        "Trust suffered last year when reports appeared in international media "
        "that Egypt had supplied weapons to Libya.",
        "supplied",
        "positive",
        OUTLET,
        "reports",
        OUTLET,
    ),
    (
        "It is known from media reports that Egypt is ready to export drones to Libya.",
        "export",
        "positive",
        OUTLET,
        "reports",
        OUTLET,
    ),
    ("Egypt reportedly supplied weapons to Libya.", "supplied", "positive", OUTLET, "reports", OUTLET),
    (
        "The Nile Times reported that Egypt had supplied weapons to Libya.",
        "supplied",
        "positive",
        "media:nile-times",
        "reports",
        "media:nile-times",
    ),
    # questions
    (
        "Is Egypt interested to acquire the latest drones from Libya?",
        "acquire",
        "positive",
        OUTLET,
        "questions",
        OUTLET,
    ),
    # the speaker of a quote holds what it says
    (
        "“Egypt does not supply arms to Libya,” Amira Haddad said.",
        "supply",
        "negative",
        "person:amira-haddad",
        "denies",
        "person:amira-haddad",
    ),
    (
        "Amira Haddad said Egypt would supply drones to Libya.",
        "supply",
        "positive",
        "person:amira-haddad",
        "asserts",
        "person:amira-haddad",
    ),
    # the article's own voice
    ("Egypt supplied weapons to Libya in 2020.", "supplied", "positive", OUTLET, "asserts", OUTLET),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "trigger", "polarity", "holder", "stance", "reported_by"), CASES)
def test_stance_cues(nlp, text: str, trigger: str, polarity: str, holder: str, stance: str, reported_by: str) -> None:
    doc = _set_mentions(nlp(text), NAMES)
    token = next(t for t in doc if t.text == trigger)
    assert attribute(doc, token.i, token.i + 1, polarity) == Attribution(holder, stance, reported_by)


@pytest.mark.model
def test_brushed_aside(nlp) -> None:
    doc = _set_mentions(nlp("Egypt brushed aside claims that it had supplied weapons to Libya."), NAMES)
    token = next(t for t in doc if t.text == "supplied")
    assert attribute(doc, token.i, token.i + 1).stance == "denies"


def test_empty_doc_is_outlet(make_doc) -> None:
    doc = make_doc(["."])
    doc._.quotes = []
    assert attribute(doc, 0, 1).holder == OUTLET


# ---------------------------------------------- attribution from the trigger
STATES = {
    "Iran": ("IRN", "state"),
    "Russia": ("RUS", "state"),
    "Moscow": ("RUS", "state"),
    "China": ("CHN", "state"),
    "Armenia": ("ARM", "state"),
    "Turkey": ("TUR", "state"),
    "Azerbaijan": ("AZE", "state"),
}

# (words, heads, deps, pos, lemmas, trigger index, expected holder, expected stance)
TRIGGER_CASES = [
    pytest.param(
        ["Iran", "denies", "arming", "Russia", "."],
        [1, 1, 1, 2, 1],
        ["nsubj", "ROOT", "xcomp", "dobj", "punct"],
        ["PROPN", "VERB", "VERB", "PROPN", "PUNCT"],
        ["Iran", "deny", "arm", "Russia", "."],
        2,
        "IRN",
        "denies",
        id="outright-denial-heads-the-clause",
    ),
    pytest.param(
        ["Iran", "ruled", "out", "arming", "Russia", "."],
        [1, 1, 1, 1, 3, 1],
        ["nsubj", "ROOT", "prt", "xcomp", "dobj", "punct"],
        ["PROPN", "VERB", "ADP", "VERB", "PROPN", "PUNCT"],
        ["Iran", "rule", "out", "arm", "Russia", "."],
        3,
        "IRN",
        "denies",
        id="particle-verb-denial",
    ),
    pytest.param(
        ["Iran", "rejected", "the", "plan", "and", "signed", "a", "deal", "."],
        [1, 1, 3, 1, 1, 1, 7, 5, 1],
        ["nsubj", "ROOT", "det", "dobj", "cc", "conj", "det", "dobj", "punct"],
        ["PROPN", "VERB", "DET", "NOUN", "CCONJ", "VERB", "DET", "NOUN", "PUNCT"],
        ["Iran", "reject", "the", "plan", "and", "sign", "a", "deal", "."],
        5,
        OUTLET,
        "asserts",
        id="coordination-is-not-dismissed",
    ),
    pytest.param(
        ["Iran", "rejected", "an", "offer", "of", "talks", "."],
        [1, 1, 3, 1, 3, 4, 1],
        ["nsubj", "ROOT", "det", "dobj", "prep", "pobj", "punct"],
        ["PROPN", "VERB", "DET", "NOUN", "ADP", "NOUN", "PUNCT"],
        ["Iran", "reject", "an", "offer", "of", "talk", "."],
        5,
        OUTLET,
        "asserts",
        id="refusing-an-offer-is-no-denial",
    ),
    pytest.param(
        ["Iran", "rejected", "reports", "of", "arms", "for", "Russia", "."],
        [1, 1, 1, 2, 3, 4, 4, 1],
        ["nsubj", "ROOT", "dobj", "prep", "pobj", "prep", "pobj", "punct"],
        ["PROPN", "VERB", "NOUN", "ADP", "NOUN", "ADP", "PROPN", "PUNCT"],
        ["Iran", "reject", "report", "of", "arm", "for", "Russia", "."],
        4,
        "IRN",
        "denies",
        id="rejecting-a-report-denies-it",
    ),
    pytest.param(
        ["Armenia", "accused", "Turkey", "of", "sending", "fighters", "to", "Azerbaijan", "."],
        [1, 1, 1, 1, 3, 4, 4, 6, 1],
        ["nsubj", "ROOT", "dobj", "prep", "pcomp", "dobj", "prep", "pobj", "punct"],
        ["PROPN", "VERB", "PROPN", "ADP", "VERB", "NOUN", "ADP", "PROPN", "PUNCT"],
        ["Armenia", "accuse", "Turkey", "of", "send", "fighter", "to", "Azerbaijan", "."],
        4,
        "ARM",
        "asserts",
        id="accuser-asserts",
    ),
]


@pytest.mark.parametrize(("words", "heads", "deps", "pos", "lemmas", "trigger", "holder", "stance"), TRIGGER_CASES)
def test_attribution_from_the_trigger(make_doc, words, heads, deps, pos, lemmas, trigger, holder, stance) -> None:
    doc = _set_mentions(make_doc(words, heads=heads, deps=deps, pos=pos, lemmas=lemmas), STATES)
    doc._.quotes = []
    got = attribute(doc, 0, len(doc), "positive", trigger=doc[trigger])
    assert (got.holder, got.stance) == (holder, stance)


def test_without_the_trigger_a_heading_denial_is_not_seen(make_doc) -> None:
    # the clause-only reading cannot tell "Iran denies [arming]" from the
    # denial itself; this is why events pass their trigger
    words, heads, deps, pos, lemmas = TRIGGER_CASES[0].values[:5]
    doc = _set_mentions(make_doc(words, heads=heads, deps=deps, pos=pos, lemmas=lemmas), STATES)
    doc._.quotes = []
    assert attribute(doc, 0, len(doc), "positive").stance == "asserts"
