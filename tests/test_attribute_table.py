"""The attribute and lemma tables give exactly what spaCy's components give.

Rule tests run the attribute ruler and the table on hand-built Docs with the
same patterns, one shape of pattern at a time; the model test runs the
shipped model both ways (stock, and with both tables as ``nlp.build`` puts
them in) over the sample corpus and compares every token.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.lookups import Lookups
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from newsgraph.nlp.attribute_table import AttributeTable, replace_attribute_ruler
from newsgraph.nlp.lemma_table import LemmaTable, replace_lemmatizer

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "corpus"

WORDS = ["The", "talks", "are", "gon", "na", "go", "on", "a", "while", ",", "but", "it", "is", "n't", "over", "."]
TAGS = ["DT", "NNS", "VBP", "VBG", "TO", "VB", "RP", "DT", "NN", ",", "CC", "PRP", "VBZ", "RB", "RB", "."]
DEPS = [
    "det", "nsubj", "aux", "ROOT", "aux", "xcomp", "prt", "det", "npadvmod", "punct", "cc", "nsubj", "conj", "neg",
    "acomp", "punct",
]  # fmt: skip
HEADS = [1, 3, 3, 3, 5, 3, 5, 8, 5, 3, 3, 12, 3, 12, 12, 3]

TAG_MAP = [
    {"patterns": [[{"TAG": tag}]], "attrs": {"POS": pos, "MORPH": morph}}
    for tag, pos, morph in [
        ("DT", "DET", ""),
        ("NNS", "NOUN", "Number=Plur"),
        ("VBP", "VERB", "Tense=Pres|VerbForm=Fin"),
        ("VBZ", "VERB", "Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"),
        ("RB", "ADV", ""),
        ("NN", "NOUN", "Number=Sing"),
    ]
]

SHAPES = {
    "tag map only": [],
    "equality on two attributes": [{"patterns": [[{"TAG": "DT", "LOWER": "a"}]], "attrs": {"MORPH": "Definite=Ind"}}],
    "IN list": [
        {"patterns": [[{"TAG": "VBZ", "LOWER": {"IN": ["is", "'s"]}}]], "attrs": {"LEMMA": "be", "POS": "AUX"}}
    ],
    "NOT_IN list": [{"patterns": [[{"TAG": {"IN": ["DT"]}, "DEP": {"NOT_IN": ["det"]}}]], "attrs": {"POS": "PRON"}}],
    "REGEX": [{"patterns": [[{"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"LEMMA": "not", "POS": "PART"}}],
    "two tokens, second set": [
        {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": 1},
        {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}, "index": 0},
    ],
    "negative index": [{"patterns": [[{"TAG": "VBZ"}, {"TAG": "RB"}]], "attrs": {"LEMMA": "neg"}, "index": -1}],
    "alternatives": [{"patterns": [[{"LOWER": "talks"}], [{"LOWER": "over"}]], "attrs": {"LEMMA": "X"}}],
    "a later rule wins": [
        {"patterns": [[{"LOWER": "it"}]], "attrs": {"MORPH": "Case=Nom"}},
        {"patterns": [[{"LOWER": "it", "DEP": {"IN": ["nsubj"]}}]], "attrs": {"MORPH": "Case=Acc"}},
        {"patterns": [[{"TAG": "PRP"}]], "attrs": {"POS": "PRON"}},
    ],
    "an earlier rule loses to the tag map": [
        {"patterns": [[{"LOWER": "talks"}]], "attrs": {"POS": "VERB"}},
        {"patterns": [[{"TAG": "NNS"}]], "attrs": {"POS": "PROPN"}},
    ],
    "an operator the table leaves to the Matcher": [
        {"patterns": [[{"TAG": "DT"}, {"TAG": "NN", "OP": "?"}]], "attrs": {"LEMMA": "det"}}
    ],
    "a set on the dependency label": [
        {"patterns": [[{"DEP": {"IN": ["aux", "auxpass"]}, "TAG": {"NOT_IN": ["TO", ""]}}]], "attrs": {"POS": "AUX"}}
    ],
}


def _doc(vocab) -> Doc:
    return Doc(vocab, words=WORDS, tags=TAGS, deps=DEPS, heads=HEADS)


def _tokens(doc: Doc) -> list[tuple[str, str, str, str, str]]:
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


@pytest.mark.parametrize("shape", list(SHAPES))
def test_same_as_the_ruler(shape):
    nlp = spacy.blank("en")
    patterns = TAG_MAP + SHAPES[shape]
    ruler = AttributeRuler(nlp.vocab)
    ruler.add_patterns(patterns)
    table = AttributeTable(nlp.vocab, ruler.patterns)
    expected, got = ruler(_doc(nlp.vocab)), table(_doc(nlp.vocab))
    assert _tokens(got) == _tokens(expected)
    assert _tokens(got) != _tokens(_doc(nlp.vocab))  # the patterns did something


def test_unhandled_patterns_go_to_the_matcher():
    nlp = spacy.blank("en")
    table = AttributeTable(nlp.vocab, TAG_MAP + SHAPES["an operator the table leaves to the Matcher"])
    assert table.other is not None and list(table.other_rules) == [len(TAG_MAP)]
    assert table.base_key == "TAG" and not table.sequences


def test_an_empty_doc_is_left_alone():
    nlp = spacy.blank("en")
    table = AttributeTable(nlp.vocab, TAG_MAP)
    assert len(table(Doc(nlp.vocab, words=[]))) == 0


def test_a_ruler_writing_other_attributes_is_kept():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns([{"patterns": [[{"LOWER": "a"}]], "attrs": {"NORM": "an"}}])
    assert replace_attribute_ruler(nlp) is False
    assert type(nlp.get_pipe("attribute_ruler")) is AttributeRuler


@pytest.mark.model
def test_the_model_gives_the_same_tokens_both_ways():
    from newsgraph.config import default_options

    name = default_options().nlp.model
    stock, fast = spacy.load(name), spacy.load(name)
    assert replace_attribute_ruler(fast) and replace_lemmatizer(fast)
    assert isinstance(fast.get_pipe("attribute_ruler"), AttributeTable)
    assert isinstance(fast.get_pipe("lemmatizer"), LemmaTable)
    texts = [p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    texts += texts[:3]  # the lemma table answers repeats from memory
    assert len(texts) >= 15
    compared = 0
    for a, b in zip(stock.pipe(texts), fast.pipe(texts), strict=True):
        assert _tokens(a) == _tokens(b)
        assert [t.head.i for t in a] == [t.head.i for t in b]
        assert [(e.start, e.end, e.label_) for e in a.ents] == [(e.start, e.end, e.label_) for e in b.ents]
        compared += len(a)
    assert compared > 5000


def _lookup_lemmatizer(table: dict[str, str]) -> spacy.language.Language:
    nlp = spacy.blank("en")
    lookups = Lookups()
    lookups.add_table("lemma_lookup", table)
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"}).initialize(lookups=lookups)
    return nlp


def test_lemmas_from_the_table_are_the_lemmatizer_s():
    nlp = _lookup_lemmatizer({"talks": "talk", "held": "hold"})
    words = ["Talks", "were", "held", ";", "talks", "held"]
    expected = [t.lemma_ for t in nlp(Doc(nlp.vocab, words=words))]
    assert replace_lemmatizer(nlp)
    table = nlp.get_pipe("lemmatizer")
    first = [t.lemma_ for t in table(Doc(nlp.vocab, words=words))]
    again = [t.lemma_ for t in table(Doc(nlp.vocab, words=words))]
    assert first == again == expected == ["Talks", "were", "hold", ";", "talk", "hold"]
    assert len(table.lemmas) == 5  # one call per distinct form


def test_a_lemma_already_set_is_kept():
    nlp = _lookup_lemmatizer({"held": "hold"})
    assert replace_lemmatizer(nlp)
    doc = Doc(nlp.vocab, words=["held", "held"], lemmas=["KEEP", ""])
    assert [t.lemma_ for t in nlp.get_pipe("lemmatizer")(doc)] == ["KEEP", "hold"]


def test_a_pipeline_with_the_tables_refuses_to_be_saved(tmp_path):
    from newsgraph.errors import ModelError

    nlp = _lookup_lemmatizer({"held": "hold"})
    ruler = nlp.add_pipe("attribute_ruler", first=True)
    ruler.add_patterns(TAG_MAP)
    assert replace_attribute_ruler(nlp) and replace_lemmatizer(nlp)
    with pytest.raises(ModelError, match="fast_components"):
        nlp.to_disk(tmp_path / "pipeline")
    with pytest.raises(ModelError, match="cannot be saved"):
        nlp.get_pipe("lemmatizer").to_bytes()
