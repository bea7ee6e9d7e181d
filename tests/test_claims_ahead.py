"""Claim embeddings computed ahead, during extraction (``claims.ahead``).

They are a cache: a store ingested with ``run.embed_claims_ahead`` on holds
more vectors (every sketched mention's) but exactly the claims, stances,
groups and links of a store ingested with it off.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from newsgraph.claims import ahead
from newsgraph.claims.ahead import idle_cores, with_vectors
from newsgraph.config import load_options
from newsgraph.models import ClaimMention, Document, Evidence, Extraction

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "corpus"


def _options(*pairs: str):
    return load_options(overrides=list(pairs))


@pytest.mark.parametrize(
    ("cores", "pairs", "engine", "expected"),
    [
        (2, [], "local", 1),
        (8, ["run.workers=2"], "local", 4),  # at most MAX_THREADS
        (4, ["run.workers=3"], "local", 1),
        (2, ["run.workers=2"], "local", 0),  # no core left
        (1, [], "local", 0),
        (4, ["run.in_process=true"], "local", 0),  # the ingest process extracts
        (4, [], "ray", 0),
        (4, ["run.embed_claims_ahead=false"], "local", 0),
    ],
)
def test_idle_cores(monkeypatch, cores, pairs, engine, expected) -> None:
    monkeypatch.setattr(ahead.os, "cpu_count", lambda: cores)
    assert idle_cores(_options(*pairs), engine) == expected


def _mention(i: int, text: str, sketch: bool = True, vector: tuple[float, ...] = ()) -> ClaimMention:
    return ClaimMention(
        id=f"m{i}",
        document="d",
        text=text,
        holder="outlet",
        stance="assert",
        kind="evidential",
        evidence=Evidence(text, 0, len(text)),
        sketch=(0.5,) * 256 if sketch else (),
        vector=vector,
    )


def test_with_vectors_embeds_only_sketched_mentions_without_one(monkeypatch) -> None:
    calls: list[list[str]] = []

    def fake_embed(texts, threads=1):
        calls.append(list(texts))
        return np.array([[float(len(t))] * 384 for t in texts], dtype=np.float32)

    monkeypatch.setattr("newsgraph.claims.encoder.embed", fake_embed)
    doc = Document(id="d", source="d.txt", text="x")
    kept = (9.0,) * 384
    first = Extraction(
        doc, claims=(_mention(1, "ab"), _mention(2, "abc", sketch=False), _mention(3, "abcd", vector=kept))
    )
    second = Extraction(doc, claims=(_mention(4, "abcde"),))
    untouched = Extraction(doc)
    out = with_vectors([first, second, untouched], threads=1)
    assert calls == [["ab", "abcde"]]  # one encoder call for the batch
    assert [c.vector[:1] for c in out[0].claims] == [(2.0,), (), (9.0,)]
    assert out[1].claims[0].vector == (5.0,) * 384
    assert out[2] is untouched
    assert with_vectors([untouched], threads=1) == [untouched]
    assert len(calls) == 1  # nothing to embed: no call


def _tables(db: Path) -> dict[str, list[tuple]]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "claims": con.execute("SELECT * FROM claims ORDER BY ALL").fetchall(),
            "claim_stances": con.execute("SELECT * FROM claim_stances ORDER BY ALL").fetchall(),
            "claim_mention_groups": con.execute("SELECT * FROM claim_mention_groups ORDER BY ALL").fetchall(),
            "claim_links": con.execute("SELECT * FROM claim_links ORDER BY ALL").fetchall(),
            "vectors": con.execute("SELECT count(vector), count(*) FROM claim_mentions").fetchall(),
        }
    finally:
        con.close()


@pytest.mark.model
def test_ingest_gives_the_same_claims_with_vectors_ahead_or_not(monkeypatch, tmp_path: Path) -> None:
    from newsgraph.pipeline import ingest

    monkeypatch.setattr(ahead.os, "cpu_count", lambda: 4)  # a core left over, whatever runs the test
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted(SAMPLES.glob("*.txt"))[:8]:
        shutil.copy(path, corpus)
    found = {}
    for on in ("true", "false"):
        db = tmp_path / f"{on}.duckdb"
        ingest([corpus], _options(f"store.path={json.dumps(str(db))}", f"run.embed_claims_ahead={on}"))
        found[on] = _tables(db)
    with_ahead, without = found["true"].pop("vectors")[0], found["false"].pop("vectors")[0]
    assert with_ahead[1] == without[1] > 0
    assert with_ahead[0] > without[0]  # every sketched mention embedded ahead, not only the near ones
    assert found["true"] == found["false"]
    assert found["true"]["claims"]
