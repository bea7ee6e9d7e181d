"""The stance of any text toward any claim, without parsing either.

``stance(text, claim)`` splits ``text`` into sentences, keeps those about the
claim (a relevance gate on embedding cosine and shared content words), reads
the most relevant few with the stance head (cue words, negation, overlap,
cosine; ``newsgraph.claims.head``) and lets them vote, weighted by
relevance.  It answers a ``Stance`` whose evidence is the sentence that
decided, or None when no sentence is about the claim.

The encoder and the head load on the first call and stay loaded: later calls
cost one embedding pass over the text's sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from newsgraph.claims.encoder import embed
from newsgraph.claims.features import content_words, overlap, pair_features
from newsgraph.claims.head import CLASSES, head
from newsgraph.models import OUTLET, Claim, Evidence, Stance

# How many of the most relevant sentences vote.
VOTERS = 3
# Sentences embedded at most from one text: those sharing most content words
# with the claim, and the opening ones (a headline, a lede).  Embedding is
# the whole cost (about 10 ms a sentence on one core): a 1,000-word article
# has 50-60 sentences, most of them about something else.
MAX_SENTENCES = 16
OPENING = 2
# Texts of at most this many words (headlines, single statements) are read
# whole rather than sentence by sentence: "Would you eat it? Men keep a
# 20-year-old burger" is one headline.
SHORT_WORDS = 40
# A sentence ends at . ! ? (and closing quotes) before a space and a capital,
# a digit or an opening mark, or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n+")
_QUESTION_OPENERS = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "do",
        "does",
        "did",
        "will",
        "would",
        "can",
        "could",
        "should",
        "has",
        "have",
        "had",
        "may",
        "might",
        "who",
        "what",
        "why",
        "how",
        "when",
        "where",
        "which",
    ]
)


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


def sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` with their character offsets."""
    out = []
    pos = 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        end = m.start() if m is not None else len(text)
        piece = text[pos:end]
        lead = len(piece) - len(piece.lstrip())
        core = piece.strip()
        if core:
            out.append(Sentence(core, pos + lead, pos + lead + len(core)))
        if m is not None:
            pos = m.end()
    return out


def _whole(text: str) -> Sentence:
    lead = len(text) - len(text.lstrip())
    core = text.strip()
    return Sentence(core, lead, lead + len(core))


def claim_text(claim: str | Claim) -> str:
    return claim if isinstance(claim, str) else claim.proposition


def relevance(cosine: np.ndarray[Any, Any], overlaps: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Probability that a sentence is about the claim (the gate fitted in training)."""
    gate = head().meta["relevance"]
    z = gate["cosine"] * cosine + gate["overlap"] * overlaps + gate["bias"]
    return np.asarray(1.0 / (1.0 + np.exp(-z)))


def stance(text: str, claim: str | Claim, document: str = "<text>") -> Stance | None:
    """How ``text`` (a headline, a sentence or a whole article) stands toward
    ``claim`` (a sentence, or a stored ``Claim``): a ``Stance`` with stance
    ``asserts``, ``denies``, ``reports`` or ``questions``, the deciding
    sentence as evidence and the head's confidence; None when ``text`` does
    not speak of the claim.

    >>> stance("Pakistan has not sent arms to Ukraine.", "Pakistan supplies weapons to Ukraine")  # doctest: +SKIP
    Stance(document='<text>', holder='outlet', stance='denies', ...)
    """
    wanted = claim_text(claim).strip()
    # a headline or a short statement is read whole, as the head was trained
    parts = sentences(text) if len(text.split()) > SHORT_WORDS else [_whole(text)]
    if not wanted or not parts or not parts[0].text:
        return None
    if len(parts) > MAX_SENTENCES:
        parts = _candidates(wanted, parts)
    vectors = embed([wanted, *(s.text for s in parts)])
    cosine = vectors[1:] @ vectors[0]
    overlaps = np.array([overlap(wanted, s.text) for s in parts])
    rel = relevance(cosine, overlaps)
    if float(rel.max()) < 0.5:
        return None
    top = [int(i) for i in np.argsort(-rel)[:VOTERS] if rel[i] >= 0.5]
    rows = np.stack([pair_features(wanted, parts[i].text, float(cosine[i])) for i in top])
    probs = head().probabilities(rows)
    weights = rel[top][:, None]
    vote = (probs * weights).sum(axis=0) / weights.sum()
    k = int(vote.argmax())
    decider = top[int(np.argmax(probs[:, k] * rel[top]))]
    sentence = parts[decider]
    label = CLASSES[k]
    if label == "reports" and _interrogative(sentence.text):
        label = "questions"
    return Stance(
        document,
        OUTLET,
        label,
        Evidence(sentence.text, sentence.start, sentence.end),
        confidence=round(float(vote[k]), 3),
    )


def _candidates(claim: str, parts: list[Sentence]) -> list[Sentence]:
    """The opening sentences and those sharing most content words with the claim."""
    words = content_words(claim)
    shared = [(len(words & content_words(s.text)), -i) for i, s in enumerate(parts)]
    ranked = sorted(range(OPENING, len(parts)), key=lambda i: shared[i], reverse=True)
    keep = set(range(OPENING)) | {i for i in ranked[: MAX_SENTENCES - OPENING] if shared[i][0] > 0}
    return [parts[i] for i in sorted(keep)]


def _interrogative(sentence: str) -> bool:
    words = sentence.split()
    return sentence.rstrip().endswith("?") and bool(words) and words[0].lower().strip("\"'“‘") in _QUESTION_OPENERS
