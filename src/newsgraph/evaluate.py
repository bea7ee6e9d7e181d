"""Score a dossier against a hand-made gold file (docs/gold.md).

Matching follows the project's reference scorer, so the numbers agree:
documents are matched by file name (the basename of the dossier document's id
or source; JSON Lines records as ``file.jsonl#N``),
actors count by their state (a person counts for their country), and an
emitted event matches a gold event of the same document when its type is
among the gold's ``types`` and its state pair equals the gold pair (either
order when the gold says ``symmetric``; only the source when the gold target
is null).

Beyond the scorer, this module also measures **precision**: the share of
emitted events (in the gold's documents) that match some gold event; and,
over matched events, how often polarity and modality agree where the gold
gives them.  Each area is a function returning a small dict, so other gates
(quotes, claims) add theirs beside ``event_scores``.

``type_table`` breaks recall and precision down by PLOVER type.  A gold file
of single sentences (``"kind": "sentences"``, built by
benchmarks/devset/build.py) is also scored sentence by sentence
(``sentence_scores``): is the right type found at all, is some event found,
and where the type is right, are the source and target right (by state, and
by sector where the gold gives one).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsgraph.store import Store

_STATE = re.compile(r"^[A-Z]{3}$")


def load_gold(path: str | Path) -> dict[str, Any]:
    from newsgraph.errors import QueryError
    from newsgraph.terminal import shown

    name = shown(path, line=True)
    try:
        gold = json.loads(Path(path).read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        raise QueryError(f"cannot read gold file {name}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise QueryError(f"gold file {name} is not UTF-8 text (bad byte at {exc.start}); is it binary?") from None
    except json.JSONDecodeError as exc:
        raise QueryError(f"gold file {name} is not JSON ({exc.msg} at line {exc.lineno})") from None
    except (ValueError, RecursionError) as exc:
        raise QueryError(f"gold file {name} is JSON that cannot be read: {str(exc)[:100]}") from None
    shape = (
        isinstance(gold, dict)
        and isinstance(gold.get("events"), list)
        and isinstance(gold.get("documents"), list | dict)
        and all(isinstance(e, dict) for e in gold["events"])
    )
    if not shape:
        raise QueryError(
            f"{name} is not a gold file: it needs a list of 'documents' and a list of 'events' (see docs/gold.md)"
        )
    return gold


class _Names:
    """Dossier document id -> gold file name; actor id -> state and sector."""

    def __init__(self, gold: dict[str, Any], dossier: dict[str, Any]) -> None:
        self.doc: dict[str, str] = {}
        for d in dossier.get("documents", []):
            cands = [str(d.get(k) or "") for k in ("id", "source", "url", "title")]
            base = next((c.rsplit("/", 1)[-1] for c in cands if c.rsplit("/", 1)[-1] in gold["documents"]), None)
            self.doc[d["id"]] = base or cands[0]
        self.actors = {a["id"]: a for a in dossier.get("actors", [])}

    def dname(self, doc_id: str) -> str:
        return self.doc.get(doc_id, str(doc_id).rsplit("/", 1)[-1])

    def country(self, ref: str | None) -> str | None:
        if ref is None:
            return None
        a = self.actors.get(ref)
        if a is None:
            return ref if _STATE.match(ref) else None
        return a.get("country") or (a["id"] if _STATE.match(str(a["id"])) else None)

    def sector(self, ref: str | None) -> str | None:
        a = self.actors.get(ref or "")
        return a.get("sector") if a is not None else None


def event_fits(gold_event: dict[str, Any], event: dict[str, Any], names: _Names) -> bool:
    """The scorer's rule: same document, type among the gold types, same state pair."""
    if names.dname(event.get("document", "")) != gold_event["doc"] or event.get("type") not in gold_event["types"]:
        return False
    s, t = names.country(event.get("source")), names.country(event.get("target"))
    if gold_event.get("target") is None:
        return s == gold_event["source"]
    want = (gold_event["source"], gold_event["target"])
    return (s, t) == want or (bool(gold_event.get("symmetric")) and (s, t) == want[::-1])


def _date_right(gold_event: dict[str, Any], hits: list[dict[str, Any]]) -> bool:
    want = gold_event["date"] if isinstance(gold_event["date"], list) else [gold_event["date"]]
    values = [str((h.get("date") or {}).get("value") or "") for h in hits]
    return any(v and len(v) >= 4 and (v.startswith(w) or w.startswith(v)) for v in values for w in want)


def event_scores(gold: dict[str, Any], dossier: dict[str, Any], docs: Iterable[str] | None = None) -> dict[str, Any]:
    """Recall, precision, date accuracy, polarity and modality agreement."""
    names = _Names(gold, dossier)
    scope = set(docs) if docs is not None else set(gold["documents"])
    gold_events = [g for g in gold["events"] if g["doc"] in scope]
    emitted = [e for e in dossier.get("events", []) if names.dname(e.get("document", "")) in scope]
    found = dated = dated_right = xdated = xdated_right = 0
    polarity_n = polarity_ok = modality_n = modality_ok = 0
    missed: list[str] = []
    for g in gold_events:
        hits = [e for e in emitted if event_fits(g, e, names)]
        if not hits:
            missed.append(f"{g['id']} {g['doc']} {g['types']} {g['source']}->{g['target']} | {g.get('cue', '')}")
            continue
        found += 1
        if g.get("date"):
            right = _date_right(g, hits)
            if g.get("date_from") == "cross-document":
                xdated += 1
                xdated_right += right
            else:
                dated += 1
                dated_right += right
        if "polarity" in g:
            polarity_n += 1
            polarity_ok += any(h.get("polarity") == g["polarity"] for h in hits)
        if "modality" in g:
            modality_n += 1
            modality_ok += any(h.get("modality") == g["modality"] for h in hits)
    wrong = [e for e in emitted if not any(event_fits(g, e, names) for g in gold_events)]
    return {
        "gold": len(gold_events),
        "emitted": len(emitted),
        "found": found,
        "recall": found / max(len(gold_events), 1),
        "precision": (len(emitted) - len(wrong)) / max(len(emitted), 1),
        "date_accuracy": dated_right / max(dated, 1),
        "dated": dated,
        "xdoc_date_accuracy": xdated_right / max(xdated, 1),
        "polarity_accuracy": polarity_ok / max(polarity_n, 1),
        "modality_accuracy": modality_ok / max(modality_n, 1),
        "missed": missed,
        "unmatched": [_describe(e, names) for e in wrong],
    }


def _norm(text: str | None) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9 ]+", " ", text.lower())
    text = re.sub(r"\b(the|mr|ms|dr|gen|lt)\b", " ", text)
    return " ".join(text.split())


def _speaker_fits(gold_actor: dict[str, Any], names: set[str]) -> bool:
    """The scorer's person match: a shared name, or a person's last name."""
    gold_names = {_norm(gold_actor.get("name"))} | {_norm(x) for x in gold_actor.get("aliases", []) or []}
    gold_names.discard("")
    if gold_names & names:
        return True
    if gold_actor.get("kind") == "person":
        last = _norm(gold_actor["name"]).split()[-1:]
        return any(n.split()[-1:] == last for n in names if n)
    return False


def quote_scores(gold: dict[str, Any], dossier: dict[str, Any], docs: Iterable[str] | None = None) -> dict[str, Any]:
    """Quote recall (a quote holding the gold's first words) and speaker accuracy
    (a found quote attributed to the gold speaker), over all gold quotes."""
    names = _Names(gold, dossier)
    scope = set(docs) if docs is not None else set(gold["documents"])
    gold_quotes = [q for q in gold.get("quotes", []) if q["doc"] in scope]
    gold_actors = {a["name"]: a for a in gold.get("actors", [])}
    quotes = dossier.get("quotes", [])
    found = right = 0
    missed: list[str] = []
    wrong: list[str] = []
    for g in gold_quotes:
        snippet = _norm(g["starts"])
        hits = [q for q in quotes if names.dname(q.get("document", "")) == g["doc"] and snippet in _norm(q.get("text"))]
        if not hits:
            missed.append(f"{g['doc']} {g['starts']}")
            continue
        found += 1
        gold_actor = gold_actors.get(g["speaker"], {"name": g["speaker"], "kind": "person"})
        for h in hits:
            actor = names.actors.get(h.get("speaker") or "", {})
            said = {_norm(actor.get("name"))} | {_norm(x) for x in actor.get("aliases", []) or []}
            said.add(_norm(h.get("speaker_text")))
            said.discard("")
            if _speaker_fits(gold_actor, said):
                right += 1
                break
        else:
            wrong.append(f"{g['doc']} {g['starts']} -> {[h.get('speaker') for h in hits]}")
    return {
        "gold": len(gold_quotes),
        "found": found,
        "recall": found / max(len(gold_quotes), 1),
        "speaker_accuracy": right / max(len(gold_quotes), 1),
        "missed": missed,
        "wrong_speaker": wrong,
    }


def claim_scores(gold: dict[str, Any], dossier: dict[str, Any], docs: Iterable[str] | None = None) -> dict[str, Any]:
    """Claims found (same subject and object states), stance recall (gold stances
    matched by document and stance) and contested-flag accuracy."""
    names = _Names(gold, dossier)
    scope = set(docs) if docs is not None else set(gold["documents"])
    gold_claims = [c for c in gold.get("claims", []) if any(s["doc"] in scope for s in c["stances"])]
    claims = dossier.get("claims", [])
    found = stances_n = stances_ok = contested_ok = 0
    missed: list[str] = []
    for g in gold_claims:
        best, best_ok = None, -1
        for c in claims:
            if names.country(c.get("subject")) != g["subject"] or names.country(c.get("object")) != g["object"]:
                continue
            ok = sum(
                any(
                    names.dname(x.get("document", "")) == s["doc"] and x.get("stance") == s["stance"]
                    for x in c.get("stances", [])
                )
                for s in g["stances"]
            )
            if ok > best_ok:
                best, best_ok = c, ok
        stances_n += sum(1 for s in g["stances"] if s["doc"] in scope)
        if best is None or best_ok <= 0:
            missed.append(f"{g['id']} {g['proposition']}")
            continue
        found += 1
        stances_ok += best_ok
        contested_ok += bool(best.get("contested")) == bool(g["contested"])
    return {
        "gold": len(gold_claims),
        "found": found,
        "recall": found / max(len(gold_claims), 1),
        "stance_recall": stances_ok / max(stances_n, 1),
        "contested_accuracy": contested_ok / max(len(gold_claims), 1),
        "flagged_contested": sum(1 for c in claims if c.get("contested")),
        "missed": missed,
    }


def _describe(event: dict[str, Any], names: _Names) -> str:
    where = names.dname(event["document"])
    return f"{where} {event['type']} {event.get('source')}->{event.get('target')} | {event['evidence']['text'][:120]}"


def type_table(
    gold: dict[str, Any], dossier: dict[str, Any], docs: Iterable[str] | None = None, loose: bool = False
) -> dict[str, dict[str, Any]]:
    """Per PLOVER type: gold events of that (first) type and how many were found,
    emitted events of that type and how many match some gold event.  A match is
    the scorer's rule (type and state pair); ``loose`` asks only for the type in
    the same document (single sentences, where the actors are scored apart)."""
    names = _Names(gold, dossier)
    scope = set(docs) if docs is not None else set(gold["documents"])
    gold_events = [g for g in gold["events"] if g["doc"] in scope]
    emitted = [e for e in dossier.get("events", []) if names.dname(e.get("document", "")) in scope]

    def fits(g: dict[str, Any], e: dict[str, Any]) -> bool:
        if loose:
            return names.dname(e.get("document", "")) == g["doc"] and e.get("type") in g["types"]
        return event_fits(g, e, names)

    table: dict[str, dict[str, Any]] = {}

    def row(type_: str) -> dict[str, Any]:
        return table.setdefault(type_, {"gold": 0, "found": 0, "emitted": 0, "right": 0})

    for g in gold_events:
        r = row(g["types"][0])
        r["gold"] += 1
        r["found"] += any(fits(g, e) for e in emitted)
    for e in emitted:
        r = row(str(e.get("type")))
        r["emitted"] += 1
        r["right"] += any(fits(g, e) for g in gold_events)
    for r in table.values():
        r["recall"] = r["found"] / r["gold"] if r["gold"] else None
        r["precision"] = r["right"] / r["emitted"] if r["emitted"] else None
    return dict(sorted(table.items()))


def macro_recall(table: dict[str, dict[str, Any]]) -> float:
    """The mean of the per-type recalls, over the types the gold has."""
    recalls = [r["recall"] for r in table.values() if r["recall"] is not None]
    return sum(recalls) / len(recalls) if recalls else 0.0


def _actor_right(want_state: str | None, want_sector: str | None, ref: str | None, names: _Names) -> tuple[bool, bool]:
    return names.country(ref) == want_state, names.sector(ref) == want_sector


def sentence_scores(gold: dict[str, Any], dossier: dict[str, Any], split: str | None = None) -> dict[str, Any]:
    """Scores for a gold of single sentences, over one split ("development",
    "validation") or all of them:

    * ``right_type``: sentences with a gold event where some emitted event has a
      type among the gold's types; ``some_event``: where any event is emitted;
    * ``false_event_rate``: sentences the gold codes as eventless that get one;
    * ``source_state`` / ``target_state``: over gold events whose type was found
      and whose gold actor has a state, the share where such an event names that
      state (either direction for a symmetric event); ``source_sector`` likewise
      for the actor's sector;
    * ``macro_recall``: the mean per-type recall of ``types`` (type only).
    """
    names = _Names(gold, dossier)
    docs = [d for d, meta in gold["documents"].items() if split is None or meta.get("split") == split]
    by_doc: dict[str, list[dict[str, Any]]] = {d: [] for d in docs}
    for e in dossier.get("events", []):
        name = names.dname(e.get("document", ""))
        if name in by_doc:
            by_doc[name].append(e)
    gold_by_doc: dict[str, list[dict[str, Any]]] = {d: [] for d in docs}
    for g in gold["events"]:
        if g["doc"] in gold_by_doc:
            gold_by_doc[g["doc"]].append(g)
    with_events = [d for d in docs if gold_by_doc[d]]
    without = [d for d in docs if not gold_by_doc[d]]
    typed = sum(1 for d in with_events if any(e.get("type") in g["types"] for g in gold_by_doc[d] for e in by_doc[d]))
    counts = {k: [0, 0] for k in ("source_state", "source_sector", "target_state", "target_sector")}
    missed: list[str] = []
    wrong_actor: list[str] = []
    for d in with_events:
        for g in gold_by_doc[d]:
            hits = [e for e in by_doc[d] if e.get("type") in g["types"]]
            if not hits:
                missed.append(f"{gold['documents'][d].get('example', d)} {g['types']} | {_text(gold, d)}")
                continue
            for side, other in (("source", "target"), ("target", "source")):
                state, sector = g.get(side), g.get(f"{side}_sector")
                if state is None and sector is None:
                    continue
                right_state = right_sector = False
                for h in hits:
                    refs = [h.get(side)] + ([h.get(other)] if g.get("symmetric") else [])
                    for ref in refs:
                        s_ok, c_ok = _actor_right(state, sector, ref, names)
                        right_state |= s_ok
                        right_sector |= c_ok
                if state is not None:
                    counts[f"{side}_state"][0] += 1
                    counts[f"{side}_state"][1] += right_state
                    if not right_state:
                        got = sorted({str(names.country(h.get(side))) for h in hits})
                        wrong_actor.append(f"{gold['documents'][d].get('example', d)} {side} {state} got {got}")
                if sector is not None:
                    counts[f"{side}_sector"][0] += 1
                    counts[f"{side}_sector"][1] += right_sector
    table = type_table(gold, dossier, docs, loose=True)
    false = [d for d in without if by_doc[d]]
    out: dict[str, Any] = {
        "sentences": len(docs),
        "with_events": len(with_events),
        "right_type": typed / max(len(with_events), 1),
        "some_event": sum(1 for d in with_events if by_doc[d]) / max(len(with_events), 1),
        "macro_recall": macro_recall(table),
        "false_event_rate": len(false) / max(len(without), 1),
    }
    for key, (n, ok) in counts.items():
        out[key] = ok / n if n else None
        out[f"{key}_n"] = n
    out["types"] = table
    out["missed"] = missed
    out["wrong_actor"] = wrong_actor
    out["unmatched"] = [
        f"{gold['documents'][d].get('example', d)} {e.get('type')} {e.get('source')}->{e.get('target')}"
        f" | {_text(gold, d)}"
        for d in docs
        for e in by_doc[d]
        if not any(e.get("type") in g["types"] for g in gold_by_doc[d])
    ]
    return out


def _text(gold: dict[str, Any], doc: str) -> str:
    return str(gold["documents"][doc].get("text", ""))[:120]


def evaluate(gold_path: str | Path, store: Store, docs: Iterable[str] | None = None) -> dict[str, Any]:
    """Export the store's dossier and score it against the gold file, area by area."""
    from newsgraph.export.dossier import export_dossier

    gold = load_gold(gold_path)
    dossier = export_dossier(store)
    if gold.get("kind") == "sentences":
        return {
            split: sentence_scores(gold, dossier, None if split == "all" else split)
            for split in ("all", "development", "validation")
        }
    events = event_scores(gold, dossier, docs)
    events["types"] = type_table(gold, dossier, docs)
    return {
        "events": events,
        "quotes": quote_scores(gold, dossier, docs),
        "claims": claim_scores(gold, dossier, docs),
    }
