"""Groups and bodies named by role or collective, as actors of a sector.

"Rebels", "farmers", "the authorities", "the army", "security forces",
"Israeli tanks": the CAMEO/PLOVER actor model codes such phrases by country
and sector (ISRMIL: Israel's military), and so does newsgraph: one actor per
(country, sector), ``org:<iso>-<sector>`` (``org:<sector>`` when the country is
unknown), with the dossier kind of its sector.  The nouns, the sector each
names and the modifiers that change it are data (``data/groups.toml``).

The phrase's head noun is the mention; a state word in front of it stays a
state mention of its own ("Israeli" | "tanks"), so state counts and dyads
are unchanged.  The country comes, in order, from

1. the phrase: a state or demonym among its modifiers ("Israeli tanks",
   "Pakistan army"), a possessive ("Pakistan's army"), "of/from <state>"
   ("troops from Greece");
2. where it is: "in/at <place>" on the noun ("police in Barcelona",
   "protesters in Cairo"), a state or a city of one; for people acting as
   themselves (civilians, opposition ...) also where their clause's act
   happens ("protesters stormed buildings in Yerevan");
3. for a state's own organs (government, military, police) only, the
   document: its dateline state, else the one state it names when it names
   exactly one ("the army" in a story about Pakistan alone).  People are not
   placed by the dateline: a Tokyo desk reports protests in Seoul.

Otherwise the country is unknown: a wrong country is worse than none.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from newsgraph.actors.context import POSSESSIVE, ActorContext
from newsgraph.actors.gazetteer import Entry
from newsgraph.extract.grammar import NOUN_MODIFIERS, SUBJECTS
from newsgraph.extract.tree import climb

SECTORS = ("government", "military", "police", "rebels", "opposition", "civilians", "media", "business")
_NOUNS = frozenset({"NOUN", "PROPN"})
_PLURAL = frozenset({"NNS", "NNPS"})
# Determiners and possessives that make a singular collective a definite group ("the army").
_DEFINITE = frozenset({"the", "its", "their", "his", "her", "our", "this", "that"})
_PLACE_PREPS = frozenset({"in", "at", "inside"})
_STATE_ORGANS = frozenset({"government", "military", "police"})
# Modifiers that make a head noun something other than a group of people.
_NOT_GROUPS = frozenset({"social"})
_OWNER_PREPS = frozenset({"of", "from"})


@dataclass(frozen=True)
class Rules:
    heads: dict[str, str]  # lemma -> sector
    collective: frozenset[str]
    needs_owner: frozenset[str]
    modifiers: dict[str, str]
    armed_heads: frozenset[str]
    kinds: dict[str, str]
    names: dict[str, str]
    party_nouns: frozenset[str]


@lru_cache(maxsize=1)
def rules() -> Rules:
    data = tomllib.loads(resources.files("newsgraph.data").joinpath("groups.toml").read_text("utf-8"))
    heads: dict[str, str] = {}
    for sector, nouns in data["heads"].items():
        if sector not in SECTORS:
            from newsgraph.errors import ConfigError

            raise ConfigError(f"groups.toml [heads]: unknown sector {sector!r}; valid: {', '.join(SECTORS)}")
        for noun in nouns:
            heads.setdefault(noun, sector)
    return Rules(
        heads=heads,
        collective=frozenset(data["collective"]["nouns"]),
        needs_owner=frozenset(data["needs_owner"]["nouns"]),
        modifiers=dict(data["modifiers"]),
        armed_heads=frozenset(data["armed_heads"]["nouns"]),
        kinds=dict(data["kinds"]),
        names=dict(data["names"]),
        party_nouns=frozenset(data["party_nouns"]["nouns"]),
    )


@dataclass(frozen=True)
class GroupHit:
    start: int
    end: int
    entry: Entry
    sector: str


def group_id(country: str | None, sector: str) -> str:
    return f"org:{country.lower()}-{sector}" if country else f"org:{sector}"


def find(doc: Doc, ctx: ActorContext, taken: set[int], people: Mapping[int, str | None]) -> Iterator[GroupHit]:
    """Every group phrase of ``doc`` whose head no other actor rule has taken;
    ``people`` maps the tokens of people's names to their countries."""
    r = rules()
    for token in doc:
        if token.pos_ not in _NOUNS or token.i in taken or ctx.covered(token.i):
            continue
        lemma = token.lemma_.lower()
        sector = r.heads.get(lemma) or r.heads.get(token.lower_)
        if sector is None or token.dep_ in ("compound", "amod", "nmod", "poss"):
            continue
        if any(c.i < token.i and (c.i in ctx.body_hits or c.lower_ in _NOT_GROUPS) for c in token.children):
            continue  # "UN troops": the body named in front is the actor; "social media" is no one
        counted = _counted(token, lemma)
        pair = any(c.lower_ in ("two", "both") for c in token.children if c.dep_ in ("nummod", "det", "predet"))
        if pair and not counted:
            continue  # "the two armies", "both governments": the story's two parties, read by the event rules
        if _owned_by_parties(token, r):
            continue  # "the defence ministers of the two countries": the parties speak for them
        owner, owned = _owner(token, ctx, people)
        if not owned and _two_states(token, ctx):
            continue  # the states in front speak for the phrase ("Indian and Pakistani security officials")
        placed = _place_country(token, ctx)
        # "Congress", "Parliament": a proper name mid-sentence, or where the NER calls it a body
        proper = token.pos_ == "PROPN" and (token.i > token.sent.start or token.ent_type_ == "ORG")
        member = token.tag_ not in _PLURAL and lemma not in r.collective and lemma not in r.needs_owner
        if member and not _determined(token):
            continue  # "soldier" alone is a word, "a soldier", "the protester" a person of that sector
        if not member and token.tag_ not in _PLURAL and not (owned or placed or proper or _definite(token)):
            continue  # "an army of volunteers", "police work": no particular body
        qualified = _sector(token, lemma, sector, r)
        if (
            lemma in r.needs_owner
            and not (owned or placed or counted)
            and qualified == sector
            and not _sector_word(token, r)
        ):
            continue  # "people", "leaders": only with a word that says whose ("Syrian people", "rebel leaders")
        sector = qualified
        country = owner or placed
        if country is None and sector in _STATE_ORGANS:
            home, only = _document_country(ctx, token.sent)
            country = home or only
        elif country is None:
            subject = climb(token, lambda t: t.dep_ == "conj")  # "victims and their supporters protested"
            if subject.dep_ in SUBJECTS:
                country = _act_place(subject.head, ctx)
        start = _span_start(token, ctx, taken)
        name = r.names[sector]
        if country is not None:
            name = f"{ctx.gaz.state_names.get(country, country)} {name}"
        entry = Entry(group_id(country, sector), r.kinds[sector], name, country, "group")
        yield GroupHit(start, token.i + 1, entry, sector)


# People counted ("eight people were killed", "dozens of people", "killing
# two women"): the victims or the crowd of a news report, civilians; "the
# two men" and "both men" are two people the story has named, and stay no one.
_COUNTED = frozenset({"people", "man", "men", "woman", "women", "child", "children"})
_COUNTS = frozenset({"dozens", "hundreds", "thousands", "scores", "millions", "tens"})


def _counted(token: Token, lemma: str) -> bool:
    """People counted as those acted on, or as a crowd ("thousands of people");
    "two people with knowledge of the matter said" are sources, no one."""
    if lemma not in _COUNTED and token.lower_ not in _COUNTED:
        return False
    if any(c.dep_ == "det" for c in token.children) or token.dep_ == "nsubj":
        return False
    if any(c.dep_ == "nummod" and c.lower_ != "both" for c in token.children):
        return True
    head = token.head
    return token.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in _COUNTS


def _determined(token: Token) -> bool:
    return any(c.dep_ in ("det", "poss") for c in token.children) or any(
        c.dep_ in ("amod", "compound") and c.i < token.i for c in token.children
    )


def _definite(token: Token) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ in _DEFINITE for c in token.children)


def _sector_word(token: Token, r: Rules) -> bool:
    return any(c.dep_ in NOUN_MODIFIERS and c.i < token.i and (c.lower_ in r.modifiers) for c in token.children)


def _sector(token: Token, lemma: str, sector: str, r: Rules) -> str:
    """The head's sector, unless a modifier says otherwise ("rebel fighters",
    "opposition leaders", "security forces"); "government troops" stay military."""
    for child in token.children:
        if child.dep_ not in NOUN_MODIFIERS or child.i > token.i:
            continue
        said = r.modifiers.get(child.lower_) or r.modifiers.get(child.lemma_.lower())
        if said is None:
            continue
        if said == "government" and lemma in r.armed_heads:
            return "military" if sector in ("military", "rebels") else sector
        if sector == "government" and said in _STATE_ORGANS:
            return sector  # "defence ministers", "security officials" are government people
        return said
    return sector


def _owner(token: Token, ctx: ActorContext, people: Mapping[int, str | None]) -> tuple[str | None, bool]:
    """(state, owned): the state the phrase itself names, and whether anything in
    it says whose the group is (a possessive pronoun says so without a state)."""
    for child in token.children:
        if child.dep_ in ("amod", "compound", "nmod", "poss") and child.i < token.i:
            hit = ctx.state_at(child.i)
            if hit is not None:
                if any(c.dep_ == "conj" and ctx.state_at(c.i) is not None for c in child.children):
                    return None, False  # "Indian and Pakistani officials": two states, no one group
                return hit.entry.id, True
            if child.dep_ == "poss":
                if child.tag_ == "PRP$":
                    return None, True
                found = _state_in(child, ctx)  # "the country's army" → nothing; "Israel's army" → ISR
                return found, True
    # "Pakistan's army" where the possessive is not parsed as poss
    hit = ctx.possessor_before(token.i)
    if hit is not None:
        return hit.entry.id, True
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in _OWNER_PREPS:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                hit = ctx.state_at(pobj.i)
                if hit is not None and hit.entry.form != "capital":
                    return hit.entry.id, True
                if people.get(pobj.i) is not None:  # "the administration of President Biden"
                    return people[pobj.i], True
    return None, False


def _owned_by_parties(token: Token, r: Rules) -> bool:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in _OWNER_PREPS:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.lemma_.lower() in r.party_nouns:
                return True
    return False


def _two_states(token: Token, ctx: ActorContext) -> bool:
    return any(
        c.dep_ in NOUN_MODIFIERS
        and ctx.state_at(c.i) is not None
        and any(g.dep_ == "conj" and ctx.state_at(g.i) is not None for g in c.children)
        for c in token.children
    )


def _state_in(token: Token, ctx: ActorContext) -> str | None:
    hit = ctx.state_at(token.i)
    if hit is not None:
        return hit.entry.id
    for child in token.children:
        if child.dep_ in ("compound", "amod", "poss"):
            hit = ctx.state_at(child.i)
            if hit is not None:
                return hit.entry.id
    return None


def _place_country(token: Token, ctx: ActorContext) -> str | None:
    """ "police in Barcelona", "protesters in Cairo", "activists in Albania"."""
    from newsgraph.actors.orgs import place_country

    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in _PLACE_PREPS:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            start = pobj.i
            while start > child.i + 1 and ctx.doc[start - 1].dep_ == "compound":
                start -= 1
            return place_country(ctx, start)
    return None


def _act_place(verb: Token, ctx: ActorContext) -> str | None:
    """Where the act of the clause happens: "in <place>" on the verb or on its object."""
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    found = _place_country(verb, ctx)
    if found is None:
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        found = _place_country(obj, ctx) if obj is not None else None
    return found


def _span_start(token: Token, ctx: ActorContext, taken: set[int]) -> int:
    """The head and the words right before it that describe it ("riot police",
    "main opposition groups"), stopping at a state word, a taken token or a
    determiner."""
    start = token.i
    while start > token.sent.start:
        prev = ctx.doc[start - 1]
        if (
            prev.i in taken
            or ctx.covered(prev.i)
            or prev.text in POSSESSIVE
            or prev.head.i != token.i
            or prev.dep_ not in NOUN_MODIFIERS
        ):
            break
        start -= 1
    return start


def _document_country(ctx: ActorContext, sent: Span) -> tuple[str | None, str | None]:
    """(the dateline state, the one state the document names if just one and
    outside ``sent``: a state named beside "the government" in one sentence
    is as likely its counterpart as its own)."""
    home = ctx.home if ctx.home_from_dateline else None
    hits = [hit for hit in ctx.state_hits.values() if hit.entry.form != "capital"]
    named = {hit.entry.id for hit in hits}
    if len(named) != 1 or all(sent.start <= hit.start < sent.end for hit in hits):
        return home, None
    return home, named.pop()
