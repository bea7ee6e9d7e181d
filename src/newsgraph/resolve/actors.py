"""Merge per-document actor mentions into corpus actors.

Each document names its actors with provisional ids; all mentions under one
provisional id form a *group*, summarised by its kind, fullest name and
majority country.  Groups merge in three stages, each a function of the
groups alone, so the result never depends on the order documents arrived
in (``resolve.actor_update`` re-runs only the decisions new mentions touch):

1. **Same name, same country.**  Two people whose full names match
   (``actor_names.same_person``: "Sergey"/"Sergei Lavrov", "Albert P. Khorev"
   ~ "Albert Khorev") or two bodies that share a normalised name or surface
   form ("The Express Tribune" ~ "Express Tribune") are one when their
   countries are equal, both known or both unknown.  Chains of such links
   make a stage-1 cluster.
2. **Unknown country.**  A cluster whose country is unknown joins the one
   known-country cluster it matches, if exactly one: "Sergy Lavrov" (no
   country) joins the Russian "Sergey Lavrov"; a "foreign ministry" of no
   known country joins none, since every state has one.  (Linking unknown
   to everything compatible would chain the ministries of all states into
   one actor.)
3. **Short forms.**  A surname alone ("Lavrov") joins the one cluster with a
   full name of that surname and a compatible country; an acronym ("SIPRI")
   joins the one cluster with a long name of those initials ("Stockholm
   International Peace Research Institute").  Two candidates -- two "Khan"s
   -- leave it apart.

States merge by ISO code (their provisional id already is the code), and
groups named by role or collective ("rebels", "the army": one sector of one
country) only by their id, which already is that country and sector:
"troops" of two states, or of an unknown one, are never one actor.
Actor ids come from content: "person:" + the slug of the name, a body's most
used provisional id, a state's code; clusters that would share one are told
apart by country ("person:john-smith--gbr"), the one holding the smallest
provisional id keeping the plain id.

Works on ``Mention`` records alone; nothing is re-parsed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz

from newsgraph.actors.gazetteer import name_key, slug
from newsgraph.models import Actor, Mention
from newsgraph.resolve.actor_names import acronym, body_keys, person_keys, same_person, words

PERSON, ORG, STATE, GROUP = "person", "org", "state", "group"


@dataclass(frozen=True)
class Form:
    """One distinct way a group's mentions read, and how many read so."""

    provisional: str
    text: str
    name: str
    kind: str
    country: str | None
    role: str | None
    n: int = 1
    sector: str | None = None  # a group's sector ("rebels", "the army")


@dataclass(frozen=True)
class Group:
    """All mentions under one provisional id, as merging sees them."""

    id: str
    cls: str  # person, org or state
    name: str
    country: str | None
    long: bool  # a full name (people) or not an acronym (bodies)
    keys: frozenset[str]

    @property
    def word(self) -> str:
        """The surname of a person, the acronym of a short body ("" when neither)."""
        if self.cls == PERSON:
            ws = words(self.name)
            return ws[-1] if ws else ""
        return acronym(self.name) or ""


def forms_of(mentions: Iterable[Mention]) -> list[Form]:
    counts: Counter[tuple[str, str, str, str, str | None, str | None, str | None]] = Counter(
        (m.actor, m.text, m.name, m.kind, m.country, m.role, m.sector) for m in mentions
    )
    return [Form(*key[:6], n, key[6]) for key, n in counts.items()]


def majority(counts: Mapping[str | None, int]) -> str | None:
    known = {k: v for k, v in counts.items() if k}
    if not known:
        return None
    return max(known, key=lambda k: (known[k], k))


def _class(kind: str | None) -> str:
    return PERSON if kind == PERSON else STATE if kind == STATE else ORG


def summarise(provisional: str, forms: Iterable[Form]) -> Group:
    """The group of one provisional id from its forms."""
    forms = list(forms)
    kinds: Counter[str | None] = Counter()
    countries: Counter[str | None] = Counter()
    names: Counter[str] = Counter()
    surfaces: set[str] = set()
    for f in forms:
        kinds[f.kind] += f.n
        countries[f.country] += f.n
        names[f.name] += f.n
        surfaces.add(f.text)
    cls = GROUP if any(f.sector for f in forms) else _class(majority(kinds))
    name = max(names, key=lambda n: (len(n.split()), names[n], len(n), n))
    if cls == PERSON:
        long, keys = len(words(name)) > 1, person_keys(name)
    elif cls == ORG:
        long, keys = acronym(name) is None, body_keys(name, {*names, *surfaces})
    else:
        long, keys = True, frozenset()
    return Group(provisional, cls, name, majority(countries), long, keys)


# ------------------------------------------------------------------ matching
def matches(a: Group, b: Group) -> bool:
    """Do two groups name one actor, leaving countries aside (stages 1 and 2)?"""
    if a.cls != b.cls or a.cls in (STATE, GROUP):
        return False
    if a.cls == PERSON:
        return a.long and b.long and same_person(words(a.name), words(b.name))
    return any(k.startswith("on:") and k in b.keys for k in a.keys)


def links(a: Group) -> bool:
    """Does the group take part in stages 1 and 2 (a short person name waits for stage 3)?"""
    return a.cls == ORG or (a.cls == PERSON and a.long)


def match_keys(g: Group) -> list[str]:
    """The keys under which the groups it may match are found."""
    prefix = "ps:" if g.cls == PERSON else "on:"
    return sorted(k for k in g.keys if k.startswith(prefix)) if links(g) else []


def compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def short_owners(short: Iterable[Group], candidates: Iterable[tuple[Group, str]]) -> set[str]:
    """Stage 3: the clusters (ids) that the short groups' name may stand for.

    ``candidates`` are long groups with their stage-2 cluster ids, found under
    the short groups' ``pl:``/``oi:`` keys."""
    short = list(short)
    wanted = {(s.cls, s.word, s.country) for s in short}
    owners: set[str] = set()
    for g, cluster in candidates:
        ref = words(g.name)[-1] if g.cls == PERSON else _initials_of(g)
        if any(cls == g.cls and word == ref and compatible(country, g.country) for cls, word, country in wanted):
            owners.add(cluster)
    return owners


def _initials_of(g: Group) -> str:
    return next((k[3:] for k in g.keys if k.startswith("oi:")), "")


def owner_key(g: Group) -> str | None:
    """The key under which a short group finds the long groups it may stand for."""
    if g.long or not g.word:
        return None
    return ("pl:" if g.cls == PERSON else "oi:") + g.word


# ------------------------------------------------------------------ clusters
class Union:
    """Union-find whose representative is the smallest member: ids from content."""

    def __init__(self, keys: Iterable[str] = ()) -> None:
        self.parent = {k: k for k in keys}

    def find(self, k: str) -> str:
        parent = self.parent.setdefault(k, k)
        while parent != k:
            self.parent[k] = self.parent[parent]
            k, parent = parent, self.parent[parent]
        return k

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def stage1(groups: Mapping[str, Group]) -> dict[str, str]:
    """Stage-1 cluster (its smallest id) of every group, linking only within ``groups``.

    Bodies that share a key and a country link outright; people under a
    shared key are compared once per distinct (name, country)."""
    union = Union(groups)
    by_key: dict[str, list[Group]] = defaultdict(list)
    for g in groups.values():
        for k in match_keys(g):
            by_key[k].append(g)
    for key, members in by_key.items():
        if key.startswith("on:"):
            first: dict[str | None, str] = {}
            for g in members:
                union.union(first.setdefault(g.country, g.id), g.id)
            continue
        profiles: dict[tuple[tuple[str, ...], str | None], str] = {}
        for g in members:
            profile = (words(g.name), g.country)
            if profile in profiles:
                union.union(profiles[profile], g.id)
            else:
                profiles[profile] = g.id
        items = sorted(profiles.items(), key=lambda kv: kv[1])
        for i, ((wa, ca), ida) in enumerate(items):
            for (wb, cb), idb in items[i + 1 :]:
                if ca == cb and union.find(ida) != union.find(idb) and same_person(wa, wb):
                    union.union(ida, idb)
    return {g: union.find(g) for g in groups}


def unknown_target(members: Iterable[Group], known: Iterable[tuple[Group, str]]) -> str | None:
    """Stage 2: the one known-country cluster an unknown-country cluster joins, if one.

    ``known`` are candidate groups of known country with their stage-1 ids."""
    members = [m for m in members if links(m)]
    targets = {cluster for g, cluster in known if g.country and any(matches(m, g) for m in members)}
    return targets.pop() if len(targets) == 1 else None


def resolve_groups(groups: Mapping[str, Group]) -> dict[str, tuple[str, str, str]]:
    """Every group's (stage-1, stage-2, final) cluster, all groups in memory."""
    c1 = stage1(groups)
    members: dict[str, list[Group]] = defaultdict(list)
    for g in groups.values():
        members[c1[g.id]].append(g)
    index: dict[str, list[Group]] = defaultdict(list)
    for g in groups.values():
        for k in g.keys:
            index[k].append(g)
    c2 = dict(c1)
    for ms in members.values():
        if ms[0].country is None and links(ms[0]):
            known = {h.id: h for m in ms for k in match_keys(m) for h in index[k] if h.country}
            target = unknown_target(ms, ((h, c1[h.id]) for h in known.values()))
            if target is not None:
                for m in ms:
                    c2[m.id] = target
    final = dict(c2)
    clusters2: dict[str, list[Group]] = defaultdict(list)
    for g in groups.values():
        clusters2[c2[g.id]].append(g)
    for ms in clusters2.values():
        if all(not m.long for m in ms):
            found = {h.id: h for m in ms if (key := owner_key(m)) for h in index[key] if h.long}
            owners = short_owners(ms, ((h, c2[h.id]) for h in found.values()))
            if len(owners) == 1:
                owner = owners.pop()
                for m in ms:
                    final[m.id] = owner
    return {g: (c1[g], c2[g], final[g]) for g in groups}


# -------------------------------------------------------------------- actors
def build_actor(members: list[Group], forms: list[Form]) -> tuple[str, Actor]:
    """The actor a final cluster makes (its id still the base id) and that base id."""
    kinds: Counter[str | None] = Counter()
    countries: Counter[str | None] = Counter()
    names: Counter[str] = Counter()
    roles: Counter[str] = Counter()
    ids: Counter[str] = Counter()
    sectors: Counter[str | None] = Counter()
    for f in forms:
        kinds[f.kind] += f.n
        countries[f.country] += f.n
        names[f.name] += f.n
        ids[f.provisional] += f.n
        sectors[f.sector] += f.n
        if f.role:
            roles[f.role] += f.n
    kind = majority(kinds) or "organization"
    country = majority(countries)
    total = sum(ids.values())
    texts = sorted({f.text for f in forms})
    if kind == STATE:
        code = min(g.id for g in members)
        name = max(names, key=lambda n: (names[n], n))
        aliases = tuple(a for a in _aliases(texts) if name_key(a) != name_key(name))
        return code, Actor(code, name, kind, code, (), aliases, total)
    full = [n for n in names if len(n.split()) > 1] or list(names)
    name = max(full, key=lambda n: (names[n], len(n), n))
    ordered_roles = tuple(r for r, _ in sorted(roles.items(), key=lambda kv: (-kv[1], kv[0])))
    if kind == PERSON:
        name_words = {w for n in names for w in n.split()}
        aliases = _aliases(_alias(t, name_words) for t in texts)
        base = "person:" + slug(name)
    else:
        # A generic mention ("foreign ministry", "parliament") is how a text refers to a
        # body, not a name it goes by: every state has one.
        aliases = _aliases(t for t in texts if not t.islower())
        base = sorted(ids, key=lambda i: (-ids[i], i))[0]
    aliases = tuple(a for a in aliases if name_key(a) != name_key(name))
    return base, Actor(base, name, kind, country, ordered_roles, aliases, total, majority(sectors))


def _alias(text: str, name_words: set[str]) -> str:
    """The name part of a person's mention ("Foreign Minister Lavrov" → "Lavrov",
    "Sergy Lavrov" as written); a bare title stays as written ("COAS")."""
    ws = text.replace(",", " ").split()
    k = len(ws)
    while k > 0 and (re.fullmatch(r"[A-Z]\.", ws[k - 1]) or any(fuzz.ratio(ws[k - 1], w) >= 80 for w in name_words)):
        k -= 1
    return " ".join(ws[k:]) if k < len(ws) else text


def _aliases(texts: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for text in texts:
        text = " ".join(text.split())
        seen.setdefault(text.lower(), text)
    return tuple(sorted(seen.values()))


def assign_ids(clusters: Iterable[tuple[str, str, str | None]]) -> dict[str, str]:
    """Actor ids for clusters sharing one base id: (first provisional id, base, country)
    -> id.  The cluster with the smallest provisional id keeps the base."""
    by_base: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for first, base, country in clusters:
        by_base[base].append((first, country))
    out: dict[str, str] = {}
    for base, found in by_base.items():
        used: set[str] = set()
        for i, (first, country) in enumerate(sorted(found)):
            wanted = base if i == 0 else f"{base}--{(country or 'xxx').lower()}"
            new, n = wanted, 2
            while new in used:
                new, n = f"{wanted}-{n}", n + 1
            used.add(new)
            out[first] = new
    return out


def merge_actors(mentions: Iterable[Mention]) -> tuple[list[Actor], dict[str, str]]:
    """Corpus actors, and the map from every provisional id to its actor's id (all in memory)."""
    forms = forms_of(mentions)
    by_group: dict[str, list[Form]] = defaultdict(list)
    for f in forms:
        by_group[f.provisional].append(f)
    groups = {pid: summarise(pid, fs) for pid, fs in by_group.items()}
    placed = resolve_groups(groups)
    clusters: dict[str, list[str]] = defaultdict(list)
    for pid, (_, _, final) in placed.items():
        clusters[final].append(pid)
    built = {}
    for final, pids in clusters.items():
        base, actor = build_actor([groups[p] for p in pids], [f for p in pids for f in by_group[p]])
        built[final] = (min(pids), base, actor)
    ids = assign_ids((first, base, actor.country) for first, base, actor in built.values())
    actors: list[Actor] = []
    actor_map: dict[str, str] = {}
    for final, (first, _, actor) in sorted(built.items(), key=lambda kv: kv[1][0]):
        actor_id = ids[first]
        actors.append(Actor(actor_id, *_fields(actor)))
        for pid in clusters[final]:
            actor_map[pid] = actor_id
    return actors, actor_map


def _fields(a: Actor) -> tuple[str, str, str | None, tuple[str, ...], tuple[str, ...], int, str | None]:
    return a.name, a.kind, a.country, a.roles, a.aliases, a.mentions, a.sector
