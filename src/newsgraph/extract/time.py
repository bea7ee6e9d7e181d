"""The ``newsgraph_dates`` component (placeholder)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("newsgraph_dates", requires=["doc.ents"], assigns=["doc._.published", "doc._.timexes"])
def make_dates(nlp: Language, name: str) -> "DateComponent":
    return DateComponent()


class DateComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.timexes = []
        return doc
