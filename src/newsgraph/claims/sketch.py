"""A claim's sketch: a cheap sentence vector for finding likely restatements.

The sentence encoder (``claims.encoder``, all-MiniLM-L6-v2) costs about as
much per claim as spaCy costs per sentence, so running it on every claim
mention during extraction took a third of ingest time.  Extraction computes
this sketch instead: a static embedding distilled from the same model, as
Model2Vec does (Tulkens and van Dongen, 2024) -- every WordPiece of the
model's vocabulary run through the model on its own, the outputs reduced by
PCA to ``DIM`` dimensions, and a text's sketch the sum of its pieces' rows
weighted by rarity (``a / (a + p(piece))``, the SIF weighting of Arora et
al., 2017), made unit length.  It costs microseconds a text.

Corpus resolution compares sketches to find the pairs of mentions that may
say the same thing, and runs the full encoder only on those
(``resolve.claim_groups``).  Measured on the Emergent train headlines (each
article headline against the 240 claims): the right claim is the nearest for
0.81 of headlines by sketch and 0.91 by the full encoder; every pair the full
encoder puts at cosine >= 0.86 is at >= 0.5 by sketch (docs/claims.md).

The table (``data/claim_sketch.npz``: int8 rows with a scale per
dimension, and the weights) is built by ``python -m
newsgraph.claims.sketch_build``; nothing is downloaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

DIM = 256
FILE = "claim_sketch.npz"
_SPECIAL = (0, 100, 101, 102, 103)  # [PAD], [UNK], [CLS], [SEP], [MASK]

Vectors = np.ndarray[Any, np.dtype[np.float32]]


class Sketcher:
    def __init__(self) -> None:
        from newsgraph.claims.encoder import tokenizer

        with resources.as_file(resources.files("newsgraph.data").joinpath(FILE)) as path, np.load(path) as data:
            rows = data["rows"].astype(np.float32) * data["scale"].astype(np.float32)
            weight = data["weight"].astype(np.float32)
        weight[list(_SPECIAL)] = 0.0
        self.table: Vectors = rows * weight[:, None]
        self.tokenizer = tokenizer()

    def sketch(self, texts: Sequence[str]) -> Vectors:
        """One unit vector (float32, ``DIM``) per text, in the order given; zero for a text with no words."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, encoding in enumerate(self.tokenizer.encode_batch([t or "" for t in texts])):
            v = self.table[encoding.ids].sum(axis=0)
            norm = float(np.linalg.norm(v))
            if norm > 0:
                out[i] = v / norm
        return out


@lru_cache(maxsize=1)
def sketcher() -> Sketcher:
    """The process's sketcher, loaded on first use."""
    return Sketcher()


@lru_cache(maxsize=1)
def piece_weights() -> Vectors:
    """Each WordPiece's SIF weight ``a / (a + p)``, ``p`` its frequency in the text the
    table was built from (``claims.sketch_build``)."""
    with resources.as_file(resources.files("newsgraph.data").joinpath(FILE)) as path, np.load(path) as data:
        return np.asarray(data["weight"], dtype=np.float32)


def sketch(texts: Sequence[str]) -> Vectors:
    return sketcher().sketch(texts)
