"""Claims as a resolution step.

Two kinds of claim (``resolve.claims``, ``resolve.claim_groups``):

* **keyed claims** group event mentions by proposition key (subject state,
  family, object state).  A keyed claim is a function of the events sharing
  its key, and the one choice that looks beyond a key -- a mode-less mention
  joining the only moded family of its type -- stays within one subject,
  object and type.  That triple is the claim's *unit*: each event's unit and
  keyed claim are kept in ``claim_keys``, each claim's unit in
  ``claim_units``, and a run rebuilds only the units its events enter or
  leave, from all the events of those units.
* **claims grouped by meaning** from free-text claim mentions
  (``claim_groups.group_mentions``) extend the keyed claims and add their
  own.  That grouping reads every claim mention and is redone on every run
  (it is the claims engineers' to make incremental through its blocking
  keys, ``claim_blocks``); it takes the keyed claims and the event -> keyed
  claim map from the tables above, so the events are not read again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import duckdb

from newsgraph.models import Actor, Claim, Event
from newsgraph.resolve.claim_groups import group_mentions
from newsgraph.resolve.claims import build_claims, keyed_events, proposition_key, states_of
from newsgraph.resolve.corpus import Delta, affected_events, resolved_actors
from newsgraph.store.scratch import scratch

if TYPE_CHECKING:
    from newsgraph.store import Store

_SEP = "\x1f"


def unit_of(key: tuple[str | None, str, str | None] | None) -> str | None:
    if key is None:
        return None
    subject, family, obj = key
    return _SEP.join((subject or "", obj or "", family.partition(":")[0]))


def _sides(events: Sequence[Event]) -> set[str]:
    return {x for e in events for x in (e.source, e.target, e.holder) if x}


def resolve_claims(store: Store, delta: Delta) -> None:
    con = store.con
    if delta.full:
        events = store.events()
        con.execute("DELETE FROM claim_keys")
        con.execute("DELETE FROM claims WHERE subject IS NOT NULL")  # keyed claims; the rest are regrouped below
        con.execute("DELETE FROM claim_units")
        _rebuild_units(store, events, None)
    else:
        _update_units(store, delta)
    _regroup(store)


def _update_units(store: Store, delta: Delta) -> None:
    con = store.con
    with affected_events(con, delta) as affected:
        events = store.events_in(affected)
        old = dict(
            con.execute(f"SELECT event, unit FROM claim_keys WHERE event IN (SELECT id FROM {affected})").fetchall()
        )
    amap, actors = resolved_actors(con, _sides(events))
    states = states_of(amap, actors)
    units = {e.id: unit_of(proposition_key(e, states)) for e in events}
    dirty = {u for u in (*units.values(), *old.values()) if u is not None}
    if delta.renamed:  # a proposition shows its subject's and object's names
        with scratch(con, id=sorted(delta.renamed)) as renamed:
            rows = con.execute(
                f"""SELECT u.unit FROM claim_units u JOIN claims c ON c.id = u.claim
                    WHERE c.subject IN (SELECT id FROM {renamed}) OR c.object IN (SELECT id FROM {renamed})"""
            ).fetchall()
        dirty |= {r[0] for r in rows}
    with scratch(con, id=sorted(units)) as gone:
        con.execute(f"DELETE FROM claim_keys WHERE event IN (SELECT id FROM {gone})")
    # placeholders: the unit rebuild below gives each event its claim
    _write_keys(con, {e: u for e, u in units.items() if u is not None}, {})
    if not dirty:
        return
    with scratch(con, unit=sorted(dirty)) as wanted:
        con.execute(
            f"""CREATE TEMP TABLE unit_events AS
                SELECT event AS id FROM claim_keys WHERE unit IN (SELECT unit FROM {wanted})"""
        )
        con.execute(
            f"""CREATE TEMP TABLE unit_claims AS
                SELECT claim AS id FROM claim_units WHERE unit IN (SELECT unit FROM {wanted})"""
        )
    try:
        members = store.events_in("unit_events")
        con.execute("DELETE FROM claim_keys WHERE event IN (SELECT id FROM unit_events)")
        con.execute("DELETE FROM claims WHERE id IN (SELECT id FROM unit_claims)")
        con.execute("DELETE FROM claim_units WHERE claim IN (SELECT id FROM unit_claims)")
        _rebuild_units(store, members, "unit_claims")
    finally:
        con.execute("DROP TABLE unit_events")
        con.execute("DROP TABLE unit_claims")


def _rebuild_units(store: Store, events: Sequence[Event], drop: str | None) -> None:
    """The keyed claims of ``events`` (all the events of their units), written with
    each event's unit and claim."""
    con = store.con
    amap, actors = resolved_actors(con, _sides(events))
    states = states_of(amap, actors)
    claims = build_claims(events, amap, actors)
    linked = keyed_events(events, amap, actors, claims)
    units = {e.id: unit_of(proposition_key(e, states)) for e in events}
    _write_keys(con, {e: u for e, u in units.items() if u is not None}, linked)
    store.replace_claims(claims, drop)
    rows = sorted({(c.id, unit_of((c.subject, _family(c), c.object)) or "") for c in claims})
    if rows:
        with scratch(con, claim=[c for c, _ in rows], unit=[u for _, u in rows]) as new:
            con.execute(f"INSERT INTO claim_units SELECT claim, unit FROM {new}")


def _write_keys(con: duckdb.DuckDBPyConnection, units: Mapping[str, str], linked: Mapping[str, str]) -> None:
    events = sorted(units)
    if events:
        with scratch(con, event=events, unit=[units[e] for e in events], claim=[linked.get(e) for e in events]) as new:
            con.execute(f"INSERT INTO claim_keys SELECT event, unit, claim FROM {new}")


def _family(c: Claim) -> str:
    return f"{c.predicate}:{c.mode}" if c.mode else str(c.predicate)


def _regroup(store: Store) -> None:
    """Group the free-text claim mentions around the keyed claims; rewrite the claims
    it extends or makes, and every claim's blocking keys."""
    con = store.con
    keyed = [c for c in store.claims() if c.subject is not None]
    event_claim = dict(con.execute("SELECT event, claim FROM claim_keys WHERE claim IS NOT NULL").fetchall())
    actor_map = store.actor_map()
    actors = _all_actors(con)
    claims, blocks = group_mentions(store.claim_mentions(), keyed, event_claim, states_of(actor_map, actors), actor_map)
    store.replace_claims(claims, None, blocks)


def _all_actors(con: duckdb.DuckDBPyConnection) -> list[Actor]:
    return [Actor(*r) for r in con.execute("SELECT id, name, kind, country FROM actors").fetchall()]
