"""Claims grouped by meaning: free-text claim mentions across documents.

Two mentions are one claim when they say the same thing.  Read from the
store (``ClaimMention``: text, holder, stance, actors, keywords, sketch and
embedding), never parsed again.  Every decision is about a *pair* of
mentions and reads the two mentions alone, so the groups are a function of
the corpus, never of the order documents came in, and a run that adds
documents only looks at the pairs its mentions make
(``resolve.claim_links`` keeps the keys, links and groups in the store):

0. **Blocking keys** of a mention, from its own words and sketch: its content
   words (``kw:cheque``) and four bands of a 32-bit random-hyperplane
   signature of its sketch (``lsh:0:10110001``, near neighbours share a
   band).  A key under more than ``CAP`` mentions is too common to block
   anything.  Two mentions are compared only when they share a key.
1. Mentions that may restate another are found by their sketches (a cheap
   static embedding computed at extraction, ``claims.sketch``): a mention is
   *near* when a mention it shares a key with has a sketch at cosine >=
   ``NEAR`` (``near_neighbours``).  Only near mentions get the full sentence
   embedding (``claims.encoder``, computed by the caller and stored), and
   only these are linked below; every other mention is a group of its own.
   Every pair the encoder puts at ``SAME`` or above has sketches at 0.5 or
   above on the Emergent headlines (docs/claims.md).
2. Two near mentions sharing a key are **linked** when their embeddings agree
   closely (cosine >= ``SAME``), or agree well (>= ``RELATED``) and they
   share two or more content words that weigh at least ``SHARED_RARE`` of the
   lighter side ("blank cheque") -- and their dates do not conflict.  A
   word's weight is its rarity in the reference text the sketch was built
   from (``rarity``), so a link never moves as the corpus grows.
3. A **group** is a connected set of linked mentions.  A mention that states
   an event already grouped into a keyed claim (subject state, family, object
   state; ``resolve.claims``) lends that claim its actors and date; the
   event's own stance stays the stance (the event reader knows which clause
   it is in, the sentence reader does not).

A group becomes a claim when it is more than one source's plain statement:
a denial, report or question, a finding the outlet states ("evidence
surfaced that ..."), a headline, or mentions in two documents -- unless
all its mentions restate events of one keyed claim, which has them already.
A claim's id comes from its first mention (by document and position).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

import numpy as np

from newsgraph.models import OUTLET, Claim, ClaimMention, DateValue, Stance, content_id

NEAR = 0.4  # sketch cosine from which two mentions may say the same thing (step 1)
CAP = 200  # a blocking key under more mentions than this blocks nothing (too common)
SAME = 0.86  # cosine at which two propositions are the same in other words
RELATED = 0.6  # cosine at which shared rare words decide
SHARED_RARE = 0.3  # share of the smaller keyword weight that must be shared
BANDS, BITS = 4, 8
_SIF_A = 1e-3  # the sketch's SIF constant (claims.sketch_build): its weights give each piece's frequency
_PLANES_SEED = 20261206
STANCE_ORDER = {"asserts": 0, "denies": 1, "reports": 2, "questions": 3}
_WORTHY_KINDS = frozenset({"headline", "evidential", "dismissed", "reported"})


Vector = np.ndarray[Any, np.dtype[np.float32]]


@lru_cache(maxsize=8)
def planes(dim: int = 256) -> Vector:
    return np.random.default_rng(_PLANES_SEED).standard_normal((BANDS * BITS, dim)).astype(np.float32)


def participates(m: ClaimMention) -> bool:
    """Only a mention with a sketch or an embedding can be grouped with another."""
    return bool(m.sketch or m.vector)


def _blocking_vector(m: ClaimMention) -> Vector:
    """What a mention is blocked by: its sketch, or its embedding where it has no sketch."""
    return np.asarray(m.sketch or m.vector, dtype=np.float32)


def mention_keys(m: ClaimMention, vec: Vector | None = None) -> list[str]:
    """A mention's blocking keys: its content words and its sketch's signature bands
    (its own words and sketch only: they never change); ``vec``: its blocking vector
    where the caller holds it as an array."""
    vec = _blocking_vector(m) if vec is None else vec
    return sorted({f"kw:{w}" for w in m.keywords}) + lsh_keys(vec, planes(vec.shape[0]))


def lsh_keys(vec: Vector, hyper: Vector) -> list[str]:
    bits = (hyper @ vec) > 0
    return [f"lsh:{b}:{''.join('1' if x else '0' for x in bits[b * BITS : (b + 1) * BITS])}" for b in range(BANDS)]


def _states(m: ClaimMention, state_of: Mapping[str, str | None], actor_map: Mapping[str, str]) -> set[str]:
    return {s for a in m.actors if (s := state_of.get(actor_map.get(a, a), actor_map.get(a, a)))}


def as_array(m: ClaimMention, field: str) -> Vector:
    """A mention's ``sketch`` or ``vector`` as an array (callers may pass a cache instead)."""
    return np.asarray(getattr(m, field), dtype=np.float32)


Arrays = Callable[[ClaimMention, str], Vector]


def partners(blocks: Iterable[Collection[str]], of: Collection[str]) -> dict[str, set[str]]:
    """For each mention of ``of``: the other mentions it shares one of ``blocks`` with.
    A pair under several keys is one pair: ``near_among`` and ``links_among`` look at
    it once."""
    out: dict[str, set[str]] = defaultdict(set)
    for ids in blocks:
        mine = [i for i in ids if i in of]
        if mine:
            everyone = set(ids)
            for i in mine:
                out[i] |= everyone
    for i, others in out.items():
        others.discard(i)
    return out


def _matrix(ids: Iterable[str], array: Callable[[str], Vector]) -> tuple[dict[str, int], Vector]:
    """The arrays of these mentions as the rows of one matrix (those that have one), and
    each mention's row."""
    found = [(i, a) for i in sorted(set(ids)) if (a := array(i)).size]
    rows = {i: k for k, (i, _) in enumerate(found)}
    return rows, (np.stack([a for _, a in found]) if found else np.zeros((0, 0), dtype=np.float32))


def near_among(pairs: Mapping[str, Collection[str]], sketch: Callable[[str], Vector], both: bool = True) -> set[str]:
    """Step 1 over the pairs of ``partners``: the mentions of a pair whose sketches agree
    (cosine >= ``NEAR``), both of them or (not ``both``) the one it is asked for;
    ``sketch`` gives a mention's (empty where it has none)."""
    rows, matrix = _matrix({*pairs, *(j for js in pairs.values() for j in js)}, sketch)
    out: set[str] = set()
    for i in sorted(pairs):
        others = [j for j in sorted(pairs[i]) if j in rows]
        if i not in rows or not others:
            continue
        agree = matrix[[rows[j] for j in others]] @ matrix[rows[i]] >= NEAR
        if agree.any():
            out.add(i)
            if both:
                out.update(j for j, yes in zip(others, agree, strict=True) if yes)
    return out


def links_among(
    pairs: Mapping[str, Collection[str]], mentions: Mapping[str, ClaimMention], vector: Callable[[str], Vector]
) -> set[tuple[str, str]]:
    """Step 2 over the pairs of ``partners``: the linked pairs (ids in order), each pair
    decided once (``linked``); ``vector`` gives a mention's embedding (empty where it has
    none).  Only pairs that can pass are decided: close enough, or well related and
    sharing two or more words."""
    rows, matrix = _matrix({*pairs, *(j for js in pairs.values() for j in js)}, vector)
    matrix = matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
    out = set()
    for i in sorted(pairs):
        # a pair of two mentions that both have partners is taken from its first side
        others = [j for j in sorted(pairs[i]) if j in rows and not (j < i and j in pairs)]
        if i not in rows or not others:
            continue
        cosines = matrix[[rows[j] for j in others]] @ matrix[rows[i]]
        a = mentions[i]
        words = set(a.keywords)
        for k in np.nonzero(cosines >= RELATED)[0]:
            b, cosine = mentions[others[k]], float(cosines[k])
            if (cosine >= SAME or len(words & set(b.keywords)) >= 2) and linked(a, b, cosine):
                out.add((a.id, b.id) if a.id < b.id else (b.id, a.id))
    return out


def linked(a: ClaimMention, b: ClaimMention, cosine: float) -> bool:
    """Step 2: do two embedded mentions (at this cosine) say the same thing?"""
    if not dates_agree(a.date, b.date):
        return False
    if cosine >= SAME:
        return True
    return (
        cosine >= RELATED
        and len(set(a.keywords) & set(b.keywords)) >= 2
        and rare_shared(a.keywords, b.keywords) >= SHARED_RARE
    )


def rare_shared(a: Sequence[str], b: Sequence[str]) -> float:
    """The weight of the words two mentions share, as a share of the lighter side's."""
    mine, theirs = set(a), set(b)
    if not mine or not theirs:
        return 0.0
    shared = sum(rarity(w) for w in mine & theirs)
    smaller = min(sum(rarity(w) for w in mine), sum(rarity(w) for w in theirs))
    return float(shared / max(smaller, 1e-9))


@lru_cache(maxsize=65536)
def rarity(word: str) -> float:
    """How rare a word is: -log of the frequency of its rarest WordPiece in the text the
    sketch was built from (the piece's SIF weight w = a / (a + p) gives p); a fixed
    reference, so the weight of a word never moves as the corpus grows."""
    from newsgraph.claims.encoder import tokenizer
    from newsgraph.claims.sketch import piece_weights

    ids = tokenizer().encode(word, add_special_tokens=False).ids
    if not ids:
        return 0.0
    w = float(min(max(piece_weights()[i] for i in ids), 0.999))
    return max(-math.log(_SIF_A * (1 - w) / max(w, 1e-6)), 0.0)


def dates_agree(a: DateValue | None, b: DateValue | None) -> bool:
    if a is None or b is None:
        return True
    return a.value.startswith(b.value) or b.value.startswith(a.value)


def components(ids: Iterable[str], links: Iterable[tuple[str, str]]) -> list[list[str]]:
    """The connected sets of ``ids`` under ``links``, each sorted, in order of their first id."""
    parent = {i: i for i in ids}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    out: dict[str, list[str]] = defaultdict(list)
    for i in parent:
        out[root(i)].append(i)
    return sorted(sorted(ms) for ms in out.values())


def adjacency(links: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """Each linked mention's linked mentions."""
    out: dict[str, set[str]] = defaultdict(set)
    for a, b in links:
        out[a].add(b)
        out[b].add(a)
    return out


def cohesive(ids: Sequence[str], adjacent: Mapping[str, set[str]]) -> list[list[str]]:
    """One connected set cut into sets that hang together: a chain of links
    (A says what B says, B what C says ...) can join propositions that share
    only a topic -- on real news, weapons seized near Kobane, a fighter taken
    prisoner there and arrests of suspects, all one set.  A claim is the
    best-linked mention left with those of its linked mentions that are linked
    to at least half of the others.  A function of the
    set and its links alone, so incremental runs and a full one agree."""
    if len(ids) <= 2:
        return [sorted(ids)]
    inside = set(ids)
    adjacent = {i: adjacent.get(i, set()) & inside for i in ids}
    rank = {i: r for r, i in enumerate(sorted(ids, key=lambda i: (-len(adjacent[i]), i)))}
    left = set(ids)
    out: list[list[str]] = []
    for seed in sorted(ids, key=rank.__getitem__):
        if seed not in left:
            continue
        core = {seed} | (adjacent[seed] & left)
        # the seed's linked mentions that are linked to at least half of the others
        keep = {seed} | {i for i in core - {seed} if 2 * len(adjacent[i] & core) >= len(core) - 1}
        left -= keep
        out.append(sorted(keep))
    return sorted(out)


def claim_sets(ids: Iterable[str], links: Iterable[tuple[str, str]]) -> list[list[str]]:
    """The mentions' claim groups: each connected set under ``links``, cut by ``cohesive``."""
    links = list(links)
    adjacent = adjacency(links)
    return sorted(part for connected in components(ids, links) for part in cohesive(connected, adjacent))


def near_neighbours(mentions: Sequence[ClaimMention]) -> set[str]:
    """The ids of mentions whose sketch agrees (cosine >= ``NEAR``) with another's
    under a shared key: the only ones worth the full embedding (step 1)."""
    sketches = {m.id: as_array(m, "sketch") for m in mentions}
    return near_among(partners(_blocks(mentions), sketches), sketches.__getitem__)


def _blocks(mentions: Sequence[ClaimMention]) -> list[list[str]]:
    """The ids of the mentions under each key not too common to block."""
    blocks: dict[str, list[str]] = defaultdict(list)
    for m in mentions:
        if participates(m):
            for key in mention_keys(m):
                blocks[key].append(m.id)
    return [ids for _, ids in sorted(blocks.items()) if len(ids) <= CAP]


def group_mentions(
    mentions: Sequence[ClaimMention],
    keyed: Sequence[Claim],
    event_claim: Mapping[str, str],
    state_of: Mapping[str, str | None],
    actor_map: Mapping[str, str],
) -> tuple[list[Claim], list[tuple[str, str]]]:
    """Keyed claims extended with the free-text mentions that restate them, the
    claims grouped from every mention at once, and every claim's blocking keys.
    A mention's ``vector`` says it is embedded (step 1 is the caller's)."""
    by_id = {c.id: c for c in keyed}
    extra: dict[str, list[ClaimMention]] = defaultdict(list)
    for m in mentions:
        target = event_claim.get(m.event) if m.event else None
        if target is not None and target in by_id:
            extra[target].append(m)
    free = {m.id: m for m in mentions if participates(m)}
    vectors = {i: as_array(m, "vector") for i, m in free.items()}
    links = links_among(partners(_blocks(list(free.values())), free), free, vectors.__getitem__)
    claims = [_extended(c, extra.get(c.id, []), actor_map) for c in keyed]
    out_blocks = [(c.id, f"state:{s}") for c in claims for s in sorted(x for x in (c.subject, c.object) if x)]
    groups = [[free[i] for i in ids] for ids in claim_sets(free, links)]
    made, blocks = group_claims(groups, event_claim, state_of, actor_map)
    return claims + made, out_blocks + blocks


def group_id(members: Sequence[ClaimMention]) -> str:
    """A group's (and its claim's) id: from its first mention."""
    return content_id("cl", _in_order(members)[0].id)


def _in_order(members: Iterable[ClaimMention]) -> list[ClaimMention]:
    return sorted(members, key=lambda m: (m.document, m.evidence.start, m.id))


def group_claims(
    groups: Sequence[Sequence[ClaimMention]],
    event_claim: Mapping[str, str],
    state_of: Mapping[str, str | None],
    actor_map: Mapping[str, str],
    keys_of: Callable[[ClaimMention], list[str]] = mention_keys,
) -> tuple[list[Claim], list[tuple[str, str]]]:
    """The claims these groups make (step 3), with their blocking keys (``keys_of``: a
    mention's, ``mention_keys`` unless the caller holds its arrays)."""
    claims: list[Claim] = []
    blocks: list[tuple[str, str]] = []
    for members in groups:
        linked_to = {event_claim.get(m.event) if m.event else None for m in members}
        if not _worthy(members) or (len(linked_to) == 1 and None not in linked_to):
            continue
        claim = _free_claim(members, actor_map)
        claims.append(claim)
        keys = {k for m in members for k in keys_of(m)}
        keys |= {f"state:{s}" for m in members for s in _states(m, state_of, actor_map)}
        blocks += [(claim.id, k) for k in sorted(keys)]
    return claims, blocks


def _worthy(members: Sequence[ClaimMention]) -> bool:
    return (
        any(m.stance != "asserts" or m.kind in _WORTHY_KINDS for m in members) or len({m.document for m in members}) > 1
    )


def _stance(m: ClaimMention, actor_map: Mapping[str, str]) -> Stance:
    holder = m.holder if m.holder == OUTLET else actor_map.get(m.holder, m.holder)
    return Stance(m.document, holder, m.stance, m.evidence, m.event, mention=m.id)


def _merge_stances(stances: Sequence[Stance]) -> tuple[Stance, ...]:
    """One stance per document, holder and stance: the first sentence a source says it in."""
    slots: dict[tuple[str, str, str], Stance] = {}
    for s in sorted(stances, key=lambda s: (s.document, s.evidence.start)):
        slots.setdefault((s.document, s.holder, s.stance), s)
    return tuple(sorted(slots.values(), key=lambda s: (s.document, s.evidence.start, STANCE_ORDER[s.stance])))


def _extended(claim: Claim, extra: Sequence[ClaimMention], actor_map: Mapping[str, str]) -> Claim:
    """A keyed claim with the actors and date of the free-text mentions that restate it."""
    actors = {a for a in (claim.subject, claim.object) if a}
    actors |= {actor_map.get(a, a) for m in extra for a in m.actors}
    date = next((m.date for m in extra if m.date is not None), None)
    return replace(claim, actors=tuple(sorted(actors)), date=date)


def _free_claim(group: Sequence[ClaimMention], actor_map: Mapping[str, str]) -> Claim:
    members = _in_order(group)
    # the words of the first source that asserts it, else of the first that states it
    wording = next((m for m in members if m.stance == "asserts"), members[0])
    types = Counter(m.event_type for m in members if m.event_type)
    return Claim(
        id=group_id(members),
        proposition=wording.text,
        subject=None,
        predicate=types.most_common(1)[0][0] if types else None,
        mode=None,
        object=None,
        stances=_merge_stances([_stance(m, actor_map) for m in members]),
        actors=tuple(sorted({actor_map.get(a, a) for m in members for a in m.actors})),
        date=next((m.date for m in members if m.date is not None), None),
    )
