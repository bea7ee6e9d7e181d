"""The text of a spaCy ``Doc``, built once per document.

``Doc.text`` joins every token each time it is read, so components that look
at the text in loops must not call it repeatedly; they call ``doc_text``.
``lemmas_of`` gives tokens' lemmas as one string, the form records keep them in.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Token

_KEY = "newsgraph.text"


def doc_text(doc: Doc) -> str:
    cached = doc.user_data.get(_KEY)
    if cached is None:
        cached = doc.user_data[_KEY] = doc.text
    return cached


def lemmas_of(tokens: Iterable[Token]) -> str:
    """Lower-cased lemmas, space-separated, spaces left out (what resolution compares events by)."""
    return " ".join(t.lemma_.lower() for t in tokens if not t.is_space)
