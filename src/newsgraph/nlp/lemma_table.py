"""spaCy's rule lemmatizer, remembered per word form: the same lemmas, fewer calls.

spaCy's ``lemmatizer`` in ``rule`` mode works token by token in Python and
caches only some of its answers (a base form such as a singular noun is
worked out again at every occurrence).  Its answer depends on nothing but the
token's text, POS and morphology, so ``LemmaTable`` asks the model's own
lemmatizer once per (text, POS, morphology) and reads the rest from a table
over the ``Doc``'s attribute arrays.  ``lookup`` mode depends on the text
alone and is remembered the same way; any other mode keeps the model's own
component.  Lemmas already set (by the attribute ruler) are kept unless the
lemmatizer overwrites, exactly as the lemmatizer does.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.nlp.attribute_table import refuse_to_save

MODES = ("rule", "lookup")


class LemmaTable:
    """Wraps a spaCy ``Lemmatizer``; lemmas are computed by it and remembered."""

    def __init__(self, lemmatizer: Any = None) -> None:
        self.lemmatizer = lemmatizer
        self.lemmas: dict[tuple[int, int, int], int] = {}

    def to_disk(self, *args: object, **kwargs: object) -> None:
        refuse_to_save("newsgraph_lemma_table")

    def to_bytes(self, *args: object, **kwargs: object) -> bytes:
        refuse_to_save("newsgraph_lemma_table")
        return b""

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n or self.lemmatizer is None:
            return doc
        array = np.asarray(doc.to_array([ORTH, POS, MORPH, LEMMA]), dtype=np.uint64).reshape(n, 4)
        todo = range(n) if self.lemmatizer.overwrite else np.flatnonzero(array[:, 3] == 0).tolist()
        if not len(todo):
            return doc
        keys = array[:, :3].tolist()
        strings = doc.vocab.strings
        lemmas = self.lemmas
        for i in todo:
            key = tuple(keys[i])
            lemma = lemmas.get(key)
            if lemma is None:
                lemma = lemmas[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            array[i, 3] = lemma
        doc.from_array([LEMMA], array[:, 3:4])  # type: ignore[arg-type]  # thinc types it Ints2d
        return doc


@Language.factory("newsgraph_lemma_table", assigns=["token.lemma"])
def make_lemma_table(nlp: Language, name: str) -> LemmaTable:
    # the model's own lemmatizer is handed in by replace_lemmatizer
    return LemmaTable()


def replace_lemmatizer(nlp: Language, name: str = "lemmatizer") -> bool:
    """Put a ``LemmaTable`` over the pipeline's lemmatizer; False when it is kept as it is."""
    if name not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe(name)
    if getattr(lemmatizer, "mode", None) not in MODES or not hasattr(lemmatizer, "lemmatize"):
        return False
    table = nlp.replace_pipe(name, "newsgraph_lemma_table")
    assert isinstance(table, LemmaTable)
    table.lemmatizer = lemmatizer
    return True
