"""Readers without the model: formats, metadata, decoding and headlines."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.config import apply, default_options
from newsgraph.errors import IngestError
from newsgraph.ingest import read_inputs
from newsgraph.ingest.decode import decode
from newsgraph.ingest.metadata import load_sidecar, parse_published
from newsgraph.ingest.normalize import document_id, english_ratio, normalise
from newsgraph.ingest.readers import headline
from newsgraph.models import DateValue, Document, Skipped

BODY = (
    "The foreign ministers of the two countries met on Tuesday to discuss trade and the border. "
    "Officials said that the talks were useful and that they would meet again in the spring. "
    "The meeting was the first since the dispute over fishing rights began last year."
)


def read(paths, options=None, **kw) -> list[Document | Skipped]:
    return list(read_inputs([Path(p) for p in paths], options or default_options(), **kw))


# ------------------------------------------------------------------ normalise
def test_normalise_collapses_space_and_blank_lines():
    assert normalise("\ufeffA  b\u00a0c \r\n\r\n\r\n\n d\t\n") == "A b c\n\nd"


def test_normalise_drops_control_characters():
    assert normalise("a\x00b\x07c\u200ed\x0ce") == "abcd\ne"


def test_document_id_ignores_case_and_spacing():
    assert document_id("Hello   World\n") == document_id("hello world")
    assert document_id("hello world") != document_id("hello worlds")


def test_english_ratio_separates_languages():
    assert english_ratio(BODY) > 0.3
    assert english_ratio("Der Außenminister traf sich am Dienstag mit seinem Amtskollegen in Berlin.") < 0.12


# ------------------------------------------------------------------ decoding
@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Café news".encode(), "Café news"),
        (codecs.BOM_UTF8 + "Café".encode(), "Café"),
        (codecs.BOM_UTF16_LE + "Café".encode("utf-16-le"), "Café"),
        (codecs.BOM_UTF16_BE + "Café".encode("utf-16-be"), "Café"),
        ("“Quoted” text, mostly ASCII as English is".encode("cp1252"), "“Quoted” text, mostly ASCII as English is"),
        # a Windows "Unicode" export without a byte-order mark: a NUL in every other byte
        ("Café talks «resumed» in Doha.\n".encode("utf-16-le"), "Café talks «resumed» in Doha.\n"),
        ("Café talks «resumed» in Doha.\n".encode("utf-16-be"), "Café talks «resumed» in Doha.\n"),
    ],
)
def test_decode_accepts(data, expected):
    assert decode(data, "x") == expected


@pytest.mark.parametrize(
    ("data", "reason", "fragment"),
    [
        (b"%PDF-1.7\n%\xe2\xe3", "binary", "PDF"),
        (b"PK\x03\x04\x14\x00", "binary", "ZIP"),
        (b"abc\x00def", "binary", "NUL"),
        # NULs in every other byte, but control characters once read as UTF-16: not text
        ("\x01\x02\x03 abc \x04\x05\x06".encode("utf-16-le") * 8, "binary", "NUL"),
        # UTF-16 whose text is not Latin script has no NUL pattern to tell it by
        ("Привет мир".encode("utf-16-le") + b"\x00\x00", "binary", "byte-order mark"),
        ("Odd length".encode("utf-16-le") + b"x", "binary", "NUL"),
        (bytes(range(1, 32)) * 10, "binary", "control bytes"),
        ("Привет мир, как дела у вас сегодня".encode("koi8-r"), "undecodable", "UTF-8"),
        (b"abc \x81\x8d def", "undecodable", "UTF-8"),
    ],
)
def test_decode_refuses(data, reason, fragment):
    with pytest.raises(IngestError) as info:
        decode(data, "src.txt")
    assert info.value.reason == reason
    assert fragment in info.value.detail
    assert info.value.path == "src.txt"


def test_decode_follows_html_meta_charset():
    page = '<meta charset="koi8-r"><p>Привет</p>'.encode("koi8-r")
    assert "Привет" in decode(page, "p.html", html=True)


# ------------------------------------------------------------------ dates
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-11-08", "2023-11-08"),
        ("2023-11-08T10:00:00Z", "2023-11-08"),
        ("2023-11-08 10:00:00+05:00", "2023-11-08"),
        ("2023-11", "2023-11"),
        ("2023", "2023"),
        ("2023/4", "2023-04"),
        ("8 November 2023", "2023-11-08"),
        ("Nov 8, 2023", "2023-11-08"),
        ("November 2023", "2023-11"),
        ("Wed, 08 Nov 2023 10:00:00 GMT", "2023-11-08"),
        ("2023-02-30", None),
        ("yesterday", None),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_published(value, expected):
    parsed = parse_published(value)
    assert parsed == (DateValue(expected, "metadata") if expected else None)


# ------------------------------------------------------------------ headlines
@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Ministers meet in Geneva\n\n" + BODY, "Ministers meet in Geneva"),
        ("Is the ceasefire about to collapse?\n\n" + BODY, "Is the ceasefire about to collapse?"),
        ("Ministers meet in Geneva\n" + BODY, "Ministers meet in Geneva"),  # no blank line, but far shorter
        (BODY + "\n\n" + BODY, None),  # a first paragraph, not a headline
        ("The ministers met on Tuesday.\n\n" + BODY, None),  # a sentence
        ("She added:\n\n" + BODY, None),
        ("By Jane Doe\n\n" + BODY, None),  # a byline
        ("Talks\n\n" + BODY, None),  # one word is a label, not a headline
        ("The foreign ministers of the two countries met on Tuesday in\nGeneva to discuss trade and", None),
        ("Ministers meet in Geneva", None),  # nothing follows
    ],
)
def test_headline(text, title):
    assert headline(text) == title


def test_plain_text_title_from_first_line_keeps_text(tmp_path):
    (tmp_path / "a.txt").write_text("Ministers meet in Geneva\n\n" + BODY)
    [doc] = read([tmp_path])
    assert isinstance(doc, Document)
    assert doc.title == "Ministers meet in Geneva"
    assert doc.text.startswith("Ministers meet in Geneva\n\n")


# ------------------------------------------------------------------ formats
def test_markdown_markup_is_stripped(tmp_path):
    (tmp_path / "a.md").write_text(
        "---\ntitle: From front matter\ndate: 2022-03-04\noutlet: The Example\n---\n"
        "# Heading\n\n*By A. Reporter* for [Example News](http://example.com)\n\n"
        + BODY.replace("Tuesday", "**Tuesday**")
        + "\n\n- first point\n- second point\n\n"
        "```\nprint('code is not prose')\n```\n\n![a photo](p.png)\n"
    )
    [doc] = read([tmp_path])
    assert isinstance(doc, Document)
    assert "**" not in doc.text and "](" not in doc.text and "print(" not in doc.text and "---" not in doc.text
    assert "By A. Reporter for Example News" in doc.text
    assert "first point\n\nsecond point" in doc.text
    assert doc.title == "From front matter"
    assert doc.outlet == "The Example"
    assert doc.published == DateValue("2022-03-04", "metadata")


def test_markdown_first_heading_is_title(tmp_path):
    (tmp_path / "a.md").write_text("# Talks in Geneva\n\n" + BODY)
    [doc] = read([tmp_path])
    assert isinstance(doc, Document)
    assert doc.title == "Talks in Geneva"


PAGE = """<!doctype html><html><head><title>Ministers meet in Geneva | The Daily Example</title>
<meta property="article:published_time" content="2023-11-08T10:00:00Z">
<meta property="og:site_name" content="The Daily Example">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience. Accept all cookies.</div>
<article><h1>Ministers meet in Geneva</h1>
<p>{p1}</p>
<p>{p2}</p>
</article>
<footer>Copyright 2023 The Daily Example. All rights reserved. Contact us | Privacy policy</footer>
</body></html>"""


def test_html_main_text_title_and_date(tmp_path):
    p1, p2 = BODY.split(". ", 1)
    (tmp_path / "page.html").write_text(PAGE.format(p1=p1 + ".", p2=p2))
    [doc] = read([tmp_path])
    assert isinstance(doc, Document)
    assert doc.title and "Ministers meet in Geneva" in doc.title
    assert doc.published == DateValue("2023-11-08", "metadata")
    assert doc.outlet == "The Daily Example"
    assert "talks were useful" in doc.text
    for boilerplate in ("cookies", "Copyright", "Sport", "Privacy"):
        assert boilerplate not in doc.text


def test_html_without_article_is_malformed(tmp_path):
    (tmp_path / "nav.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    [skip] = read([tmp_path])
    assert isinstance(skip, Skipped)
    assert skip.reason == "malformed"
    assert "no article text" in skip.detail


def test_jsonl_lines_are_documents_and_bad_lines_skip_alone(tmp_path):
    lines = [
        json.dumps({"text": BODY, "title": "One", "url": "http://x/1", "outlet": "Wire", "published": "2021-04-07"}),
        "",
        "{not json",
        json.dumps({"title": "no text here"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": BODY.replace("Tuesday", "Friday"), "published": "sometime"}),
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n")
    results = read([tmp_path])
    sources = {r.source.rsplit("/", 1)[-1]: r for r in results}
    assert set(sources) == {"feed.jsonl#1", "feed.jsonl#3", "feed.jsonl#4", "feed.jsonl#5", "feed.jsonl#6"}
    first = sources["feed.jsonl#1"]
    assert isinstance(first, Document)
    assert (first.title, first.url, first.outlet) == ("One", "http://x/1", "Wire")
    assert first.published == DateValue("2021-04-07", "metadata")
    assert [sources[f"feed.jsonl#{n}"].reason for n in (3, 4, 5)] == ["malformed"] * 3  # type: ignore[union-attr]
    assert 'no "text" field' in sources["feed.jsonl#4"].detail  # type: ignore[union-attr]
    last = sources["feed.jsonl#6"]
    assert isinstance(last, Document) and last.published is None


# ------------------------------------------------------------------ metadata sidecars
def test_sidecar_in_folder_applies_and_is_not_ingested(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "sub" / "b.txt").write_text(BODY.replace("Tuesday", "Monday"))
    (tmp_path / "metadata.csv").write_text(
        "file,title,outlet,url,published\n"
        "a.txt,Alpha,Outlet A,http://a,8 November 2023\n"
        "sub/b.txt,Beta,Outlet B,,2021-04\n"
    )
    results = read([tmp_path])
    assert all(isinstance(r, Document) for r in results), results
    docs = {Path(r.source).name: r for r in results}
    assert set(docs) == {"a.txt", "b.txt"}
    assert (docs["a.txt"].title, docs["a.txt"].outlet, docs["a.txt"].url) == ("Alpha", "Outlet A", "http://a")
    assert docs["a.txt"].published == DateValue("2023-11-08", "metadata")
    assert docs["b.txt"].published == DateValue("2021-04", "metadata")
    assert docs["b.txt"].url is None


def test_sidecar_beside_a_file_named_directly(tmp_path):
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "metadata.jsonl").write_text(json.dumps({"file": "a.txt", "title": "Alpha"}) + "\n")
    [doc] = read([tmp_path / "a.txt"])
    assert isinstance(doc, Document) and doc.title == "Alpha"


def test_explicit_metadata_jsonl_by_name(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text("A headline here\n\n" + BODY)
    meta = tmp_path / "meta.jsonl"
    meta.write_text(json.dumps({"file": "a.txt", "outlet": "Wire", "published": "2020"}) + "\n")
    [doc] = read([tmp_path / "articles"], metadata=meta)
    assert isinstance(doc, Document)
    assert doc.outlet == "Wire"
    assert doc.published == DateValue("2020", "metadata")
    assert doc.title == "A headline here"  # the sidecar gave no title; the headline rule still applies


def test_explicit_metadata_without_file_column_is_an_error(tmp_path):
    meta = tmp_path / "meta.csv"
    meta.write_text("name,title\na.txt,Alpha\n")
    with pytest.raises(IngestError, match="no 'file' column"):
        load_sidecar(meta)


def test_broken_folder_sidecar_is_reported_and_folder_still_read(tmp_path):
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "metadata.jsonl").write_text("{broken\n")
    results = read([tmp_path])
    kinds = sorted((type(r).__name__, Path(r.source).name) for r in results)
    assert kinds == [("Document", "a.txt"), ("Skipped", "metadata.jsonl")]


# ------------------------------------------------------------------ walking
def test_walk_is_sorted_recursive_and_ignores_hidden(tmp_path):
    for name in ("b.txt", "a.txt", "sub/c.txt", ".hidden/d.txt", "sub/.DS_Store", ".e.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(BODY + name)
    found: list[int] = []
    results = read([tmp_path], on_found=found.append)
    assert [Path(r.source).relative_to(tmp_path).as_posix() for r in results] == ["a.txt", "b.txt", "sub/c.txt"]
    assert found == [3]


def test_same_file_twice_is_listed_once(tmp_path):
    (tmp_path / "a.txt").write_text(BODY)
    assert len(read([tmp_path, tmp_path / "a.txt"])) == 1


def test_duplicates_share_an_id(tmp_path):
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "b.txt").write_text("  " + BODY.replace(" ", "  ") + "\n\n")
    a, b = read([tmp_path])
    assert isinstance(a, Document) and isinstance(b, Document)
    assert a.id == b.id and a.source != b.source


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    [skip] = read([tmp_path])
    assert isinstance(skip, Skipped) and skip.reason == "unreadable" and "regular file" in skip.detail
    [skip] = read([tmp_path / "pipe.txt"])
    assert isinstance(skip, Skipped) and skip.reason == "unreadable"


def test_unsupported_suffix_lists_supported(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    [skip] = read([tmp_path])
    assert isinstance(skip, Skipped) and skip.reason == "unsupported"
    assert ".txt" in skip.detail and ".html" in skip.detail


def test_options_bound_the_text(tmp_path):
    (tmp_path / "a.txt").write_text(BODY)
    small = apply(default_options(), {"nlp": {"max_chars": 100}})
    [skip] = read([tmp_path], small)
    assert isinstance(skip, Skipped) and skip.reason == "too_large" and "nlp.max_chars" in skip.detail
    strict = apply(default_options(), {"ingest": {"min_chars": 10_000}})
    [skip] = read([tmp_path], strict)
    assert isinstance(skip, Skipped) and skip.reason == "empty" and "ingest.min_chars" in skip.detail


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF), min_size=2, max_size=300),
    encoding=st.sampled_from(["utf-16-le", "utf-16-be"]),
)
def test_latin_text_in_utf16_without_a_bom_reads_back(text, encoding):
    assert decode(text.encode(encoding), "x") == text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.binary(min_size=1, max_size=1), max_size=400))
def test_bytes_with_nul_every_other_byte_decode_or_are_refused(lows):
    data = b"".join(b + b"\x00" for b in lows)  # the pattern UTF-16 LE of ASCII shows
    try:
        text = decode(data, "x")
    except IngestError as exc:
        assert exc.reason in {"binary", "undecodable"}
    else:
        assert len(text) * 2 == len(data)  # read as UTF-16: one character a pair of bytes
