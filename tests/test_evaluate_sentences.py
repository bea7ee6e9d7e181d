"""Per-type tables and sentence scores (newsgraph.evaluate) on hand-made dossiers."""

from __future__ import annotations

from newsgraph.evaluate import macro_recall, sentence_scores, type_table

GOLD = {
    "kind": "sentences",
    "documents": {
        "s.jsonl#1": {"split": "development", "example": "a", "text": "Israeli tanks shelled Jenin."},
        "s.jsonl#2": {"split": "development", "example": "b", "text": "Farmers blocked the roads."},
        "s.jsonl#3": {"split": "validation", "example": "c", "text": "The match ended in a draw."},
        "s.jsonl#4": {"split": "validation", "example": "d", "text": "India and Pakistan held talks."},
    },
    "events": [
        {
            "id": "a1",
            "doc": "s.jsonl#1",
            "types": ["ASSAULT"],
            "source": "ISR",
            "source_sector": "military",
            "target": "PSE",
            "target_sector": None,
            "symmetric": False,
        },
        {
            "id": "b1",
            "doc": "s.jsonl#2",
            "types": ["PROTEST"],
            "source": None,
            "source_sector": "civilians",
            "target": None,
            "target_sector": None,
            "symmetric": False,
        },
        {
            "id": "d1",
            "doc": "s.jsonl#4",
            "types": ["CONSULT"],
            "source": "IND",
            "source_sector": None,
            "target": "PAK",
            "target_sector": None,
            "symmetric": True,
        },
    ],
}


def _dossier(events):
    docs = [{"id": f"d{i}", "source": f"dir/s.jsonl#{i}"} for i in range(1, 5)]
    actors = [
        {"id": "group:isr-military", "country": "ISR", "sector": "military", "kind": "organization"},
        {"id": "group:farmers", "country": None, "sector": "civilians", "kind": "group"},
        {"id": "PSE", "country": "PSE"},
        {"id": "IND", "country": "IND"},
        {"id": "PAK", "country": "PAK"},
    ]
    return {"documents": docs, "actors": actors, "events": events}


def _event(doc, type_, source, target=None):
    return {"document": doc, "type": type_, "source": source, "target": target, "evidence": {"text": ""}}


def test_sentence_scores_count_types_actors_and_false_events():
    dossier = _dossier(
        [
            _event("d1", "ASSAULT", "group:isr-military", "PSE"),
            _event("d2", "COERCE", "group:farmers"),  # an event, of the wrong type
            _event("d3", "CONSULT", "IND", "PAK"),  # a false event on an eventless sentence
            _event("d4", "CONSULT", "PAK", "IND"),  # symmetric: the reverse direction counts
        ]
    )
    s = sentence_scores(GOLD, dossier)
    assert s["with_events"] == 3
    assert s["right_type"] == 2 / 3
    assert s["some_event"] == 1.0
    assert s["false_event_rate"] == 1.0
    assert s["source_state"] == 1.0 and s["source_state_n"] == 2
    assert s["source_sector"] == 1.0 and s["source_sector_n"] == 1  # only where the type was found
    assert s["types"]["PROTEST"]["recall"] == 0.0
    assert s["types"]["COERCE"]["precision"] == 0.0
    assert len(s["missed"]) == 1 and len(s["unmatched"]) == 2


def test_sentence_scores_by_split():
    dossier = _dossier([_event("d1", "ASSAULT", "PSE", "PSE")])
    dev, val = sentence_scores(GOLD, dossier, "development"), sentence_scores(GOLD, dossier, "validation")
    assert dev["sentences"] == 2 and val["sentences"] == 2
    assert dev["right_type"] == 0.5 and val["right_type"] == 0.0
    assert dev["source_state"] == 0.0  # the type is right, the source is not


def test_type_table_strict_needs_the_state_pair():
    dossier = _dossier([_event("d1", "ASSAULT", "group:isr-military", "IND")])
    strict = type_table(GOLD, dossier)
    loose = type_table(GOLD, dossier, loose=True)
    assert strict["ASSAULT"]["found"] == 0 and strict["ASSAULT"]["precision"] == 0.0
    assert loose["ASSAULT"]["found"] == 1 and loose["ASSAULT"]["precision"] == 1.0
    assert macro_recall(loose) == 1 / 3
