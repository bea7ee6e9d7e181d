"""Cost of claims: stance() latency and throughput, and ingest with the claims
component on against bare spaCy, in one process on real article bodies.

    python benchmarks/bench_claims.py [--bodies N]

Reads ../shared/eval/realnews/fnc1_train_bodies.csv (skips with a message
when absent).  The numbers depend on what else the machine runs: say so when
you quote them.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time

from realnews import FNC1, fnc1_bodies


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bodies", type=int, default=200)
    args = parser.parse_args()
    if not FNC1.is_file():
        print(f"skipped: {FNC1} (../shared data) is absent")
        return 0
    bodies = fnc1_bodies(args.bodies)
    out: dict[str, object] = {"bodies": len(bodies)}

    from newsgraph.claims.stance import stance

    article = next(b for b in bodies if len(b.split()) >= 900)
    article = " ".join(article.split()[:1000])
    claim = "A government official denied the report"
    t = time.perf_counter()
    stance(article, claim)
    out["stance_first_call_s"] = round(time.perf_counter() - t, 3)
    t = time.perf_counter()
    for _ in range(5):
        stance(article, claim)
    out["stance_1000_words_s"] = round((time.perf_counter() - t) / 5, 3)
    heads = [b.split("\n")[0][:200] for b in bodies[:200]]
    t = time.perf_counter()
    for h in heads:
        stance(h, claim)
    out["stance_pairs_per_s_short"] = round(len(heads) / (time.perf_counter() - t), 1)
    out["rss_after_stance_mb"] = round(rss_mb(), 1)

    from newsgraph.config import default_options
    from newsgraph.extraction import process
    from newsgraph.ingest.normalize import make_document
    from newsgraph.nlp.language import build, load_model

    options = default_options()
    bare = load_model(options.nlp.model)
    t = time.perf_counter()
    for _ in bare.pipe(bodies, batch_size=16):
        pass
    bare_s = time.perf_counter() - t
    docs = [make_document(b, source=f"body-{i}") for i, b in enumerate(bodies)]
    results = {}
    for name, drop in (("with_claims", ()), ("without_claims", ("newsgraph_claims",))):
        nlp = build(options)
        for pipe in drop:
            nlp.remove_pipe(pipe)
        t = time.perf_counter()
        n_claims = sum(len(getattr(r, "claims", ())) for r in process(docs, nlp))
        results[name] = (time.perf_counter() - t, n_claims)
    out["bare_spacy_docs_per_s"] = round(len(bodies) / bare_s, 2)
    for name, (secs, n) in results.items():
        out[f"newsgraph_{name}_docs_per_s"] = round(len(bodies) / secs, 2)
        out[f"newsgraph_{name}_claim_mentions"] = n
    out["with_claims_vs_bare_spacy"] = round(bare_s / results["with_claims"][0], 3)
    out["claims_component_share"] = round(1 - results["without_claims"][0] / results["with_claims"][0], 3)
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
