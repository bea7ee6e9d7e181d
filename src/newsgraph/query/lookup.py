"""Which actors a user means: one rule for every door (CLI, API, dossier tools, report).

A user may type an actor's id ("person:sergey-lavrov", or the provisional id
a document gave it), a state code ("PAK", any case), its name or one of its
aliases ("Sergey Lavrov", "lavrov", "Støre" as "Store"), or a state's name
("Russia", "Russian Federation").  Names compare without case, accents or
punctuation (``actors.gazetteer.name_key``).  When nothing has the name
exactly, actors whose name or alias contains it as whole words match
("Lavrov" finds "Sergey Lavrov").

The answer is a ``Who``: the corpus actors meant, and the states among them.
A state stands for itself and every actor of that state ("PAK" matches
Pakistan's foreign minister), as in the dyad series (``resolve.relations``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsgraph.actors.gazetteer import name_key
from newsgraph.errors import QueryError
from newsgraph.models import OUTLET

if TYPE_CHECKING:
    from newsgraph.store import Store

_STATE_CODE = re.compile(r"^[A-Za-z]{3}$")


class NotFound(QueryError):
    """The thing asked for does not exist (the API answers 404)."""


@dataclass(frozen=True)
class Who:
    """The actors a user's words stand for: ``actors`` match themselves, ``states``
    match themselves and every actor whose country they are."""

    text: str
    actors: tuple[str, ...] = ()
    states: tuple[str, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        return self.states + self.actors

    @property
    def one(self) -> str:
        """The single id meant (a dyad side); the first when a name fits several."""
        return self.ids[0]


def find_actor(store: Store, text: str) -> Who:
    """The actors ``text`` names; ``NotFound`` when none does."""
    wanted = text.strip()
    if not wanted:
        raise NotFound("no actor given; give an id, a state code (PAK) or a name")
    if wanted == OUTLET:
        return Who(wanted, actors=(OUTLET,))
    con = store.con
    row = con.execute(
        "SELECT coalesce((SELECT id FROM actors WHERE id = $t), (SELECT actor FROM actor_map WHERE provisional = $t))",
        {"t": wanted},
    ).fetchone()
    if row is not None and row[0] is not None:
        return _who(store, wanted, [row[0]])
    code = wanted.upper() if _STATE_CODE.match(wanted) else None
    if code is not None:
        kind = con.execute("SELECT kind FROM actors WHERE id = ?", [code]).fetchone()
        if kind is None and code in _state_names():
            return Who(wanted, states=(code,))  # a state with no mention yet: a real but empty side
        if kind is not None:
            return _who(store, wanted, [code])
    key = name_key(wanted)
    if not key:
        raise NotFound(f"no actor named {wanted!r}; give an id, a state code (PAK) or a name")
    exact: list[str] = []
    partial: list[str] = []
    padded = f" {key} "
    for actor_id, name, aliases in con.execute(
        "SELECT id, name, aliases FROM actors ORDER BY mentions DESC, id"
    ).fetchall():
        keys = {name_key(n) for n in (name, *json.loads(aliases or "[]"))}
        if key in keys:
            exact.append(actor_id)
        elif any(padded in f" {k} " for k in keys):
            partial.append(actor_id)
    state = _state_named(wanted)
    if state is not None and state not in exact:
        exact.insert(0, state)
    if exact or partial:
        return _who(store, wanted, exact or partial)
    if code is not None:
        return Who(wanted, states=(code,))  # a code no table knows: a state side with no events
    raise NotFound(
        f"no actor {wanted!r}: no id, state code, name or alias matches; "
        "list actors with 'newsgraph actors' or /api/actors (states use ISO3 codes like PAK)"
    )


def _who(store: Store, text: str, ids: list[str]) -> Who:
    kinds = dict(
        store.con.execute("SELECT id, kind FROM actors WHERE list_contains($ids, id)", {"ids": ids}).fetchall()
    )
    states: list[str] = []
    actors: list[str] = []
    for i in dict.fromkeys(ids):
        kind = kinds.get(i)
        is_state = kind == "state" if kind is not None else bool(re.fullmatch(r"[A-Z]{3}", i))
        (states if is_state else actors).append(i)
    return Who(text, tuple(actors), tuple(states))


def _state_names() -> dict[str, str]:
    from newsgraph.actors.gazetteer import load

    return load().state_names


def _state_named(text: str) -> str | None:
    """The state a name stands for in the gazetteer ("Russia", "Russian Federation")."""
    from newsgraph.actors.gazetteer import load

    gaz = load()
    entry = gaz.state(text) or gaz.state(text.title())
    if entry is not None and entry.form in ("canonical", "name", "short"):
        return entry.id
    return None


def display_name(actor_id: str, name: str | None) -> str:
    """How an actor is shown: a state by its everyday English name from the
    gazetteer ("Russia", not "Russian Federation"), others by their stored name."""
    if re.fullmatch(r"[A-Z]{3}", actor_id):
        found = _state_names().get(actor_id)
        if found:
            return found
    return name or actor_id
