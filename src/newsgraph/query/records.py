"""One JSON form per record, for every door: CLI ``--json``, REST API, dossier, report.

Each record has its *contract* form, the dossier's (docs/dossier.md, the JSON
Schema in ``export/dossier.schema.json``): dates are ``{"value", "basis"}``
objects, spans ``{"text", "start", "end"}``, actors corpus ids.  The CLI and
the API show the same record with context added after it (names, states,
document title, whether an event counts), never with a field changed: the
dossier's event is the API's event with the context keys left out.

The functions read rows as the query layer selects them (``query.events``,
``query.corpus``): plain dicts keyed by column name.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from newsgraph.models import OUTLET
from newsgraph.query.lookup import display_name

# The keys of each record in the dossier, in its order (the contract).
DOCUMENT_KEYS = ("id", "source", "title", "outlet", "url", "language", "published")
ACTOR_KEYS = ("id", "name", "kind", "country", "roles", "aliases", "mentions", "sector")
EVENT_KEYS = (
    "id",
    "document",
    "type",
    "mode",
    "cameo_root",
    "weight",
    "source",
    "target",
    "polarity",
    "modality",
    "date",
    "amounts",
    "reported_by",
    "evidence",
)
QUOTE_KEYS = ("id", "document", "speaker", "speaker_text", "text", "kind", "start", "end")
STANCE_KEYS = ("document", "holder", "stance", "evidence")
CLAIM_KEYS = (
    "id",
    "text",
    "proposition",
    "actors",
    "date",
    "subject",
    "predicate",
    "mode",
    "object",
    "contested",
    "stances",
)
STANCE_ORDER = {"asserts": 0, "denies": 1, "questions": 2, "reports": 3}


def span(text: str, start: int, end: int) -> dict[str, Any]:
    return {"text": text, "start": start, "end": end}


def date(value: str | None, basis: str | None) -> dict[str, str] | None:
    return {"value": value, "basis": basis or "unknown"} if value else None


def name_of(actor_id: str | None, name: str | None) -> str | None:
    """The name shown for an actor id (``name``: its stored name, if any)."""
    if actor_id is None:
        return None
    if actor_id == OUTLET:
        return "the outlet"
    return display_name(actor_id, name)


def contract(record: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """The dossier's form of a record the CLI or API shows (its context left out)."""
    return {k: record[k] for k in keys}


# ------------------------------------------------------------------ documents
def document(row: dict[str, Any]) -> dict[str, Any]:
    out = {
        "id": row["id"],
        "source": row["source"],
        "title": row["title"],
        "outlet": row["outlet"],
        "url": row["url"],
        "language": row["language"],
        "published": date(row["published"], row["published_basis"]),
    }
    if row.get("capped"):  # the dossier carries it only when extraction read the document in part
        out["capped"] = row["capped"]
    return out


def document_view(row: dict[str, Any]) -> dict[str, Any]:
    """A document as the CLI and API list it: the record, its size and what was found in it."""
    return {
        **document(row),
        "capped": row.get("capped"),
        "chars": row["chars"],
        "mentions": row["mentions"],
        "events": row["events"],
        "quotes": row["quotes"],
        "notes": json.loads(row["notes"] or "[]"),
    }


# --------------------------------------------------------------------- actors
def actor(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "kind": row["kind"],
        "country": row["country"],
        "roles": _list(row["roles"]),
        "aliases": _list(row["aliases"]),
        "mentions": row["mentions"],
        "sector": row.get("sector"),
    }


def actor_view(row: dict[str, Any]) -> dict[str, Any]:
    return {**actor(row), "display_name": name_of(row["id"], row["name"]), "events": row["events"]}


# --------------------------------------------------------------------- events
def event(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "document": row["document"],
        "type": row["type"],
        "mode": row["mode"],
        "cameo_root": row["cameo_root"],
        "weight": row["weight"],
        "source": row["source"],
        "target": row["target"],
        "polarity": row["polarity"],
        "modality": row["modality"],
        "date": date(row["date"], row["date_basis"]),
        "amounts": [{"value": a["value"], "unit": a["unit"], "text": a["text"]} for a in _list(row["amounts"])],
        "reported_by": row["reported_by"],
        "evidence": span(row["evidence"], row["start_char"], row["end_char"]),
    }


def event_view(row: dict[str, Any], quads: dict[str, str]) -> dict[str, Any]:
    """An event as the CLI and API show it: the dossier's event, then its context."""
    return {
        **event(row),
        "document_title": row["document_title"],
        "outlet": row["doc_outlet"],
        "quad": quads.get(row["type"]),
        "source_name": name_of(row["source"], row["source_name"]),
        "source_state": row["source_state"],
        "target_name": name_of(row["target"], row["target_name"]),
        "target_state": row["target_state"],
        "counted": row["set_apart"] is None,
        "set_apart": row["set_apart"],
        "holder": row["holder"],
        "stance": row["stance"],
        "cue": row["cue"],
    }


# --------------------------------------------------------------------- quotes
def quote(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "document": row["document"],
        "speaker": row["speaker"],
        "speaker_text": row["speaker_text"],
        "text": row["text"],
        "kind": row["kind"],
        "start": row["start_char"],
        "end": row["end_char"],
    }


def quote_view(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **quote(row),
        "document_title": row["document_title"],
        "outlet": row["doc_outlet"],
        "source": row["doc_source"],
        "speaker_name": name_of(row["speaker"], row["speaker_name"]),
    }


# --------------------------------------------------------------------- claims
def stance(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "document": row["document"],
        "holder": row["holder"],
        "stance": row["stance"],
        "evidence": span(row["evidence"], row["start_char"], row["end_char"]),
    }


def claim(row: dict[str, Any], stances: list[dict[str, Any]]) -> dict[str, Any]:
    """``stances``: stance rows of this claim (``stance`` form is made here)."""
    return {
        "id": row["id"],
        "text": row["proposition"],
        "proposition": row["proposition"],
        "actors": sorted(set(row["actors"])),
        "date": date(row["date"], row["date_basis"]),
        "subject": row["subject"],
        "predicate": row["predicate"],
        "mode": row["mode"],
        "object": row["object"],
        "contested": row["contested"],
        "stances": [stance(s) for s in stances],
    }


def claim_view(row: dict[str, Any], stances: list[dict[str, Any]], names: dict[str, str]) -> dict[str, Any]:
    """A claim as the CLI and API show it; stances asserting first, then denying, questioning, reporting.

    ``names``: stored names of the actors the claim and its stances name."""
    shown = []
    for s in stances:
        holder = s["holder"]
        shown.append(
            {
                **stance(s),
                "document_title": s["document_title"],
                "outlet": s["doc_outlet"],
                "source": s["doc_source"],
                "holder_name": (s["doc_outlet"] or "the outlet")
                if holder == OUTLET
                else name_of(holder, names.get(holder)),
                "event": s["event"],
            }
        )
    shown.sort(key=lambda s: (STANCE_ORDER.get(s["stance"], 9), s["document"], s["evidence"]["start"]))
    record = claim(row, stances)
    return {
        **record,
        "stances": shown,
        "actor_names": [name_of(a, names.get(a)) or a for a in record["actors"]],
        "subject_name": name_of(row["subject"], names.get(row["subject"] or "")),
        "object_name": name_of(row["object"], names.get(row["object"] or "")),
        "stance_counts": dict(Counter(s["stance"] for s in stances)),
    }


# ------------------------------------------------------------------ relations
def relation(series: Any) -> dict[str, Any]:
    """The dossier's relation: a state pair's periods (``resolve.relations.DyadSeries``)."""
    return {
        "pair": list(series.pair),
        "periods": [
            {
                "period": p.period,
                "events": p.events,
                "cooperation": p.cooperation,
                "conflict": p.conflict,
                "balance": p.balance,
            }
            for p in series.periods
        ],
        "undated": series.undated,
    }


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(json.loads(value)) if isinstance(value, str) else list(value)
