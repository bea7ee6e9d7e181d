"""Finding stored claims: by words (``matches``) and by meaning (``similar``,
for ``newsgraph track``: the claims a free-text statement makes, each with
how the corpus's sources stand on it)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsgraph.models import Claim

# Cosine from which a stored claim is taken for the statement tracked.
TRACK_MIN = 0.6


def search_words(text: str) -> list[str]:
    """The words a search matches on: runs of letters and digits, lower-cased."""
    return re.findall(r"[^\W_]+", text.lower())


def matches(claim: Claim, query: str) -> bool:
    """Every word of ``query`` appears in the claim's text or in one of its evidence spans."""
    wanted = search_words(query)
    haystack = " ".join([claim.text, *(s.evidence.text for s in claim.stances)]).lower()
    found = set(search_words(haystack))
    return all(w in found or w in haystack for w in wanted)


def search(claims: Sequence[Claim], query: str) -> list[Claim]:
    """Claims matching ``query``, contested first."""
    return sorted((c for c in claims if matches(c, query)), key=lambda c: (not c.contested, c.id))


def similar(statement: str, claims: Sequence[Claim], minimum: float = TRACK_MIN) -> list[tuple[Claim, float]]:
    """Stored claims that say what ``statement`` says, most similar first:
    the cosine of the statement's embedding with the claim's text and with
    each of its evidence sentences, the best of them."""
    from newsgraph.claims.encoder import embed

    if not claims or not statement.strip():
        return []
    texts: list[str] = []
    owner: list[int] = []
    for i, c in enumerate(claims):
        for t in [c.text, *(s.evidence.text for s in c.stances)]:
            texts.append(t)
            owner.append(i)
    vectors = embed([statement, *texts])
    scores = vectors[1:] @ vectors[0]
    best: dict[int, float] = {}
    for i, score in zip(owner, scores, strict=True):
        best[i] = max(best.get(i, -1.0), float(score))
    ranked = sorted(((claims[i], s) for i, s in best.items() if s >= minimum), key=lambda cs: -cs[1])
    return ranked
