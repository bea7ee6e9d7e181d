"""Build ``data/claim_sketch.npz``, the sketch table (``claims.sketch``).

    python -m newsgraph.claims.sketch_build CORPUS [CORPUS ...] [--out FILE]

Every WordPiece of the encoder's vocabulary goes through the int8 MiniLM on
its own (``[CLS] piece [SEP]``, the output at the piece), the rows are
centred and reduced by PCA to ``sketch.DIM`` dimensions and stored as int8
with a scale per dimension.  The weights come from how often each piece
occurs in CORPUS: text files, folders of them, or CSV files (every column
read), which should be ordinary news prose.  The shipped table was built from
the 1,683 news bodies of the FNC-1 training set (``fnc1_train_bodies.csv``);
only the piece counts are kept.  About a minute on two cores.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from newsgraph.claims.encoder import session, tokenizer
from newsgraph.claims.sketch import DIM, FILE

SIF_A = 1e-3  # the SIF weight's constant: pieces far more common than this weigh little
_CLS, _SEP = 101, 102


def piece_vectors(batch: int = 512) -> np.ndarray:
    run = session(threads=2)
    size = tokenizer().get_vocab_size()
    out = np.zeros((size, 384), dtype=np.float32)
    for lo in range(0, size, batch):
        ids = np.arange(lo, min(size, lo + batch))
        x = np.stack([np.full(len(ids), _CLS), ids, np.full(len(ids), _SEP)], axis=1).astype(np.int64)
        (hidden,) = run.run(
            None, {"input_ids": x, "attention_mask": np.ones_like(x), "token_type_ids": np.zeros_like(x)}
        )
        out[ids] = hidden[:, 1]
    return out


def texts(paths: list[Path]) -> Iterator[str]:
    csv.field_size_limit(sys.maxsize)
    for path in paths:
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.suffix.lower() == ".csv":
                with file.open(encoding="utf-8", newline="") as f:
                    for row in csv.reader(f):
                        yield from row
            else:
                yield file.read_text("utf-8", errors="replace")


def piece_counts(paths: list[Path]) -> np.ndarray:
    tok = tokenizer()
    counts = np.zeros(tok.get_vocab_size(), dtype=np.float64)
    for text in texts(paths):
        for start in range(0, len(text), 400):  # the tokenizer truncates at 128 pieces: feed it short spans
            np.add.at(counts, tok.encode(text[start : start + 400]).ids, 1)
    return counts


def build(paths: list[Path], out: Path) -> None:
    vectors = piece_vectors()
    centred = vectors - vectors.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ vt[:DIM].T
    scale = np.abs(reduced).max(axis=0) / 127.0
    rows = np.round(reduced / scale).astype(np.int8)
    counts = piece_counts(paths)
    p = (counts + 1) / (counts.sum() + len(counts))
    weight = (SIF_A / (SIF_A + p)).astype(np.float16)
    np.savez_compressed(out, rows=rows, scale=scale.astype(np.float32), weight=weight)
    print(f"wrote {out}: {rows.shape[0]} pieces x {DIM}, counts from {int(counts.sum()):,} pieces of text")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="+", type=Path, help="text files, folders or CSV files of news prose")
    default = Path(__file__).resolve().parents[1] / "data" / FILE
    parser.add_argument("--out", type=Path, default=default, help=f"where to write (default {default})")
    args = parser.parse_args()
    build(args.corpus, args.out)


if __name__ == "__main__":
    main()
