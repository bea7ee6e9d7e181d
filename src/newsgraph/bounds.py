"""Caps that keep the cost of one document in proportion to its length.

Two shapes of text make spaCy's work grow faster than the text:

* a long run of characters without a space: the tokenizer splits prefixes
  and suffixes off such a run one at a time, searching the rest again each
  time (30,000 brackets took 106 s).  ``BoundedTokenizer`` tokenizes a run
  longer than ``nlp.max_token_chars`` in pieces of that length, so no token
  is longer and the stored text is unchanged;
* a "sentence" of thousands of tokens (a list, a table, text without full
  stops): a parse that deep is a chain that recursive walks overflow, and
  every rule that climbs the tree from each word pays its length again.
  The ``newsgraph_sentence_cap`` component, before the parser, starts a new
  sentence where a stretch would otherwise run past
  ``nlp.max_sentence_tokens`` -- after its last full stop if it has one
  (where the parser would end the sentence anyway), else after its last
  comma, else at the cap -- and the parser keeps sentence starts set before it.

Where a cap changes what can be extracted (a sentence cut short of its full
stop, a word cut in pieces), it says so in ``doc._.capped``, which is stored
with the document.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

_SENTENCE_END = frozenset({".", "!", "?", ";", "…"})
_PAUSE = frozenset({",", ":", "—", "–", "-", "and", "or", "but"})


def note(doc: Doc, text: str) -> None:
    """Record a cap that changed what can be extracted from ``doc``."""
    if doc._.capped is None:
        doc._.capped = []
    doc._.capped.append(text)


class BoundedTokenizer:
    """The pipeline's tokenizer, with runs without a space cut to ``max_chars``.

    Everything else (``explain``, serialisation, special cases) is the wrapped
    tokenizer's.
    """

    def __init__(self, tokenizer: Any, max_chars: int) -> None:
        self.tokenizer = tokenizer
        self.max_chars = max_chars
        self.long_run = re.compile(rf"\S{{{max_chars + 1},}}")

    def __call__(self, text: str) -> Doc:
        runs = list(self.long_run.finditer(text))
        if not runs:
            return self.tokenizer(text)
        pieces: list[Doc] = []
        at = 0
        for run in runs:
            if run.start() > at:
                pieces.append(self.tokenizer(text[at : run.start()]))
            for start in range(run.start(), run.end(), self.max_chars):
                pieces.append(self.tokenizer(text[start : min(start + self.max_chars, run.end())]))
            at = run.end()
        if at < len(text):
            pieces.append(self.tokenizer(text[at:]))
        doc = Doc.from_docs(pieces, ensure_whitespace=False)
        longest = max(run.end() - run.start() for run in runs)
        note(
            doc,
            f"{len(runs)} run{'s' if len(runs) > 1 else ''} of characters without a space (the longest "
            f"{longest:,}) tokenized in pieces of nlp.max_token_chars={self.max_chars}",
        )
        return doc

    def __getattr__(self, name: str) -> Any:
        return getattr(self.tokenizer, name)


@Language.factory(
    "newsgraph_sentence_cap",
    default_config={"max_tokens": 200},
    assigns=["token.is_sent_start"],
)
def make_sentence_cap(nlp: Language, name: str, max_tokens: int) -> SentenceCap:
    return SentenceCap(max_tokens)


class SentenceCap:
    """Start sentences so that none is longer than ``max_tokens`` (see the module docstring)."""

    def __init__(self, max_tokens: int) -> None:
        self.max_tokens = max_tokens

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) <= self.max_tokens:
            return doc
        starts = [0, *(t.i for t in doc[1:] if t.is_sent_start), len(doc)]
        cut = longest = 0
        for start, end in itertools.pairwise(starts):
            if end - start <= self.max_tokens:
                continue
            forced, length = self._split(doc, start, end)
            cut += forced
            longest = max(longest, length)
        if cut:
            note(
                doc,
                f"{cut} sentence{'s' if cut > 1 else ''} cut short of a full stop at nlp.max_sentence_tokens="
                f"{self.max_tokens} (the longest stretch without one: {longest:,} tokens)",
            )
        return doc

    def _split(self, doc: Doc, start: int, end: int) -> tuple[int, int]:
        """Start sentences in [start, end) at most ``max_tokens`` apart; how many cuts fell
        short of a full stop, and the longest run of tokens without one."""
        longest = run = 0
        for i in range(start, end):
            run = 0 if doc[i].text in _SENTENCE_END else run + 1
            longest = max(longest, run)
        forced = 0
        while end - start > self.max_tokens:
            window = range(start + self.max_tokens // 2, start + self.max_tokens)
            at = next((i + 1 for i in reversed(window) if doc[i].text in _SENTENCE_END), None)
            if at is None:
                at = next((i + 1 for i in reversed(window) if doc[i].lower_ in _PAUSE), start + self.max_tokens)
                forced += 1
            doc[at].is_sent_start = True
            start = at
        return forced, longest
