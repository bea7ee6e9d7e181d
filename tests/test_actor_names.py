"""Name comparison and blocking keys for actor merging (newsgraph.resolve.actor_names)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from newsgraph.actors.gazetteer import slug
from newsgraph.resolve.actor_names import (
    acronym,
    body_keys,
    initials,
    person_keys,
    same_person,
    surname_variants,
    words,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jonas Gahr Støre", "jonas-gahr-store"),
        ("Alaksandr Łukaszenka", "alaksandr-lukaszenka"),
        ("Erdoğan", "erdogan"),
    ],
)
def test_slugs_transliterate_rather_than_drop_letters(text, expected):
    assert slug(text) == expected


def test_words_compare_transliterated():
    assert words("Jonas Gahr Støre") == words("Jonas Gahr Store") == ("jonas", "gahr", "store")
    assert same_person(words("Sergey Lavrov"), words("Sergei Lavrov"))
    assert same_person(words("Albert P. Khorev"), words("A. Khorev"))
    assert not same_person(words("Imran Khan"), words("Sadiq Khan"))


def _shared(a: str, b: str) -> bool:
    return bool(surname_variants(a) & surname_variants(b))


@pytest.mark.parametrize(("a", "b"), [("lavrov", "lavrow"), ("shevchenko", "shewchenko"), ("kowalski", "kovalski")])
def test_spelling_variants_share_a_key(a, b):
    assert fuzz.ratio(a, b) >= 90 or len(a) < 10
    assert _shared(a, b) or fuzz.ratio(a, b) < 90


# up to 18 letters, and up to 3 edits: words of up to 21 letters, as far as the keys are lossless
_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=18)


@st.composite
def _near(draw: st.DrawFn) -> tuple[str, str]:
    a = draw(_word)
    b = list(a)
    for _ in range(draw(st.integers(0, 3))):
        op = draw(st.sampled_from(["del", "ins", "sub"]))
        i = draw(st.integers(0, max(0, len(b) - 1)))
        c = draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
        if op == "del" and len(b) > 1:
            del b[i]
        elif op == "ins":
            b.insert(i, c)
        elif b:
            b[i] = c
    return a, "".join(b)


@settings(max_examples=400, deadline=None)
@given(_near())
def test_surname_keys_miss_no_pair_the_rule_would_merge(pair):
    """Blocking is lossless: every two surnames within ratio 90 share a key."""
    a, b = pair
    if fuzz.ratio(a, b) >= 90:
        assert _shared(a, b), (a, b)


def test_a_word_too_long_for_a_surname_gets_a_bounded_number_of_keys():
    """Page furniture run together in real news ("Maran sFlagShareLikeReplyPaige"): five
    deletions of 29 letters were 146,000 keys for one mention; three are 4,089."""
    junk = "maransflagsharelikereplypaige"
    assert len(surname_variants(junk)) <= 1 + 29 + 406 + 3654
    assert "maransflagsharelikereplypai" in surname_variants(junk)  # two letters gone
    assert len(surname_variants("gopalakrishnan")) > 14  # a real long surname keeps its variants


def test_person_and_body_keys():
    assert "pl:lavrov" in person_keys("Sergey Lavrov") and "ps:lavro" in person_keys("Sergey Lavrov")
    assert person_keys("Lavrov") == frozenset({"pw:lavrov"})
    keys = body_keys("Stockholm International Peace Research Institute", ["SIPRI institute"])
    assert "oi:SIPRI" in keys and "on:stockholm international peace research institute" in keys
    assert "oa:SIPRI" in body_keys("SIPRI", [])
    assert initials("Organisation of the Islamic Cooperation") == "OIC"
    assert acronym("U.N.") == "UN" and acronym("United Nations") is None and acronym("Nato") is None
