"""The stance head: multinomial logistic regression over ``features.FEATURES``.

Its weights are data (``data/stance_head.json``, a few KB), written by
``newsgraph.claims.train``; inference is one matrix product in numpy.
Classes are the Emergent labels mapped to newsgraph's stances: ``asserts``
(for), ``denies`` (against), ``reports`` (observing: relayed, hedged).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from newsgraph.errors import ModelError

CLASSES = ("asserts", "denies", "reports")


@dataclass(frozen=True)
class Head:
    features: tuple[str, ...]
    weights: np.ndarray[Any, np.dtype[np.float64]]  # (features, classes)
    mean: np.ndarray[Any, np.dtype[np.float64]]
    scale: np.ndarray[Any, np.dtype[np.float64]]
    meta: dict[str, Any]

    def probabilities(self, rows: np.ndarray[Any, np.dtype[np.float64]]) -> np.ndarray[Any, np.dtype[np.float64]]:
        z = ((rows - self.mean) / self.scale) @ self.weights
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return np.asarray(e / e.sum(axis=1, keepdims=True))

    def to_json(self) -> str:
        return json.dumps(
            {
                "features": list(self.features),
                "classes": list(CLASSES),
                "weights": np.round(self.weights, 5).tolist(),
                "mean": np.round(self.mean, 5).tolist(),
                "scale": np.round(self.scale, 5).tolist(),
                "meta": self.meta,
            },
            indent=0,
        )


def fit(
    x: np.ndarray[Any, np.dtype[np.float64]],
    y: np.ndarray[Any, np.dtype[np.int64]],
    features: tuple[str, ...],
    l2: float = 1.0,
    steps: int = 600,
    class_weight: np.ndarray[Any, np.dtype[np.float64]] | None = None,
) -> Head:
    """Fit the head by full-batch gradient descent (Adam) on standardised features."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    bias = [i for i, f in enumerate(features) if f == "bias"]
    mean[bias], scale[bias] = 0.0, 1.0
    scale[scale < 1e-6] = 1.0
    xs = (x - mean) / scale
    n, k = len(y), len(CLASSES)
    onehot = np.eye(k)[y]
    cw = np.ones(k) if class_weight is None else class_weight
    sample_w = cw[y][:, None]
    w = np.zeros((x.shape[1], k))
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    reg = np.full((x.shape[1], 1), l2 / n)
    reg[bias] = 0.0
    for t in range(1, steps + 1):
        z = xs @ w
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        grad = xs.T @ ((p - onehot) * sample_w) / n + reg * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        w -= 0.05 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return Head(features, w, mean, scale, {})


@lru_cache(maxsize=1)
def head() -> Head:
    """The packaged head, loaded once."""
    path = resources.files("newsgraph.data").joinpath("stance_head.json")
    try:
        raw = json.loads(path.read_text("utf-8"))
    except FileNotFoundError as exc:
        raise ModelError("data/stance_head.json is missing: run 'python -m newsgraph.claims.train'") from exc
    from newsgraph.claims.features import feature_names

    if tuple(raw["features"]) != feature_names():
        raise ModelError(
            "data/stance_head.json was trained on other features than data/claim_cues.toml now gives: "
            "retrain it with 'python -m newsgraph.claims.train'"
        )
    return Head(
        tuple(raw["features"]),
        np.asarray(raw["weights"], dtype=np.float64),
        np.asarray(raw["mean"], dtype=np.float64),
        np.asarray(raw["scale"], dtype=np.float64),
        raw.get("meta", {}),
    )
