"""Finding inputs: files and folders as the file system has them.

Folders are walked recursively in sorted order (runs are deterministic).
Everything found is either an input to read or a ``Skipped`` that says why
not; nothing found is lost without a word, except hidden names and the
files operating systems leave in folders.

The file system is taken as it is:

- symbolic links are followed; a loop, a dangling link, or a link to a folder
  already walked is recorded, never followed forever;
- pipes, sockets and devices are recorded and never opened (reading a FIFO
  blocks until something writes to it);
- a folder named like a file (``x.txt/``) is walked like any folder, and
  recorded as ``empty`` when nothing in it is read;
- names that are not UTF-8 or hold control characters are labelled with
  escapes (``source_label``), so no message prints them raw.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsgraph.config import Options
from newsgraph.errors import IngestError
from newsgraph.ingest.metadata import SIDECAR_NAMES, Sidecar, load_sidecar
from newsgraph.ingest.normalize import source_label
from newsgraph.models import Skipped, failure

# Files every operating system or editor leaves in folders; never articles, never worth a message.
_JUNK = frozenset({"Thumbs.db", "desktop.ini", "Icon\r"})


@dataclass(frozen=True)
class Input:
    path: Path
    source: str  # the path as a label (source_label)
    root: Path | None  # the folder it was found in, as given; None for a file named directly
    sidecars: tuple[Sidecar, ...] = ()  # nearest folder's sidecar first


def list_inputs(paths: list[Path], options: Options, exclude: set[str]) -> Iterator[Input | Skipped]:
    """Inputs under ``paths`` in order; ``exclude`` holds real paths never to read (an explicit sidecar)."""
    seen: set[tuple[int, int]] = set()  # files and folders met, by device and inode
    beside: dict[Path, Sidecar | None] = {}  # sidecars next to files named directly, read once per folder
    for path in paths:
        try:  # a path that cannot be listed costs only itself (a folder is listed whole before it yields)
            yield from _list_path(path, options, exclude, seen, beside)
        except Exception as exc:
            yield failure(source_label(path), "listing", exc)


def _list_path(
    path: Path, options: Options, exclude: set[str], seen: set[tuple[int, int]], beside: dict[Path, Sidecar | None]
) -> Iterator[Input | Skipped]:
    found = _stat(path)
    if isinstance(found, Skipped):
        yield found
    elif stat.S_ISDIR(found.st_mode):
        yield from _walk(path, options, exclude, seen)
    elif not stat.S_ISREG(found.st_mode):
        yield _not_regular(path, found)
    elif _key(found) not in seen:
        seen.add(_key(found))
        if path.suffix.lower() not in options.ingest.suffixes:
            yield _unsupported(path, options)
            return
        if path.parent not in beside:
            sidecar = _find_sidecar(path.parent, exclude)
            if isinstance(sidecar, Skipped):
                yield sidecar
            beside[path.parent] = sidecar if isinstance(sidecar, Sidecar) else None
        near = beside[path.parent]
        yield Input(path, source_label(path), None, (near,) if near else ())


def _walk(root: Path, options: Options, exclude: set[str], seen: set[tuple[int, int]]) -> Iterator[Input | Skipped]:
    found: list[Input | Skipped] = []
    sidecars: dict[Path, Sidecar] = {}
    folders = [root]  # a stack, not recursion: folders may nest deeper than Python's stack
    while folders:
        folder = folders.pop()
        info = _stat(folder)
        if isinstance(info, Skipped):
            found.append(info)
            continue
        if _key(info) in seen:
            if os.path.islink(folder):  # a folder named twice on the command line needs no word
                found.append(Skipped(source_label(folder), "unreadable", "symbolic link to a folder read already"))
            continue
        seen.add(_key(info))
        try:
            with os.scandir(folder) as entries:
                names = sorted(e.name for e in entries)
        except OSError as exc:
            found.append(Skipped(source_label(folder), "unreadable", f"cannot list folder: {exc.strerror or exc}"))
            continue
        sidecar = _find_sidecar(folder, exclude)
        if isinstance(sidecar, Skipped):
            found.append(sidecar)
        elif sidecar is not None:
            sidecars[folder] = sidecar
        before = len(found)
        subfolders: list[Path] = []
        for name in names:
            path = folder / name
            if name.startswith(".") or name in _JUNK or name in SIDECAR_NAMES:
                continue
            try:
                entry = _entry(path, root, options, exclude, seen, sidecars)
            except Exception as exc:  # an error of newsgraph's own costs this name only
                entry = failure(source_label(path), "listing", exc)
            if isinstance(entry, Path):
                subfolders.append(entry)
            elif entry is not None:
                found.append(entry)
        if not subfolders and len(found) == before and folder.suffix.lower() in options.ingest.suffixes:
            found.append(
                Skipped(source_label(folder), "empty", "a folder named like a file, with nothing in it to read")
            )
        folders.extend(reversed(subfolders))
    found.sort(key=lambda e: e.source)
    yield from found


def _entry(
    path: Path,
    root: Path,
    options: Options,
    exclude: set[str],
    seen: set[tuple[int, int]],
    sidecars: dict[Path, Sidecar],
) -> Input | Skipped | Path | None:
    """What one name in a folder is: an input, a skip, a folder to walk (its path), or nothing to report."""
    info = _stat(path)
    if isinstance(info, Skipped):
        return info
    if stat.S_ISDIR(info.st_mode):
        return path
    if os.path.realpath(path) in exclude or _key(info) in seen:
        return None
    if not stat.S_ISREG(info.st_mode):
        return _not_regular(path, info)
    seen.add(_key(info))
    if path.suffix.lower() not in options.ingest.suffixes:
        return _unsupported(path, options)
    nearest = tuple(sidecars[p] for p in (path.parent, *path.parent.parents) if p in sidecars)
    return Input(path, source_label(path), root, nearest)


def _stat(path: Path) -> os.stat_result | Skipped:
    """What ``path`` is, following links; or a ``Skipped`` saying why that cannot be known."""
    try:
        return os.stat(path)
    except OSError as exc:
        return _unreachable(path, exc)


def _unreachable(path: Path, exc: OSError) -> Skipped:
    source = source_label(path)
    if exc.errno == errno.ELOOP:
        return Skipped(source, "unreadable", "symbolic link loop (the link leads back to itself)")
    if os.path.islink(path):
        try:
            target = source_label(os.readlink(path))
        except OSError:
            target = "?"
        return Skipped(source, "unreadable", f"broken symbolic link (points to {target})")
    if exc.errno == errno.ENOENT:
        return Skipped(source, "unreadable", "no such file or folder")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Skipped(source, "unreadable", "permission denied; make it readable (chmod +r)")
    return Skipped(source, "unreadable", f"cannot read: {exc.strerror or exc}")


def _key(info: os.stat_result) -> tuple[int, int]:
    return info.st_dev, info.st_ino


def _find_sidecar(folder: Path, exclude: set[str]) -> Sidecar | Skipped | None:
    """The ``metadata.csv`` (or else ``metadata.jsonl``) in ``folder``, or why it cannot be used."""
    for name in SIDECAR_NAMES:
        path = folder / name
        if (os.path.lexists(path)) and os.path.realpath(path) not in exclude:
            try:
                return load_sidecar(path)
            except IngestError as exc:
                return Skipped(exc.path, exc.reason, exc.detail + "; the articles beside it are read without it")
    return None


def _not_regular(path: Path, info: os.stat_result) -> Skipped:
    # Never opened: reading a FIFO blocks until something writes to it, a device may never end.
    mode = info.st_mode
    what = (
        "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "not a regular file"
    )
    return Skipped(source_label(path), "unreadable", f"{what}, not a regular file; save the article to a file")


def _unsupported(path: Path, options: Options) -> Skipped:
    suffix = source_label(path.suffix)
    kind = f"'{suffix}' files are" if suffix else "files without a suffix are"
    return Skipped(
        source_label(path),
        "unsupported",
        f"{kind} not read; newsgraph reads {', '.join(options.ingest.suffixes)} (set ingest.suffixes to change this)",
    )
