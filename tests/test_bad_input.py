"""A folder of good and bad inputs goes through the real pipeline without a crash.

Every good document is stored once, every bad input is in the store's
``skipped`` table with a reason a person can act on, and the counts add up.
"""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest

from newsgraph.config import apply, default_options
from newsgraph.errors import IngestError
from newsgraph.ingest import read_inputs
from newsgraph.models import Skipped
from newsgraph.store import Store

COUNTRIES = ["Norway", "Chile", "Kenya", "Vietnam", "Canada", "Ghana", "Peru", "Japan", "Egypt", "Poland"]


def article(i: int, sentences: int = 3) -> str:
    """A short English news text, different for each ``i``."""
    a, b = COUNTRIES[i % len(COUNTRIES)], COUNTRIES[(i + 3) % len(COUNTRIES)]
    lines = [
        f"The government of {a} said on Monday that it would send {100 + i} tonnes of wheat to {b} "
        "after floods destroyed crops in the north.",
        f"Officials in {a} told reporters that the shipment was part of a wider agreement on trade "
        "and that more aid could follow.",
        f"The two countries have held talks since {1990 + i}, and a further meeting is planned for next month.",
    ]
    return " ".join(lines[: max(1, sentences)] + [lines[1]] * max(0, sentences - 3))


GERMAN = (
    "Die Regierung hat am Montag angekündigt, dass sie Weizen in das Nachbarland schicken wird, "
    "nachdem Überschwemmungen die Ernte im Norden zerstört haben. Beamte sagten, die Lieferung sei "
    "Teil eines größeren Handelsabkommens."
)
PAGE = """<html><head><title>Wheat for the north</title>
<meta name="date" content="2022-05-01"></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<div class="cookie-banner">We use cookies. Accept all cookies to continue.</div>
<article><h1>Wheat for the north</h1><p>{text}</p></article>
<footer>Copyright 2022 Example Media. All rights reserved.</footer></body></html>"""

OPTIONS = {"ingest": {"max_bytes": 20_000}, "nlp": {"max_chars": 5_000}}


def build_corpus(root: Path) -> tuple[set[str], dict[str, str], set[str]]:
    """Write the corpus; return (good sources, bad source → reason, duplicate sources)."""
    good: dict[str, str | bytes] = {
        "good/a.txt": "Wheat shipment announced\n\n" + article(0),
        "good/b.md": "# Aid talks\n\nThe **minister** said: " + article(1),
        "good/c.html": PAGE.format(text=article(2)),
        "good/sub/d.txt": article(3),
        "good/e_cp1252.txt": ("“" + article(4) + "”").encode("cp1252"),
        "good/f_utf16.txt": codecs.BOM_UTF16_LE + article(5).encode("utf-16-le"),
    }
    duplicates = {"good/a_copy.txt": "Wheat shipment announced\n\n" + article(0).replace(" ", "  ") + "\n"}
    bad: dict[str, tuple[str | bytes, str]] = {
        "bad/empty.txt": ("", "empty"),
        "bad/whitespace.txt": (" \n\n\t \n", "empty"),
        "bad/short.txt": ("Too short to be news.", "empty"),
        "bad/binary.txt": (b"\x00\x01\x02binary\x00junk" * 20, "binary"),
        "bad/document.txt": (b"%PDF-1.7\n" + os.urandom(200), "binary"),
        "bad/koi8.txt": ("Правительство заявило в понедельник о поставках пшеницы.".encode("koi8-r"), "undecodable"),
        "bad/huge.txt": (article(6) * 200, "too_large"),  # over ingest.max_bytes
        "bad/long.txt": (article(7, sentences=60), "too_large"),  # under max_bytes, over nlp.max_chars
        "bad/german.txt": (GERMAN, "not_english"),
        "bad/nav.html": ("<html><body><nav><a href='/'>Home</a></nav></body></html>", "malformed"),
        "bad/report.pdf": (b"%PDF-1.4", "unsupported"),
        "bad/vanishes.txt": (article(8), "unreadable"),  # deleted after listing, before reading
    }
    (root / "good/sub").mkdir(parents=True)
    (root / "bad").mkdir()
    for name, content in {**good, **duplicates, **{k: v[0] for k, v in bad.items()}}.items():
        path = root / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    (root / "good/sub/metadata.csv").write_text("file,outlet,published\nd.txt,Example Wire,2020-02-02\n")
    (root / "bad/.DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")  # ignored silently
    (root / "bad/broken.txt").symlink_to(root / "nowhere.txt")
    bad["bad/broken.txt"] = ("", "unreadable")
    (root / "feed.jsonl").write_text(
        "\n".join(
            [
                json.dumps({"text": article(9), "title": "Line one", "outlet": "Wire", "published": "2021-04-07"}),
                "{this is not json",
                json.dumps({"title": "A line without text"}),
                json.dumps({"text": GERMAN}),
            ]
        )
        + "\n"
    )
    good_sources = {str(root / n) for n in good} | {f"{root / 'feed.jsonl'}#1"}
    bad_sources = {str(root / n): reason for n, (_, reason) in bad.items()}
    bad_sources |= {
        f"{root / 'feed.jsonl'}#2": "malformed",
        f"{root / 'feed.jsonl'}#3": "malformed",
        f"{root / 'feed.jsonl'}#4": "not_english",
    }
    return good_sources, bad_sources, {str(root / n) for n in duplicates}


@pytest.mark.model
def test_bad_input_corpus(tmp_path):
    from newsgraph.pipeline import ingest

    good, bad, duplicates = build_corpus(tmp_path / "corpus")
    options = apply(default_options(), {**OPTIONS, "store": {"path": str(tmp_path / "bad.duckdb")}})

    def progress(event: str, n: int) -> None:
        if event == "found":
            (tmp_path / "corpus/bad/vanishes.txt").unlink()

    report = ingest([tmp_path / "corpus"], options, on_progress=progress)

    assert report.ingested == len(good)
    assert report.present == len(duplicates)
    assert report.status == "finished"
    assert {s.source: s.reason for s in report.skipped} == bad
    with Store(options.store.path, read_only=True) as store:
        docs = store.documents()
        skipped = {s.source: s for s in store.skipped()}
        runs = store.runs()
    assert sorted(d.source for d in docs) == sorted(good)
    assert len({d.id for d in docs}) == len(docs)
    assert {source: s.reason for source, s in skipped.items()} == bad
    for s in skipped.values():
        assert len(s.detail) > 10, s  # a sentence, not a code
    assert "not English" in skipped[str(tmp_path / "corpus/bad/german.txt")].detail
    assert "ingest.max_bytes" in skipped[str(tmp_path / "corpus/bad/huge.txt")].detail
    assert "vanished" in skipped[str(tmp_path / "corpus/bad/vanishes.txt")].detail
    assert "broken symbolic link" in skipped[str(tmp_path / "corpus/bad/broken.txt")].detail
    by_name = {Path(d.source.split("#")[0]).name + d.source.partition("#")[2]: d for d in docs}
    assert by_name["d.txt"].outlet == "Example Wire"
    assert by_name["c.html"].published is not None and by_name["c.html"].published.value == "2022-05-01"
    assert by_name["feed.jsonl1"].title == "Line one"
    assert by_name["a.txt"].title == "Wheat shipment announced"
    assert by_name["e_cp1252.txt"].text.startswith("“")
    [run] = runs
    counts = json.loads(run["counts"])
    assert run["status"] == "finished"
    assert counts["ingested"] == len(good) and counts["skipped"] == len(bad)

    again = ingest([tmp_path / "corpus"], options)  # nothing new; the vanished file stays recorded
    assert (again.ingested, again.present) == (0, len(good) + len(duplicates))
    with Store(options.store.path, read_only=True) as store:
        assert store.document_count() == len(good)
        assert len(store.skipped()) == len(bad)


def test_permission_denied_is_unreadable(tmp_path, monkeypatch):
    # Tests may run as root, which ignores file modes, so the refusal is simulated.
    path = tmp_path / "locked.txt"
    path.write_text(article(0))
    real = os.open

    def refuse(file: str | Path, flags: int, *args: int, **kw: int) -> int:
        if Path(file).name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(file))
        return real(file, flags, *args, **kw)

    monkeypatch.setattr(os, "open", refuse)
    [skip] = read_inputs([tmp_path], default_options())
    assert isinstance(skip, Skipped)
    assert (skip.reason, skip.source) == ("unreadable", str(path))
    assert "permission denied" in skip.detail


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied_for_real(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text(article(0))
    path.chmod(0)
    try:
        [skip] = read_inputs([tmp_path], default_options())
    finally:
        path.chmod(0o644)
    assert isinstance(skip, Skipped) and skip.reason == "unreadable"


def test_missing_explicit_metadata_is_an_error(tmp_path):
    (tmp_path / "a.txt").write_text(article(0))
    with pytest.raises(IngestError, match="cannot read metadata sidecar"):
        list(read_inputs([tmp_path], default_options(), metadata=tmp_path / "missing.csv"))


def test_an_error_of_newsgraph_own_costs_one_input(tmp_path, monkeypatch):
    """Any exception while listing or reading one input is a skip that names the stage; the rest go on."""
    from newsgraph.ingest import jsonl, listing, readers

    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(article(len(name)))
    (tmp_path / "feed.jsonl").write_text(json.dumps({"text": article(5)}) + "\n" + json.dumps({"text": article(6)}))
    real_read, real_line, real_entry = readers._read_file, jsonl.line_document, listing._entry

    def read(entry, *args):
        if entry.path.name == "b.txt":
            raise LookupError("'hex' is not a text encoding")
        return real_read(entry, *args)

    def line(raw, source, options):
        if source.endswith("#2"):
            raise RecursionError("maximum recursion depth exceeded")
        return real_line(raw, source, options)

    def entry(path, *args):
        if path.name == "c.txt":
            raise RuntimeError(f"Symlink loop from '{path}'")
        return real_entry(path, *args)

    monkeypatch.setattr(readers, "_read_file", read)
    monkeypatch.setattr(jsonl, "line_document", line)
    monkeypatch.setattr(listing, "_entry", entry)
    results = {r.source: r for r in read_inputs([tmp_path], default_options())}
    failed = {Path(k).name: r.detail for k, r in results.items() if isinstance(r, Skipped)}
    assert failed == {
        "b.txt": "reading failed: LookupError: 'hex' is not a text encoding; please report this with the input file",
        "c.txt": f"listing failed: RuntimeError: Symlink loop from '{tmp_path / 'c.txt'}'; "
        "please report this with the input file",
        "feed.jsonl#2": "reading failed: RecursionError: maximum recursion depth exceeded; "
        "please report this with the input file",
    }
    assert all(r.reason == "failed" for r in results.values() if isinstance(r, Skipped))
    assert sorted(Path(k).name for k, r in results.items() if not isinstance(r, Skipped)) == ["a.txt", "feed.jsonl#1"]


def test_skips_are_written_in_batches(tmp_path, monkeypatch):
    """20,000 bad lines took minutes when each skip was its own transaction."""
    from newsgraph.pipeline import ingest

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.jsonl").write_text("{}\n" * 2500)
    options = apply(default_options(), {"store": {"path": str(tmp_path / "x.duckdb")}})
    transactions = 0
    real = Store.transaction

    def counted(self):
        nonlocal transactions
        transactions += 1
        return real(self)

    monkeypatch.setattr(Store, "transaction", counted)
    report = ingest([tmp_path / "in"], options)
    assert report.skipped_by_reason == {"malformed": 2500}
    assert transactions <= 5  # three chunks of skips and the corpus resolution
    with Store(options.store.path, read_only=True) as store:
        assert len(store.skipped()) == 2500
