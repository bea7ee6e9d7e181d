"""Fuzz soak: thousands of generated hostile inputs through reading and extraction.

Writes every hostile kind of tests/hostile.py and ``--count`` generated inputs
(mutated articles, junk bytes, odd JSON Lines, odd charsets, runs of one word
or symbol: ``hostile.random_inputs``) into one folder, then

1. reads it with ``read_inputs``, timing each input;
2. extracts every accepted document in a supervised worker
   (``runners.supervisor``, the default path of ``newsgraph ingest``), timing each.

Reports exceptions that escaped (there should be none), crashed and timed-out
extractions, skips by reason and the slowest inputs, to out/bench/hostile.json.

    python benchmarks/bench_hostile.py [--count 2000] [--seed 17]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = ROOT / "out" / "bench"
sys.path.insert(0, str(ROOT / "tests"))  # the generator is shared with tests/test_hostile.py

from hostile import random_inputs, write_hostile  # noqa: E402
from newsgraph.config import default_options  # noqa: E402
from newsgraph.ingest import read_inputs  # noqa: E402
from newsgraph.models import Document, Skipped  # noqa: E402
from newsgraph.runners.supervisor import Supervisor  # noqa: E402

SLOWEST = 10


def soak(folder: Path, count: int, seed: int) -> dict[str, Any]:
    write_hostile(folder / "kinds")
    generated = folder / "generated"
    generated.mkdir()
    for name, data in random_inputs(random.Random(seed), count):
        (generated / name).write_bytes(data)
    options = default_options()

    escaped: list[str] = []
    reads: list[tuple[float, str]] = []
    outcomes: Counter[str] = Counter()
    documents: list[Document] = []
    started = time.perf_counter()
    last = started
    try:
        for item in read_inputs([folder], options):
            now = time.perf_counter()
            reads.append((now - last, item.source))
            last = now
            if isinstance(item, Skipped):
                outcomes[item.reason] += 1
            else:
                documents.append(item)
    except Exception:
        escaped.append(traceback.format_exc(limit=3))
    read_s = time.perf_counter() - started
    print(f"read {len(reads)} inputs in {read_s:.0f} s; extracting {len(documents)}", file=sys.stderr)

    extracted: list[tuple[float, str]] = []
    started = time.perf_counter()
    try:
        with Supervisor(options) as supervisor:
            timings: dict[str, float] = {}
            results = supervisor.run(documents, on_timing=lambda d, s: timings.__setitem__(d.id, sum(s.values())))
            for n, (document, result) in enumerate(zip(documents, results, strict=True), 1):
                if n % 100 == 0:
                    print(f"extracted {n}/{len(documents)} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
                if isinstance(result, Skipped):
                    outcomes[result.reason] += 1
                else:
                    outcomes["stored"] += 1
                    extracted.append((timings.get(document.id, 0.0), document.source))
    except Exception:
        escaped.append(traceback.format_exc(limit=3))
    extract_s = time.perf_counter() - started

    def top(rows: list[tuple[float, str]]) -> list[dict[str, Any]]:
        return [
            {"seconds": round(s, 2), "source": Path(src).name[:80]} for s, src in sorted(rows, reverse=True)[:SLOWEST]
        ]

    return {
        "inputs_generated": count,
        "results": sum(outcomes.values()),
        "exceptions_escaped": len(escaped),
        "exception_examples": escaped[:3],
        "crashed": outcomes.get("crashed", 0),
        "timed_out": outcomes.get("timed_out", 0),
        "failed": outcomes.get("failed", 0),
        "outcomes": dict(outcomes.most_common()),
        "read_seconds": round(read_s, 1),
        "extract_seconds": round(extract_s, 1),
        "documents_extracted": len(documents),
        "slowest_reads": top(reads),
        "slowest_extractions": top(extracted),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    quick = bool(os.environ.get("BENCH_QUICK"))
    parser.add_argument("--count", type=int, default=300 if quick else 2000)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    load_start = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="newsgraph-soak-") as tmp:
        result = soak(Path(tmp), args.count, args.seed)
    result["seed"] = args.seed
    result["machine"] = {
        "cores": os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in load_start],
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        ).stdout.strip(),
    }
    (OUT / "hostile.json").write_text(json.dumps(result, indent=1))
    print(json.dumps({k: v for k, v in result.items() if k != "exception_examples"}, indent=1))
    if result["exceptions_escaped"]:
        print("\n".join(result["exception_examples"]), file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
