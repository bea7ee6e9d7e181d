"""What the actor rules know about one document while reading it.

``ActorContext`` holds the gazetteer hits (token spans that name a state or a
listed body), the document's home state (from its dateline or outlet), and
small helpers the person and organisation rules share.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsgraph.actors.gazetteer import Entry, Gazetteer
from newsgraph.actors.roles import RoleVocab
from newsgraph.nlp.doctext import doc_text

# "ISLAMABAD -", "NEW DELHI, March 3 (Reuters) -", "MOSCOW (AP) —", "KYIV:", "ISLAMABAD/NEW DELHI —"
# at the start of a line: many articles carry their headline (and a byline) above it.
_DATELINE = re.compile(
    r"^[ \t]*([A-Z][A-Z.'’ ]{1,40}?[A-Z.](?:/[A-Z][A-Z.'’ ]{1,40}?[A-Z.])*)[ \t]*"
    r"(?:,[^\n]{0,40}?)?[ \t]*(?:\([^)\n]{1,30}\)[ \t]*)?[-–—:]\s",
    re.MULTILINE,
)
# How far into the text a dateline may start: past a headline and a byline, not into the body.
_DATELINE_LINES = 4

POSSESSIVE = frozenset({"'s", "’s", "'", "’"})


@dataclass(frozen=True)
class Hit:
    """A token span ``[start, end)`` that names a gazetteer entry."""

    start: int
    end: int
    entry: Entry


@dataclass
class ActorContext:
    doc: Doc
    gaz: Gazetteer
    vocab: RoleVocab
    state_hits: dict[int, Hit] = field(default_factory=dict)  # every token of a state hit → the hit
    body_hits: dict[int, Hit] = field(default_factory=dict)
    home: str | None = None  # the state the document reports from
    # True when ``home`` comes from the dateline or the outlet; False when only from
    # where the story is set, which is weaker evidence (see people._infer_countries).
    home_from_dateline: bool = True
    dateline: tuple[int, int] = (0, 0)  # token span of the dateline place, (0, 0) if none
    state_counts: Counter[str] = field(default_factory=Counter)

    def state_at(self, i: int) -> Hit | None:
        return self.state_hits.get(i)

    def state_starting(self, i: int) -> Hit | None:
        hit = self.state_hits.get(i)
        return hit if hit is not None and hit.start == i else None

    def state_ending(self, end: int) -> Hit | None:
        """The state hit whose last token is ``end - 1``."""
        hit = self.state_hits.get(end - 1)
        return hit if hit is not None and hit.end == end else None

    def possessor_before(self, i: int) -> Hit | None:
        """The state in "Pakistan's …" / "Moscow's …" right before token ``i``."""
        if i >= 2 and self.doc[i - 1].text in POSSESSIVE:
            return self.state_ending(i - 1)
        return None

    def in_dateline(self, i: int) -> bool:
        return self.dateline[0] <= i < self.dateline[1]

    def covered(self, i: int) -> bool:
        return i in self.state_hits or i in self.body_hits

    def top_states(self, n: int = 2) -> list[str]:
        return [iso for iso, _ in self.state_counts.most_common(n)]


def find_dateline(doc: Doc, gaz: Gazetteer) -> tuple[str | None, tuple[int, int]]:
    """The state of the dateline city ("ISLAMABAD -" → PAK) and the tokens of its place names.
    Two places of different states ("ISLAMABAD/NEW DELHI —") give no home state."""
    m = _DATELINE.search(doc_text(doc), 0, _head_end(doc_text(doc)))
    if not m:
        return None, (0, 0)
    found = set()
    for part in m.group(1).split("/"):
        place = " ".join(w.capitalize() if w.isalpha() else w for w in part.split())
        hit = gaz.state(place)
        found.add(hit.id if hit is not None else gaz.city_country(place))
    iso = found.pop() if len(found) == 1 else None
    span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
    return iso, (span.start, span.end) if span is not None else (0, 0)


def _head_end(text: str) -> int:
    """Where the first few non-blank lines end: a dateline sits at most there."""
    end, lines = 0, 0
    while lines < _DATELINE_LINES and end < len(text):
        nxt = text.find("\n", end)
        nxt = len(text) if nxt < 0 else nxt + 1
        lines += bool(text[end:nxt].strip())
        end = nxt
    return end


def span_text(doc: Doc, start: int, end: int) -> str:
    return doc[start:end].text if end > start else ""


def is_name_word(token: Token) -> bool:
    """Could this token be part of a person's name as written ("Albert", "P.", "Al-")?"""
    text = token.text
    if len(text) == 2 and text[0].isupper() and text[1] == ".":
        return True  # an initial
    if not text[:1].isupper() or not text.isalpha():
        return False
    if len(text) > 1 and text.isupper():
        return False  # acronyms and shouted datelines are not names
    return not (token.is_stop or text in _NOT_NAMES)


# Capitalised words that follow titles but are never part of a name.
_NOT_NAMES = frozenset(
    {
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "The",
        "This",
        "That",
        "These",
        "Those",
        "He",
        "She",
        "It",
        "They",
        "We",
        "His",
        "Her",
        "Its",
        "Their",
        "Our",
        "Today",
        "Yesterday",
        "Tomorrow",
        "Also",
        "However",
        "Meanwhile",
        "According",
        "Earlier",
        "Later",
    }
)

NAME_PARTICLES = frozenset(
    {
        "bin",
        "bint",
        "ibn",
        "al",
        "el",
        "de",
        "del",
        "della",
        "da",
        "di",
        "du",
        "van",
        "von",
        "der",
        "den",
        "la",
        "le",
        "abu",
        "ul",
        "ud",
    }
)


def name_end(doc: Doc, start: int, limit: int, ctx: ActorContext, max_words: int = 5) -> int:
    """Where a name that begins at ``start`` ends (``start`` if none begins there)."""
    end = start
    words = 0
    while end < limit and words < max_words:
        token = doc[end]
        if ctx.covered(end):
            break
        if is_name_word(token):
            end += 1
            words += 1
            continue
        # "al-Sisi", "el-Sisi": a particle joined by a hyphen to the next name word.
        if (
            end > start
            and token.lower_ in NAME_PARTICLES
            and not token.whitespace_
            and end + 2 < limit
            and doc[end + 1].text == "-"
            and not doc[end + 1].whitespace_
            and is_name_word(doc[end + 2])
        ):
            end += 2
            continue
        nxt = end + 1 < limit and is_name_word(doc[end + 1]) and not ctx.covered(end + 1)
        joins = token.lower_ in NAME_PARTICLES or (token.text == "-" and not doc[end - 1].whitespace_)
        if end > start and nxt and joins:
            end += 1
            continue
        break
    while end > start and not is_name_word(doc[end - 1]):
        end -= 1
    return end


def clean_bounds(span: Span) -> tuple[int, int]:
    """A span without leading/trailing determiners, quotes, possessives and blanks."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].lower_ in ("the", "a", "an")):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].text in POSSESSIVE):
        end -= 1
    return start, end
