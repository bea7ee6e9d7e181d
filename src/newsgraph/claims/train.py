"""Train the stance head on the Emergent train split and measure it.

    python -m newsgraph.claims.train PATH/emergent_train.csv [--out PATH]

Reads only the file given (claim headline x article headline, for / against
/ observing).  Prints accuracy and against-F1 by 5-fold cross-validation
with folds split by claim (the honest figure: test claims are unseen) and
with random folds, then fits the head on every pair and writes
``data/stance_head.json``.  The relevance gate (is this sentence about the
claim at all?) is fitted on the same pairs against pairings of each claim
with headlines of other claims.

Nothing here runs at import of newsgraph or in its tests' fast path; the
weights it writes are package data.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from newsgraph.claims.encoder import embed
from newsgraph.claims.features import feature_names, overlap, pair_features
from newsgraph.claims.head import CLASSES, Head, fit

LABELS = {"for": "asserts", "against": "denies", "observing": "reports"}
L2 = 200.0
FOLDS = 5


def load(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def folds(rows: Sequence[dict[str, str]], by_claim: bool, seed: int) -> np.ndarray[Any, np.dtype[np.int64]]:
    rng = random.Random(seed)
    if by_claim:
        claims = sorted({r["claimId"] for r in rows})
        rng.shuffle(claims)
        fold_of = {c: i % FOLDS for i, c in enumerate(claims)}
        return np.array([fold_of[r["claimId"]] for r in rows])
    order = list(range(len(rows)))
    rng.shuffle(order)
    out = np.zeros(len(rows), dtype=np.int64)
    for i, j in enumerate(order):
        out[j] = i % FOLDS
    return out


def scores(y: np.ndarray[Any, Any], pred: np.ndarray[Any, Any]) -> dict[str, float]:
    f1 = {}
    for k, name in enumerate(CLASSES):
        tp = float(((pred == k) & (y == k)).sum())
        p = tp / max(float((pred == k).sum()), 1.0)
        r = tp / max(float((y == k).sum()), 1.0)
        f1[name] = 2 * p * r / max(p + r, 1e-9)
    return {
        "accuracy": float((pred == y).mean()),
        "against_f1": f1["denies"],
        "macro_f1": float(np.mean(list(f1.values()))),
    }


def cross_validate(
    rows: Sequence[dict[str, str]],
    x: np.ndarray[Any, Any],
    y: np.ndarray[Any, Any],
    by_claim: bool,
    seeds: Sequence[int],
) -> dict[str, float]:
    runs = []
    names = feature_names()
    for seed in seeds:
        fold = folds(rows, by_claim, seed)
        pred = np.zeros(len(y), dtype=np.int64)
        for k in range(FOLDS):
            head = fit(x[fold != k], y[fold != k], names, l2=L2)
            pred[fold == k] = head.probabilities(x[fold == k]).argmax(axis=1)
        runs.append(scores(y, pred))
    return {key: round(float(np.mean([r[key] for r in runs])), 4) for key in runs[0]}


def relevance_gate(
    rows: Sequence[dict[str, str]], cos: np.ndarray[Any, Any], c: np.ndarray[Any, Any], h: np.ndarray[Any, Any]
) -> dict[str, float]:
    """Logistic weights on (cosine, claim-word overlap) telling a headline about
    the claim from one about another claim."""
    rng = random.Random(7)
    n = len(rows)
    pos = [(float(cos[i]), overlap(rows[i]["claimHeadline"], rows[i]["articleHeadline"])) for i in range(n)]
    neg = []
    for i in range(n):
        j = rng.randrange(n)
        while rows[j]["claimId"] == rows[i]["claimId"]:
            j = rng.randrange(n)
        neg.append((float(c[i] @ h[j]), overlap(rows[i]["claimHeadline"], rows[j]["articleHeadline"])))
    x = np.array([[a, b, 1.0] for a, b in pos + neg])
    y = np.array([1] * n + [0] * n, dtype=np.float64)
    w = np.zeros(3)
    for _ in range(3000):
        p = 1 / (1 + np.exp(-(x @ w)))
        w -= 1.0 * (x.T @ (p - y) / len(y))
    acc = float((((x @ w) > 0) == (y > 0.5)).mean())
    return {
        "cosine": round(float(w[0]), 4),
        "overlap": round(float(w[1]), 4),
        "bias": round(float(w[2]), 4),
        "accuracy": round(acc, 4),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="emergent_train.csv (the train split; never the test split)")
    parser.add_argument("--out", type=Path, default=None, help="where to write the head (default: package data)")
    args = parser.parse_args(argv)
    rows = load(args.data)
    classes = {name: i for i, name in enumerate(CLASSES)}
    y = np.array([classes[LABELS[r["articleHeadlineStance"]]] for r in rows], dtype=np.int64)
    c = embed([r["claimHeadline"] for r in rows])
    h = embed([r["articleHeadline"] for r in rows])
    cos = (c * h).sum(axis=1)
    x = np.stack(
        [pair_features(r["claimHeadline"], r["articleHeadline"], float(k)) for r, k in zip(rows, cos, strict=True)]
    )
    by_claim = cross_validate(rows, x, y, by_claim=True, seeds=(0, 1, 2))
    by_pair = cross_validate(rows, x, y, by_claim=False, seeds=(0, 1, 2))
    gate = relevance_gate(rows, cos, c, h)
    print(f"pairs: {len(rows)}, claims: {len({r['claimId'] for r in rows})}, features: {x.shape[1]}")
    print(f"5-fold CV split by claim (3 seeds): {by_claim}")
    print(f"5-fold CV random folds  (3 seeds): {by_pair}")
    print(f"relevance gate: {gate}")
    head = fit(x, y, feature_names(), l2=L2)
    head = Head(
        head.features,
        head.weights,
        head.mean,
        head.scale,
        {
            "trained_on": args.data.name,
            "pairs": len(rows),
            "l2": L2,
            "cv_by_claim": by_claim,
            "cv_random": by_pair,
            "relevance": gate,
        },
    )
    out = args.out or Path(str(resources.files("newsgraph.data").joinpath("stance_head.json")))
    out.write_text(head.to_json() + "\n", "utf-8")
    print(f"wrote {out} ({out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
