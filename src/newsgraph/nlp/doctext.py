"""The text of a spaCy ``Doc``, built once per document.

``Doc.text`` joins every token each time it is read, so components that look
at the text in loops must not call it repeatedly; they call ``doc_text``.
"""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "newsgraph.text"


def doc_text(doc: Doc) -> str:
    cached = doc.user_data.get(_KEY)
    if cached is None:
        cached = doc.user_data[_KEY] = doc.text
    return cached
