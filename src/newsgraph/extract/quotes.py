"""Quotes: who said what, in the speaker's words or reported.

``extract(doc)`` yields ``Quote`` records and the ``newsgraph_quotes``
component stores them on ``doc._.quotes``.  Two kinds:

* **direct** — words inside quotation marks (curly or straight, double, or
  single where they clearly pair), or words introduced by a colon or dash
  after a speech verb ("X said – We are ...").  A quote whose closing mark is
  missing ends with its paragraph; a quote continued in the next paragraph
  (the first left open, the next reopened) is one quote per paragraph, all
  with the same speaker.  Short phrases in quotation marks with nobody
  speaking them are scare quotes ("‘special military equipment’") and are
  left out.
* **indirect** — the clausal complement of a speech verb ("X said (that)
  ...", "X told reporters ...", "X warned ...") and "according to X, ...".

The speaker is found from the parse (subject of the speech verb, before or
after the quote) and resolved to an actor through the mentions set by
``newsgraph_actors``: a name directly; "he"/"she" to the most recent person
who spoke or was the subject of a sentence; a description ("the army
chief", "Moscow's top diplomat") to the most recent person mentioned with a
matching role and country.  When none of that works the speaker stays None
— never a guess — and ``speaker_text`` keeps the words.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Token

from newsgraph.extract.attribution import cues, is_negated
from newsgraph.extract.grammar import DOUBLE_CLOSERS, DOUBLE_OPENERS, SUBJECTS
from newsgraph.extract.tree import climb, subtree
from newsgraph.models import Mention, Quote, content_id
from newsgraph.nlp.doctext import doc_text

DASHES = {"–", "—", "-", "--", ":"}
SENTENCE_END = {".", "!", "?"}
# Direct quotes shorter than this, with no speaker found, are scare quotes.
MIN_UNATTRIBUTED_WORDS = 6
MIN_ATTRIBUTED_WORDS = 3
# How far (in tokens) an attribution may sit from the quote it belongs to.
AFTER_WINDOW = 25
BEFORE_WINDOW = 25
# Quotes separated by at most this much attribution text share a speaker:
# "“A,” he said. “B.”"
CHAIN_GAP = 160
PERSON = "person"


@Language.factory("newsgraph_quotes", requires=["doc._.mentions"], assigns=["doc._.quotes"])
def make_quotes(nlp: Language, name: str) -> QuoteComponent:
    return QuoteComponent()


class QuoteComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = list(extract(doc))
        return doc


@dataclass
class _Candidate:
    """A quote found but not yet attributed; mutable while speakers are chained."""

    start: int  # chars of the quoted words
    end: int
    kind: str
    cue: Token | None = None  # the speech verb (or "according")
    speaker_token: Token | None = None
    speaker: str | None = None
    speaker_text: str | None = None
    opened_paragraph: bool = False  # the quote's mark opens its paragraph
    unclosed: bool = False


def extract(doc: Doc) -> Iterator[Quote]:
    """The direct and indirect quotes in ``doc``, in text order."""
    if not len(doc):
        return
    index = _TokenIndex(doc)
    direct = list(_direct(doc, index))
    covered = [(c.start, c.end) for c in direct]
    indirect = _outermost([c for c in _indirect(doc, index) if not _restates(c, covered)])
    candidates = sorted(direct + indirect, key=lambda c: c.start)
    _resolve_speakers(doc, candidates, index)
    _chain(doc_text(doc), candidates)
    document = doc._.document
    doc_id = document.id if document is not None else ""
    for c in candidates:
        words = _word_count(doc_text(doc)[c.start : c.end])
        if c.kind == "direct":
            attributed = c.cue is not None or c.speaker is not None
            if words < (MIN_ATTRIBUTED_WORDS if attributed else MIN_UNATTRIBUTED_WORDS):
                continue
            if not attributed and not (c.opened_paragraph or _sentence_like(doc_text(doc), c)):
                continue
        yield Quote(
            id=content_id("q", doc_id, c.start),
            document=doc_id,
            speaker=c.speaker,
            speaker_text=c.speaker_text,
            text=doc_text(doc)[c.start : c.end],
            kind=c.kind,
            start=c.start,
            end=c.end,
        )


# ---------------------------------------------------------------- marks


def quote_spans(text: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end, closed) of the words inside each pair of quotation marks.

    Curly and angle marks pair by direction; a straight ``"`` opens after a
    space, bracket or line start and closes otherwise.  An opening mark left
    unclosed ends at its paragraph.  Single marks (curly or straight) pair
    only where they cannot be apostrophes (an opening mark after a space, a
    closing one before a space or punctuation).
    """
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        opens = ch in DOUBLE_OPENERS or (ch == '"' and _opens_straight(text, i))
        if not opens:
            if ch in "‘'" and _opens_single(text, i):
                close = _close_single(text, i + 1, "’" if ch == "‘" else "'")
                if close is not None:
                    yield i + 1, close, True
                    i = close + 1
                    continue
            i += 1
            continue
        para_end = text.find("\n", i)
        para_end = n if para_end < 0 else para_end
        j = i + 1
        close = None
        depth = 0
        while j < para_end:
            c = text[j]
            if c in DOUBLE_CLOSERS or (c == '"' and not _opens_straight(text, j)) or (c == "“" and ch == "„"):
                if depth == 0 or not _closer_ahead(text, j + 1, para_end):
                    close = j  # one mark often closes both: “... of “Greater Partnership.”
                    break
                depth -= 1
            elif c in DOUBLE_OPENERS or c == '"':
                if text[:j].rstrip()[-1:] in SENTENCE_END:
                    break  # a new quote opens after a full stop: this one was never closed
                depth += 1  # a title or phrase quoted inside the quote
            j += 1
        end = close if close is not None else j
        start = i + 1
        if text[start:end].strip():
            yield start, end, close is not None
        i = (close + 1) if close is not None else j


def _closer_ahead(text: str, start: int, end: int) -> bool:
    return any(text[k] in DOUBLE_CLOSERS or text[k] == '"' for k in range(start, end))


def _opens_straight(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{–—-:") and not after.isspace()


def _opens_single(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else "\n"
    return (before.isspace() or before in '([{–—-:“"') and i + 1 < len(text) and not text[i + 1].isspace()


def _close_single(text: str, i: int, mark: str) -> int | None:
    """The closing single mark: one before a space or punctuation, preferring
    one that follows punctuation ("...,' he said") over a plural possessive
    ("the ministers' talks")."""
    para_end = text.find("\n", i)
    para_end = len(text) if para_end < 0 else para_end
    fallback = None
    for j in range(i, para_end):
        if text[j] == mark:
            after = text[j + 1] if j + 1 < len(text) else " "
            if after.isalnum():
                continue
            if text[j - 1] in ",.!?;:":
                return j
            if fallback is None and text[j - 1] != "s":
                fallback = j
    return fallback


def _direct(doc: Doc, index: _TokenIndex) -> Iterator[_Candidate]:
    text = doc_text(doc)
    for start, end, closed in quote_spans(text):
        # trim spaces inside the marks so offsets frame the words exactly
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        line_start = text.rfind("\n", 0, start) + 1
        opened = not text[line_start : start - 1].strip()
        yield _Candidate(start, end, "direct", opened_paragraph=opened, unclosed=not closed)
    yield from _dash_introduced(doc, index)


def _dash_introduced(doc: Doc, index: _TokenIndex) -> Iterator[_Candidate]:
    """ "X said – We are ..." and "X said: We are ..." without quotation marks."""
    text = doc_text(doc)
    c = cues()
    for token in doc:
        if not _is_speech_verb(token, c.speech_verbs):
            continue
        nxt = token.nbor(1) if token.i + 1 < len(doc) else None
        if nxt is None or nxt.text not in DASHES or nxt.text == "-":
            continue
        after = nxt.idx + len(nxt.text)
        while after < len(text) and text[after] in " \t":
            after += 1
        if after >= len(text) or text[after] in DOUBLE_OPENERS or text[after] in '"‘\n':
            continue  # marks follow: the mark scanner has it
        para_end = text.find("\n", after)
        para_end = len(text) if para_end < 0 else para_end
        # a lone closing mark ends what the dash opened
        stray = min((text.find(m, after, para_end) for m in ("”", '"')), key=lambda x: para_end if x < 0 else x)
        end = stray if stray >= 0 else para_end
        while end > after and text[end - 1].isspace():
            end -= 1
        if end > after:
            yield _Candidate(after, end, "direct", cue=token)


# ---------------------------------------------------------------- indirect speech


def _indirect(doc: Doc, index: _TokenIndex) -> Iterator[_Candidate]:
    c = cues()
    for token in doc:
        if token.lower_ == "according" and token.i + 1 < len(doc) and token.nbor(1).lower_ == "to":
            cand = _according(doc, token)
            if cand is not None:
                yield cand
            continue
        if not _is_speech_verb(token, c.speech_verbs) or is_negated(token):
            continue  # "had not admitted they were talking" reports no speech
        for child in token.children:
            if child.dep_ != "ccomp":
                continue  # (a complement before the verb is fine: "Russia is ready ..., Lavrov said")
            lo, hi = sorted((token.idx, child.left_edge.idx))
            if "\n" in doc_text(doc)[lo:hi]:
                continue  # the parse ran into the next paragraph
            words = [t for t in subtree(child) if not t.is_punct and not t.is_space]
            if words and words[0].dep_ == "mark":
                words = words[1:]
            if len(words) < MIN_ATTRIBUTED_WORDS or not any(t.pos_ in {"VERB", "AUX"} for t in words):
                continue
            start = words[0].idx
            end = words[-1].idx + len(words[-1].text)
            cand = _Candidate(start, end, "indirect", cue=token)
            if _subject(token, cand) is not None:
                yield cand
            break


def _according(doc: Doc, according: Token) -> _Candidate | None:
    c = cues()
    to = according.nbor(1)
    source = next((t for t in to.children if t.dep_ == "pobj"), None)
    if source is None:
        source = next((t for t in according.children if t.dep_ == "pobj"), None)
    if source is None:
        return None
    if source._.mention is None and source.lemma_.lower() in c.relay_nouns:
        return None  # "according to reports": hearsay, not a speaker (see attribution)
    head = according.head
    head = climb(head, lambda t: t.dep_ not in {"ROOT", "ccomp", "conj"} and t.pos_ not in {"VERB", "AUX"})
    if _is_speech_verb(head, c.speech_verbs):
        return None  # "According to media, Wang told Blinken that ...": Wang speaks
    phrase = set(range(according.left_edge.i, according.right_edge.i + 1))
    for child in head.children:
        # "According to X, a leading weekly, ...": the apposition names X
        if child.dep_ in {"appos", "npadvmod"} and child.i < head.i and according.i < child.i:
            phrase.update(t.i for t in subtree(child))
    words = [t for t in subtree(head) if t.i not in phrase and not t.is_punct and not t.is_space]
    if len(words) < MIN_ATTRIBUTED_WORDS:
        return None
    # keep the contiguous run on the far side of "according to X"
    if according.i < head.i:
        words = [t for t in words if t.i > according.right_edge.i]
    else:
        words = [t for t in words if t.i < according.left_edge.i]
    if len(words) < MIN_ATTRIBUTED_WORDS:
        return None
    start, end = words[0].idx, words[-1].idx + len(words[-1].text)
    return _Candidate(start, end, "indirect", cue=according, speaker_token=source)


def _is_speech_verb(token: Token, verbs: frozenset[str]) -> bool:
    # hand-built docs may carry no POS: the lemma alone decides there
    return token.lemma_.lower() in verbs and (token.pos_ in {"VERB", "AUX"} or not token.pos_)


# ---------------------------------------------------------------- speakers


class _TokenIndex:
    """Char offset → token, and the quote spans, for one Doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts = [t.idx for t in doc]

    def at(self, char: int) -> Token:
        i = bisect.bisect_right(self.starts, char) - 1
        return self.doc[max(0, min(i, len(self.doc) - 1))]

    def first_from(self, char: int) -> int:
        """Index of the first token starting at or after ``char``."""
        return bisect.bisect_left(self.starts, char)


def _resolve_speakers(doc: Doc, candidates: list[_Candidate], index: _TokenIndex) -> None:
    # (char, person actor) of speakers so far; None for a named speaker we could
    # not resolve, so that a later "he" stays unresolved rather than wrong
    history: list[tuple[int, str | None]] = []
    spans = [(c.start, c.end) for c in candidates if c.kind == "direct"]
    for cand in candidates:
        if cand.kind == "direct" and cand.cue is None:
            cand.cue = _cue_after(doc, cand, index, spans) or _cue_before(doc, cand, index, spans)
        if cand.speaker_token is None and cand.cue is not None:
            cand.speaker_token = _subject(cand.cue, cand)
        if cand.speaker_token is not None:
            cand.speaker_text = _phrase_text(cand.speaker_token, cand)
            cand.speaker = resolve_speaker(doc, cand.speaker_token, history)
            if cand.speaker is not None and _kind_of(doc, cand.speaker) == PERSON:
                history.append((cand.start, cand.speaker))
            elif cand.speaker is None and _one_person(cand.speaker_token):
                history.append((cand.start, None))


def _one_person(head: Token) -> bool:
    """Could this unresolved speaker be the "he" of a later quote?  A name or
    a singular description can; "officials", "it" and "they" cannot."""
    c = cues()
    if head.lower_ in c.expletives or head.tag_ in {"NNS", "NNPS"} or head.lemma_.lower() in c.speech_nouns:
        return False
    return head.pos_ in {"PROPN", "NOUN"}


def _inside(token: Token, cand: _Candidate) -> bool:
    return cand.start <= token.idx < cand.end


def _cue_after(doc: Doc, cand: _Candidate, index: _TokenIndex, spans: list[tuple[int, int]]) -> Token | None:
    """The speech verb just after the closing mark: "“...,” he said"."""
    c = cues()
    i = index.first_from(cand.end)
    # a quote closed with a full stop is a finished sentence; what follows is
    # its attribution only when short and verbless: "“... no more.” Trump said"
    finished = doc_text(doc)[cand.end - 1] == "."
    between = 0
    for token in doc[i : min(len(doc), i + AFTER_WINDOW)]:
        if _in_any(token.idx, spans) or "\n" in token.text or token.text in SENTENCE_END:
            return None
        if _is_speech_verb(token, c.speech_verbs):
            return token
        if token.is_alpha:
            between += 1
            if finished and (between > 4 or token.pos_ in {"VERB", "AUX"}):
                return None
    return None


def _cue_before(doc: Doc, cand: _Candidate, index: _TokenIndex, spans: list[tuple[int, int]]) -> Token | None:
    """The speech verb before the opening mark: "X said: “...”", "X added “...”".

    A quote opening its paragraph takes the verb of the previous paragraph
    when that paragraph ends with a colon ("X said:\\n\\n“...”")."""
    c = cues()
    text = doc_text(doc)
    open_at = cand.start - 1
    line_start = text.rfind("\n", 0, max(open_at, 0)) + 1
    if not text[line_start:open_at].strip():
        prev = text[:line_start].rstrip()
        if not prev.endswith((":", "–", "—")):
            return None
        open_at = len(prev)
    first = index.first_from(open_at) - 1
    for k in range(first, max(-1, first - BEFORE_WINDOW), -1):
        token = doc[k]
        if _in_any(token.idx, spans) and not _inside(token, cand):
            return None
        if token.text in SENTENCE_END or token.text in DOUBLE_CLOSERS:
            return None
        if _is_speech_verb(token, c.speech_verbs) and (
            token.lemma_.lower() not in c.clause_only or any(ch.dep_ == "ccomp" for ch in token.children)
        ):
            return token
    return None


def _in_any(char: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= char < e for s, e in spans)


def _subject(verb: Token, cand: _Candidate) -> Token | None:
    """The speaker phrase's head for a speech verb."""
    c = cues()
    # "X was quoted as saying": the speaker is who was quoted
    if verb.head.i != verb.i and verb.head.dep_ == "prep" and verb.head.lower_ == "as":
        quoted = verb.head.head
        for child in quoted.children:
            if child.dep_ in {"dobj", "nsubjpass"} and not _inside(child, cand):
                return child
    if verb.lemma_.lower() == "quote":
        # "X has been quoted by Y": X speaks; "Y quoted X": X speaks too
        for dep in ("nsubjpass", "dobj"):
            found = next((ch for ch in verb.children if ch.dep_ == dep and not _inside(ch, cand)), None)
            if found is not None:
                return found
    for child in verb.children:
        if child.dep_ in SUBJECTS and not _inside(child, cand):
            return child
    if verb.dep_ in {"conj", "advcl", "xcomp"} and verb.head.i != verb.i and verb.head.pos_ in {"VERB", "AUX", ""}:
        # "X rejected it and said ...", "X welcomed it, adding that ..."
        return _subject(verb.head, cand)
    # inverted attribution: "“...,” said a statement issued by X"
    for child in verb.children:
        if (
            child.i > verb.i
            and child.dep_ in {"dobj", "attr", "npadvmod", "nsubj"}
            and not _inside(child, cand)
            and child.lemma_.lower() not in c.audiences
        ):
            return child
    return None


def _phrase_text(head: Token, cand: _Candidate) -> str:
    """The speaker's words: the head with its modifiers, without trailing clauses."""
    cut = {"relcl", "acl", "punct", "cc", "advcl", "prep"}
    if head.lemma_.lower() in cues().speech_nouns:
        cut = cut - {"acl", "prep"}  # "a statement issued by X" names X
    keep = [head]
    for child in head.children:
        if _inside(child, cand):
            continue
        before = child.i < head.i and child.dep_ not in {"punct", "cc"}
        after = child.i > head.i and (child.dep_ not in cut or child.dep_ == "appos")
        if before or after:
            keep.extend(t for t in subtree(child) if not _inside(t, cand))
    keep = sorted((t for t in keep if _same_line(head, t)), key=lambda t: t.i)
    return head.doc[keep[0].i : keep[-1].i + 1].text.strip(" ,\n")


def _same_line(a: Token, b: Token) -> bool:
    lo, hi = sorted((a.idx, b.idx))
    return "\n" not in doc_text(a.doc)[lo:hi]


def resolve_speaker(doc: Doc, head: Token, history: list[tuple[int, str | None]] | None = None) -> str | None:
    """The actor id a speaker phrase stands for, or None when it cannot be told.

    ``history`` holds (char offset, actor) of people who spoke before; it is
    consulted for "he"/"she" along with the people who were subjects of
    earlier sentences.
    """
    c = cues()
    lower = head.lower_
    if lower in c.pronouns:
        return _antecedent(doc, head, history or [])
    if lower in c.expletives:
        return None
    own = head._.mention
    if own is not None and own.kind == PERSON:
        return str(own.actor)
    phrase = _phrase_tokens(head)
    for token in phrase:
        mention = token._.mention
        if mention is not None and mention.kind == PERSON:
            return str(mention.actor)
    for token in subtree(head):
        # "the deputy chief of mission Roman Babushkin", "Ambassador in
        # Islamabad, Albert Khorev": a name in apposition to a title; a name
        # governed by a preposition ("an aide to Putin") is someone else
        mention = token._.mention
        if (
            mention is not None
            and mention.kind == PERSON
            and token.dep_ in {"appos", "compound", "flat", "nmod"}
            and _same_line(head, token)
        ):
            return str(mention.actor)
    if head.lemma_.lower() in c.speech_nouns:
        # "a statement issued by the military's media wing": the body behind it
        for token in subtree(head):
            mention = token._.mention
            if mention is not None and token.i != head.i:
                return str(mention.actor)
    described = _described(doc, head, phrase)
    if described is not None:
        return described
    if own is not None:
        return str(own.actor)
    return None


def _phrase_tokens(head: Token) -> list[Token]:
    out = [head]
    for child in head.children:
        if child.dep_ in {"compound", "amod", "appos", "flat", "poss", "nmod", "det"}:
            out.extend(subtree(child))
    return sorted(out, key=lambda t: t.i)


def _antecedent(doc: Doc, pronoun: Token, history: list[tuple[int, str | None]]) -> str | None:
    """The most recent person who spoke, or who was the subject of a sentence,
    before the pronoun and within the last few sentences."""
    horizon = _sentence_floor(doc, pronoun, back=3)
    best: tuple[int, str | None] | None = None
    for char, actor in history:
        if horizon <= char < pronoun.idx and (best is None or char > best[0]):
            best = (char, actor)
    for mention in doc._.mentions or ():
        if mention.kind != PERSON or not (horizon <= mention.start < pronoun.idx):
            continue
        token = _token_of(doc, mention)
        if token is None or token.dep_ not in SUBJECTS | {"appos", "compound", "pobj"}:
            continue
        if token.dep_ in {"compound", "appos"} and token.head.dep_ not in SUBJECTS:
            continue
        if token.dep_ == "pobj" and token.head.lower_ != "by":
            continue  # "said by X" / passive agent only
        if best is None or mention.start > best[0]:
            best = (mention.start, str(mention.actor))
    return best[1] if best is not None else None


def _sentence_floor(doc: Doc, token: Token, back: int) -> int:
    if not doc.has_annotation("SENT_START"):
        return 0
    sent = token.sent
    for _ in range(back):
        if sent.start == 0:
            break
        sent = doc[sent.start - 1].sent
    return sent.start_char


def _token_of(doc: Doc, mention: Mention) -> Token | None:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _described(doc: Doc, head: Token, phrase: list[Token]) -> str | None:
    """A person described by role ("the army chief", "Moscow's top diplomat")."""
    c = cues()
    words = [t.lower_ for t in phrase if t._.mention is None and t.dep_ not in {"det", "poss", "case", "punct"}]
    words = [w for w in words if w not in {"'s", "’s"}]
    if not words:
        return None
    description = " ".join(words)
    wanted: set[str] = set()
    for key, roles in c.descriptions.items():
        if re.search(rf"\b{re.escape(key)}\b", description):
            wanted.update(roles)
    countries = {m.country for t in phrase if (m := t._.mention) is not None and m.country}
    best: Mention | None = None
    for mention in doc._.mentions or ():
        if mention.kind != PERSON or mention.start >= head.idx or not mention.role:
            continue
        if not _role_fits(mention.role.lower(), description, wanted):
            continue
        if countries and mention.country not in countries:
            continue
        if best is None or mention.start > best.start:
            best = mention
    return str(best.actor) if best is not None else None


def _role_fits(role: str, description: str, wanted: set[str]) -> bool:
    """ "foreign office spokesperson" fits "the spokesperson"; "army chief"
    fits "the COAS" through the description table."""
    if role in wanted or _contains(description, role) or _contains(role, description):
        return True
    return any(_contains(role, w) for w in wanted)


def _contains(outer: str, inner: str) -> bool:
    return bool(inner) and re.search(rf"\b{re.escape(inner)}\b", outer) is not None


def _kind_of(doc: Doc, actor: str) -> str | None:
    for mention in doc._.mentions or ():
        if mention.actor == actor:
            return str(mention.kind)
    return None


# ---------------------------------------------------------------- chaining


def _chain(text: str, candidates: list[_Candidate]) -> None:
    """Let adjacent pieces of one quotation share a speaker.

    "“A,” he said. “B.”" — B follows A with only A's attribution between;
    a quote left open at a paragraph's end continues in the next paragraph.
    """
    direct = [c for c in candidates if c.kind == "direct"]
    for prev, nxt in itertools.pairwise(direct):
        if nxt.cue is None and nxt.speaker is None and _adjacent(text, prev, nxt):
            nxt.speaker, nxt.speaker_text, nxt.cue = prev.speaker, prev.speaker_text, prev.cue
    for prev, nxt in reversed(list(itertools.pairwise(direct))):
        if prev.cue is None and prev.speaker is None and prev.unclosed and _adjacent(text, prev, nxt):
            prev.speaker, prev.speaker_text, prev.cue = nxt.speaker, nxt.speaker_text, nxt.cue


def _adjacent(text: str, prev: _Candidate, nxt: _Candidate) -> bool:
    gap = text[prev.end : nxt.start]
    if not gap.strip(" \n\t”“\"'’‘"):
        return True  # a paragraph break inside one quotation
    cue = prev.cue
    return len(gap) <= CHAIN_GAP and "\n" not in gap and cue is not None and prev.end <= cue.idx < nxt.start


# ---------------------------------------------------------------- small helpers


def _restates(cand: _Candidate, spans: list[tuple[int, int]]) -> bool:
    """Reported speech that is really the parse of a direct quote ("X said:
    “...”"); reported speech that merely contains a quoted phrase stays."""
    return any(cand.start < e and s < cand.end and s <= cand.start + 2 for s, e in spans)


def _outermost(candidates: list[_Candidate]) -> list[_Candidate]:
    """Drop reported speech whose verb sits inside other reported speech: "X
    noted that A and said B" is X's, however the parse nests the second verb."""
    out = []
    for cand in candidates:
        cue = cand.cue
        # identity: _Candidate records, not tokens
        if cue is not None and any(o is not cand and o.start <= cue.idx < o.end for o in candidates):
            continue
        out.append(cand)
    return out


def _word_count(text: str) -> int:
    return len(re.findall(r"[^\W_]+(?:['’][^\W_]+)?", text))


def _sentence_like(text: str, cand: _Candidate) -> bool:
    """A full sentence in marks after a colon or at a sentence's start."""
    before = text[: cand.start - 1].rstrip()
    starts_sentence = not before or before[-1] in ".:!?–—"
    return starts_sentence and text[cand.start].isupper()


__all__ = ["QuoteComponent", "extract", "quote_spans", "resolve_speaker"]
