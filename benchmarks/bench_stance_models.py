"""Cost of the stance models compared in docs/claims.md: pairs scored per
second and the memory of a process that loaded them, one process per model.

    python benchmarks/bench_stance_models.py [--pairs N] [--model head|xenc] [--xenc PATH]

Scores (claim, headline) pairs of ../shared/eval/emergent_train.csv (skips
with a message when absent) on one core, as ``stance()`` does for a
headline: both embeddings, the cue features, then the model (``head``: the
logistic head; ``xenc``: the cross-encoder ``--xenc PATH``, an ONNX file
built by ``python -m newsgraph.claims.train_xenc``, which reads the same
features; newsgraph ships none).  Without ``--model`` it runs each model in a
process of its own and prints both.  The numbers depend on what else the
machine runs: say so when you quote them.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

PAIRS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "emergent_train.csv"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(model: str, n: int, xenc: Path | None) -> dict[str, object]:
    import numpy as np

    from newsgraph.claims.encoder import embed
    from newsgraph.claims.features import pair_features
    from newsgraph.claims.head import head
    from newsgraph.claims.xenc import CrossEncoder

    with PAIRS.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))[:n]
    pairs = [(r["claimHeadline"], r["articleHeadline"]) for r in rows]
    out: dict[str, object] = {"model": model, "pairs": len(pairs), "rss_before_mb": round(rss_mb(), 1)}
    t = time.perf_counter()
    head()
    cross = CrossEncoder(xenc) if model == "xenc" else None
    embed(["warm up"])
    out["load_s"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    for claim, text in pairs:  # one pair at a time, as stance() on a headline
        vectors = embed([claim, text])
        rows_ = np.stack([pair_features(claim, text, float(vectors[0] @ vectors[1]))])
        if cross is not None:
            cross.probabilities([(claim, text)], rows_)
        else:
            head().probabilities(rows_)
    out["pairs_per_s"] = round(len(pairs) / (time.perf_counter() - t), 1)
    out["rss_after_mb"] = round(rss_mb(), 1)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=300)
    parser.add_argument("--model", choices=["head", "xenc"], default=None)
    parser.add_argument("--xenc", type=Path, default=None, help="the cross-encoder's ONNX file")
    args = parser.parse_args()
    if not PAIRS.is_file():
        print(f"skipped: {PAIRS} (../shared data) is absent")
        return 0
    if args.model == "xenc" and (args.xenc is None or not args.xenc.is_file()):
        print("--model xenc needs --xenc PATH: an ONNX file built by 'python -m newsgraph.claims.train_xenc'")
        return 2
    if args.model is not None:
        print(json.dumps(measure(args.model, args.pairs, args.xenc)))
        return 0
    for model in ("head", "xenc") if args.xenc is not None else ("head",):
        cmd = [sys.executable, __file__, "--model", model, "--pairs", str(args.pairs)]
        cmd += ["--xenc", str(args.xenc)] if args.xenc is not None else []
        print(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
