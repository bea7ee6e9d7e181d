"""The ``newsgraph_actors`` component (placeholder until the gazetteer lands)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory(
    "newsgraph_actors",
    requires=["doc.ents", "token.dep"],
    assigns=["doc._.mentions", "token._.mention"],
)
def make_actor_component(nlp: Language, name: str) -> "ActorComponent":
    return ActorComponent()


class ActorComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.mentions = []
        return doc
