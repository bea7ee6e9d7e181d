"""The caps that keep a document's cost in proportion to its length (newsgraph.bounds, extract.tree.subtree)."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
import spacy
from spacy.tokens import Doc

from newsgraph.bounds import BoundedTokenizer, SentenceCap
from newsgraph.extract.tree import subtree


@pytest.fixture(scope="module")
def tokenizer() -> BoundedTokenizer:
    return BoundedTokenizer(spacy.blank("en").tokenizer, 10)


@pytest.mark.parametrize(
    "text",
    [
        "Russia (" + "(" * 35 + " and then some text.\n\nMore text ",
        "  leading space " + "a-" * 20 + "\n" + "😀" * 23,
        "x" * 11,
        "ends with a long run " + "." * 25,
    ],
)
def test_long_runs_are_tokenized_in_pieces_and_the_text_is_kept(tokenizer: BoundedTokenizer, text: str) -> None:
    doc = tokenizer(text)
    assert doc.text == text
    assert max(len(t.text) for t in doc) <= 10
    assert doc._.capped and "tokenized in pieces of nlp.max_token_chars=10" in doc._.capped[0]


def test_text_without_long_runs_is_tokenized_as_before(tokenizer: BoundedTokenizer) -> None:
    text = "Pakistan denied the report on Monday, officials said."
    doc = tokenizer(text)
    assert [t.text for t in doc] == [t.text for t in tokenizer.tokenizer(text)]
    assert doc._.capped is None


def starts(doc: Doc) -> list[int]:
    return [t.i for t in doc if t.is_sent_start]


def words(text: str) -> Doc:
    return spacy.blank("en")(text)


def test_a_short_document_is_left_alone() -> None:
    doc = SentenceCap(10)(words("one two three four five six seven eight nine ten"))
    assert starts(doc) == [0] and doc._.capped is None


def test_a_long_stretch_starts_a_sentence_after_its_last_full_stop() -> None:
    # 15 tokens, no line breaks: the cut goes after the full stop at 6, where the parser would end a sentence
    doc = SentenceCap(10)(words("one two three four five six. seven eight nine ten eleven twelve thirteen fourteen"))
    assert starts(doc) == [0, 7]
    assert doc._.capped is None  # nothing a sentence needed was cut


def test_a_stretch_without_full_stops_is_cut_at_a_comma_or_the_cap_and_says_so() -> None:
    doc = SentenceCap(10)(words("a b c d e f g, h i j k l m n o p q r s t u v w x y z"))
    assert starts(doc) == [0, 8, 18]  # after the comma, then at the cap
    [note] = doc._.capped
    assert note.startswith("2 sentences cut short of a full stop at nlp.max_sentence_tokens=10")
    assert "27 tokens" in note


def test_every_sentence_is_within_the_cap() -> None:
    doc = SentenceCap(50)(words(" ".join(["war"] * 5000)))
    bounds = [*starts(doc), len(doc)]
    assert max(b - a for a, b in itertools.pairwise(bounds)) <= 50


def test_subtree_is_token_subtree(make_doc: Callable[..., Doc]) -> None:
    # "The order of the trip was noted in India, long the biggest buyer": a non-projective parse,
    # where the appositive "buyer" hangs off "order" across "was noted in India ,"
    words_ = ["The", "order", "of", "the", "trip", "was", "noted", "in", "India", ",", "long", "the", "biggest",
              "buyer"]  # fmt: skip
    heads = [1, 6, 1, 4, 2, 6, 6, 6, 7, 6, 13, 13, 13, 1]
    deps = ["det", "nsubjpass", "prep", "det", "pobj", "auxpass", "ROOT", "prep", "pobj", "punct", "advmod", "det",
            "amod", "appos"]  # fmt: skip
    doc = make_doc(words_, heads=heads, deps=deps)
    for token in doc:  # the same tokens, in text order (Token.subtree puts a left child's subtree first)
        assert [t.i for t in subtree(token)] == sorted(t.i for t in token.subtree), token.text
    assert [t.text for t in subtree(doc[1])] == ["The", "order", "of", "the", "trip", "long", "the", "biggest", "buyer"]


def test_subtree_of_a_chain_thousands_deep(make_doc: Callable[..., Doc]) -> None:
    """Token.subtree recurses once per level: a chain this deep overflowed the C stack."""
    n = 20_000
    doc = make_doc(["war"] * n, heads=[min(i + 1, n - 1) for i in range(n)], deps=["compound"] * (n - 1) + ["ROOT"])
    assert len(subtree(doc[n - 1])) == n
    assert [t.i for t in subtree(doc[5])] == list(range(6))


FIRST = ["Amir", "Olga", "Ivan", "Sara", "Karim", "Elena", "Tomas", "Leila", "Pavel", "Nadia"]
SYLLABLES = ["ka", "lo", "mi", "ne", "ro", "su", "ta", "vi", "ba", "de"]


@pytest.mark.model
def test_people_are_resolved_without_comparing_every_name_with_every_other(
    nlp: spacy.language.Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document naming 6,000 people took 47 s: each name was compared with every person so far."""
    from newsgraph.actors import people

    surnames = [(a + b + c).capitalize() + "ov" for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES[:8]]
    names = [f"{FIRST[k % len(FIRST)]} {surname}" for k, surname in enumerate(surnames)]  # 800 distinct people
    text = " ".join(f"{names[i]} met {names[(i + 1) % len(names)]} in Moscow." for i in range(len(names)))
    compared = 0
    real = people._same_name

    def counted(words: list[str], other: list[str]) -> bool:
        nonlocal compared
        compared += 1
        return real(words, other)

    monkeypatch.setattr(people, "_same_name", counted)
    doc = nlp(text)
    persons = {m.actor for m in doc._.mentions if m.kind == "person"}
    assert len(persons) >= 0.8 * len(names)  # most names found and kept apart
    assert compared < 10 * len(doc._.mentions)  # every name against every person would be ~300,000


def test_a_pronoun_that_leads_back_to_itself_is_left_unresolved(make_doc: Callable[..., Doc]) -> None:
    """ "George himself filed a complaint" (real news, FNC-1 body 2234): "himself" was resolved through the
    subject of "filed", whose owner is "himself" again -- a RecursionError that lost the document."""
    from newsgraph.extract.events.args import DocContext, resolve_pronoun

    doc = make_doc(
        ["George", "himself", "filed", "a", "complaint", "against", "police", "."],
        heads=[2, 0, 2, 4, 2, 4, 5, 2],
        deps=["nsubj", "appos", "ROOT", "det", "dobj", "prep", "pobj", "punct"],
        tags=["NNP", "PRP", "VBD", "DT", "NN", "IN", "NNS", "."],
        pos=["PROPN", "PRON", "VERB", "DET", "NOUN", "ADP", "NOUN", "PUNCT"],
    )
    doc._.mentions = []
    ctx = DocContext(doc, frozenset(), frozenset())
    assert resolve_pronoun(doc[1], ctx) is None
    assert ctx.resolving == set()
