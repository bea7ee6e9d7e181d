"""GDELT 2.0-shaped event export: one tab-separated row per event.

The columns are GDELT 2.0's event-table columns that newsgraph can fill,
under GDELT's own names and in GDELT's order, so that GDELT tooling reads the
file unchanged (docs/exports.md lists them with their meaning here).  Where
events were clustered (the same happening reported more than once), one row
stands for the cluster and NumMentions / NumSources / NumArticles count its
mentions; otherwise every event is its own row with counts of 1.

Differences from GDELT, on purpose:
* EventCode, EventBaseCode and EventRootCode all carry the CAMEO *root*
  (newsgraph codes PLOVER types, whose CAMEO equivalent is known at root level).
* SQLDATE is the date the event happened, not the publication date; a date
  known to the month or year is written with zeros for the unknown parts
  ("20210400"), and an undated event has empty date columns.  DATEADDED is
  the document's publication date where known.
* GoldsteinScale is GDELT's value for the CAMEO root (data/plover.toml);
  QuadClass follows the root too, with root 14 configurable
  (``events.root14_quad``).
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from newsgraph.extract.events.lexicon import plover
from newsgraph.models import Actor, DateValue

if TYPE_CHECKING:
    from newsgraph.store import Store

COLUMNS = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1Type1Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2Type1Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "DATEADDED",
    "SOURCEURL",
    # newsgraph's own, after GDELT's: what GDELT has no column for
    "PloverType",
    "PloverMode",
    "Polarity",
    "Modality",
    "DateBasis",
    "Evidence",
)
# CAMEO actor type codes for newsgraph's actor kinds (GDELT's Actor1Type1Code).
_TYPE_CODES = {"igo": "IGO", "media": "MED", "armed_group": "REB", "company": "BUS", "organization": "NGO"}
# CAMEO's type codes for a group's sector ("Israeli tanks" → ISRMIL, "farmers" → CVL).
_SECTOR_CODES = {
    "government": "GOV",
    "military": "MIL",
    "police": "COP",
    "rebels": "REB",
    "opposition": "OPP",
    "civilians": "CVL",
    "media": "MED",
    "business": "BUS",
}


def global_event_id(event_id: str) -> int:
    """GDELT ids are integers: a stable one from newsgraph's string id."""
    return int(hashlib.sha256(event_id.encode("utf-8")).hexdigest()[:13], 16)


def sql_date(date: DateValue | None) -> str:
    if date is None:
        return ""
    parts = date.value.split("-")
    return parts[0] + (parts[1] if len(parts) > 1 else "00") + (parts[2] if len(parts) > 2 else "00")


def fraction_date(date: DateValue | None) -> str:
    if date is None:
        return ""
    parts = [int(p) for p in date.value.split("-")]
    month = parts[1] if len(parts) > 1 else 1
    day = parts[2] if len(parts) > 2 else 1
    return f"{parts[0] + ((month - 1) * 30 + day) / 365:.4f}"


def rows(store: Store, root14_quad: int | None = None) -> Iterator[dict[str, Any]]:
    """One GDELT-shaped row per event cluster (or per event where unclustered)."""
    table = plover()
    actors = {a.id: a for a in store.actors()}
    amap = store.actor_map()
    documents = {d.id: d for d in store.documents()}
    counts, inferred = _clusters(store)
    seen_clusters: set[str] = set()
    for event in store.events():
        cluster, n_mentions, n_sources, n_articles = counts.get(event.id, (event.id, 1, 1, 1))
        if cluster in seen_clusters:
            continue
        seen_clusters.add(cluster)
        date = event.date or inferred.get(event.id)
        source = actors.get(amap.get(event.source or "", event.source or ""))
        target = actors.get(amap.get(event.target or "", event.target or ""))
        doc = documents.get(event.document)
        root = event.cameo_root
        yield {
            "GLOBALEVENTID": global_event_id(cluster),
            "SQLDATE": sql_date(date),
            "MonthYear": sql_date(date)[:6],
            "Year": sql_date(date)[:4],
            "FractionDate": fraction_date(date),
            **_actor("Actor1", source, event.source),
            **_actor("Actor2", target, event.target),
            "IsRootEvent": int(doc is not None and _in_lead(doc.text, event.evidence.start)),
            "EventCode": root or "",
            "EventBaseCode": root or "",
            "EventRootCode": root or "",
            "QuadClass": table.quad_for_root(root, root14_quad) or "",
            "GoldsteinScale": table.goldstein.get(root or "", ""),
            "NumMentions": n_mentions,
            "NumSources": n_sources,
            "NumArticles": n_articles,
            "DATEADDED": sql_date(doc.published) if doc is not None else "",
            "SOURCEURL": (doc.url or doc.source) if doc is not None else "",
            "PloverType": event.type,
            "PloverMode": event.mode or "",
            "Polarity": event.polarity,
            "Modality": event.modality,
            "DateBasis": date.basis if date else "",
            "Evidence": " ".join(event.evidence.text.split()),
        }


def _actor(prefix: str, actor: Actor | None, raw: str | None) -> dict[str, str]:
    if actor is None:
        code = raw if raw and len(raw) == 3 and raw.isupper() else ""
        return {f"{prefix}Code": code, f"{prefix}Name": "", f"{prefix}CountryCode": code, f"{prefix}Type1Code": ""}
    country = actor.country or (actor.id if actor.kind == "state" else "")
    type_code = _SECTOR_CODES.get(actor.sector or "") or _TYPE_CODES.get(
        actor.kind, "GOV" if actor.kind == "person" and actor.roles else ""
    )
    return {
        f"{prefix}Code": country + (type_code if actor.kind != "state" else ""),
        f"{prefix}Name": actor.name.upper(),  # GDELT writes names upper case
        f"{prefix}CountryCode": country,
        f"{prefix}Type1Code": type_code,
    }


def _in_lead(text: str, start: int) -> bool:
    """GDELT's IsRootEvent: the event is told in the article's lead paragraph."""
    lead = text.lstrip()
    offset = len(text) - len(lead)
    first_break = lead.find("\n\n")
    end = offset + (first_break if first_break >= 0 else len(lead))
    return start < end


def _clusters(store: Store) -> tuple[dict[str, tuple[str, int, int, int]], dict[str, DateValue]]:
    """Event id -> (cluster id, mentions, sources, articles), and dates clusters lend."""
    try:
        found = store.con.execute(
            """
            SELECT m.event, c.id, c.num_mentions, c.num_sources, c.num_articles
            FROM event_cluster_members m JOIN event_clusters c ON c.id = m.cluster
            """
        ).fetchall()
    except duckdb.CatalogException:  # a store from before event clustering
        return {}, {}
    counts = {row[0]: (row[1], int(row[2]), int(row[3]), int(row[4])) for row in found}
    from newsgraph.resolve.events import cluster_dates

    return counts, cluster_dates(store)


def write_gdelt(store: Store, out: str | Path, root14_quad: int | None = None) -> int:
    """Write the TSV (with a header row); return the number of rows."""
    n = 0
    with Path(out).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        for row in rows(store, root14_quad):
            writer.writerow(row)
            n += 1
    return n
