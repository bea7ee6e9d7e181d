"""Amounts: money, percentages and counted quantities."""

from __future__ import annotations

import pytest

from newsgraph.extract.amounts import extract, parse_money, parse_number


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("$1.6 billion", 1.6e9, "USD"),
        ("USD 900 million", 9e8, "USD"),
        ("$582 million", 5.82e8, "USD"),
        ("$one billion", 1e9, "USD"),
        ("US$ 33bn", 3.3e10, "USD"),
        ("€250,000", 250000.0, "EUR"),
        ("2 million euros", 2e6, "EUR"),
        ("Rs 500 crore", 5e9, "PKR"),
        ("40 billion roubles", 4e10, "RUB"),
    ],
)
def test_parse_money(text, value, unit):
    amount = parse_money(text)
    assert amount is not None
    assert (amount.value, amount.unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize("text", ["the dollar rose", "a billion people", "1997 tanks"])
def test_not_money(text):
    assert parse_money(text) is None


@pytest.mark.parametrize(
    ("text", "scale", "value"),
    [
        ("50,000", None, 50000.0),
        ("1.6", "billion", 1.6e9),
        ("one", "million", 1e6),
        ("5882", None, 5882.0),
        ("x", None, None),
    ],
)
def test_parse_number(text, scale, value):
    assert parse_number(text, scale) == value


def test_percent_and_quantity_on_a_hand_parse(make_doc):
    # "Pakistan holds a 74% stake and bought 5882 NDB shares ."
    doc = make_doc(
        words=["Pakistan", "holds", "a", "74", "%", "stake", "and", "bought", "5882", "NDB", "shares", "."],
        heads=[1, 1, 5, 4, 5, 1, 1, 1, 10, 10, 7, 1],
        deps=[
            "nsubj",
            "ROOT",
            "det",
            "nummod",
            "compound",
            "dobj",
            "cc",
            "conj",
            "nummod",
            "compound",
            "dobj",
            "punct",
        ],
        pos=["PROPN", "VERB", "DET", "NUM", "NOUN", "NOUN", "CCONJ", "VERB", "NUM", "PROPN", "NOUN", "PUNCT"],
        tags=["NNP", "VBZ", "DT", "CD", "NN", "NN", "CC", "VBD", "CD", "NNP", "NNS", "."],
        spaces=[True, True, True, False, True, True, True, True, True, True, False, False],
    )
    found = [(a.amount.value, a.amount.unit, a.amount.text, doc[a.start : a.end].text) for a in extract(doc)]
    assert found == [(74.0, "percent", "74%", "74%"), (5882.0, "shares", "5882 NDB shares", "5882 NDB shares")]


@pytest.mark.model
def test_amounts_in_real_sentences(nlp):
    from newsgraph.extraction import prepare
    from newsgraph.ingest.normalize import make_document

    text = (
        "The contracts were worth around $1.6 billion. Russia gave 50,000 vaccine doses and "
        "5 million doses more. Both sides met for three days in 2021."
    )
    doc = nlp(prepare(nlp, make_document(text, source="t.txt")))
    found = [(a.amount.value, a.amount.unit) for a in extract(doc)]
    assert found == [(1.6e9, "USD"), (50000.0, "doses"), (5e6, "doses")]
