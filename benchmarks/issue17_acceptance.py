"""The acceptance checks of issue 17 (hostile input), end to end, on real text.

1. ``batch``: about 40 real news articles (../shared/eval/realnews, as .txt,
   .html and JSON Lines lines, in subfolders, beside broken metadata sidecars)
   with every hostile kind of tests/hostile.py and the pathological texts the
   issue names sorted before them, through ``newsgraph ingest`` with its
   defaults: every article stored, every hostile input stored or skipped with a
   reason, no traceback, exit 0 or 1, and the time it took.
2. ``post``: every hostile text POSTed alone to ``newsgraph serve
   --allow-write``: each answered 2xx or 4xx, and the server answers after each.
3. ``mistakes``: operator mistakes on the command line: exit 2, one line, no traceback.

Everything is built under a temporary folder; nothing from ../shared is
written into the repository.

    python benchmarks/issue17_acceptance.py [batch] [post] [mistakes] [--articles 40] [--keep DIR]
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
OUT = ROOT / "out" / "bench"
sys.path.insert(0, str(ROOT / "tests"))

from realnews import FNC1, fnc1_bodies  # noqa: E402

from hostile import hostile_texts, write_hostile  # noqa: E402
from newsgraph.ingest.normalize import source_label  # noqa: E402

NEWSGRAPH = [sys.executable, "-m", "newsgraph.cli"]
NAMES = ["Anna", "Boris", "Chen", "Dara", "Emeka", "Farah", "Goran", "Hana", "Ivo", "Jun"]


def pathological() -> dict[str, str]:
    """The texts the issue found slow or fatal, at the sizes it names."""
    rng = random.Random(3)
    sentences = []
    for i in range(3000):
        a = f"{rng.choice(NAMES)} {chr(65 + i % 26)}{chr(97 + (i // 26) % 26)}{i}son"
        b = f"{rng.choice(NAMES)} {chr(66 + i % 25)}{chr(98 + (i // 25) % 25)}{i}berg"
        sentences.append(f"{a} met {b} in the capital on Monday.")
    ordinary = " ".join(f"The minister said on day {i} that talks would continue." for i in range(300))
    return {
        "0big_war_36000.txt": ordinary + " " + "war " * 36_000,
        "0big_symbols_30000.txt": ordinary + " " + "§" * 30_000,
        "0big_runon_3200.txt": "the war and the " * 3_200,
        "0big_names_6000.txt": " ".join(sentences),
    }


def real_articles(count: int) -> list[str]:
    if not FNC1.is_file():
        raise SystemExit(f"needs ../shared/eval/realnews (real text, not in the repository): {FNC1} is absent")
    bodies = fnc1_bodies()
    chosen, seen = [], set()
    for body in bodies:
        key = body[:200]
        if 1500 <= len(body) <= 6000 and key not in seen and body.isascii():
            seen.add(key)
            chosen.append(body)
        if len(chosen) == count:
            break
    return chosen


def build_batch(root: Path, count: int) -> tuple[set[str], dict[str, str]]:
    """Write the batch; return (article sources, hostile label -> kind)."""
    hostile = {label: h.kind for label, h in write_hostile(root).items()}
    for name, text in pathological().items():
        (root / name).write_text(text)
        hostile[source_label(root / name)] = name
    (root / "0big_empties.jsonl").write_text("{}\n" * 20_000)
    hostile[source_label(root / "0big_empties.jsonl")] = "20,000 empty objects"
    valid: set[str] = set()
    texts, pages, feed = root / "valid" / "text", root / "valid" / "html" / "world", root / "valid" / "feeds"
    for folder in (texts, pages, feed):
        folder.mkdir(parents=True)
    (texts / "metadata.csv").write_bytes(b"file,title\n\x00\x01\x02PK" * 10)  # broken sidecars beside them
    (pages.parent / "metadata.jsonl").write_text('{"file": "a.html", "title": [}\n')
    lines = []
    for i, body in enumerate(real_articles(count)):
        if i % 3 == 0:
            path = texts / f"article_{i:02d}.txt"
            path.write_text(body)
            valid.add(source_label(path))
        elif i % 3 == 1:
            paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n") if p.strip())
            path = pages / f"article_{i:02d}.html"
            path.write_text(
                f"<html><head><title>Article {i}</title></head><body><nav><a href='/'>Home</a></nav>"
                f"<article>{paragraphs}</article><footer>Copyright</footer></body></html>"
            )
            valid.add(source_label(path))
        else:
            lines.append(json.dumps({"text": body, "title": f"Article {i}", "outlet": "Wire"}))
    (feed / "wire.jsonl").write_text("\n".join(lines) + "\n")
    valid |= {f"{source_label(feed / 'wire.jsonl')}#{n}" for n in range(1, len(lines) + 1)}
    return valid, hostile


def owner(source: str, labels: dict[str, str]) -> str | None:
    best = None
    for label in labels:
        if source == label or (source.startswith(label) and source[len(label)] in "#/."):
            best = label if best is None or len(label) > len(best) else best
    return best


def batch(tmp: Path, count: int) -> dict[str, Any]:
    from newsgraph.store import Store

    root = tmp / "batch"
    valid, hostile = build_batch(root, count)
    db = tmp / "batch.duckdb"
    started = time.monotonic()
    done = subprocess.run([*NEWSGRAPH, "ingest", str(root), "--db", str(db), "--quiet"], capture_output=True, text=True)
    seconds = time.monotonic() - started
    with Store(db, read_only=True) as store:
        stored = {d.source for d in store.documents()}
        skipped = {s.source: s for s in store.skipped()}
    outcome: dict[str, list[str]] = {label: [] for label in hostile}
    stray = []
    for source in stored | set(skipped):
        if source in valid:
            continue
        label = owner(source, hostile)
        if label is None:
            stray.append(source)
            continue
        outcome[label].append("stored" if source in stored else skipped[source].reason)
    by_reason: dict[str, int] = {}
    for s in skipped.values():
        by_reason[s.reason] = by_reason.get(s.reason, 0) + 1
    return {
        "articles": len(valid),
        "articles_stored": len(valid & stored),
        "articles_missing": sorted(valid - stored),
        "hostile_inputs": len(hostile),
        "hostile_without_record": sorted(hostile[label] for label, o in outcome.items() if not o),
        "hostile_outcomes": {hostile[label]: sorted(set(o)) for label, o in outcome.items()},
        "records_not_traced_to_an_input": stray,
        "skipped_by_reason": dict(sorted(by_reason.items())),
        "exit_code": done.returncode,
        "traceback": "Traceback" in done.stderr,
        "last_line": done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "",
        "seconds": round(seconds, 1),
    }


def post(tmp: Path) -> dict[str, Any]:
    db = tmp / "post.duckdb"
    subprocess.run([*NEWSGRAPH, "ingest", str(ROOT / "samples" / "corpus"), "--db", str(db), "--quiet"], check=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*NEWSGRAPH, "serve", "--db", str(db), "--port", str(port), "--allow-write", "--token", "t"],
        stderr=subprocess.PIPE,
        text=True,
    )
    texts = [(kind, text) for kind, text in hostile_texts()] + list(pathological().items())
    files = tmp / "posted"
    for label, item in write_hostile(files).items():  # the hostile files' bytes, as a client would send them
        path = Path(os.fsdecode(label.encode("utf-8", "surrogateescape")))
        if path.is_file() and not path.is_symlink() and path.stat().st_size < 900_000:
            texts.append((item.kind, path.read_bytes().decode("utf-8", "replace")))
    answers = []
    try:
        while True:
            try:
                if httpx.get(f"{base}/api/summary", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        with httpx.Client(base_url=base, timeout=600) as client:
            for kind, text in texts:
                started = time.monotonic()
                body = json.dumps({"documents": [{"text": text}]})
                r = client.post(
                    "/api/documents",
                    content=body,
                    headers={"Authorization": "Bearer t", "Content-Type": "application/json"},
                )
                result = r.json().get("results", [{}])[0] if r.status_code == 200 else r.json().get("error", {})
                alive = client.get("/api/summary").status_code == 200
                answers.append(
                    {
                        "kind": kind,
                        "status": r.status_code,
                        "answer": result.get("status") or result.get("code"),
                        "reason": result.get("reason"),
                        "seconds": round(time.monotonic() - started, 2),
                        "server_answers_after": alive,
                    }
                )
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
    return {
        "posted": len(answers),
        "all_2xx_or_4xx": all(200 <= a["status"] < 500 for a in answers),
        "server_answered_after_each": all(a["server_answers_after"] for a in answers),
        "server_exit_code": server.returncode,
        "answers": answers,
    }


def mistakes(tmp: Path) -> list[dict[str, Any]]:
    import duckdb

    db = tmp / "m.duckdb"
    subprocess.run([*NEWSGRAPH, "ingest", str(ROOT / "samples" / "corpus"), "--db", str(db), "--quiet"], check=True)
    sqlite = tmp / "other.sqlite"
    con = sqlite3.connect(sqlite)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    foreign = tmp / "foreign.duckdb"
    other = duckdb.connect(str(foreign))
    other.execute("CREATE TABLE sales (x INTEGER)")
    other.close()
    truncated = tmp / "truncated.duckdb"
    truncated.write_bytes(db.read_bytes()[:20_000])
    readonly = tmp / "readonly"
    readonly.mkdir()
    readonly.chmod(0o555)
    latin = tmp / "latin1.toml"
    latin.write_bytes("[nlp]\nmodel = 'caf\xe9'\n".encode("latin-1"))
    gold = tmp / "gold.bin"
    gold.write_bytes(os.urandom(2000))
    meta = tmp / "meta.csv"
    meta.write_bytes(b"\x00\x01PK\x03\x04" * 50)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, sys; c = duckdb.connect({str(db)!r}); print(1, flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert holder.stdout is not None
    holder.stdout.readline()
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    cases = {
        "export --out into a missing folder": [
            "export",
            "--db",
            str(tmp / "m2.duckdb"),
            "--out",
            str(tmp / "nope" / "d.json"),
        ],
        "export --out into a read-only folder": [
            "export",
            "--db",
            str(tmp / "m2.duckdb"),
            "--out",
            # root writes into any folder whatever its mode; /sys is read-only even for root
            str((readonly if os.geteuid() else Path("/sys")) / "d.json"),
        ],
        "serve --port 99999": ["serve", "--db", str(tmp / "m2.duckdb"), "--port", "99999"],
        "serve on a port in use": ["serve", "--db", str(tmp / "m2.duckdb"), "--port", str(busy.getsockname()[1])],
        "--config not UTF-8": ["config", "show", "--config", str(latin)],
        "--set nope.key=1": ["config", "show", "--set", "nope.key=1"],
        "--set run.wrokers=2": ["config", "show", "--set", "run.wrokers=2"],
        "--set nlp.max_chars=-1": ["config", "show", "--set", "nlp.max_chars=-1"],
        "truncated .duckdb": ["documents", "--db", str(truncated)],
        "SQLite file as --db": ["summary", "--db", str(sqlite)],
        "someone else's DuckDB file as --db": ["summary", "--db", str(foreign)],
        "database locked by another process": ["documents", "--db", str(db)],
        "binary gold file": ["evaluate", str(gold), "--db", str(tmp / "m2.duckdb")],
        "binary metadata file": [
            "ingest",
            str(ROOT / "samples" / "corpus"),
            "--db",
            str(tmp / "x.duckdb"),
            "--metadata",
            str(meta),
        ],
    }
    shutil.copy(db, tmp / "m2.duckdb")
    rows = []
    try:
        for name, argv in cases.items():
            done = subprocess.run([*NEWSGRAPH, *argv], capture_output=True, text=True, timeout=300)
            lines = [line for line in done.stderr.splitlines() if line.strip()]
            rows.append(
                {
                    "mistake": name,
                    "exit_code": done.returncode,
                    "lines": len(lines),
                    "traceback": "Traceback" in done.stderr,
                    "message": lines[0] if lines else "",
                }
            )
    finally:
        holder.communicate(b"", timeout=30)
        busy.close()
        readonly.chmod(0o755)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*", default=["batch", "post", "mistakes"])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--keep", type=Path, help="build here and keep it (default: a temporary folder)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="newsgraph-issue17-"))
    tmp.mkdir(parents=True, exist_ok=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    report: dict[str, Any] = {
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "commit": commit.stdout.strip(),
    }
    try:
        if "batch" in args.parts:
            report["batch"] = batch(tmp, args.articles)
            print(json.dumps(report["batch"], indent=1), flush=True)
        if "post" in args.parts:
            report["post"] = post(tmp)
            print(json.dumps(report["post"], indent=1), flush=True)
        if "mistakes" in args.parts:
            report["mistakes"] = mistakes(tmp)
            print(json.dumps(report["mistakes"], indent=1), flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)
    report["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    (OUT / "issue17_acceptance.json").write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
