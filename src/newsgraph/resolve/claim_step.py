"""Claims as a resolution step.

Two kinds of claim (``resolve.claims``, ``resolve.claim_groups``):

* **keyed claims** group event mentions by proposition key (subject state,
  family, object state); a mode-less mention joins the one moded family of
  its type that the same pair has (the *fold*), so the keys that decide one
  another share a subject, object and type: the *unit*.  ``claim_keys``
  keeps every event's unit, key, whether it makes its group a claim, and
  its claim; ``claim_units`` every claim's unit.
* **claims grouped by meaning** from free-text claim mentions
  (``claim_groups``), kept up to date by ``claim_links.regroup``: a run
  compares its new mentions only with those sharing a blocking key and
  rewrites only the groups they touch; nothing to do where no claim mention
  was ever stored.

A run patches: a claim whose group gains or keeps its events has the
stances of the documents those events are in redone (a document's stances
depend on its own events only: one per document, holder and stance), its
goods renamed from the counts ``claim_keys.goods`` keeps per event (no
evidence is read again), its contested flag recounted and the actors and
date its free-text mentions lend set, in SQL.  An event that moves to another
group (its actors' state changed) has its document's stances redone in both.
A group is rebuilt from all its events only when it may become a claim, may
be one no more (it lost an event and no selected mention is left), its fold
changes, or an actor it names is renamed.  Either way the rows are what
``build_claims`` over every event gives (tests/test_resolve_incremental.py).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import duckdb

from newsgraph.extract.events.intent import without_companions
from newsgraph.models import OUTLET, Claim, DateValue, Event
from newsgraph.resolve.claim_links import regroup
from newsgraph.resolve.claims import (
    _selected,
    build_claims,
    goods_in,
    goods_words,
    proposition_key,
    proposition_text,
    rules,
    stances_of,
    states_of,
)
from newsgraph.resolve.delta import Delta, affected_events, resolved_actors
from newsgraph.store.scratch import delete_in, insert, rows_table, scratch, select_in

if TYPE_CHECKING:
    from newsgraph.store import Store

_SEP = "\x1f"
Key = tuple[str, str, str]


def unit_of(key: Key) -> str:
    subject, family, obj = key
    return _SEP.join((subject, obj, family.partition(":")[0]))


def key_text(key: Key) -> str:
    return _SEP.join(key)


def _key(text: str) -> Key:
    subject, family, obj = text.split(_SEP)
    return subject, family, obj


def claim_id_of(key: Key) -> str:
    from newsgraph.models import content_id

    return content_id("cl", *key)


def fold(keys: Iterable[Key]) -> dict[Key, Key]:
    """Each key of one unit -> the key of its group (``claims._fold_unspecified``)."""
    keys = set(keys)
    out = {k: k for k in keys}
    for k in keys:
        if ":" not in k[1]:
            moded = [m for m in keys if m[0] == k[0] and m[2] == k[2] and m[1].startswith(k[1] + ":")]
            if len(moded) == 1:
                out[k] = moded[0]
    return out


def _sides(events: Sequence[Event]) -> set[str]:
    return {x for e in events for x in (e.source, e.target, e.holder) if x}


# -------------------------------------------------------------------- step
def resolve_claims(store: Store, delta: Delta) -> None:
    con = store.con
    if delta.full:
        for table in ("claim_keys", "claim_units"):
            con.execute(f"DELETE FROM {table}")
        keyed = "SELECT id FROM claims WHERE subject IS NOT NULL"
        for table in ("claim_blocks", "claim_stances"):
            con.execute(f"DELETE FROM {table} WHERE claim IN ({keyed})")
        con.execute("DELETE FROM claims WHERE subject IS NOT NULL")
        events = store.events()
        amap, actors = resolved_actors(con, _sides(events))
        _write_keys(con, events, states_of(amap, actors), {e.id for e in without_companions(events)})
        built = _write_built(store, build_claims(events, amap, actors))
        _relink(con, None)
        _finish(con, built)
    else:
        _update(store, delta)
    regroup(store, delta)


def _write_keys(
    con: duckdb.DuckDBPyConnection, events: Sequence[Event], states: Mapping[str, str | None], members: set[str]
) -> None:
    """Each event's unit and key; ``members`` are the events that count in their group
    (the companion of an intended act, its offer, is linked to the claim but is no stance)."""
    rows = []
    for e in events:
        key = proposition_key(e, states)
        if key is not None:
            goods = goods_in(e.evidence.text, goods_words(key[1]))
            counted = json.dumps(dict(sorted(goods.items()))) if goods else None
            rows.append((e.id, unit_of(key), key_text(key), _selected(e), None, e.id in members, counted))
    names = ("event", "unit", "key", "selected", "claim", "member", "goods")
    insert(con, "claim_keys", rows_table(names, rows))


def _update(store: Store, delta: Delta) -> None:
    con = store.con
    affected = affected_events(con, delta)
    events = store.events_in(affected)
    new_docs = set(delta.documents)
    sql = "SELECT event, unit, key, member FROM claim_keys WHERE event IN {ids}"
    previous = {e: (u, _key(k), m) for e, u, k, m in select_in(con, sql, affected)}
    old = {e: (u, k) for e, (u, k, m) in previous.items() if m}
    # a companion is one of its sentence: the new documents' events are all here, an
    # older event keeps what it was (its sentence does not change)
    members = {e.id for e in without_companions([e for e in events if e.document in new_docs])}
    members |= {e for e, (_, _, m) in previous.items() if m}
    unread = {e.document for e in events if e.document not in new_docs and e.id not in previous}
    if unread:  # older events with no key before: read their sentences whole
        ids = [r[0] for r in select_in(con, "SELECT id FROM events WHERE document IN {ids}", unread)]
        members |= {e.id for e in without_companions(store.events_in(ids))}
    amap, actors = resolved_actors(con, _sides(events))
    states = states_of(amap, actors)
    keyed = {e.id: key for e in events if (key := proposition_key(e, states)) is not None}
    now = {e: key for e, key in keyed.items() if e in members}
    # every unit an event enters or leaves has its links redone; members' units their claims
    linked = {unit_of(k) for k in keyed.values()} | {u for u, _, _ in previous.values()}
    delete_in(con, "claim_keys", "event", affected)
    _write_keys(con, events, states, members)
    # what each dirty unit held before this run, and holds now
    units = {unit_of(k) for k in now.values()} | {u for u, _ in old.values()}
    if delta.renamed:  # a proposition shows its subject's and object's names
        for column in ("subject", "object"):
            sql = f"SELECT u.unit FROM claims c JOIN claim_units u ON u.claim = c.id WHERE c.{column} IN {{ids}}"
            units |= {r[0] for r in select_in(con, sql, delta.renamed)}
    if not units and not linked:
        return
    counts_now: dict[str, Counter[Key]] = defaultdict(Counter)
    for unit, key, n in select_in(
        con, "SELECT unit, key, count(*) FROM claim_keys WHERE member AND unit IN {ids} GROUP BY ALL", units
    ):
        counts_now[unit][_key(key)] = n
    counts_before = {u: Counter(c) for u, c in counts_now.items()}
    for key in now.values():
        counts_before[unit_of(key)][key] -= 1
    for unit, key in old.values():
        counts_before.setdefault(unit, Counter())[key] += 1
    stored = dict(select_in(con, "SELECT claim, unit FROM claim_units WHERE unit IN {ids}", units))
    slow: set[Key] = set()  # group keys to rebuild from all their events
    patch: dict[Key, set[str]] = defaultdict(set)  # group key -> documents whose stances are redone
    for unit in units:
        before = fold(k for k, n in counts_before.get(unit, Counter()).items() if n > 0)
        after = fold(k for k, n in counts_now.get(unit, Counter()).items() if n > 0)
        for k in set(before) | set(after):
            if before.get(k) != after.get(k):
                slow.update(x for x in (before.get(k), after.get(k)) if x is not None)
        if _names_changed(unit, delta.renamed):
            slow.update(after.values())
    losing: set[Key] = set()  # groups an event left
    for e in events:
        if e.id in old and old[e.id][1] != now.get(e.id):  # moved to another group, or out
            left = _group_of(old[e.id][1], counts_before)
            if claim_id_of(left) in stored:  # a group that is no claim stays none as it loses events
                losing.add(left)
                patch[left].add(e.document)
        if e.id in now:  # new, moved in, or an older event whose holder may have changed
            patch[_group_of(now[e.id], counts_now)].add(e.document)
    for group in patch:
        if claim_id_of(group) not in stored:  # it may become a claim: that takes every event
            slow.add(group)
    slow |= _no_longer_claims(con, losing - slow, counts_now)
    for group in slow:
        patch.pop(group, None)
    rebuilt = _rebuild_groups(store, slow)
    group_now = {e: _group_of(k, counts_now) for e, k in now.items()}
    _patch(store, patch, {e.id: e for e in events}, group_now, new_docs, counts_now)
    # units whose claims came or went are relinked whole; elsewhere only these events move
    remade = {unit_of(g) for g in slow} | {u for u in units if _names_changed(u, delta.renamed)}
    _relink(con, remade)
    _link(con, {e: k for e, k in keyed.items() if unit_of(k) not in remade})
    _finish(con, [*rebuilt, *(claim_id_of(g) for g in patch)])


def _no_longer_claims(con: duckdb.DuckDBPyConnection, groups: set[Key], counts: Mapping[str, Counter[Key]]) -> set[Key]:
    """Those of ``groups`` (stored claims that lost an event) with no selected mention
    left: no claim now, so rebuilt (that drops them)."""
    if not groups:
        return set()
    keys_of = _group_keys(groups, counts)
    sql = "SELECT DISTINCT key FROM claim_keys WHERE member AND selected AND key IN {ids}"
    kept = {_key(r[0]) for r in select_in(con, sql, {key_text(k) for ks in keys_of.values() for k in ks})}
    return {g for g, ks in keys_of.items() if not kept & set(ks)}


def _names_changed(unit: str, renamed: frozenset[str]) -> bool:
    subject, obj, _ = unit.split(_SEP)
    return subject in renamed or obj in renamed


def _group_of(key: Key, counts: Mapping[str, Counter[Key]]) -> Key:
    unit = unit_of(key)
    return fold(k for k, n in counts.get(unit, Counter()).items() if n > 0).get(key, key)


def _rebuild_groups(store: Store, groups: set[Key]) -> list[str]:
    """Rebuild the claims of ``groups`` from all their events (dropping those that are no
    claim now); return the ids of the claims written."""
    if not groups:
        return []
    con = store.con
    present: dict[str, set[Key]] = defaultdict(set)
    sql = "SELECT DISTINCT unit, key FROM claim_keys WHERE member AND unit IN {ids}"
    for unit, key in select_in(con, sql, {unit_of(g) for g in groups}):
        present[unit].add(_key(key))
    members: dict[Key, list[Key]] = defaultdict(list)
    for present_keys in present.values():
        for key, group in fold(present_keys).items():
            if group in groups:
                members[group].append(key)
    by_key: dict[str, list[str]] = defaultdict(list)
    sql = "SELECT key, event FROM claim_keys WHERE member AND key IN {ids}"
    for key, event in select_in(con, sql, {key_text(k) for ks in members.values() for k in ks}):
        by_key[key].append(event)
    events = {e.id: e for e in store.events_in(e for es in by_key.values() for e in es)}
    amap, actors = resolved_actors(con, _sides(list(events.values())))
    gone = [claim_id_of(g) for g in groups]
    for table, column in (
        ("claims", "id"),
        ("claim_stances", "claim"),
        ("claim_blocks", "claim"),
        ("claim_units", "claim"),
    ):
        delete_in(con, table, column, gone)
    claims: list[Claim] = []
    for group_keys in members.values():
        # one group at a time: build_claims folds what it is given, and a group is its own fold
        claims += build_claims([events[e] for k in group_keys for e in by_key.get(key_text(k), ())], amap, actors)
    return _write_built(store, claims)


def _write_built(store: Store, claims: Sequence[Claim]) -> list[str]:
    """Write built keyed claims: their rows, blocking keys and units."""
    store.replace_claims(claims, [c.id for c in claims], _keyed_blocks(claims))
    rows = sorted({(c.id, unit_of((c.subject or "", _family(c), c.object or ""))) for c in claims})
    insert(store.con, "claim_units", rows_table(("claim", "unit"), rows))
    return [c.id for c in claims]


def _relink(con: duckdb.DuckDBPyConnection, units: Iterable[str] | None) -> None:
    """Each event's keyed claim, as ``claims.keyed_events`` gives it: its group's claim;
    for a mode-less mention with none, the first claim (by id) of a moded family of its
    type, subject and object.  One statement over the units (all, with None)."""
    where = "" if units is None else " WHERE unit IN (SELECT unnest(?::VARCHAR[]))"
    params: list[Any] = [] if units is None else [sorted(units)]
    con.execute(
        f"""UPDATE claim_keys SET claim = coalesce(
                (SELECT u.claim FROM claim_units u
                 WHERE u.unit = claim_keys.unit AND u.claim = 'cl-' || left(sha256(claim_keys.key), 16)),
                CASE WHEN split_part(claim_keys.key, chr(31), 2) NOT LIKE '%:%' THEN
                    (SELECT min(c.id) FROM claims c JOIN claim_units u ON u.claim = c.id
                     WHERE u.unit = claim_keys.unit AND c.mode IS NOT NULL
                       AND c.predicate = split_part(claim_keys.key, chr(31), 2)) END){where}""",
        params,
    )


def _link(con: duckdb.DuckDBPyConnection, keys: Mapping[str, Key]) -> None:
    """``_relink`` for a few events of units whose claims did not change."""
    if not keys:
        return
    sql = (
        "SELECT u.unit, u.claim, c.predicate, c.mode FROM claim_units u JOIN claims c ON c.id = u.claim "
        "WHERE u.unit IN {ids}"
    )
    claims: dict[str, list[tuple[str, str | None, str | None]]] = defaultdict(list)
    for unit, claim, predicate, mode in select_in(con, sql, {unit_of(k) for k in keys.values()}):
        claims[unit].append((claim, predicate, mode))
    events = sorted(keys)
    linked: list[str | None] = []
    for e in events:
        key = keys[e]
        here = claims.get(unit_of(key), [])
        own = claim_id_of(key)
        if any(c == own for c, _, _ in here):
            linked.append(own)
        elif ":" not in key[1]:
            linked.append(min((c for c, p, m in here if m is not None and p == key[1]), default=None))
        else:
            linked.append(None)
    con.execute(
        "UPDATE claim_keys SET claim = t.claim FROM (SELECT unnest(?::VARCHAR[]) AS event, "
        "unnest(?::VARCHAR[]) AS claim) t WHERE claim_keys.event = t.event",
        [events, linked],
    )


def _patch(
    store: Store,
    groups: Mapping[Key, set[str]],
    events: Mapping[str, Event],
    group_now: Mapping[str, Key],
    new_docs: set[str],
    counts: Mapping[str, Counter[Key]],
) -> None:
    """Redo the stances of these claims' documents (a document's stances depend on its
    own events only) and the goods their propositions name; the rest of each claim
    stays as stored.  The new documents' events are all in ``events``; the other
    events of older documents are read."""
    if not groups:
        return
    con = store.con
    keys_of = _group_keys(groups, counts)
    # event -> its group, for the documents redone
    placed = {e: g for e, g in group_now.items() if g in groups and events[e].document in new_docs}
    older = {(claim_id_of(g), d) for g, docs in groups.items() for d in docs if d not in new_docs}
    if older:
        group_of = {key_text(k): g for g, ks in keys_of.items() for k in ks}
        rows = con.execute(
            "SELECT k.event, k.key, e.document FROM claim_keys k JOIN events e ON e.id = k.event "
            "WHERE k.member AND k.key IN (SELECT unnest(?::VARCHAR[])) "
            "AND e.document IN (SELECT unnest(?::VARCHAR[]))",
            [sorted(group_of), sorted({d for _, d in older})],
        ).fetchall()
        read = {e for e, key, doc in rows if (claim_id_of(group_of[key]), doc) in older}
        found = {e.id: e for e in store.events_in(read - set(events))}
        for e, key, _ in rows:
            if e in read:
                placed[e] = group_of[key]
        events = {**events, **found}
        with scratch(con, claim=[c for c, _ in sorted(older)], document=[d for _, d in sorted(older)]) as gone:
            con.execute(
                f"DELETE FROM claim_stances USING {gone} g "
                "WHERE claim_stances.claim = g.claim AND claim_stances.document = g.document"
            )
    amap, _ = resolved_actors(con, _sides([events[e] for e in placed]))
    by_group: dict[Key, list[Event]] = defaultdict(list)
    for e, group in placed.items():
        by_group[group].append(events[e])
    rows_out = []
    for group, members in sorted(by_group.items()):
        claim = claim_id_of(group)
        for s in stances_of(members, amap):
            ev = s.evidence
            rows_out.append((claim, s.document, s.holder, s.stance, s.event, ev.text, ev.start, ev.end, None))
    names = ("claim", "document", "holder", "stance", "event", "evidence", "start_char", "end_char", "mention")
    insert(con, "claim_stances", rows_table(names, rows_out))
    _rename_goods(con, [g for g in groups if g[1] in rules().goods], keys_of)


def _group_keys(groups: Iterable[Key], counts: Mapping[str, Counter[Key]]) -> dict[Key, list[Key]]:
    """Each group -> the keys of its unit that fold into it."""
    out: dict[Key, list[Key]] = {g: [] for g in groups}
    for unit in {unit_of(g) for g in out}:
        for key, group in fold(k for k, n in counts.get(unit, Counter()).items() if n > 0).items():
            if group in out:
                out[group].append(key)
    return out


def _rename_goods(con: duckdb.DuckDBPyConnection, groups: Sequence[Key], keys_of: Mapping[Key, list[Key]]) -> None:
    """The propositions of claims of goods, from the goods their mentions name (summed
    from ``claim_keys.goods``: no mention is read again)."""
    if not groups:
        return
    group_of = {key_text(k): g for g in groups for k in keys_of[g]}
    counts: dict[Key, Counter[str]] = {g: Counter() for g in groups}
    sql = "SELECT key, goods FROM claim_keys WHERE member AND goods IS NOT NULL AND key IN {ids}"
    for key, goods in select_in(con, sql, group_of):
        counts[group_of[key]].update(json.loads(goods))
    _, actors = resolved_actors(con, {x for g in groups for x in (g[0], g[2])})
    names = {a.id: a.name for a in actors}
    ids = [claim_id_of(g) for g in groups]
    texts = [proposition_text(g[0], g[1], g[2], names=names, counts=counts[g]) for g in groups]
    con.execute(
        "UPDATE claims SET proposition = t.proposition FROM (SELECT unnest(?::VARCHAR[]) AS id, "
        "unnest(?::VARCHAR[]) AS proposition) t WHERE claims.id = t.id",
        [ids, texts],
    )


def _finish(con: duckdb.DuckDBPyConnection, claims: Sequence[str]) -> None:
    """Set keyed claims' contested flag from their stances, and the actors and date
    their free-text mentions lend them (as ``claim_groups`` extends a keyed claim)."""
    ids = sorted(set(claims))
    if not ids:
        return
    sides = {c: (s, o) for c, s, o in select_in(con, "SELECT id, subject, object FROM claims WHERE id IN {ids}", ids)}
    contested = {
        c: bool(a and d and both >= 2)
        for c, a, d, both in select_in(
            con,
            # each source once per claim, with what it said: one hash table where three
            # DISTINCT counts made three (100,000 articles, the 20 biggest claims: RSS +22 MB, not +45)
            "SELECT claim, count_if(a), count_if(d), count_if(a OR d) FROM ("
            "SELECT claim, bool_or(stance = 'asserts') AS a, bool_or(stance = 'denies') AS d FROM ("
            "SELECT claim, stance, CASE WHEN holder = ? THEN holder || chr(31) || document ELSE holder END AS src "
            "FROM claim_stances WHERE claim IN {ids}) GROUP BY claim, src) GROUP BY claim",
            ids,
            [OUTLET],
        )
    }
    extension = _extension(con, ids)
    rows = []
    for claim in ids:
        subject, obj = sides[claim]
        named, date = extension.get(claim, ([], None))
        actors = json.dumps(sorted({a for a in (subject, obj) if a} | set(named)))
        rows.append((claim, contested.get(claim, False), actors, *((date.value, date.basis) if date else (None, None))))
    con.execute(
        """UPDATE claims SET contested = t.contested, actors = t.actors, date = t.date, date_basis = t.basis
           FROM (SELECT unnest(?::VARCHAR[]) AS id, unnest(?::BOOLEAN[]) AS contested,
                        unnest(?::VARCHAR[]) AS actors, unnest(?::VARCHAR[]) AS date,
                        unnest(?::VARCHAR[]) AS basis) t
           WHERE claims.id = t.id""",
        [list(col) for col in zip(*rows, strict=True)],
    )


def _extension(con: duckdb.DuckDBPyConnection, claims: Sequence[str]) -> dict[str, tuple[list[str], DateValue | None]]:
    """The actors and date the free-text mentions restating a claim's events lend it
    (as ``claim_groups`` extends a keyed claim): claim -> (actor ids, first date)."""
    rows = select_in(
        con,
        "SELECT k.claim, m.actors, m.date, m.date_basis FROM claim_mentions m JOIN claim_keys k ON k.event = m.event "
        "WHERE k.claim IN {ids} ORDER BY k.claim, m.document, m.start_char, m.id",
        claims,
    )
    named = {a for _, actors, _, _ in rows for a in json.loads(actors)}
    amap = dict(select_in(con, "SELECT provisional, actor FROM actor_map WHERE provisional IN {ids}", named))
    out: dict[str, tuple[list[str], DateValue | None]] = {}
    for claim, actors, date, basis in rows:
        found, first = out.get(claim, ([], None))
        found = [*found, *(amap.get(a, a) for a in json.loads(actors))]
        out[claim] = (found, first if first is not None or date is None else DateValue(date, basis))
    return out


def _keyed_blocks(claims: Sequence[Claim]) -> list[tuple[str, str]]:
    return [(c.id, f"state:{s}") for c in claims for s in sorted(x for x in (c.subject, c.object) if x)]


def _family(c: Claim) -> str:
    return f"{c.predicate}:{c.mode}" if c.mode else str(c.predicate)
