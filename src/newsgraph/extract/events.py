"""The ``newsgraph_events`` component (placeholder)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory(
    "newsgraph_events",
    requires=["doc._.mentions", "doc._.timexes", "doc._.quotes"],
    assigns=["doc._.events"],
)
def make_events(nlp: Language, name: str) -> "EventComponent":
    return EventComponent()


class EventComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.events = []
        return doc
