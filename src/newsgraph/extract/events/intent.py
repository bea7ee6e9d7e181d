"""Intentions and refusals as PLOVER codes them.

PLOVER gives a stated intention its own type: cooperation announced for the
future (CONSULT, SUPPORT, COOPERATE, AID) is AGREE, an announced retreat is
CONCEDE, and force its actor says it will use is THREATEN; a refusal to
cooperate is REJECT.  newsgraph codes the act itself too -- "Russia will
supply arms to Pakistan" stays AID military, intended, so that an offer and
a denial of the same supply land in one claim -- and adds PLOVER's event
beside it: the same actors, date and evidence; modality actual (the offer,
the warning or the refusal did happen) and polarity positive.  The type
tables are data (data/event_cues.toml [intent]).

Only what an actor says of its own acts counts: the one who intends is the
subject of the act's clause, which is the act's source ("Russia will supply
arms"), or its target for acts coded from the other end ("Pakistan wants to
buy vaccines from Russia": the intention, AGREE, is Pakistan's, towards
Russia).  An act framed as a possibility ("could attack") gets nothing, and a
plain denial of fact ("does not supply arms") is a denial, not a refusal:
only a negated intention ("will not sell", "would not help") is one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from newsgraph.extract.events.lexicon import Lexicon, lexicon, plover
from newsgraph.models import Event, content_id


def companion(event: Event, lex: Lexicon, token_idx: int, intenders: set[str]) -> Event | None:
    """PLOVER's event for an intended or refused act, or None.  ``intenders``:
    the actor ids of the act's clause subject."""
    if event.modality != "intended":
        return None
    if event.source in intenders:
        source, target = event.source, event.target
    elif event.target is not None and event.target in intenders:
        source, target = event.target, event.source
    else:
        return None
    table = lex.intended_as if event.polarity == "positive" else lex.refused_as
    type_ = table.get(event.type)
    if type_ is None or type_ == event.type:
        return None
    ptype = plover().types[type_]
    mode = event.mode if ptype.allows(event.mode) else None
    if mode is None:  # "threatened to impose sanctions": THREATEN restrict
        mode = lex.intended_modes.get(f"{event.type}:{event.mode}") or lex.intended_modes.get(event.type)
        mode = mode if ptype.allows(mode) else None
    return replace(
        event,
        id=content_id("ev", event.document, token_idx, type_, source, target),
        type=type_,
        source=source,
        target=target,
        mode=mode,
        cameo_root=ptype.cameo_root(mode),
        weight=ptype.weight(mode),
        polarity="positive",
        modality="actual",
        stance="asserts" if event.stance == "denies" else event.stance,
    )


def without_companions(events: Iterable[Event]) -> list[Event]:
    """The events less the PLOVER companions of intended acts: a claim is about
    the act ("Russia supplies arms to Pakistan"), and its offer is already a
    stance on it.  A companion is recognised from the stored records alone:
    an event of the companion type, in the same sentence as an intended act,
    with the same two parties."""
    lex = lexicon()
    events = list(events)
    acts: dict[tuple[str, int], list[Event]] = {}
    for e in events:
        if e.modality == "intended":
            acts.setdefault((e.document, e.evidence.start), []).append(e)
    kept = []
    for e in events:
        pair = {e.source, e.target}
        derived = any(
            e.type == (lex.intended_as if a.polarity == "positive" else lex.refused_as).get(a.type)
            and {a.source, a.target} == pair
            for a in acts.get((e.document, e.evidence.start), ())
        )
        if not derived:
            kept.append(e)
    return kept
