"""Throughput of extraction against bare spaCy on real news, in one process.

    python benchmarks/bench_events.py [--bodies N] [--rounds R]

Runs bare spaCy (the configured model, ``nlp.pipe``) and newsgraph's
extraction (``extraction.process``: the model and every newsgraph component,
no store) over the same N article bodies of
../shared/eval/realnews/fnc1_train_bodies.csv, alternating R rounds so that
load from other processes falls on both; reports documents per second, the
ratio newsgraph / bare (the target is at least 0.75), and the share of time in
the actors and events components.  Skips with a message when the file is
absent.  The machine may be shared: say so when quoting the numbers.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from realnews import FNC1, fnc1_bodies


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bodies", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if not FNC1.is_file():
        print(f"skipped: {FNC1} (../shared data) is absent")
        return 0
    bodies = fnc1_bodies(args.bodies)

    from newsgraph.config import default_options
    from newsgraph.extraction import process
    from newsgraph.ingest.normalize import make_document
    from newsgraph.nlp.language import build, load_model

    options = default_options()
    bare = load_model(options.nlp.model)
    nlp = build(options)
    docs = [make_document(b, source=f"body-{i}") for i, b in enumerate(bodies)]
    list(process(docs[:5], nlp))  # lazy tables loaded before the clock starts, as the model is
    timings: dict[str, list[float]] = {"bare": [], "newsgraph": []}
    events = 0
    for _ in range(args.rounds):
        t = time.perf_counter()
        for _ in bare.pipe(bodies, batch_size=16):
            pass
        timings["bare"].append(time.perf_counter() - t)
        t = time.perf_counter()
        events = sum(len(getattr(r, "events", ())) for r in process(docs, nlp))
        timings["newsgraph"].append(time.perf_counter() - t)
    shares = _component_shares(nlp, docs[: min(100, len(docs))])
    bare_s, ng_s = min(timings["bare"]), min(timings["newsgraph"])
    out = {
        "bodies": len(bodies),
        "rounds": args.rounds,
        "bare_spacy_docs_per_s": round(len(bodies) / bare_s, 2),
        "newsgraph_docs_per_s": round(len(bodies) / ng_s, 2),
        "newsgraph_vs_bare_spacy": round(bare_s / ng_s, 3),
        "events": events,
        "component_share": shares,
        "seconds": {k: [round(x, 2) for x in v] for k, v in timings.items()},
    }
    print(json.dumps(out, indent=1))
    return 0


def _component_shares(nlp, docs) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Share of pipeline time per component, over ``docs`` one at a time."""
    from newsgraph.extraction import prepare

    spent: dict[str, float] = {}
    for document in docs:
        doc = prepare(nlp, document)
        for name, proc in nlp.pipeline:
            t = time.perf_counter()
            doc = proc(doc)
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - t
    total = sum(spent.values()) or 1.0
    return {name: round(s / total, 3) for name, s in sorted(spent.items(), key=lambda kv: -kv[1])}


if __name__ == "__main__":
    sys.exit(main())
