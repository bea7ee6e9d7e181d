"""Claims: the same proposition across documents, and each source's stance.

``build_claims(events, actor_map, actors)`` groups event mentions by
proposition — (subject state, event family, object state) — where people and
bodies stand for their state and a family joins an act with its offer, plan
and refusal (``data/claims.toml``).  Every mention becomes a ``Stance``: its
document, holder (actor id or ``"outlet"``), stance and evidence.  A claim
with an assertion and a denial is contested (``Claim.contested``).

Not every event is a claim: a proposition is kept when some mention of it
is more than the outlet's plain statement of fact (a denial, a relayed
report, a question, a speaker's own assertion, an offer or a refusal).
Then every mention of it counts, the outlet's plain assertions included, so
"the Pakistani decision to supply weapons" in one article stands against
"Pakistan has not supplied any arms" in another.

How any text stands toward a claim (``newsgraph.stance``) is read by
``newsgraph.claims.stance``: resolution never reads text.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from newsgraph.extract.events.intent import without_companions
from newsgraph.models import OUTLET, Actor, Claim, Event, Evidence, Stance, content_id

_STATE = re.compile(r"^[A-Z]{3}$")
STANCE_ORDER = {"asserts": 0, "denies": 1, "reports": 2, "questions": 3}


@dataclass(frozen=True)
class ClaimRules:
    family_of: dict[str, str]  # "TYPE:mode" or "TYPE" -> family key
    members: dict[str, tuple[str, ...]]  # family key -> its members
    cue_goods: dict[str, frozenset[str]]  # family key -> words naming its goods in a cue
    phrases: dict[str, str]
    goods: dict[str, tuple[str, ...]]
    goods_default: dict[str, str]
    always: frozenset[str]
    modalities: frozenset[str]
    polarities: frozenset[str]


@lru_cache(maxsize=1)
def rules() -> ClaimRules:
    raw = tomllib.loads(resources.files("newsgraph.data").joinpath("claims.toml").read_text("utf-8"))
    family_of = {member: family for family, members in raw["families"].items() for member in members}
    for family in raw["families"]:
        family_of.setdefault(family, family)
    sel = raw["selection"]
    return ClaimRules(
        family_of=family_of,
        members={family: (family, *members) for family, members in raw["families"].items()},
        cue_goods={k: frozenset(v) for k, v in raw.get("cue_goods", {}).items()},
        phrases=dict(raw["phrases"]),
        goods={k: tuple(v) for k, v in raw["goods"].items()},
        goods_default=dict(raw["goods_default"]),
        always=frozenset(sel["always"]),
        modalities=frozenset(sel["modalities"]),
        polarities=frozenset(sel["polarities"]),
    )


@lru_cache(maxsize=65536)  # asked for every event of every claim a resolution run rebuilds
def family(event_type: str, mode: str | None, cue: str = "") -> str:
    """The family an event's type and mode belong to ("AID:military").

    An event coded without a mode whose cue names goods of a family ("arms
    offer", "drone deliveries") belongs to that family when its type is one
    of the family's members."""
    r = rules()
    if mode:
        key = f"{event_type}:{mode}"
        if key in r.family_of:
            return r.family_of[key]
    elif cue:
        named = _family_named_by(event_type, cue)
        if named is not None:
            return named
    if event_type in r.family_of:
        return r.family_of[event_type]
    return f"{event_type}:{mode}" if mode else event_type


def _family_named_by(event_type: str, cue: str) -> str | None:
    r = rules()
    words = {_singular(w) for w in re.findall(r"[a-z]+", cue.lower())}
    for fam, goods in r.cue_goods.items():
        if words & {_singular(g) for g in goods} and any(
            member.partition(":")[0] == event_type for member in r.members[fam]
        ):
            return fam
    return None


def _singular(word: str) -> str:
    # "drone deliveries" and "drones" name the same goods; "arms" stays "arm"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def proposition_key(event: Event, state_of: Mapping[str, str | None] | None = None) -> tuple[str, str, str] | None:
    """(subject, family, object) of an event, or None when it names no two parties."""
    subject = _state(event.source, state_of)
    obj = _state(event.target, state_of)
    if subject is None or obj is None or subject == obj:
        return None
    return subject, family(event.type, event.mode, event.cue), obj


def _state(actor: str | None, state_of: Mapping[str, str | None] | None) -> str | None:
    if actor is None:
        return None
    if state_of is not None and actor in state_of:
        return state_of[actor]
    return actor


def states_of(actor_map: Mapping[str, str], actors: Iterable[Actor]) -> dict[str, str | None]:
    """Provisional and merged actor ids -> the state each stands for (itself
    when it is a state, else its country, else its own id)."""
    by_id = {a.id: a for a in actors}

    def state(merged: str) -> str | None:
        actor = by_id.get(merged)
        if actor is None:
            return merged  # a state code, or an actor the merge does not know
        if actor.kind == "state":
            return actor.id
        return actor.country or actor.id

    out: dict[str, str | None] = {a: state(a) for a in by_id}
    for provisional, merged in actor_map.items():
        out[provisional] = state(merged)
    return out


def _selected(event: Event) -> bool:
    r = rules()
    return (
        event.stance in r.always
        or event.holder != OUTLET
        or event.modality in r.modalities
        or event.polarity in r.polarities
    )


def build_claims(events: Sequence[Event], actor_map: Mapping[str, str], actors: Iterable[Actor]) -> list[Claim]:
    """Group event mentions into claims with one stance per document and holder."""
    actors_list = list(actors)
    state_of = states_of(actor_map, actors_list)
    groups: dict[tuple[str, str, str], list[Event]] = defaultdict(list)
    for event in without_companions(events):  # an offer's AGREE is a stance on the act, not a claim
        key = proposition_key(event, state_of)
        if key is not None:
            groups[key].append(event)
    _fold_unspecified(groups)
    names = {a.id: a.name for a in actors_list}
    claims = []
    for key, members in groups.items():
        if not any(_selected(e) for e in members):
            continue
        claims.append(_claim(key, members, actor_map, names))
    return sorted(claims, key=lambda c: c.id)


def keyed_events(
    events: Sequence[Event], actor_map: Mapping[str, str], actors: Iterable[Actor], claims: Sequence[Claim]
) -> dict[str, str]:
    """Event id -> the keyed claim whose proposition it states (every mention,
    not only the one kept as a source's stance)."""
    state_of = states_of(actor_map, list(actors))
    by_key = {claim_key(c): c.id for c in claims}
    out = {}
    for event in events:
        key = proposition_key(event, state_of)
        if key is None:
            continue
        found = by_key.get(key)
        if found is None and ":" not in key[1]:  # a mode-less mention folded into its moded family
            found = next(
                (
                    cid
                    for k, cid in by_key.items()
                    if k[0] == key[0] and k[2] == key[2] and k[1].startswith(key[1] + ":")
                ),
                None,
            )
        if found is not None:
            out[event.id] = found
    return out


def claim_key(claim: Claim) -> tuple[str | None, str, str | None]:
    fam = f"{claim.predicate}:{claim.mode}" if claim.mode else str(claim.predicate)
    return claim.subject, fam, claim.object


def _fold_unspecified(groups: dict[tuple[str, str, str], list[Event]]) -> None:
    """A mention coded without a mode ("has not supplied any to Ukraine") joins
    the one family of its type that the same pair has with a mode; with two
    or more such families it is ambiguous and stays apart.  Other types stay
    apart: a mode-less offer or trade deal is no arms deal unless its cue
    says so (see ``family``)."""
    for key in [k for k in groups if ":" not in k[1]]:
        subject, event_type, obj = key
        moded = [k for k in groups if k[0] == subject and k[2] == obj and k[1].startswith(event_type + ":")]
        if len(moded) == 1:
            groups[moded[0]].extend(groups.pop(key))


def _claim(
    key: tuple[str, str, str], members: list[Event], actor_map: Mapping[str, str], names: Mapping[str, str]
) -> Claim:
    subject, fam, obj = key
    event_type, _, mode = fam.partition(":")
    return Claim(
        id=content_id("cl", subject, fam, obj),
        proposition=proposition_text(subject, fam, obj, [e.evidence.text for e in members], names),
        subject=subject,
        predicate=event_type,
        mode=mode or None,
        object=obj,
        stances=tuple(stances_of(members, actor_map)),
    )


def stances_of(members: Iterable[Event], actor_map: Mapping[str, str]) -> list[Stance]:
    """One stance per document, holder and stance: the first sentence a source says it
    in is its evidence.  A document's stances depend on its own events only."""
    stances: dict[tuple[str, str, str], Stance] = {}
    for event in sorted(members, key=lambda e: (e.document, e.evidence.start, e.id)):  # ties: by id, in any order given
        holder = event.holder if event.holder == OUTLET else actor_map.get(event.holder, event.holder)
        slot = (event.document, holder, event.stance)
        if slot not in stances:
            stances[slot] = Stance(event.document, holder, event.stance, _trimmed(event.evidence), event.id)
    return sorted(stances.values(), key=lambda s: (s.document, s.evidence.start, STANCE_ORDER[s.stance]))


def _trimmed(evidence: Evidence) -> Evidence:
    """The evidence without the line breaks a headline's sentence ends with."""
    text = evidence.text
    lead = len(text) - len(text.lstrip())
    core = text.strip()
    return Evidence(core, evidence.start + lead, evidence.start + lead + len(core))


def proposition_text(
    subject: str,
    fam: str,
    obj: str,
    evidence: Iterable[str] = (),
    names: Mapping[str, str] | None = None,
    counts: Mapping[str, int] | None = None,
) -> str:
    """A readable sentence for a proposition: "Pakistan supplies weapons to Ukraine".

    ``names`` (actor id -> name, from the merged actors) gives the names; ids
    it lacks are shown by their ISO country name or as written.  The goods are
    counted in ``evidence``, or given as ``counts`` (word -> uses, summed over
    the mentions' ``goods_in``)."""
    r = rules()
    template = r.phrases.get(fam) or r.phrases.get(fam.partition(":")[0]) or "{subject} " + fam + " {object}"
    goods = r.goods_default.get(fam, "")
    if fam in r.goods:
        if counts is None:
            counts = Counter()
            for text in evidence:
                counts.update(goods_in(text, r.goods[fam]))
        # most used wins; the more specific (earlier-listed) word breaks ties
        best = max(r.goods[fam], key=lambda w: (counts.get(w, 0), -r.goods[fam].index(w)))
        if counts.get(best):
            goods = best
    names = names or {}
    return template.format(
        subject=names.get(subject) or display_name(subject), object=names.get(obj) or display_name(obj), goods=goods
    )


def goods_in(text: str, words: Iterable[str]) -> dict[str, int]:
    """How often each of ``words`` occurs in one mention's evidence (the ones that do)."""
    lower = text.lower()
    return {w: n for w in words if (n := len(re.findall(rf"\b{re.escape(w)}\b", lower)))}


@lru_cache(maxsize=1024)
def goods_words(fam: str) -> tuple[str, ...]:
    """The goods words of the families a mention of ``fam`` may count for: its own, or
    for a mode-less family every moded family of its type it may fold into."""
    r = rules()
    return tuple(
        dict.fromkeys(
            w for f, ws in r.goods.items() if f == fam or (":" not in fam and f.startswith(fam + ":")) for w in ws
        )
    )


def display_name(actor: str) -> str:
    """A state's everyday name from the gazetteer for ISO3 codes ("Russia", not
    pycountry's "Russian Federation"); other ids as they are."""
    if _STATE.match(actor):
        from newsgraph.actors.gazetteer import load

        name = load().state_names.get(actor)
        if name:
            return name
    return actor.split(":", 1)[-1].replace("-", " ").title() if ":" in actor else actor
