"""The ``newsgraph_quotes`` component (placeholder)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("newsgraph_quotes", requires=["doc._.mentions"], assigns=["doc._.quotes"])
def make_quotes(nlp: Language, name: str) -> "QuoteComponent":
    return QuoteComponent()


class QuoteComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = []
        return doc
