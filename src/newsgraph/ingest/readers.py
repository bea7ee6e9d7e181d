"""Read inputs into ``Document``s, or ``Skipped`` records that say why not.

``read_inputs`` walks files and folders (recursively, in sorted order, so
runs are deterministic), reads plain text, Markdown, HTML and JSON Lines,
applies sidecar metadata, and checks every text before it becomes a
document: empty, binary, undecodable, too large, not English, malformed,
unreadable or unsupported inputs each become a ``Skipped`` with the source
path and a sentence a person can act on.  Nothing here raises for one bad
input; only an explicitly named ``--metadata`` file that cannot be used
stops the run, because the user asked for it.

Duplicates are not dropped here: the same text under two paths yields two
documents with the same id, and the ingest job counts the later one as
already present.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsgraph.config import Options
from newsgraph.errors import IngestError
from newsgraph.ingest.decode import decode, refuse_binary
from newsgraph.ingest.metadata import SIDECAR_NAMES, Metadata, Sidecar, load_sidecar, metadata_from
from newsgraph.ingest.normalize import english_ratio, make_document, normalise
from newsgraph.models import Document, Skipped

PLAIN = (".txt", ".text")
MARKDOWN = (".md", ".markdown")
HTML = (".html", ".htm")
JSONL = (".jsonl", ".ndjson")
# Files every operating system or editor leaves in folders; never articles, never worth a message.
_JUNK = frozenset({"Thumbs.db", "desktop.ini", "Icon\r"})

# A first line this short, without a closing full stop, is a headline rather than a paragraph.
HEADLINE_MAX_CHARS = 160
HEADLINE_MAX_WORDS = 28


@dataclass(frozen=True)
class _Input:
    path: Path
    root: Path | None  # the folder it was found in, as given; None for a file named directly
    sidecars: tuple[Sidecar, ...] = ()  # nearest folder's sidecar first


def read_inputs(
    paths: list[Path],
    options: Options,
    metadata: str | Path | None = None,
    on_found: Callable[[int], None] | None = None,
) -> Iterator[Document | Skipped]:
    """Documents and skips from ``paths``; ``on_found(n)`` gets the number of inputs once they are listed."""
    explicit = load_sidecar(Path(metadata)) if metadata is not None else None
    exclude = {Path(metadata).resolve()} if metadata is not None else set()
    entries = list(_list_inputs([Path(p) for p in paths], options, exclude))
    if on_found:
        on_found(sum(_count(e) for e in entries))
    for entry in entries:
        if isinstance(entry, Skipped):
            yield entry
            continue
        sidecars = (explicit, *entry.sidecars) if explicit else entry.sidecars
        if entry.path.suffix.lower() in JSONL:
            yield from _read_jsonl(entry.path, options)
            continue
        try:
            yield _read_file(entry, sidecars, options)
        except IngestError as exc:
            yield Skipped(exc.path, exc.reason, exc.detail)
        except Exception as exc:
            yield failure(str(entry.path), "reading", exc)


def failure(source: str, stage: str, exc: Exception) -> Skipped:
    """An input lost to an error of newsgraph's own: a skip that says where, not a stopped batch."""
    return Skipped(
        source, "failed", f"{stage} failed: {type(exc).__name__}: {exc}; please report this with the input file"
    )


# ------------------------------------------------------------------ listing
def _list_inputs(paths: list[Path], options: Options, exclude: set[Path]) -> Iterator[_Input | Skipped]:
    seen: set[Path] = set()
    beside: dict[Path, Sidecar | None] = {}  # sidecars next to files named directly, read once per folder
    for path in paths:
        try:  # a path that cannot be listed costs only itself (a folder is listed whole before it yields)
            yield from _list_path(path, options, exclude, seen, beside)
        except Exception as exc:
            yield failure(str(path), "listing", exc)


def _list_path(
    path: Path, options: Options, exclude: set[Path], seen: set[Path], beside: dict[Path, Sidecar | None]
) -> Iterator[_Input | Skipped]:
    if path.is_symlink() and not path.exists():
        yield Skipped(str(path), "unreadable", f"broken symbolic link (points to {os.readlink(path)})")
    elif not path.exists():
        yield Skipped(str(path), "unreadable", "no such file or folder")
    elif path.is_dir():
        yield from _walk(path, options, exclude, seen)
    elif not path.is_file():
        yield _not_regular(path)
    elif path.resolve() not in seen:
        seen.add(path.resolve())
        if path.suffix.lower() not in options.ingest.suffixes:
            yield _unsupported(path, options)
            return
        if path.parent not in beside:
            found = _find_sidecar(path.parent, exclude)
            if isinstance(found, Skipped):
                yield found
            beside[path.parent] = found if isinstance(found, Sidecar) else None
        sidecar = beside[path.parent]
        yield _Input(path, None, (sidecar,) if sidecar else ())


def _walk(root: Path, options: Options, exclude: set[Path], seen: set[Path]) -> Iterator[_Input | Skipped]:
    found: list[_Input | Skipped] = []
    sidecars: dict[Path, Sidecar] = {}

    def unreadable_folder(exc: OSError) -> None:
        found.append(Skipped(str(exc.filename or root), "unreadable", f"cannot list folder: {exc.strerror or exc}"))

    files: list[Path] = []
    for folder, dirs, names in os.walk(root, onerror=unreadable_folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = Path(folder)
        for name in sorted(names):
            path = here / name
            if not (name.startswith(".") or name in _JUNK or name in SIDECAR_NAMES or path.resolve() in exclude):
                files.append(path)
        sidecar = _find_sidecar(here, exclude)
        if isinstance(sidecar, Skipped):
            found.append(sidecar)
        elif sidecar is not None:
            sidecars[here] = sidecar
    for path in files:
        try:
            entry = _file_entry(path, root, options, seen, sidecars)
        except Exception as exc:
            entry = failure(str(path), "listing", exc)
        if entry is not None:
            found.append(entry)
    found.sort(key=lambda e: str(e.source if isinstance(e, Skipped) else e.path))
    yield from found


def _file_entry(
    path: Path, root: Path, options: Options, seen: set[Path], sidecars: dict[Path, Sidecar]
) -> _Input | Skipped | None:
    resolved = path.resolve()
    if resolved in seen:
        return None
    seen.add(resolved)
    if path.is_symlink() and not path.exists():
        return Skipped(str(path), "unreadable", f"broken symbolic link (points to {os.readlink(path)})")
    if not path.is_file():
        return _not_regular(path)
    if path.suffix.lower() not in options.ingest.suffixes:
        return _unsupported(path, options)
    nearest = tuple(sidecars[p] for p in (path.parent, *path.parent.parents) if p in sidecars)
    return _Input(path, root, nearest)


def _find_sidecar(folder: Path, exclude: set[Path]) -> Sidecar | Skipped | None:
    """The ``metadata.csv`` (or else ``metadata.jsonl``) in ``folder``, or why it cannot be used."""
    for name in SIDECAR_NAMES:
        path = folder / name
        if path.is_file() and path.resolve() not in exclude:
            try:
                return load_sidecar(path)
            except IngestError as exc:
                return Skipped(exc.path, exc.reason, exc.detail + "; the articles beside it are read without it")
    return None


def _not_regular(path: Path) -> Skipped:
    # Reading a FIFO or a device would block or never end.
    return Skipped(str(path), "unreadable", "not a regular file (a pipe, socket or device); save the article to a file")


def _unsupported(path: Path, options: Options) -> Skipped:
    kind = f"'{path.suffix}' files are" if path.suffix else "files without a suffix are"
    return Skipped(
        str(path),
        "unsupported",
        f"{kind} not read; newsgraph reads {', '.join(options.ingest.suffixes)} (set ingest.suffixes to change this)",
    )


def _count(entry: _Input | Skipped) -> int:
    """How many results an entry will yield: one, or one per non-blank line of a JSON Lines file."""
    if isinstance(entry, Skipped) or entry.path.suffix.lower() not in JSONL:
        return 1
    try:
        with entry.path.open("rb") as f:
            return max(1, sum(1 for line in f if line.strip()))
    except OSError:
        return 1


# ------------------------------------------------------------------ reading
def _read_bytes(path: Path, options: Options) -> bytes:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > options.ingest.max_bytes:
            raise IngestError(
                source,
                "too_large",
                f"file is {size:,} bytes; ingest.max_bytes is {options.ingest.max_bytes:,} "
                "(raise it with --set ingest.max_bytes=N if this really is one article)",
            )
        return path.read_bytes()
    except PermissionError:
        raise IngestError(source, "unreadable", "permission denied; make the file readable (chmod +r)") from None
    except FileNotFoundError:
        raise IngestError(source, "unreadable", "file vanished before it could be read") from None
    except OSError as exc:
        raise IngestError(source, "unreadable", f"cannot read file: {exc.strerror or exc}") from None


def _read_file(entry: _Input, sidecars: tuple[Sidecar, ...], options: Options) -> Document:
    path, source = entry.path, str(entry.path)
    suffix = path.suffix.lower()
    data = _read_bytes(path, options)
    if not data.strip():
        raise IngestError(source, "empty", "empty file: 0 bytes" if not data else "the file holds only whitespace")
    text = decode(data, source, html=suffix in HTML)
    found = Metadata()
    if suffix in HTML:
        from newsgraph.ingest.html import extract_page

        page = extract_page(text, source, options.ingest.min_chars)
        text, found = page.text, page.metadata
    elif suffix in MARKDOWN:
        from newsgraph.ingest.markdown import markdown_to_text

        md = markdown_to_text(text, source)
        text, found = md.text, md.metadata
    for sidecar in reversed(sidecars):  # the nearest (and an explicit --metadata) win
        row = sidecar.lookup(path, entry.root)
        if row is not None:
            found = row.over(found)
    return accept(text, source, found, options, plain=suffix not in HTML and suffix not in MARKDOWN)


def _read_jsonl(path: Path, options: Options) -> Iterator[Document | Skipped]:
    """One document per line; a bad line is skipped on its own and the rest go on."""
    try:
        with path.open("rb") as f:
            refuse_binary(f.read(65536), str(path))
            f.seek(0)
            for number, raw in enumerate(f, 1):
                if raw.strip():
                    try:
                        yield _jsonl_document(raw, f"{path}#{number}", options)
                    except IngestError as exc:
                        yield Skipped(exc.path, exc.reason, exc.detail)
                    except Exception as exc:
                        yield failure(f"{path}#{number}", "reading", exc)
    except IngestError as exc:
        yield Skipped(exc.path, exc.reason, exc.detail)
    except PermissionError:
        yield Skipped(str(path), "unreadable", "permission denied; make the file readable (chmod +r)")
    except OSError as exc:
        yield Skipped(str(path), "unreadable", f"cannot read file: {exc.strerror or exc}")


def _jsonl_document(raw: bytes, source: str, options: Options) -> Document:
    if len(raw) > options.ingest.max_bytes:
        raise IngestError(
            source, "too_large", f"line is {len(raw):,} bytes; ingest.max_bytes is {options.ingest.max_bytes:,}"
        )
    try:
        record = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise IngestError(
            source, "undecodable", f"line is not valid UTF-8 (bad byte at {exc.start}); JSON Lines must be UTF-8"
        ) from None
    except json.JSONDecodeError as exc:
        raise IngestError(source, "malformed", f"line is not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise IngestError(source, "malformed", f'line is a JSON {type(record).__name__}, not an object with "text"')
    text = record.get("text")
    if not isinstance(text, str):
        keys = ", ".join(sorted(record)) or "none"
        what = 'has no "text" field' if text is None else f'has a "text" that is a {type(text).__name__}'
        raise IngestError(source, "malformed", f'line {what} (keys: {keys}); each line needs the article as "text"')
    return accept(text, source, metadata_from(record, source), options, plain=True)


# ------------------------------------------------------------------ checks
def accept(text: str, source: str, metadata: Metadata, options: Options, *, plain: bool = False) -> Document:
    """Normalise ``text`` and check it is an English article of a workable size; ``IngestError`` if not."""
    clean = normalise(text)
    if len(clean) < options.ingest.min_chars:
        detail = "no text" if not clean else f"only {len(clean)} characters of text"
        raise IngestError(
            source, "empty", f"{detail} after normalisation; ingest.min_chars is {options.ingest.min_chars}"
        )
    if len(clean) > options.nlp.max_chars:
        raise IngestError(
            source,
            "too_large",
            f"{len(clean):,} characters of text; nlp.max_chars is {options.nlp.max_chars:,} "
            "(split the file into articles, or raise nlp.max_chars if memory allows)",
        )
    ratio = english_ratio(clean)
    if ratio < options.ingest.min_english_ratio:
        raise IngestError(
            source,
            "not_english",
            f"not English ({ratio:.0%} English function words, ingest.min_english_ratio is "
            f"{options.ingest.min_english_ratio:.0%}); newsgraph reads English only",
        )
    title = metadata.title if metadata.title is not None or not plain else headline(clean)
    return make_document(
        clean, source=source, title=title, outlet=metadata.outlet, url=metadata.url, published=metadata.published
    )


def headline(text: str) -> str | None:
    """The first line when it reads as a headline; the text keeps it either way.

    A headline is short, has no closing full stop, colon or comma, and is set
    off from the body: by a blank line, or by being much shorter than the
    paragraph that follows (hard-wrapped prose has lines of similar length).
    """
    first, newline, rest = text.partition("\n")
    first = first.strip()
    if not newline or not rest.strip() or first.startswith("By "):
        return None
    if not 2 <= len(first.split()) <= HEADLINE_MAX_WORDS or len(first) > HEADLINE_MAX_CHARS:
        return None
    if first.endswith((".", ",", ":", ";", "-", "—")) and not first.endswith("..."):
        return None
    if rest.startswith("\n"):
        return first
    following = rest.split("\n", 1)[0].strip()
    return first if len(following) >= 2 * len(first) else None
