"""The actors component on short invented sentences with the real model, and the
gold-set floors on the seed articles."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from newsgraph.models import Document


def _doc(nlp, text):
    doc = nlp.make_doc(text)
    doc._.document = Document("doc-test", "test.txt", text)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
        if _ == "newsgraph_actors":
            break
    return doc


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Turkish Foreign Minister Hakan Fidan met his Swedish counterpart in Ankara on Monday.",
            {("person:hakan-fidan", "TUR", "foreign minister"), ("SWE", "SWE", None)},
        ),
        (
            "Tehran rejected the proposal, and the Saudi Foreign Ministry said Riyadh would respond.",
            {("IRN", "IRN", None), ("SAU", "SAU", None)},
        ),
        (
            "Beijing and Tokyo agreed to resume talks, Japanese Prime Minister Fumio Kishida said.",
            {("CHN", "CHN", None), ("JPN", "JPN", None), ("person:fumio-kishida", "JPN", "prime minister")},
        ),
        (
            "The Kremlin said President Vladimir Putin would not attend the NATO summit.",
            {
                ("RUS", "RUS", None),
                ("person:vladimir-putin", "RUS", "president"),
                ("org:north-atlantic-treaty-organization", None, None),
            },
        ),
        (
            "Hezbollah fired rockets, the Israeli military said, as the UN urged calm.",
            {("org:hezbollah", "LBN", None), ("ISR", "ISR", None), ("org:united-nations", None, None)},
        ),
        # Affiliation from an appositive, a body in a city, and a state's body after a demonym.
        (
            "Lena Varga, a senior fellow at the Centre for Regional Studies in Budapest, said the vote was close.",
            {("person:lena-varga", "HUN", "analyst")},
        ),
        (
            "Omar Haddad, Jordan's ambassador to the United Nations, said the text was balanced.",
            {("person:omar-haddad", "JOR", "ambassador")},
        ),
        (
            "The report was published by the Russian foreign ministry on Friday.",
            {("org:rus-foreign-ministry", "RUS", None)},
        ),
    ],
)
def test_invented_sentences(nlp, text, expected):
    doc = _doc(nlp, text)
    found = {(m.actor, m.country, m.role) for m in doc._.mentions}
    assert expected <= found
    for m in doc._.mentions:
        assert doc.text[m.start : m.end] == m.text


@pytest.mark.model
def test_spokesman_speaks_for_the_state_that_spoke_not_the_dateline(nlp):
    text = (
        "KYIV — Ukraine said on Monday that drones hit the capital.\n\nTehran rejected the accusations. "
        "\u201cWe have sent no weapons,\u201d foreign ministry spokesman Nasser Kanaani told reporters."
    )
    doc = _doc(nlp, text)
    (person,) = {(m.actor, m.country) for m in doc._.mentions if m.kind == "person"}
    assert person == ("person:nasser-kanaani", "IRN")


@pytest.mark.model
def test_capital_as_place_is_not_an_actor(nlp):
    doc = _doc(nlp, "The delegation held talks in Stockholm with officials.")
    assert not [m for m in doc._.mentions if m.actor == "SWE"]


@pytest.mark.model
def test_surname_later_in_the_document(nlp):
    doc = _doc(nlp, "Iranian Foreign Minister Abbas Araghchi arrived in Oman. Araghchi said the talks were useful.")
    people = [m for m in doc._.mentions if m.kind == "person"]
    assert [m.actor for m in people] == ["person:abbas-araghchi", "person:abbas-araghchi"]
    assert all(m.country == "IRN" for m in people)


# -- gold-set floors on the seed articles --------------------------------------------


def _norm(s):
    s = unicodedata.normalize("NFKD", s or "").encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9 ]+", " ", s.lower())
    s = re.sub(r"\b(the|mr|ms|dr|gen|lt)\b", " ", s)
    return " ".join(s.split())


def _matches(gold, actor):
    """The scorer's rule (../shared/eval/score_dossier.py): a name or alias in
    common, or for people the same surname."""
    names = {_norm(actor.name), *(_norm(a) for a in actor.aliases)} - {""}
    if {_norm(gold["name"]), *(_norm(a) for a in gold.get("aliases", []))} & names:
        return True
    if gold["kind"] == "person":
        last = _norm(gold["name"]).split()[-1]
        return any(n.split() and n.split()[-1] == last for n in names)
    return False


@pytest.mark.model
@pytest.mark.seeds
@pytest.mark.slow
def test_seed_actor_floors(nlp, seeds_dir):
    from newsgraph.extraction import prepare
    from newsgraph.ingest.normalize import make_document
    from newsgraph.resolve.actors import merge_actors

    gold = json.loads((seeds_dir.parent / "eval" / "dev_gold.json").read_text("utf-8"))
    mentions = []
    for path in sorted(seeds_dir.iterdir()):
        document = make_document(path.read_text("utf-8"), source=str(path))
        mentions.extend(_doc(nlp, prepare(nlp, document).text)._.mentions)
    actors, _ = merge_actors(mentions)
    actors.sort(key=lambda a: -a.mentions)  # the dossier's order, which the scorer searches
    found = right_country = right_kind = 0
    for g in gold["actors"]:
        hit = next((a for a in actors if _matches(g, a)), None)
        if hit is not None:
            found += 1
            right_country += hit.country == g["country"]
            right_kind += hit.kind == g["kind"]
    n = len(gold["actors"])
    assert found / n >= 0.95
    assert right_country / found >= 0.95 and right_kind / found >= 0.95
    # No garbage: every actor has a name that starts with a letter and no line breaks.
    assert all(re.match(r"\w", a.name) and "\n" not in a.name for a in actors)
