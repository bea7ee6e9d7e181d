"""Organisations the gazetteer does not list, read from the NER and context.

The statistical NER tags many things ORG that are not actors ("Mistrust",
"Eurasian Security Concept", a pipeline project) and misses the kind of those
that are.  An unlisted ORG is kept only when something says what it is: its
head word ("… Committee", "… Times", "… Associates"), an appositive noun
beside it ("a Pakistani company DMI Associates", "Indian news agency PTI"),
or a long form that was kept ("New Development Bank (NDB)").  Its country
comes from a demonym or possessive state next to it, a city in brackets after
it ("Millennium Technologies (Karachi)"), "of <state>" after it, or, for a
government body with no other cue, the document's home state.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc

from newsgraph.actors import affiliation
from newsgraph.actors.context import POSSESSIVE, ActorContext, clean_bounds
from newsgraph.actors.gazetteer import Entry, name_key, org_id

_LABELS = frozenset({"ORG", "FAC", "NORP", "GPE", "PRODUCT", "WORK_OF_ART"})
_HEAD_STOPS = frozenset({"of", "for", "on", "in", "and", "&"})
_POSSESSIVE_PRONOUNS = frozenset({"its", "their", "his", "her", "our"})


@dataclass(frozen=True)
class OrgHit:
    start: int
    end: int
    entry: Entry


@dataclass(frozen=True)
class _Rules:
    heads: dict[str, str]  # head word → kind
    cues: dict[tuple[str, ...], str]  # appositive noun phrase → kind
    max_cue: int


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = tomllib.loads(resources.files("newsgraph.data").joinpath("organizations.toml").read_text("utf-8"))
    heads: dict[str, str] = {}
    # Government first: "Council" is more often a state body than a club.
    for kind in ("government", "media", "company", "organization"):
        for word in data["heads"][kind]:
            heads.setdefault(word, kind)
    cues: dict[tuple[str, ...], str] = {}
    for kind in ("media", "company", "organization"):
        for phrase in data["cues"][kind]:
            cues.setdefault(tuple(phrase.lower().split()), kind)
    return _Rules(heads, cues, max(len(k) for k in cues))


def find(doc: Doc, ctx: ActorContext, taken: set[int]) -> Iterator[OrgHit]:
    """Unlisted organisations: a state's bodies named after a demonym or possessive
    ("the Russian foreign ministry", "Turkey's parliament"), and what the NER tags,
    classified, with their country."""
    rules = _rules()
    for body in _state_bodies(doc, ctx, taken):
        taken = taken | set(range(body.start, body.end))
        yield body
    kept: dict[str, Entry] = {}  # acronym defined in brackets → the body it stands for
    named: list[Entry] = []
    # The NER often calls an institute or a centre a facility ("the Centre for Regional Studies").
    ents = [e for e in doc.ents if e.label_ in ("ORG", "FAC")]
    for ent in ents:
        start, end = clean_bounds(ent)
        # "Its Foreign Office": the body of the state the sentence before is about.
        pronoun = start < end and doc[start].lower_ in _POSSESSIVE_PRONOUNS
        if pronoun:
            start += 1
        # A state word in front is a cue, not part of the mention ("Pakistan's Economic
        # Coordination Committee"); without a possessive it stays in the name ("Pakistan Army").
        country, name_start = None, start
        while start < end:
            hit = ctx.state_starting(start)
            if hit is None or hit.end >= end:
                break
            country = country or hit.entry.id
            start = hit.end
            if start < end and doc[start].text in POSSESSIVE:
                start += 1
                name_start = start
        if end <= start or any(i in taken or ctx.covered(i) for i in range(start, end)):
            continue
        if any("\n" in doc[i].text_with_ws.strip() or doc[i].is_space for i in range(start, end)):
            continue
        text = doc[start:end].text
        if len(text) < 2 or not any(c.isupper() for c in text) or any(c in text for c in '“”‘"'):
            continue
        # "The Ledger" after "The Northgate Ledger": a short form of a body named before.
        fuller = next(
            (e for e in reversed(named) if e.name.endswith(" " + text) and country in (None, e.country)), None
        )
        if fuller is not None:
            yield OrgHit(start, end, fuller)
            continue
        kind = _kind(doc, ctx, rules, start, end, qualified=country is not None)
        if ent.label_ == "FAC" and rules.heads.get(_head(doc, start, end)) != "organization":
            continue  # a port, a plant or a bridge is a place, whatever stands next to it
        if kind is None:
            acronym = kept.get(text)
            if acronym is not None:
                yield OrgHit(start, end, acronym)
            continue
        if country is None and pronoun and start > 0:
            country = affiliation.antecedent_state(ctx, start - 1)
        country = country or _country_near(doc, ctx, start, end)
        if country is None and kind == "government":
            country = affiliation.speaking_state(ctx, start) or ctx.home
        dossier_kind = "organization" if kind == "government" else kind
        name = doc[name_start:end].text
        if kind == "government" and country is not None:
            entry = Entry(government_id(ctx, name_start, end, country), dossier_kind, name, country, "context")
        else:
            entry = Entry(org_id(name), dossier_kind, name, country, "context")
        named.append(entry)
        yield OrgHit(start, end, entry)
        # "Long Form (LF)": the acronym names the same body later on.
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")" and doc[end + 1].is_upper:
            kept[doc[end + 1].text] = entry


@lru_cache(maxsize=1)
def _cue_words() -> frozenset[str]:
    """Words that may stand between a demonym and the body it describes ("Pakistani
    defence company X", "Indian media outlet the Y", "Pakistani and Polish companies")."""
    words = {w for phrase in _rules().cues for w in phrase}
    words |= {w + "s" for w in words} | {w[:-1] + "ies" for w in words if w.endswith("y")}
    return frozenset(
        words
        | {
            "the",
            "a",
            "an",
            "and",
            ",",
            "-",
            "state-run",
            "state-owned",
            "private",
            "leading",
            "major",
            "largest",
            "biggest",
            "top",
            "official",
            "national",
            "defence",
            "defense",
            "arms",
            "energy",
            "oil",
            "gas",
            "news",
            "online",
            "tech",
            "technology",
            "steel",
        }
    )


def _head(doc: Doc, start: int, end: int) -> str:
    """The head word of a name: the last word before "of"/"for" ("Ministry of Defence" → Ministry)."""
    for i in range(start + 1, end):
        if doc[i].lower_ in _HEAD_STOPS:
            return doc[i - 1].text
    return doc[end - 1].text


def _kind(doc: Doc, ctx: ActorContext, rules: _Rules, start: int, end: int, qualified: bool = False) -> str | None:
    cue = _cue_before(doc, rules, start)
    if cue is not None:
        return cue
    head = _head(doc, start, end)
    kind = rules.heads.get(head) or rules.heads.get(head.title())
    # A lone head word ("Army", "Office") is a body only with a state in front ("Pakistan Army").
    if kind is not None and (end - start > 1 or kind == "media" or qualified):
        return kind
    return None


def _cue_before(doc: Doc, rules: _Rules, start: int) -> str | None:
    """The kind named by an appositive noun right before ("news agency PTI", "a company X")."""
    i = start
    while i > 0 and doc[i - 1].lower_ in ("the", ",", "a", "an"):
        i -= 1
    for n in range(min(rules.max_cue, i), 0, -1):
        kind = rules.cues.get(tuple(t.lower_ for t in doc[i - n : i]))
        if kind is not None:
            return kind
    return None


def _country_near(doc: Doc, ctx: ActorContext, start: int, end: int) -> str | None:
    # "Millennium Technologies (Karachi)": the most specific cue, so it comes first
    # ("Pakistani and Polish companies X (Karachi) and Y (Gdynia)").
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
        iso = ctx.gaz.city_country(doc[end + 1].text)
        if iso:
            return iso
    # "Pakistan's Foreign Office", "Pakistani company X", "Indian media outlet the Y"
    hit = ctx.possessor_before(start)
    if hit is not None:
        return hit.entry.id
    # The demonym must describe this body: only articles, the kind's nouns and a few
    # adjectives may stand between ("an expert on Russian affairs at X University" is not Russian).
    first = max(doc[start].sent.start, start - 5)
    between = _cue_words()
    for i in range(start - 1, first - 1, -1):
        hit = ctx.state_at(i)
        if hit is not None and hit.entry.form == "demonym":
            return hit.entry.id
        if hit is None and doc[i].lower_ not in between:
            break
    # "Ministry of Defence of Pakistan"
    if end + 1 < len(doc) and doc[end].lower_ == "of":
        hit = ctx.state_starting(end + 1)
        if hit is not None:
            return hit.entry.id
    # "the Institute of Policy Review in Lahore", "the Grand National Assembly in Ankara":
    # where a body sits is whose it is, except for a mission abroad ("an embassy in Kyiv").
    if (
        end + 1 < len(doc)
        and doc[end].lower_ in ("in", "at")
        and _head(doc, start, end).lower() not in affiliation.rules().abroad
    ):
        return place_country(ctx, end + 1)
    return None


def place_country(ctx: ActorContext, i: int) -> str | None:
    """The state of a place named at token ``i``: a state or capital, or a city of one
    or two words ("Lahore", "New Delhi", "Rio de Janeiro" is left out)."""
    hit = ctx.state_starting(i)
    if hit is not None:
        return hit.entry.id if hit.entry.form != "demonym" else None
    doc = ctx.doc
    for n in (2, 1):
        words = doc[i : i + n]
        if len(words) == n and all(t.is_alpha and t.text[:1].isupper() for t in words):
            iso = ctx.gaz.city_country(words.text)
            if iso:
                return iso
    return None


def government_id(ctx: ActorContext, start: int, end: int, country: str) -> str:
    """One id for one state body however it is written: "org:pak-foreign-ministry" for
    "Pakistan's Foreign Office", "the Pakistani foreign ministry" and "Foreign Office"
    (of Pakistan).  State words and possessives are dropped, synonyms made one."""
    doc = ctx.doc
    words = [
        doc[i].text
        for i in range(start, end)
        if ctx.state_at(i) is None and doc[i].text not in POSSESSIVE and doc[i].lower_ != "the"
    ]
    key = name_key(" ".join(words))
    key = affiliation.rules().same.get(key, key)
    return org_id(key, country)


def _state_bodies(doc: Doc, ctx: ActorContext, taken: set[int]) -> Iterator[OrgHit]:
    """A state's body named after a demonym, a possessive or the state's name, in any
    case: "the Russian foreign ministry", "China's Foreign Ministry", "Turkey's
    parliament", "the US State Department", "Iran's Supreme National Security Council"."""
    r = affiliation.rules()
    portfolio_words = {w for key in ctx.vocab.portfolios for w in key}
    seen: set[int] = set()
    for hit in ctx.state_hits.values():
        if hit.start in seen or ctx.in_dateline(hit.start):
            continue
        seen.add(hit.start)
        if hit.start > 0 and doc[hit.start - 1].text == "-" and not doc[hit.start - 2].whitespace_:
            continue  # "the Russia-Pakistan Intergovernmental Commission" belongs to both
        i = hit.end
        possessive = i < len(doc) and doc[i].text in POSSESSIVE
        if possessive:
            i += 1
        elif hit.entry.form not in ("demonym", "name", "short", "canonical"):
            continue  # a capital or a seat is a body's name only as a possessive ("Moscow's foreign ministry")
        head = _body_head(doc, ctx, r, portfolio_words, i)
        if head is None:
            continue
        end = _of_tail(doc, head + 1)
        # As with the NER's names, a possessive state stays a mention of its own ("Pakistan's
        # | Foreign Office"); a demonym or a state's name is part of the body's ("Russian foreign ministry").
        start = i if possessive else hit.start
        if any(j in taken or j in ctx.body_hits for j in range(start, end)):
            continue
        country = hit.entry.id
        name = doc[start:end].text
        if possessive and name.islower():
            # "China's foreign ministry": a generic name keeps its owner, or every foreign ministry is one.
            name = f"{ctx.gaz.state_names.get(country, country)}'s {name}"
        entry = Entry(government_id(ctx, start, end, country), "organization", name, country, "context")
        yield OrgHit(start, end, entry)


def _body_head(doc: Doc, ctx: ActorContext, r: affiliation.Rules, portfolio_words: set[str], i: int) -> int | None:
    """The token of a body's head word in the few words from ``i`` ("foreign ministry",
    "Supreme National Security Council"), or None."""
    for j in range(i, min(i + 5, len(doc))):
        token = doc[j]
        low = token.lower_
        named_after = j + 2 < len(doc) and doc[j + 1].lower_ == "of" and doc[j + 2].text[:1].isupper()
        if low in r.body_heads and (j > i or named_after or low in ("parliament", "cabinet", "legislature")):
            # "the Russian ministry": a bare head needs a portfolio ("foreign ministry",
            # "Ministry of Foreign Affairs"), except for a parliament.
            return j
        if ctx.covered(j) or not token.is_alpha:
            return None
        if not (token.text[:1].isupper() or low in portfolio_words or low in r.body_words):
            return None
    return None


def _of_tail(doc: Doc, end: int) -> int:
    """ "Ministry of Foreign Affairs", "Department of Water and Sanitation": the name runs on
    through "of" and capitalised words."""
    if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].text[:1].isupper():
        j = end + 1
        while j < len(doc) and (
            (doc[j].text[:1].isupper() and doc[j].is_alpha)
            or (doc[j].lower_ in ("and", "&") and j + 1 < len(doc) and doc[j + 1].text[:1].isupper())
        ):
            j += 1
        return j
    return end
