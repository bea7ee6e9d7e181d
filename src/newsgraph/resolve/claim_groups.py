"""Claims grouped by meaning: free-text claim mentions across documents.

Two mentions are one claim when they say the same thing.  Read from the
store (``ClaimMention``: text, holder, stance, actors, keywords, sketch and
embedding), never parsed again:

0. Mentions that may restate another are found by their sketches (a cheap
   static embedding computed at extraction, ``claims.sketch``): pairs under
   a shared blocking key (below) whose sketches agree at cosine >= ``NEAR``
   (``near_neighbours``).  Only these get the full sentence embedding
   (``claims.encoder``, computed by the caller and stored), and only these
   are compared below; every other mention is a group of its own.  Every
   pair the encoder puts at ``SAME`` or above has sketches at 0.5 or above
   on the Emergent headlines (docs/claims.md).

1. A mention that states an event already grouped into a keyed claim
   (subject state, family, object state; ``resolve.claims``) lends that
   claim its actors and date; the event's own stance stays the stance (the
   event reader knows which clause it is in, the sentence reader does not).
2. Every mention looks for a group among **candidates** found through its
   blocking keys -- the states its actors stand for (``state:PAK``), its
   content words (``kw:cheque``; a word shared by more than ``WIDE``
   groups blocks nothing) and four bands of a 32-bit random-hyperplane
   signature of its sketch (``lsh:0:10110001``, near neighbours share a
   band) -- so the work grows with the corpus, not with its square.
3. It joins the best candidate when their embeddings agree closely
   (cosine >= ``SAME``), or agree well (>= ``RELATED``) and they share two
   or more content words that weigh (by inverse document frequency) at
   least ``SHARED_RARE`` of the lighter side ("blank cheque") -- and their
   dates do not conflict.  Otherwise it starts a group.

A group becomes a claim when it is more than one source's plain statement:
a denial, report or question, a finding the outlet states ("evidence
surfaced that ..."), a headline, or mentions in two documents -- unless
all its mentions restate events of one keyed claim, which has them already.

Incremental use (for runs that add documents): the blocking keys of every
claim are stored (``claim_blocks``); new mentions compute theirs, fetch only
the claims under the same keys with their mentions' vectors, and join or
start groups by the same test.  Nothing else is rewritten.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from newsgraph.models import OUTLET, Claim, ClaimMention, DateValue, Stance, content_id

NEAR = 0.4  # sketch cosine from which two mentions may say the same thing (step 0)
NEAR_BLOCK = 200  # a key under more mentions than this finds no neighbours (too common)
SAME = 0.86  # cosine at which two propositions are the same in other words
RELATED = 0.6  # cosine at which shared rare words decide
SHARED_RARE = 0.3  # share of the smaller keyword weight that must be shared
BANDS, BITS = 4, 8
WIDE = 50  # a blocking key shared by more groups than this is too common to block
_PLANES_SEED = 20261206
STANCE_ORDER = {"asserts": 0, "denies": 1, "reports": 2, "questions": 3}
_WORTHY_KINDS = frozenset({"headline", "evidential", "dismissed", "reported"})


@dataclass
class Group:
    members: list[ClaimMention] = field(default_factory=list)
    vector: np.ndarray[Any, np.dtype[np.float32]] | None = None
    keywords: Counter[str] = field(default_factory=Counter)
    states: set[str] = field(default_factory=set)
    date: DateValue | None = None
    claim: Claim | None = None  # the keyed claim it extends, if any

    def add(self, m: ClaimMention, vec: np.ndarray[Any, np.dtype[np.float32]] | None, states: set[str]) -> None:
        n = len(self.members)
        self.members.append(m)
        if vec is not None:  # a mention without an embedding only ever starts a group
            self.vector = vec.copy() if self.vector is None else ((self.vector * n + vec) / (n + 1)).astype(np.float32)
        self.keywords.update(set(m.keywords))
        self.states |= states
        if self.date is None:
            self.date = m.date


def planes(dim: int = 256) -> np.ndarray[Any, np.dtype[np.float32]]:
    return np.random.default_rng(_PLANES_SEED).standard_normal((BANDS * BITS, dim)).astype(np.float32)


def _blocking_vector(m: ClaimMention) -> np.ndarray[Any, np.dtype[np.float32]]:
    """What a mention is blocked by: its sketch, or its embedding where it has no sketch."""
    return np.asarray(m.sketch or m.vector, dtype=np.float32)


def _keys(m: ClaimMention, states: set[str], hyper: dict[int, np.ndarray[Any, np.dtype[np.float32]]]) -> list[str]:
    vec = _blocking_vector(m)
    if vec.shape[0] not in hyper:
        hyper[vec.shape[0]] = planes(vec.shape[0])
    return [f"state:{s}" for s in sorted(states)] + [f"kw:{w}" for w in m.keywords] + lsh_keys(vec, hyper[vec.shape[0]])


def _states(m: ClaimMention, state_of: Mapping[str, str | None], actor_map: Mapping[str, str]) -> set[str]:
    return {s for a in m.actors if (s := state_of.get(actor_map.get(a, a), actor_map.get(a, a)))}


def near_neighbours(
    mentions: Sequence[ClaimMention], state_of: Mapping[str, str | None], actor_map: Mapping[str, str]
) -> set[str]:
    """The ids of mentions whose sketch agrees (cosine >= ``NEAR``) with another's
    under a shared blocking key: the only ones worth the full embedding."""
    sketched = [m for m in mentions if m.sketch]
    hyper: dict[int, np.ndarray[Any, np.dtype[np.float32]]] = {}
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(sketched):
        for key in _keys(m, _states(m, state_of, actor_map), hyper):
            blocks[key].append(i)
    matrix = np.asarray([m.sketch for m in sketched], dtype=np.float32).reshape(len(sketched), -1)
    near: set[int] = set()
    for members in blocks.values():
        if 1 < len(members) <= NEAR_BLOCK:
            sub = matrix[members]
            agree = np.triu(sub @ sub.T >= NEAR, k=1)
            rows, cols = np.nonzero(agree)
            near.update(members[r] for r in rows)
            near.update(members[c] for c in cols)
    return {sketched[i].id for i in near}


def lsh_keys(vec: np.ndarray[Any, np.dtype[np.float32]], hyper: np.ndarray[Any, np.dtype[np.float32]]) -> list[str]:
    bits = (hyper @ vec) > 0
    return [f"lsh:{b}:{''.join('1' if x else '0' for x in bits[b * BITS : (b + 1) * BITS])}" for b in range(BANDS)]


def dates_agree(a: DateValue | None, b: DateValue | None) -> bool:
    if a is None or b is None:
        return True
    return a.value.startswith(b.value) or b.value.startswith(a.value)


def group_mentions(
    mentions: Sequence[ClaimMention],
    keyed: Sequence[Claim],
    event_claim: Mapping[str, str],
    state_of: Mapping[str, str | None],
    actor_map: Mapping[str, str],
) -> tuple[list[Claim], list[tuple[str, str]]]:
    """Keyed claims extended with the free-text mentions that restate them, the
    claims grouped from the rest, and every claim's blocking keys."""
    by_id = {c.id: c for c in keyed}
    extra: dict[str, list[ClaimMention]] = defaultdict(list)
    free: list[ClaimMention] = []
    for m in mentions:
        target = event_claim.get(m.event) if m.event else None
        if target is not None and target in by_id:
            extra[target].append(m)
        if m.vector or m.sketch:
            free.append(m)
    df = Counter(w for m in mentions for w in set(m.keywords))
    total = max(len(mentions), 1)

    def idf(word: str) -> float:
        return math.log((1 + total) / (1 + df[word])) + 1.0

    hyper: dict[int, np.ndarray[Any, np.dtype[np.float32]]] = {}
    groups: list[Group] = []
    blocks: dict[str, list[int]] = defaultdict(list)
    for m in free:
        vec = np.asarray(m.vector, dtype=np.float32) if m.vector else None
        states = _states(m, state_of, actor_map)
        keys = _keys(m, states, hyper)
        # a mention without an embedding had no near neighbour: it is a group of its own
        candidates = {g for k in keys if len(blocks.get(k, ())) <= WIDE for g in blocks.get(k, ())} if m.vector else ()
        best, best_score = None, 0.0
        for g in candidates:
            group = groups[g]
            if group.vector is None or vec is None or not dates_agree(group.date, m.date):
                continue
            cos = float(group.vector @ vec / max(float(np.linalg.norm(group.vector)), 1e-9))
            if cos >= SAME:
                score = cos + 1.0
            elif (
                cos >= RELATED
                and len(set(m.keywords) & set(group.keywords)) >= 2
                and _rare_shared(m.keywords, group.keywords, idf) >= SHARED_RARE
            ):
                score = cos + _rare_shared(m.keywords, group.keywords, idf)
            else:
                continue
            if score > best_score:
                best, best_score = g, score
        if best is None:
            groups.append(Group())
            best = len(groups) - 1
        groups[best].add(m, vec, states)
        for k in keys:
            if best not in blocks[k]:
                blocks[k].append(best)
    out_blocks: list[tuple[str, str]] = []
    claims = [_extended(c, extra.get(c.id, []), actor_map) for c in keyed]
    for c in claims:
        out_blocks += [(c.id, f"state:{s}") for s in sorted(x for x in (c.subject, c.object) if x)]
    keys_of: dict[int, list[str]] = defaultdict(list)
    for key, members in blocks.items():
        for g in members:
            keys_of[g].append(key)
    for g, group in enumerate(groups):
        linked = {event_claim.get(m.event) if m.event else None for m in group.members}
        if not _worthy(group) or (len(linked) == 1 and None not in linked):
            continue
        claim = _free_claim(group, actor_map)
        claims.append(claim)
        out_blocks += [(claim.id, k) for k in sorted(keys_of[g])]
    return claims, out_blocks


def _rare_shared(words: Sequence[str], group: Counter[str], idf: Any) -> float:
    mine = set(words)
    if not mine or not group:
        return 0.0
    shared = sum(idf(w) for w in mine if w in group)
    smaller = min(sum(idf(w) for w in mine), sum(idf(w) for w in group))
    return float(shared / max(smaller, 1e-9))


def _worthy(group: Group) -> bool:
    return (
        any(m.stance != "asserts" or m.kind in _WORTHY_KINDS for m in group.members)
        or len({m.document for m in group.members}) > 1
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


def _free_claim(group: Group, actor_map: Mapping[str, str]) -> Claim:
    members = sorted(group.members, key=lambda m: (m.document, m.evidence.start))
    # the words of the first source that asserts it, else of the first that states it
    wording = next((m for m in members if m.stance == "asserts"), members[0])
    types = Counter(m.event_type for m in members if m.event_type)
    return Claim(
        id=content_id("cl", members[0].id),
        proposition=wording.text,
        subject=None,
        predicate=types.most_common(1)[0][0] if types else None,
        mode=None,
        object=None,
        stances=_merge_stances([_stance(m, actor_map) for m in members]),
        actors=tuple(sorted({actor_map.get(a, a) for m in members for a in m.actors})),
        date=group.date,
    )
