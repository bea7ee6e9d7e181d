"""Merge per-document actor mentions into corpus actors.

Each document names its actors with provisional ids; here the same actor
under different ids becomes one:

* states merge by ISO code (their provisional id already is the code);
* people by full name, by spelling variants of it ("Sergy Lavrov" ~ "Sergey
  Lavrov", "Albert P. Khorev" ~ "Albert Khorev"), and a surname-only person
  ("Modi") with the one full-named person of that surname, always only where
  the countries agree (or one is unknown);
* organisations by normalised name and by acronym and long form ("SIPRI" ~
  "Stockholm International Peace Research Institute").

Works on ``Mention`` records alone; nothing is re-parsed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from newsgraph.actors.gazetteer import name_key, slug
from newsgraph.models import Actor, Mention

_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "on", "in", "&", "de"})


@dataclass
class _Group:
    """All mentions under one provisional id."""

    id: str
    mentions: list[Mention] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return Counter(m.kind for m in self.mentions).most_common(1)[0][0]

    @property
    def name(self) -> str:
        names = Counter(m.name for m in self.mentions)
        return max(names, key=lambda n: (len(n.split()), names[n], len(n), n))

    @property
    def country(self) -> str | None:
        return _majority(m.country for m in self.mentions)


def _majority(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return max(counts, key=lambda v: (counts[v], v))


class _Union:
    def __init__(self, keys: Iterable[str]) -> None:
        self.parent = {k: k for k in keys}

    def find(self, k: str) -> str:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def merge_actors(mentions: Iterable[Mention]) -> tuple[list[Actor], dict[str, str]]:
    """Corpus actors, and the map from every provisional id to its actor's id."""
    groups: dict[str, _Group] = {}
    for m in mentions:
        groups.setdefault(m.actor, _Group(m.actor)).mentions.append(m)
    union = _Union(groups)
    by_kind: dict[str, list[_Group]] = defaultdict(list)
    for g in sorted(groups.values(), key=lambda g: g.id):
        by_kind["person" if g.kind == "person" else "state" if g.kind == "state" else "org"].append(g)
    _merge_people(by_kind["person"], union)
    _merge_orgs(by_kind["org"], union)

    clusters: dict[str, list[_Group]] = defaultdict(list)
    for g in groups.values():
        clusters[union.find(g.id)].append(g)
    actors: list[Actor] = []
    actor_map: dict[str, str] = {}
    used: set[str] = set()
    for members in sorted(clusters.values(), key=lambda ms: min(g.id for g in ms)):
        actor = _actor(members)
        if actor.id in used:  # two different people of one name: tell them apart by country
            actor = _with_id(actor, f"{actor.id}-{(actor.country or 'xxx').lower()}", used)
        used.add(actor.id)
        actors.append(actor)
        for g in members:
            actor_map[g.id] = actor.id
    return actors, actor_map


def _with_id(actor: Actor, wanted: str, used: set[str]) -> Actor:
    new, n = wanted, 2
    while new in used:
        new, n = f"{wanted}-{n}", n + 1
    return Actor(new, actor.name, actor.kind, actor.country, actor.roles, actor.aliases, actor.mentions)


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _same_person(a: list[str], b: list[str]) -> bool:
    """Do two full names (as word lists) name one person, allowing for spelling?"""
    if [w.lower() for w in a] == [w.lower() for w in b]:
        return True
    if fuzz.ratio(a[-1].lower(), b[-1].lower()) < 90:
        return False
    fa, fb = a[0].rstrip(".").lower(), b[0].rstrip(".").lower()
    if len(fa) == 1 or len(fb) == 1:
        return fa[0] == fb[0]
    return fuzz.ratio(fa, fb) >= 80 or fuzz.token_sort_ratio(" ".join(a), " ".join(b)) >= 92


def _merge_people(people: list[_Group], union: _Union) -> None:
    full = [g for g in people if len(g.name.split()) > 1]
    for i, a in enumerate(full):
        for b in full[i + 1 :]:
            if _compatible(a.country, b.country) and _same_person(a.name.split(), b.name.split()):
                union.union(a.id, b.id)
    for g in people:
        if len(g.name.split()) != 1:
            continue
        word = g.name.lower()
        owners = {
            union.find(f.id) for f in full if f.name.split()[-1].lower() == word and _compatible(g.country, f.country)
        }
        if len(owners) == 1:
            union.union(g.id, owners.pop())


def _initials(name: str) -> str:
    words = re.findall(r"[A-Za-z][\w'’-]*", name)
    return "".join(w[0].upper() for w in words if w.lower() not in _ACRONYM_SKIP)


def _merge_orgs(orgs: list[_Group], union: _Union) -> None:
    keys: dict[str, list[_Group]] = defaultdict(list)
    for g in orgs:
        for m in g.mentions:
            keys[name_key(m.name)].append(g)
            keys[name_key(m.text)].append(g)
    for same in keys.values():
        for other in same[1:]:
            if _compatible(same[0].country, other.country):
                union.union(same[0].id, other.id)
    long_forms: dict[str, list[_Group]] = defaultdict(list)
    for g in orgs:
        if len(g.name.split()) > 1:
            long_forms[_initials(g.name)].append(g)
    for g in orgs:
        text = g.name.replace(".", "")
        if text.isupper() and 2 <= len(text) <= 8:
            owners = {union.find(o.id) for o in long_forms.get(text, []) if _compatible(g.country, o.country)}
            if len(owners) == 1:
                union.union(g.id, owners.pop())


def _alias(m: Mention, name_words: set[str]) -> str:
    """The name part of a person's mention ("Foreign Minister Lavrov" → "Lavrov",
    "Sergy Lavrov" as written); a bare title stays as written ("COAS")."""
    words = m.text.replace(",", " ").split()
    k = len(words)
    while k > 0 and (
        re.fullmatch(r"[A-Z]\.", words[k - 1]) or any(fuzz.ratio(words[k - 1], w) >= 80 for w in name_words)
    ):
        k -= 1
    return " ".join(words[k:]) if k < len(words) else m.text


def _actor(members: list[_Group]) -> Actor:
    mentions = [m for g in members for m in g.mentions]
    kind = _majority(m.kind for m in mentions) or "organization"
    country = _majority(m.country for m in mentions)
    if kind == "state":
        code = members[0].id
        name = mentions[0].name
        aliases = tuple(a for a in _aliases(m.text for m in mentions) if name_key(a) != name_key(name))
        return Actor(code, name, kind, code, (), aliases, len(mentions))
    names = Counter(m.name for m in mentions)
    full = [n for n in names if len(n.split()) > 1] or list(names)
    name = max(full, key=lambda n: (names[n], len(n), n))
    roles = Counter(m.role for m in mentions if m.role)
    ordered_roles = tuple(r for r, _ in sorted(roles.items(), key=lambda kv: (-kv[1], kv[0])))
    if kind == "person":
        words = {w for n in names for w in n.split()}
        aliases = _aliases(_alias(m, words) for m in mentions)
        actor_id = "person:" + slug(name)
    else:
        # A generic mention ("foreign ministry", "parliament") is how a text refers to a
        # body, not a name it goes by: every state has one.
        aliases = _aliases(m.text for m in mentions if not m.text.islower())
        ids = Counter(m.actor for m in mentions)
        actor_id = sorted(ids, key=lambda i: (-ids[i], i))[0]
    aliases = tuple(a for a in aliases if name_key(a) != name_key(name))
    return Actor(actor_id, name, kind, country, ordered_roles, aliases, len(mentions))


def _aliases(texts: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for text in texts:
        text = " ".join(text.split())
        seen.setdefault(text.lower(), text)
    return tuple(sorted(seen.values()))
