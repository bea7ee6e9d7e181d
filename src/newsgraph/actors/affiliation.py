"""Whose is a person or a body when its own words do not say.

A cue inside the mention ("Russian Foreign Minister", "Pakistan's Foreign
Office") and the list of well-known people come first (``people.py``,
``orgs.py``).  After them, in order of how directly the text ties the actor
to a state (``data/affiliation.toml``):

1. the appositive after a name: "Ayesha Khan, a fellow at the X Institute
   in Lahore", "Jane Roe, Canada's envoy", "Sam Poe, adviser to Azerbaijani
   President Ilham Aliyev" — the first state, body or person with a country
   that the appositive links the person to;
2. the state that speaks just before an official: "Tehran rejected the
   accusations. '…,' foreign ministry spokesman X told reporters" — the
   subject of a speaking verb earlier in the sentence or in the sentences
   just before, outside quotation marks;
3. the document's home state (its dateline), for officials only.

A wrong country is worse than none, so each rule gives up rather than guess
when what it reads is ambiguous.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from newsgraph.actors.context import POSSESSIVE, ActorContext
from newsgraph.extract.grammar import CURLY_DOUBLE_CLOSERS, CURLY_OPENERS, SUBJECTS

# Forms of a state hit that name the state itself (not a capital used as a place).
_NAMING = frozenset({"name", "short", "canonical", "demonym", "metonym"})


@dataclass(frozen=True)
class Rules:
    speaking_verbs: frozenset[str]
    sentences_back: int
    stops: frozenset[str]
    linking: frozenset[str]
    topical: frozenset[str]
    max_words: int
    body_heads: frozenset[str]
    body_words: frozenset[str]
    abroad: frozenset[str]
    same: Mapping[str, str]
    figurative: frozenset[str]


@lru_cache(maxsize=1)
def rules() -> Rules:
    data = tomllib.loads(resources.files("newsgraph.data").joinpath("affiliation.toml").read_text("utf-8"))
    app, bodies = data["appositive"], data["bodies"]
    return Rules(
        speaking_verbs=frozenset(data["speaking"]["verbs"]),
        sentences_back=int(data["speaking"]["sentences_back"]),
        stops=frozenset(app["stops"]),
        linking=frozenset(app["linking"]),
        topical=frozenset(app["topical"]),
        max_words=int(app["max_words"]),
        body_heads=frozenset(bodies["heads"]),
        body_words=frozenset(bodies["words"]),
        abroad=frozenset(bodies["abroad"]),
        same=dict(bodies["same"]),
        figurative=frozenset(data["figurative"]["words"]),
    )


# -- quotation marks -----------------------------------------------------------


def in_quote(doc: Doc, i: int) -> bool:
    """Is token ``i`` inside quotation marks opened earlier in its paragraph?"""
    depth, straight = 0, 0
    j = i - 1
    while j >= 0 and "\n" not in doc[j].text:
        text = doc[j].text
        if text in CURLY_OPENERS:
            depth += 1
        elif text in CURLY_DOUBLE_CLOSERS:
            depth -= 1
        elif text in ('"', "``", "''"):
            straight += 1
        j -= 1
    return depth > 0 or straight % 2 == 1


# -- the state that speaks -------------------------------------------------------


def _paragraph_start(doc: Doc, i: int) -> int:
    j = i
    while j > 0 and "\n" not in doc[j - 1].text and "\n" not in doc[j - 1].whitespace_:
        j -= 1
    return j


def _speaks(token: Token, verbs: frozenset[str]) -> bool:
    """Is this token (a subject's head) a speaking verb, or joined by "and" to one?"""
    lemmas = {token.lemma_.lower()} | {c.lemma_.lower() for c in token.children if c.dep_ == "conj"}
    if token.dep_ == "conj":
        lemmas.add(token.head.lemma_.lower())
    return bool(lemmas & verbs)


def _state_subjects(ctx: ActorContext, start: int, end: int, verbs: frozenset[str] | None) -> list[str]:
    """States that are subjects (of a speaking verb, if ``verbs``) in tokens [start, end), outside quotes."""
    doc = ctx.doc
    found: list[str] = []
    i = start
    while i < end:
        hit = ctx.state_starting(i)
        if hit is None:
            i += 1
            continue
        i = hit.end
        if hit.entry.form == "demonym" and hit.end < len(doc) and doc[hit.end].text not in POSSESSIVE:
            continue  # "Indian officials said": a demonym names people, not the speaker
        root = doc[hit.start : hit.end].root
        if root.dep_ not in SUBJECTS or in_quote(doc, hit.start):
            continue
        if verbs is None or _speaks(root.head, verbs):
            found.append(hit.entry.id)
    return found


def speaking_state(ctx: ActorContext, i: int) -> str | None:
    """The state that speaks just before token ``i``: the subject of a speaking verb
    earlier in its sentence, else in the sentences before it within the paragraph."""
    r = rules()
    doc = ctx.doc
    sent = doc[i].sent
    para = _paragraph_start(doc, i)
    own = _state_subjects(ctx, max(sent.start, para), i, r.speaking_verbs)
    if own:
        return own[-1] if len(set(own)) == 1 else None
    back: Span = sent
    for _ in range(r.sentences_back):
        if back.start <= para or back.start == 0:
            break
        back = doc[back.start - 1].sent
        found = _state_subjects(ctx, max(back.start, para), back.end, r.speaking_verbs)
        if found:
            return found[0] if len(set(found)) == 1 else None
    return None


def antecedent_state(ctx: ActorContext, i: int) -> str | None:
    """The state "its"/"their" at token ``i`` refers to: the nearest state subject
    before it in its sentence or the one before."""
    doc = ctx.doc
    sent = doc[i].sent
    own = _state_subjects(ctx, sent.start, i, None)
    if own:
        return own[-1]
    if sent.start > 0:
        prev = doc[sent.start - 1].sent
        found = _state_subjects(ctx, prev.start, prev.end, None)
        if found:
            return found[0]
    return None


# -- appositives -------------------------------------------------------------------


@dataclass(frozen=True)
class Holder:
    """An actor with a country that an appositive may link a person to."""

    start: int
    end: int
    country: str


def appositive_country(ctx: ActorContext, end: int, holders: Mapping[int, Holder]) -> str | None:
    """The country in the appositive after a name that ends at token ``end``:
    "X, Russia's envoy", "X, a fellow at the Y Institute in Lahore",
    "X, adviser to Azerbaijani President Ilham Aliyev".  ``holders`` maps the
    first token of each body or person with a known country to it."""
    doc = ctx.doc
    if end >= len(doc) or doc[end].text != ",":
        return None
    r = rules()
    limit = min(doc[end].sent.end, end + 1 + r.max_words)
    prep: str | None = None
    i = end + 1
    while i < limit:
        token = doc[i]
        low = token.lower_
        if low in r.stops or (token.is_punct and token.text not in ("-", "’", "'", "&")) or "\n" in token.text:
            break
        if token.pos_ == "VERB" and token.dep_ not in ("amod", "compound", "acl"):
            break
        holder = holders.get(i)
        if holder is not None:
            if prep is None or prep in r.linking:
                return holder.country
            i = holder.end
            continue
        hit = ctx.state_starting(i)
        if hit is not None:
            possessive = hit.end < len(doc) and doc[hit.end].text in POSSESSIVE
            if prep not in r.topical and (possessive or hit.entry.form in ("demonym", "metonym")):
                return hit.entry.id
            i = hit.end
            continue
        if low in r.linking or low in r.topical:
            prep = low
        i += 1
    return None
