"""Hostile input, generated: every kind in tests/hostile.py ends as a document or a skip with a reason.

Three layers:

* reading (no model): one folder with every hostile kind and valid articles,
  through ``read_inputs``; each input within a small budget;
* the whole ingest (model): the same folder through ``pipeline.ingest`` into
  a store, counted, with no exception escaping;
* properties (Hypothesis): any bytes into decoding, the JSON Lines reader and
  the config parser give a document, a skip or a usage error -- nothing else.

The soak with thousands of generated inputs is ``benchmarks/bench_hostile.py``.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile import ANY, Hostile, article, write_hostile
from newsgraph.config import apply, default_options, load_options
from newsgraph.errors import ConfigError, IngestError
from newsgraph.ingest import read_inputs
from newsgraph.ingest.decode import decode
from newsgraph.ingest.jsonl import read_jsonl
from newsgraph.ingest.normalize import source_label
from newsgraph.models import Document, Skipped

VALID = 12
READ_BUDGET_S = 5.0  # per input while reading, generous for a shared 2-core machine
REASONS = {"empty", "binary", "undecodable", "too_large", "not_english", "malformed", "unreadable", "unsupported"}
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """A folder with every hostile kind, sorted first, and ``VALID`` articles in text, HTML and JSON Lines."""
    root = tmp_path_factory.mktemp("hostile") / "batch"
    hostile = write_hostile(root)
    good = root / "valid"
    (good / "sub").mkdir(parents=True)
    valid: set[str] = set()
    for i in range(VALID):
        if i % 3 == 0:
            path = good / f"a{i:02d}.txt"
            path.write_text(f"Headline number {i}\n\n" + article(100 + i, 4))
        elif i % 3 == 1:
            path = good / "sub" / f"a{i:02d}.html"
            path.write_text(f"<html><body><article><p>{article(100 + i, 4)}</p></article></body></html>")
        else:
            continue
        valid.add(str(path))
    lines = [f'{{"text": "{article(100 + i, 4)}", "title": "Line {i}"}}' for i in range(VALID) if i % 3 == 2]
    (good / "feed.jsonl").write_text("\n".join(lines) + "\n")
    valid |= {f"{good / 'feed.jsonl'}#{n}" for n in range(1, len(lines) + 1)}
    (good / "metadata.csv").write_bytes(b"file,title\n\x00\x01broken")  # a broken sidecar beside them
    yield root, hostile, valid
    shutil.rmtree(root, ignore_errors=True)


def owner(source: str, hostile: dict[str, Hostile]) -> str | None:
    """The hostile input a record came from: the longest label that is the source or contains it."""
    best = None
    for label in hostile:
        if source == label or (source.startswith(label) and source[len(label)] in "#/."):
            best = label if best is None or len(label) > len(best) else best
    return best


def check(results: dict[str, str], hostile: dict[str, Hostile], valid: set[str]) -> None:
    """``results``: source -> "stored" or skip reason.  Every input accounted for as expected."""
    for source in valid:
        assert results.get(source) == "stored", (source, results.get(source))
    seen: dict[str, list[str]] = {label: [] for label in hostile}
    for source, outcome in results.items():
        if source in valid:
            continue
        label = owner(source, hostile)
        if label is None:
            assert source.endswith("metadata.csv") and outcome == "malformed", (source, outcome)
            continue
        seen[label].append(outcome)
        expect = hostile[label].expect
        assert outcome == "stored" or outcome in REASONS, (hostile[label].kind, source, outcome)
        assert expect == ANY or outcome in expect, (hostile[label].kind, source, outcome, set(expect))
    silent = [hostile[label].kind for label, outcomes in seen.items() if not outcomes]
    assert not silent, f"inputs without any record: {silent}"


def test_every_hostile_input_reads_as_a_document_or_a_skip(batch):
    root, hostile, valid = batch
    results: dict[str, str] = {}
    slowest = (0.0, "")
    started = time.perf_counter()
    for item in read_inputs([root], default_options()):
        now = time.perf_counter()
        slowest = max(slowest, (now - started, item.source))
        started = now
        assert isinstance(item, Document | Skipped), item
        if isinstance(item, Skipped):
            assert len(item.detail) > 10, item  # a sentence, not a code
            results[item.source] = item.reason
        else:
            assert "\x1b" not in item.source and "\n" not in item.source
            item.source.encode("utf-8")  # valid Unicode: storable, printable
            item.text.encode("utf-8")
            results[item.source] = "stored"
    check(results, hostile, valid)
    assert slowest[0] < READ_BUDGET_S, slowest


def test_what_reading_repaired_is_noted(batch):
    _root, hostile, _ = batch
    by_kind = {h.kind: label for label, h in hostile.items()}
    docs = {d.source: d for d in read_inputs([Path(by_kind["lone surrogates in every field"])], default_options())}
    [doc] = docs.values()
    assert isinstance(doc, Document)
    assert "\ufffd" in doc.text and doc.title == "\ufffd t" and doc.outlet == "\ufffd"
    assert any("surrogate" in n for n in doc.notes), doc.notes
    [doc] = read_inputs([Path(by_kind["NUL characters in the text"])], default_options())
    assert isinstance(doc, Document) and "\x00" not in doc.text
    assert any("3 NUL characters removed" in n for n in doc.notes), doc.notes
    types = [r for r in read_inputs([Path(by_kind["fields of the wrong type"])], default_options())]
    [stored] = [d for d in types if isinstance(d, Document)]
    assert stored.title is None and stored.outlet is None and stored.url is None
    assert any("title is a object" in n or "title is a" in n for n in stored.notes), stored.notes


@pytest.mark.model
def test_hostile_batch_through_the_whole_ingest(batch, tmp_path):
    from newsgraph.pipeline import ingest
    from newsgraph.store import Store

    root, hostile, valid = batch
    # the kinds that only stress extraction are left to the soak; this batch is about every door into it
    options = apply(default_options(), {"store": {"path": str(tmp_path / "h.duckdb")}})
    ticks: list[float] = [time.perf_counter()]
    report = ingest([root], options, on_progress=lambda event, n: ticks.append(time.perf_counter()))
    assert report.status == "finished"
    with Store(options.store.path, read_only=True) as store:
        stored = {d.source: "stored" for d in store.documents()}
        skipped = {s.source: s.reason for s in store.skipped()}
    assert not set(stored) & set(skipped)
    check({**skipped, **stored}, hostile, valid)
    assert report.ingested == len(stored)
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert max(gaps) < 60, max(gaps)  # one batch of extraction, on a shared machine


# ------------------------------------------------------------------ properties
@PROPERTY
@given(st.binary(max_size=2000), st.booleans())
def test_decode_gives_text_or_a_reason(data, html):
    try:
        text = decode(data, "x", html=html)
    except IngestError as exc:
        assert exc.reason in {"binary", "undecodable"} and exc.detail
    else:
        assert isinstance(text, str)


@PROPERTY
@given(st.sampled_from(["hex", "rot13", "zlib", "punycode", "utf-7", "idna", "utf-16", "x", "undefined"]), st.binary())
def test_declared_charset_never_raises(charset, body):
    data = f'<meta charset="{charset}">'.encode() + body
    with contextlib.suppress(IngestError):
        decode(data, "x", html=True)


@st.composite
def jsonl_files(draw: st.DrawFn) -> bytes:
    """Mostly JSON-shaped lines, some junk bytes, any line ends."""
    value = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=50),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
        max_leaves=10,
    )
    line = st.one_of(
        st.dictionaries(st.sampled_from(["text", "title", "published", "url", "x"]), value, max_size=4).map(
            lambda d: __import__("json").dumps(d).encode()
        ),
        st.binary(max_size=200),
        st.just(b'{"text": "' + article(5).encode() + b'"}'),
    )
    lines = draw(st.lists(line, max_size=6))
    end = draw(st.sampled_from([b"\n", b"\r\n", b"\r"]))
    return end.join(lines) + draw(st.sampled_from([b"", end]))


@PROPERTY
@given(jsonl_files())
def test_jsonl_lines_are_documents_or_skips(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("jl") / "f.jsonl"
    path.write_bytes(data)
    results = list(read_jsonl(path, source_label(path), default_options()))
    assert results, "a file always leaves a record"
    for r in results:
        assert isinstance(r, Document | Skipped)
        if isinstance(r, Skipped):
            assert r.reason in REASONS and r.detail
            r.detail.encode("utf-8")
        else:
            r.text.encode("utf-8")
            (r.title or "").encode("utf-8")


@PROPERTY
@given(st.binary(max_size=300))
def test_config_file_gives_options_or_a_config_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("cfg") / "c.toml"
    path.write_bytes(data)
    try:
        load_options(path)
    except ConfigError as exc:
        assert str(exc) and "\n" not in str(exc).strip()


@PROPERTY
@given(st.text(max_size=60))
def test_set_pairs_give_options_or_a_config_error(pair):
    try:
        load_options(overrides=[pair])
    except ConfigError as exc:
        assert str(exc)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_fifo_is_never_opened_even_when_named_directly(tmp_path):
    os.mkfifo(tmp_path / "pipe.jsonl")
    [skip] = read_inputs([tmp_path / "pipe.jsonl"], default_options())  # would block forever if opened
    assert isinstance(skip, Skipped) and "pipe" in skip.detail
