"""API under load: concurrent readers while documents are POSTed.

Starts ``newsgraph serve --allow-write`` on a database of the sample corpus and
generated articles, then

1. ``--readers`` threads read for ``--alone`` seconds with nothing written;
2. the same readers read for ``--seconds`` seconds while one client POSTs
   fresh articles, one per request, back to back.

Every read is timed from request to full response; an error is any status
other than 200 or any failed request.  Results go to out/bench/api_load.json
and are summarised on standard output (``report.py`` puts them in RESULTS.md).

    python benchmarks/bench_api_load.py [--readers 16] [--seconds 60] [--alone 20] [--articles 60]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = ROOT / "out" / "bench"
sys.path.insert(0, str(HERE))

from corpus import articles, write_corpus  # noqa: E402  (a sibling script, not a package)

NEWSGRAPH = [sys.executable, "-m", "newsgraph.cli"]
TOKEN = "bench-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_db(folder: Path, count: int) -> Path:
    db = folder / "load.duckdb"
    generated = folder / "generated"
    write_corpus(generated, count, seed=7)
    for source in (ROOT / "samples" / "corpus", generated):
        subprocess.run([*NEWSGRAPH, "ingest", str(source), "--db", str(db), "--quiet"], check=True)
    return db


def routes(base: str) -> list[str]:
    """The read routes a UI session uses, with ids that exist."""
    with httpx.Client(base_url=base, timeout=60) as c:
        docs = c.get("/api/documents", params={"limit": 20}).json()["items"]
        actors = c.get("/api/actors", params={"limit": 10}).json()["items"]
        pairs = c.get("/api/relations", params={"limit": 5}).json()["items"]
    paths = [
        "/api/summary",
        "/api/documents?limit=50",
        "/api/events?limit=50",
        "/api/actors?limit=50",
        "/api/quotes?limit=50",
        "/api/claims?limit=50",
        "/api/relations",
        "/api/graph",
        "/api/search?q=minister",
        "/api/events?type=CONSULT,AGREE&limit=20",
    ]
    paths += [f"/api/documents/{d['id']}" for d in docs[:8]]
    paths += [f"/api/events?actor={a['id']}" for a in actors[:4]]
    paths += [f"/api/relations/{p['a']}/{p['b']}" for p in pairs[:3] if "a" in p and "b" in p]
    return paths


class Readers:
    def __init__(self, base: str, paths: list[str], n: int) -> None:
        self.base, self.paths, self.n = base, paths, n
        self.samples: list[tuple[float, float, str, int]] = []  # start, seconds, path, status (0: failed)
        self.lock = threading.Lock()

    def run(self, seconds: float) -> list[tuple[float, float, str, int]]:
        deadline = time.monotonic() + seconds
        self.samples = []
        threads = [threading.Thread(target=self._read, args=(deadline, k)) for k in range(self.n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return self.samples

    def _read(self, deadline: float, k: int) -> None:
        rng = random.Random(k)
        got: list[tuple[float, float, str, int]] = []
        with httpx.Client(base_url=self.base, timeout=30) as client:
            while (start := time.monotonic()) < deadline:
                path = rng.choice(self.paths)
                try:
                    status = client.get(path).status_code
                except httpx.HTTPError:
                    status = 0
                got.append((start, time.monotonic() - start, path, status))
        with self.lock:
            self.samples.extend(got)


def writer(base: str, stop: threading.Event, out: list[dict[str, Any]]) -> None:
    texts = iter(articles(10_000, seed=99))
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=base, timeout=600) as client:
        while not stop.is_set():
            start = time.monotonic()
            try:
                r = client.post("/api/documents", json={"documents": [{"text": next(texts)}]}, headers=headers)
                status = r.status_code
                results = r.json().get("results", []) if status == 200 else []
            except httpx.HTTPError:
                status, results = 0, []
            out.append(
                {
                    "start": start,
                    "seconds": time.monotonic() - start,
                    "status": status,
                    "stored": sum(1 for x in results if x["status"] == "stored"),
                }
            )


def summary(samples: list[tuple[float, float, str, int]], seconds: float) -> dict[str, Any]:
    times = sorted(s[1] for s in samples)
    errors = [s for s in samples if s[3] != 200]

    def q(p: float) -> float:
        return times[min(len(times) - 1, int(p * len(times)))] * 1000 if times else 0.0

    return {
        "reads": len(samples),
        "reads_per_s": round(len(samples) / seconds, 1),
        "errors": len(errors),
        "error_examples": sorted({f"{s[3]} {s[2]}" for s in errors})[:5],
        "p50_ms": round(q(0.50), 1),
        "p95_ms": round(q(0.95), 1),
        "p99_ms": round(q(0.99), 1),
        "max_ms": round(times[-1] * 1000, 1) if times else 0.0,
        "mean_ms": round(statistics.fmean(times) * 1000, 1) if times else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    quick = bool(os.environ.get("BENCH_QUICK"))
    parser.add_argument("--readers", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=15 if quick else 60)
    parser.add_argument("--alone", type=float, default=5 if quick else 20)
    parser.add_argument("--articles", type=int, default=60, help="generated articles in the database at start")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    load_start = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="newsgraph-load-") as tmp:
        db = build_db(Path(tmp), args.articles)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        started = time.monotonic()
        server = subprocess.Popen(
            [*NEWSGRAPH, "serve", "--db", str(db), "--port", str(port), "--allow-write", "--token", TOKEN],
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            while True:  # the server answers once the model is loaded and the port is served
                try:
                    if httpx.get(f"{base}/api/summary", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if server.poll() is not None:
                    raise SystemExit(f"the server ended: {server.stderr.read() if server.stderr else ''}")
                time.sleep(0.2)
            ready_s = time.monotonic() - started
            paths = routes(base)
            readers = Readers(base, paths, args.readers)
            alone = summary(readers.run(args.alone), args.alone)
            posts: list[dict[str, Any]] = []
            stop = threading.Event()
            post_thread = threading.Thread(target=writer, args=(base, stop, posts))
            post_thread.start()
            loaded = readers.run(args.seconds)
            stop.set()
            post_thread.join()
            during = [s for s in loaded if any(p["start"] <= s[0] <= p["start"] + p["seconds"] for p in posts)]
            documents = httpx.get(f"{base}/api/summary", timeout=30).json()["documents"]
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    post_times = sorted(p["seconds"] for p in posts)
    result = {
        "readers": args.readers,
        "seconds": args.seconds,
        "alone_seconds": args.alone,
        "routes": len(paths),
        "server_ready_s": round(ready_s, 1),
        "documents_at_end": documents,
        "reads_alone": alone,
        "reads_while_writing": summary(loaded, args.seconds),
        "reads_during_a_post": summary(during, args.seconds),
        "posts": {
            "requests": len(posts),
            "errors": sum(1 for p in posts if p["status"] != 200),
            "stored": sum(p["stored"] for p in posts),
            "median_s": round(statistics.median(post_times), 2) if post_times else None,
            "max_s": round(post_times[-1], 2) if post_times else None,
        },
        "machine": {
            "cores": os.cpu_count(),
            "load_average_at_start": [round(x, 2) for x in load_start],
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
            "commit": subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
            ).stdout.strip(),
        },
    }
    (OUT / "api_load.json").write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
