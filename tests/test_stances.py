"""The stances component: dismissals that point back at an earlier
proposition, and the author of a dismissed statement."""

from __future__ import annotations

import re

import pytest
from spacy.tokens import Doc

from newsgraph.extract.stances import dismissals, extract, statement_author, trigger_of
from newsgraph.models import OUTLET, Event, Evidence, Mention

STATES = {
    "Russia": "RUS",
    "Moscow": "RUS",
    "Iran": "IRN",
    "Tehran": "IRN",
    "Georgia": "GEO",
    "Blinken": "person:antony-blinken",
}

# The proposition every case starts from, stated by the outlet.
LEAD = (
    ["Russia", "sold", "arms", "to", "Iran", "."],
    [1, 1, 1, 1, 3, 1],
    ["nsubj", "ROOT", "dobj", "prep", "pobj", "punct"],
    ["PROPN", "VERB", "NOUN", "ADP", "PROPN", "PUNCT"],
    ["Russia", "sell", "arm", "to", "Iran", "."],
)


def _doc(make_doc, second: tuple[list[str], list[int], list[str], list[str], list[str]]) -> Doc:
    words, heads, deps, pos, lemmas = (a + b for a, b in zip(LEAD, second, strict=True))
    offset = len(LEAD[0])
    heads = LEAD[1] + [h + offset for h in second[1]]
    starts = [i in (0, offset) for i in range(len(words))]
    doc = make_doc(words, heads=heads, deps=deps, pos=pos, lemmas=lemmas, sent_starts=starts)
    doc._.mentions = []
    for token in doc:
        token._.mention = None
    for name, actor in STATES.items():
        for m in re.finditer(rf"\b{name}\b", doc.text):
            span = doc.char_span(m.start(), m.end())
            kind = "person" if actor.startswith("person:") else "state"
            country = "USA" if kind == "person" else actor
            mention = Mention("d", span.start_char, span.end_char, span.text, actor, name, kind, country)
            doc._.mentions.append(mention)
            for token in span:
                token._.mention = mention
    doc._.quotes = []
    return doc


def _lead_event(doc: Doc) -> Event:
    sent = doc[0:6]
    return Event(
        id="ev-lead",
        document="d",
        type="AID",
        mode="military",
        cameo_root="07",
        weight=10.0,
        source="RUS",
        target="IRN",
        polarity="positive",
        modality="actual",
        date=None,
        evidence=Evidence(sent.text, sent.start_char, sent.end_char),
        cue="sold",
        reported_by=OUTLET,
        holder=OUTLET,
        stance="asserts",
    )


# second sentence (words, heads relative to it, deps, pos, lemmas) -> expected denier or None
CASES = [
    pytest.param(
        (
            ["Moscow", "denied", "the", "reports", "."],
            [1, 1, 3, 1, 1],
            ["nsubj", "ROOT", "det", "dobj", "punct"],
            ["PROPN", "VERB", "DET", "NOUN", "PUNCT"],
            ["Moscow", "deny", "the", "report", "."],
        ),
        "RUS",
        id="denied-the-reports",
    ),
    pytest.param(
        (
            ["Moscow", "brushed", "aside", "such", "speculation", "."],
            [1, 1, 1, 4, 1, 1],
            ["nsubj", "ROOT", "prt", "amod", "dobj", "punct"],
            ["PROPN", "VERB", "ADP", "ADJ", "NOUN", "PUNCT"],
            ["Moscow", "brush", "aside", "such", "speculation", "."],
        ),
        "RUS",
        id="brushed-aside-speculation",
    ),
    pytest.param(
        (
            ["Moscow", "called", "the", "claim", "baseless", "."],
            [1, 1, 3, 1, 1, 1],
            ["nsubj", "ROOT", "det", "dobj", "oprd", "punct"],
            ["PROPN", "VERB", "DET", "NOUN", "ADJ", "PUNCT"],
            ["Moscow", "call", "the", "claim", "baseless", "."],
        ),
        "RUS",
        id="called-the-claim-baseless",
    ),
    pytest.param(
        (
            ["Moscow", "denied", "any", "involvement", "."],
            [1, 1, 3, 1, 1],
            ["nsubj", "ROOT", "det", "dobj", "punct"],
            ["PROPN", "VERB", "DET", "NOUN", "PUNCT"],
            ["Moscow", "deny", "any", "involvement", "."],
        ),
        "RUS",
        id="denied-any-involvement",
    ),
    pytest.param(
        (
            ["Moscow", "did", "not", "deny", "the", "reports", "."],
            [3, 3, 3, 3, 5, 3, 3],
            ["nsubj", "aux", "neg", "ROOT", "det", "dobj", "punct"],
            ["PROPN", "AUX", "PART", "VERB", "DET", "NOUN", "PUNCT"],
            ["Moscow", "do", "not", "deny", "the", "report", "."],
        ),
        None,
        id="negated-dismissal",
    ),
    pytest.param(
        (
            ["Georgia", "denied", "the", "reports", "."],
            [1, 1, 3, 1, 1],
            ["nsubj", "ROOT", "det", "dobj", "punct"],
            ["PROPN", "VERB", "DET", "NOUN", "PUNCT"],
            ["Georgia", "deny", "the", "report", "."],
        ),
        None,
        id="a-bystander-denies-nothing-it-did-not-do",
    ),
    pytest.param(
        (
            ["Moscow", "denied", "any", "role", "in", "the", "killings", "."],
            [1, 1, 3, 1, 3, 6, 4, 1],
            ["nsubj", "ROOT", "det", "dobj", "prep", "det", "pobj", "punct"],
            ["PROPN", "VERB", "DET", "NOUN", "ADP", "DET", "NOUN", "PUNCT"],
            ["Moscow", "deny", "any", "role", "in", "the", "killing", "."],
        ),
        None,
        id="an-object-that-says-what-it-is-does-not-point-back",
    ),
    pytest.param(
        (
            ["Moscow", "rejected", "the", "proposal", "."],
            [1, 1, 3, 1, 1],
            ["nsubj", "ROOT", "det", "dobj", "punct"],
            ["PROPN", "VERB", "DET", "NOUN", "PUNCT"],
            ["Moscow", "reject", "the", "proposal", "."],
        ),
        None,
        id="rejecting-a-proposal-is-not-a-denial",
    ),
]


@pytest.mark.parametrize(("second", "denier"), CASES)
def test_dismissal_pointing_back(make_doc, second, denier) -> None:
    doc = _doc(make_doc, second)
    lead = _lead_event(doc)
    out = list(extract(doc, [lead]))
    assert out[0] == lead
    derived = out[1:]
    if denier is None:
        assert derived == []
        return
    (denial,) = derived
    assert (denial.type, denial.mode, denial.source, denial.target) == ("AID", "military", "RUS", "IRN")
    assert (denial.holder, denial.stance, denial.reported_by) == (denier, "denies", OUTLET)
    assert denial.evidence.start >= doc[6].idx  # the dismissing sentence is the evidence
    assert denial.amounts == ()


@pytest.mark.parametrize("verb_pos", ["VERB", "NOUN"])  # NOUN: a tagger error the parse outvotes
def test_a_charge_rejected_in_a_relative_clause(make_doc, verb_pos: str) -> None:
    # "Russia sold arms to Iran, a charge Moscow and Tehran reject."
    words = ["Russia", "sold", "arms", "to", "Iran", ",", "a", "charge", "Moscow", "and", "Tehran", "reject", "."]
    heads = [1, 1, 1, 1, 3, 1, 7, 4, 11, 8, 8, 7, 1]
    deps = ["nsubj", "ROOT", "dobj", "prep", "pobj", "punct", "det", "appos", "nsubj", "cc", "conj", "relcl", "punct"]
    pos = ["PROPN", "VERB", "NOUN", "ADP", "PROPN", "PUNCT", "DET", "NOUN", "PROPN", "CCONJ", "PROPN"]
    pos += [verb_pos, "PUNCT"]
    lemmas = [w.lower() for w in words]
    lemmas[1], lemmas[2], lemmas[11] = "sell", "arm", "reject"
    doc = make_doc(words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    doc._.mentions = []
    for token in doc:
        token._.mention = None
    for token in doc:
        if token.text in STATES:
            m = Mention(
                "d",
                token.idx,
                token.idx + len(token),
                token.text,
                STATES[token.text],
                token.text,
                "state",
                STATES[token.text],
            )
            doc._.mentions.append(m)
            token._.mention = m
    doc._.quotes = []
    (site,) = dismissals(doc, {1})
    assert site.holders == ("RUS", "IRN")
    lead = Event(
        id="ev-lead",
        document="d",
        type="AID",
        mode="military",
        cameo_root="07",
        weight=10.0,
        source="RUS",
        target="IRN",
        polarity="positive",
        modality="actual",
        date=None,
        evidence=Evidence(doc.text, 0, len(doc.text)),
        cue="sold",
    )
    derived = list(extract(doc, [lead]))[1:]
    # Russia denies its own act; Iran, the recipient, is not its actor
    assert [(e.holder, e.stance) for e in derived] == [("RUS", "denies")]


def test_trigger_is_found_again(make_doc) -> None:
    doc = _doc(make_doc, CASES[0].values[0])
    assert trigger_of(doc, _lead_event(doc)).i == 1


def test_author_of_a_dismissed_warning_asserts(make_doc) -> None:
    # "Iran dismissed Blinken's warning that Russia sold arms to it" -- the
    # author of the warning asserts what Iran dismisses
    words = ["Iran", "dismissed", "Blinken", "'s", "warning", "that", "Russia", "sold", "arms", "."]
    heads = [1, 1, 4, 2, 1, 7, 7, 4, 7, 1]
    deps = ["nsubj", "ROOT", "poss", "case", "dobj", "mark", "nsubj", "acl", "dobj", "punct"]
    pos = ["PROPN", "VERB", "PROPN", "PART", "NOUN", "SCONJ", "PROPN", "VERB", "NOUN", "PUNCT"]
    lemmas = ["Iran", "dismiss", "Blinken", "'s", "warning", "that", "Russia", "sell", "arm", "."]
    doc = make_doc(words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    doc._.mentions = []
    for token in doc:
        token._.mention = None
        if token.text in STATES:
            actor = STATES[token.text]
            kind = "person" if actor.startswith("person:") else "state"
            m = Mention(
                "d",
                token.idx,
                token.idx + len(token),
                token.text,
                actor,
                token.text,
                kind,
                "USA" if kind == "person" else actor,
            )
            doc._.mentions.append(m)
            token._.mention = m
    doc._.quotes = []
    noun, author = statement_author(doc[7])
    assert (noun.text, author) == ("warning", "person:antony-blinken")
    event = Event(
        id="ev-x",
        document="d",
        type="AID",
        mode="military",
        cameo_root="07",
        weight=10.0,
        source="RUS",
        target="IRN",
        polarity="positive",
        modality="actual",
        date=None,
        evidence=Evidence(doc.text, 0, len(doc.text)),
        cue="sold",
        holder=OUTLET,
        stance="asserts",
    )
    out = list(extract(doc, [event]))
    assert [(e.holder, e.stance) for e in out] == [("IRN", "denies"), ("person:antony-blinken", "asserts")]


@pytest.mark.model
def test_model_pointing_denial_and_headline_denial(nlp) -> None:
    from newsgraph.extraction import prepare
    from newsgraph.ingest.normalize import make_document

    text = (
        "Brazil denies selling rifles to Venezuela\n\n"
        "CARACAS — Colombia said on Monday that Brazil had sold assault rifles to Venezuela last year. "
        "Brasilia rejected the accusation, calling it baseless.\n"
    )
    doc = nlp(prepare(nlp, make_document(text, source="t")))
    arms = [
        (e.holder, e.stance, e.evidence.text.strip())
        for e in doc._.events
        if (e.type, e.mode, e.source, e.target) == ("AID", "military", "BRA", "VEN")
    ]
    assert ("BRA", "denies", "Brazil denies selling rifles to Venezuela") in arms
    assert ("COL", "asserts") in {(h, s) for h, s, _ in arms}
    assert [(h, s) for h, s, t in arms if t.startswith("Brasilia")] == [("BRA", "denies")]
