"""The dossier's JSON Schema: generated from the pydantic models, packaged, and obeyed by every export."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from newsgraph.export.dossier import SCHEMA_FILE, dossier_schema, export_dossier, write_schema
from newsgraph.models import DateValue, Document, Event, Evidence, Extraction, Mention, Quote
from newsgraph.store import Store

VALIDATOR = jsonschema.Draft202012Validator


def test_schema_is_valid_json_schema():
    VALIDATOR.check_schema(dossier_schema())


def test_packaged_schema_matches_the_models():
    # Regenerate with: newsgraph export --format schema --out src/newsgraph/export/dossier.schema.json
    assert json.loads(SCHEMA_FILE.read_text("utf-8")) == dossier_schema()


def test_write_schema(tmp_path):
    out = tmp_path / "s.json"
    assert write_schema(out) == json.loads(out.read_text("utf-8")) == dossier_schema()


def _hand_built_store() -> Store:
    text = "Russia offered Pakistan equipment, the minister said. “We are ready,” he said."
    doc = Document("doc-1", "a.txt", text, "Title", "Wire", None, DateValue("2021-04-07", "metadata"))
    store = Store(":memory:")
    store.write(
        [
            Extraction(
                doc,
                mentions=(Mention("doc-1", 0, 6, "Russia", "RUS", "Russia", "state", "RUS"),),
                events=(
                    Event(
                        "ev-1",
                        "doc-1",
                        "AID",
                        "military",
                        "07",
                        7.4,
                        "RUS",
                        "PAK",
                        "positive",
                        "intended",
                        DateValue("2021-04", "document"),
                        Evidence(text[:52], 0, 52),
                        cue="offered",
                    ),
                ),
                quotes=(Quote("q-1", "doc-1", "RUS", "he", "We are ready,", "direct", 54, 67),),
            )
        ]
    )
    return store


def test_export_of_hand_built_records_validates():
    with _hand_built_store() as store:
        dossier = export_dossier(store)
    VALIDATOR(dossier_schema()).validate(dossier)
    assert [e["type"] for e in dossier["events"]] == ["AID"]


@pytest.mark.parametrize(
    "spoil",
    [
        lambda d: d.update(extra="field"),
        lambda d: d["events"][0].update(type="HUG"),
        lambda d: d["events"][0].update(polarity="maybe"),
        lambda d: d["events"][0]["date"].update(value="April 2021"),
        lambda d: d["documents"][0].pop("id"),
        lambda d: d["quotes"][0].update(start=-1),
        lambda d: d.update(schema="newsgraph.dossier/0"),
    ],
)
def test_schema_rejects_what_the_contract_forbids(spoil):
    with _hand_built_store() as store:
        dossier = export_dossier(store)
    spoiled = copy.deepcopy(dossier)
    spoil(spoiled)
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR(dossier_schema()).validate(spoiled)


@pytest.mark.model
def test_real_export_validates(tmp_path, samples_dir: Path):
    from newsgraph.config import apply, default_options
    from newsgraph.pipeline import ingest

    corpus = samples_dir / "corpus"
    if not corpus.is_dir():
        pytest.skip("samples/corpus is not present")
    options = apply(default_options(), {"store": {"path": str(tmp_path / "s.duckdb")}})
    report = ingest([corpus], options)
    assert report.ingested > 0
    with Store(options.store.path, read_only=True) as store:
        dossier = export_dossier(store)
    VALIDATOR(dossier_schema()).validate(dossier)
    assert len(dossier["documents"]) == report.ingested
    ids = [x["id"] for key in ("documents", "events", "quotes", "claims") for x in dossier[key]]
    assert len(ids) == len(set(ids))  # ids are unique within the dossier
    texts = {d["id"]: d for d in dossier["documents"]}
    assert all(q["document"] in texts for q in dossier["quotes"])
