"""Hostile inputs: the files a real crawl or a careless colleague produces.

``write_hostile(root)`` writes one input of every kind under ``root`` and
returns what each may end as: ``"stored"`` and/or skip reasons.  Every kind
must end as a document or a skip with a reason -- never an exception, never
silence.  ``hostile_texts()`` gives the texts among them that can be POSTed.
``random_inputs(rng, n)`` makes ``n`` more by mutating valid articles and
generating junk, for the soak in ``benchmarks/bench_hostile.py``.

Used by tests/test_hostile.py, the soak benchmark and the issue-17
acceptance batch; the names start with ``0`` so they sort before articles.
"""

from __future__ import annotations

import codecs
import encodings.aliases
import json
import os
import random
import socket
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ANY = frozenset({"any"})  # stored or skipped, for any reason
STORED = frozenset({"stored"})

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


def page(text: str, head: str = "") -> str:
    return (
        f"<html><head>{head}<title>Wheat</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>Wheat for the north</h1><p>{text}</p></article></body></html>"
    )


@dataclass(frozen=True)
class Hostile:
    name: str | bytes  # path under the root, as written (bytes for names that are not UTF-8)
    kind: str
    expect: frozenset[str]  # "stored" and/or skip reasons, or ANY


Writer = Callable[[Path], None]


def _bytes(data: bytes) -> Writer:
    return lambda path: path.write_bytes(data)


def _text(text: str) -> Writer:
    return lambda path: path.write_bytes(text.encode("utf-8", "surrogatepass"))


def _lines(*lines: str, end: str = "\n") -> Writer:
    return _bytes(end.join(lines).encode("utf-8", "surrogatepass") + end.encode())


def _jsonl(*records: object) -> Writer:
    return _lines(*(json.dumps(r) for r in records))


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path) -> None:
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(path))
    finally:
        sock.close()  # the socket file stays


def _link(target: str) -> Writer:
    return lambda path: path.symlink_to(target)


def _loop(path: Path) -> None:
    path.symlink_to(path.name + ".other")
    (path.parent / (path.name + ".other")).symlink_to(path.name)


def _folder(*files: tuple[str, str]) -> Writer:
    def write(path: Path) -> None:
        path.mkdir()
        for name, text in files:
            (path / name).write_text(text)

    return write


def _deep_folders(depth: int, text: str) -> Writer:
    def write(path: Path) -> None:
        inner = path.joinpath(*["d"] * depth)
        inner.mkdir(parents=True)
        (inner / "deep.txt").write_text(text)

    return write


def _sidecar_folder(sidecar: bytes, name: str = "metadata.csv") -> Writer:
    def write(path: Path) -> None:
        path.mkdir()
        (path / name).write_bytes(sidecar)
        (path / "beside.txt").write_text(article(41))

    return write


def _fifo_sidecar(path: Path) -> None:
    path.mkdir()
    os.mkfifo(path / "metadata.csv")
    (path / "beside.txt").write_text(article(42))


def _unreadable(path: Path) -> None:
    path.write_text(article(43))
    path.chmod(0)


def kinds() -> list[tuple[Hostile, Writer]]:
    """Every hostile kind with its writer.  Texts are varied so no two stored ones share an id."""
    a = article
    big_int = '{"text": "' + a(1) + '", "n": ' + "9" * 4301 + "}"
    deep = '{"text": "' + a(2) + '", "x": ' + "[" * 1100 + "]" * 1100 + "}"
    found: list[tuple[Hostile, Writer]] = []

    def add(name: str | bytes, kind: str, expect: frozenset[str] | set[str], write: Writer) -> None:
        found.append((Hostile(name, kind, frozenset(expect)), write))

    # ---- declared charsets that are not text encodings, or not charsets at all
    for i, charset in enumerate(["hex", "base64", "rot13", "zlib", "punycode", "idna", "utf-7", "undefined", "uu"]):
        add(f"0cs_{charset}.html", f"charset {charset}", STORED, _text(page(a(10 + i), f'<meta charset="{charset}">')))
    add(
        "0cs_utf16_declared.html",
        "charset utf-16 on an ASCII page",
        STORED,
        _text(page(a(20), '<meta charset="utf-16">')),
    )
    add("0cs_garbage.html", "charset garbage", STORED, _text(page(a(21), '<meta charset="x\x01;;">')))
    # ---- encodings
    add(
        "0enc_utf16_odd.txt",
        "odd-length UTF-16",
        {"undecodable", "stored"},
        _bytes(codecs.BOM_UTF16_LE + a(22).encode("utf-16-le") + b"\x00\xd8x"),
    )
    add("0enc_utf16_nobom.txt", "UTF-16 without BOM", STORED, _bytes(a(23).encode("utf-16-le")))
    add("0enc_utf16be_nobom.txt", "UTF-16 BE without BOM", STORED, _bytes(a(64).encode("utf-16-be")))
    add("0enc_utf32.txt", "UTF-32 with BOM", STORED, _bytes(a(24).encode("utf-32")))
    add(
        "0enc_mixed.txt",
        "UTF-8 and Windows-1252 mixed",
        STORED,
        _bytes(("“" + a(25) + "” ").encode() + ("“" + a(26) + "”").encode("cp1252")),
    )
    add(
        "0enc_koi8.txt",
        "KOI8-R Russian",
        {"undecodable"},
        _bytes(("Правительство заявило в понедельник о поставках пшеницы в соседнюю страну. " * 3).encode("koi8-r")),
    )
    add("0enc_bom_only.txt", "a BOM and nothing else", {"empty"}, _bytes(codecs.BOM_UTF8))
    add("0enc_bom_space.txt", "a BOM and whitespace", {"empty"}, _bytes(codecs.BOM_UTF8 + b" \n\t\n"))
    add("0enc_cesu.txt", "UTF-8-encoded surrogates", ANY, _bytes(a(27).encode() + b" \xed\xa0\x80 end."))
    add("0enc_random.txt", "random bytes", {"binary", "undecodable"}, _bytes(random.Random(7).randbytes(3000)))
    add("0enc_pdf.txt", "a PDF named .txt", {"binary"}, _bytes(b"%PDF-1.7\n" + random.Random(8).randbytes(400)))
    add("0enc_gzip.html", "gzip named .html", {"binary"}, _bytes(b"\x1f\x8b\x08\x00" + random.Random(9).randbytes(400)))
    add("0enc_zero.txt", "an empty file", {"empty"}, _bytes(b""))
    add("0enc_nuls.txt", "a file of NUL bytes", {"binary"}, _bytes(b"\x00" * 5000))
    add("0enc_controls.txt", "text and control bytes", {"binary"}, _bytes((a(28) + "\x01\x02\x03\x04" * 40).encode()))
    # ---- texts
    add(
        "0txt_escapes.txt",
        "terminal escapes in the text",
        STORED,
        _text("\x1b[2J\x1b]0;pwned\x07" + a(29) + "\x1b[31m"),
    )
    add(
        "0txt_bidi.txt",
        "bidi overrides and zero-width characters",
        STORED,
        _text("\u202e" + a(30).replace(" ", " \u200b") + "\u202c"),
    )
    add("0txt_emoji.txt", "only emoji", {"not_english", "empty"}, _text("😀🔥🚀" * 500))
    add("0txt_zalgo.txt", "combining marks flood", ANY, _text("".join(c + "\u0301" * 30 for c in a(31))))
    add(
        "0txt_arabic.txt",
        "Arabic",
        {"not_english"},
        _text("قالت الحكومة يوم الاثنين إنها سترسل القمح إلى البلد المجاور. " * 5),
    )
    add("0txt_punct.txt", "punctuation only", {"not_english", "empty"}, _text("!?.,;:-" * 300))
    add("0txt_digits.txt", "digits only", {"not_english", "empty"}, _text("1234567890 " * 300))
    add("0txt_short.txt", "too short", {"empty"}, _text("Hi."))
    add("0txt_nul_jsonl_like.txt", "one NUL byte in a text file", {"binary"}, _bytes(a(32).encode() + b"\x00"))
    add("0txt_long_line.txt", "one 60 KB paragraph", STORED, _text(" ".join(a(i) for i in range(200, 340))))
    add("0txt_too_large.txt", "over nlp.max_chars", {"too_large"}, _text(a(33) * 1400))
    # ---- markup
    add(
        "0html_deep.html",
        "HTML nested 100,000 deep",
        {"malformed", "stored"},
        _text("<html><body>" + "<div>" * 100_000 + f"<p>{a(34)}</p>" + "</div>" * 100_000 + "</body></html>"),
    )
    add("0html_script.html", "HTML with only a script", {"malformed"}, _text("<html><script>alert(1)</script></html>"))
    add(
        "0html_entities.html",
        "HTML with NUL and surrogate entities",
        ANY,
        _text(page("&#0;&#xD800;&#x110000;&#55296; " + a(35))),
    )
    add(
        "0html_bomb.html",
        "entity expansion bomb",
        ANY,
        _text(
            '<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            + page("&b;&b;" + a(36))
        ),
    )
    add(
        "0md_nested.md",
        "Markdown nested lists",
        ANY,
        _text("\n".join("  " * i + "- item" for i in range(3000)) + "\n\n" + a(37)),
    )
    # ---- JSON Lines
    add("0jl_deep.jsonl", "JSON nested 1,100 deep", {"malformed"}, _lines(deep))
    add("0jl_bigint.jsonl", "an integer of 4,301 digits", {"malformed"}, _lines(big_int))
    add(
        "0jl_nan.jsonl",
        "NaN and 1e999",
        {"malformed", "stored"},
        _lines('{"text": NaN}', '{"text": "' + a(38) + '", "title": 1e999, "published": NaN}'),
    )
    add(
        "0jl_surrogates.jsonl",
        "lone surrogates in every field",
        STORED,
        _lines('{"text": "' + a(39) + ' \\ud800", "title": "\\udc00 t", "outlet": "\\ud83d", "\\udfff": 1}'),
    )
    add(
        "0jl_nul.jsonl",
        "NUL characters in the text",
        STORED,
        _lines('{"text": "' + a(40).replace(" ", "\\u0000 ", 3) + '"}'),
    )
    add(
        "0jl_binary_text.jsonl",
        "a JSON string of control characters",
        {"binary"},
        _lines(json.dumps({"text": "\x00\x01\x02\x03" * 200})),
    )
    add("0jl_types.jsonl", "fields of the wrong type", {"malformed", "stored"},
        _jsonl({"text": 5}, {"text": ["a", "b"]}, {"text": None}, {"text": True},
               {"text": a(44), "title": {"x": 1}, "outlet": [1], "url": 3, "published": [2020]}))  # fmt: skip
    add(
        "0jl_no_newline.jsonl",
        "final line without a newline",
        STORED,
        _bytes((json.dumps({"text": a(45)}) + "\n" + json.dumps({"text": a(46)})).encode()),
    )
    add("0jl_empties.jsonl", "5,000 empty objects", {"malformed"}, _lines(*["{}"] * 5000))
    add("0jl_empty.jsonl", "an empty .jsonl", {"empty"}, _bytes(b""))
    add("0jl_blank.jsonl", "a whitespace-only .jsonl", {"empty"}, _bytes(b"  \n\n\t\r\n"))
    add(
        "0jl_cr.jsonl",
        "lines ended by CR alone",
        STORED,
        _bytes((json.dumps({"text": a(47)}) + "\r" + json.dumps({"text": a(48)}) + "\r").encode()),
    )
    add("0jl_scalars.jsonl", "lines that are not objects", {"malformed"}, _lines("[]", '"text"', "1", "null", "true"))
    add(
        "0jl_not_utf8.jsonl",
        "a line that is not UTF-8",
        {"undecodable", "stored"},
        _bytes(b'{"text": "caf\xe9 ' + a(49).encode() + b'"}\n' + json.dumps({"text": a(50)}).encode() + b"\n"),
    )
    add("0jl_dates.jsonl", "published values that are not dates", STORED,
        _jsonl({"text": a(51), "published": "yesterday"}, {"text": a(52), "published": "9999-99-99"},
               {"text": a(53), "published": "x" * 10_000}, {"text": a(54), "published": 1e308}))  # fmt: skip
    add(
        "0jl_huge_line.jsonl",
        "a line over ingest.max_bytes",
        {"too_large", "stored"},
        _lines(json.dumps({"text": "w " * 1_100_000}), json.dumps({"text": a(55)})),
    )
    add("0jl_keys.jsonl", "a 100,000-character key", {"malformed"}, _lines(json.dumps({"k" * 100_000: 1})))
    # ---- the file system
    add("0fs_loop", "two links pointing at each other", {"unreadable"}, _loop)
    add("0fs_self", "a link to itself", {"unreadable"}, _link("0fs_self"))
    add("0fs_dangling.txt", "a dangling link", {"unreadable"}, _link("nowhere/at/all.txt"))
    add("0fs_parent", "a link to the folder it is in", {"unreadable"}, _link("."))
    add("0fs_fifo.txt", "a named pipe", {"unreadable"}, _fifo)
    add("0fs_socket.txt", "a socket", {"unreadable"}, _socket)
    add("0fs_device.txt", "a link to a device", {"unreadable"}, _link("/dev/zero"))
    add("0fs_folder.txt", "an empty folder named like a file", {"empty"}, _folder())
    add("0fs_folder.html", "a folder named like a file, with an article", STORED, _folder(("in.txt", a(56))))
    add(b"0fs_name_\xff\xfe.txt", "a file name that is not UTF-8", STORED, _text(a(57)))
    add("0fs_name_\x1b[31m\x1b]0;x\x07.txt", "a file name with terminal escapes", STORED, _text(a(58)))
    add("0fs_name_[blink][red]x.txt", "a file name with Rich markup", STORED, _text(a(59)))
    add("0fs_name_line\nbreak.txt", "a file name with a line break", STORED, _text(a(60)))
    add("0fs_" + "n" * 240 + ".txt", "a 248-byte file name", STORED, _text(a(61)))
    add("0fs_deep", "a folder 60 levels deep", STORED, _deep_folders(60, a(62)))
    add("0fs_nosuffix", "a file without a suffix", {"unsupported"}, _text(a(63)))
    add("0fs_doc.docx", "an unsupported suffix", {"unsupported"}, _bytes(b"PK\x03\x04"))
    add(
        "0fs_sidecar_binary",
        "a binary metadata sidecar",
        {"malformed", "stored"},
        _sidecar_folder(b"\x00\x01PK\x03\x04" * 100),
    )
    add(
        "0fs_sidecar_nul",
        "a sidecar with a NUL in a field",
        {"malformed", "stored"},
        _sidecar_folder(b"file,title\nbeside.txt,a\x00b\n"),
    )
    add(
        "0fs_sidecar_field",
        "a sidecar with a 200 KB field",
        {"malformed", "stored"},
        _sidecar_folder(b'file,title\nbeside.txt,"' + b"x" * 200_000 + b'"\n'),
    )
    add(
        "0fs_sidecar_jsonl",
        "a JSONL sidecar nested 1,100 deep",
        {"malformed", "stored"},
        _sidecar_folder(deep.encode(), "metadata.jsonl"),
    )
    add("0fs_sidecar_fifo", "a sidecar that is a named pipe", {"unreadable", "stored"}, _fifo_sidecar)
    if os.geteuid() != 0:  # root reads files whatever their mode
        add("0fs_unreadable.txt", "a file without read permission", {"unreadable"}, _unreadable)
    return found


def write_hostile(root: Path) -> dict[str, Hostile]:
    """Write every kind under ``root``; return them by the label their records carry (``source_label``)."""
    from newsgraph.ingest.normalize import source_label

    root.mkdir(parents=True, exist_ok=True)
    written: dict[str, Hostile] = {}
    for item, write in kinds():
        path = Path(os.fsdecode(os.path.join(os.fsencode(root), os.fsencode(item.name))))
        write(path)
        written[source_label(path)] = item
    return written


def hostile_texts() -> list[tuple[str, str]]:
    """(kind, text) pairs to POST: the text-level kinds of ``kinds`` and a few only a JSON body can carry."""
    a = article
    return [
        ("escapes", "\x1b[2J\x1b]0;pwned\x07" + a(70)),
        ("bidi", "\u202e" + a(71) + "\u202c"),
        ("emoji", "😀🔥🚀" * 500),
        ("zalgo", "".join(c + "\u0301" * 30 for c in a(72))),
        ("arabic", "قالت الحكومة يوم الاثنين إنها سترسل القمح إلى البلد المجاور. " * 5),
        ("hi", "hi"),
        ("russian", "Правительство заявило в понедельник о поставках пшеницы в соседнюю страну. " * 3),
        ("nul", a(73).replace(" ", "\x00 ", 3)),
        ("binary", "\x00\x01\x02\x03" * 200),
        ("surrogate", a(74) + " \ud800"),
        ("punctuation", "!?.,;:-" * 300),
        ("one long line", " ".join(a(i) for i in range(300, 400))),
        ("markup", "[bold][/] <script>alert(1)</script> " + a(75)),
        ("html", page(a(76))),
        ("json in text", json.dumps({"text": a(77)})),
        ("war x 2,000", a(78) + " " + "war " * 2_000),
        ("symbols x 1,000", a(79) + " " + "§" * 1_000),
    ]


def random_inputs(rng: random.Random, n: int) -> list[tuple[str, bytes]]:
    """``n`` generated (file name, bytes) inputs: mutated articles, junk, odd JSON, odd charsets."""
    makers = [_mutated, _junk, _json_line, _charset_page, _repeated]
    inputs = []
    for i in range(n):
        make = rng.choice(makers)
        suffix, data = make(rng, i)
        inputs.append((f"{i:05d}_{make.__name__.strip('_')}{suffix}", data))
    return inputs


def _mutated(rng: random.Random, i: int) -> tuple[str, bytes]:
    data = bytearray(article(i, rng.randint(1, 8)).encode())
    for _ in range(rng.randint(1, 40)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    if rng.random() < 0.3:
        del data[rng.randrange(len(data)) :]
    return rng.choice([".txt", ".md", ".html"]), bytes(data)


def _junk(rng: random.Random, i: int) -> tuple[str, bytes]:
    size = rng.choice([0, 1, 2, 3, 64, 4096, 100_000])
    alphabet = rng.choice([bytes(range(256)), b"\x00\xff\xfe", b"<>/&;#x0", b'{}[]",:', b" \n\r\t"])
    return rng.choice([".txt", ".html", ".jsonl", ".md"]), bytes(rng.choice(alphabet) for _ in range(size))


def _json_line(rng: random.Random, i: int) -> tuple[str, bytes]:
    values: list[object] = [article(i), None, 1, -1.5, True, [], {}, "\ud800", "\x00", "x" * 10_000, [article(i)]]
    record = {k: rng.choice(values) for k in rng.sample(["text", "title", "outlet", "url", "published", "x"], 4)}
    line = json.dumps(record, allow_nan=True)
    if rng.random() < 0.2:
        line = line[: rng.randrange(len(line) + 1)]
    if rng.random() < 0.1:
        line = "[" * rng.randint(500, 5000) + line
    return ".jsonl", (line + rng.choice(["\n", "\r\n", "\r", ""])).encode("utf-8", "surrogatepass")


def _charset_page(rng: random.Random, i: int) -> tuple[str, bytes]:
    charset = rng.choice([*sorted(set(encodings.aliases.aliases.values())), "hex", "rot13", "x", ""])
    return ".html", page(article(i), f'<meta charset="{charset}">').encode()


def _repeated(rng: random.Random, i: int) -> tuple[str, bytes]:
    unit = rng.choice(["war ", "the war and the ", "§", "a", "Mr. ", "\n", ". ", "“", "(", "Ivan Petrov, "])
    # mostly short runs; now and then one of the sizes that once took minutes (issue 17)
    times = rng.choice([10, 100, 1_000]) if rng.random() < 0.97 else rng.choice([3_000, 20_000])
    return ".txt", (article(i) + " " + unit * times).encode()


def is_special(path: Path) -> bool:
    """A pipe, socket or device (tests clean these up apart: some tools choke on them)."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)
