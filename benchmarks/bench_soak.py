"""Soak on real news: every FNC-1 train body and PolNeAR train text through `newsgraph ingest`.

The texts (1,683 + 200 articles nobody on the project wrote) are read from
../shared/eval at run time into out/bench/soak/corpus, never into the
repository; without them the soak is skipped with a message.  Each step runs
in its own process, with the peak resident memory of its process tree:

* bare spaCy: ``nlp.pipe`` over the same files with the same model and batch
  size, model loaded and warmed before the clock starts;
* ``newsgraph ingest`` with the defaults (one supervised extraction process),
  its worker warmed before the clock starts, recording each document's
  seconds per component;
* the same with ``run.in_process = true`` (no supervision): what the
  supervision costs on the default path.

Reported: documents/s, words/s, words per CPU-second, peak RSS, skips by
reason (timeouts included), the slowest documents with their seconds per
component, and every document slower per word than 20x the median (a bug
to fix, not a number to report).  ``BENCH_QUICK=1``: 200 + 50 articles.
Results go to out/bench/soak.json; ``benchmarks/report.py`` renders them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = ROOT / "out" / "bench"
EVAL = ROOT.parent / "shared" / "eval"
sys.path.insert(0, str(HERE))

from bench_ingest import _children_cpu, machine, measure, quick  # noqa: E402  (sibling scripts)
from realnews import FNC1, fnc1_rows  # noqa: E402

SLOWEST = 10
OUTLIER = 20  # times the median seconds per word


def write_corpus(folder: Path, small: bool) -> int:
    """The real texts as one file each; how many."""
    fnc, polnear = folder / "fnc1", folder / "polnear"
    for sub in (fnc, polnear):
        sub.mkdir(parents=True, exist_ok=True)
        for old in sub.glob("*.txt"):
            old.unlink()
    bodies = fnc1_rows()
    texts = sorted((EVAL / "polnear_train" / "text").glob("*.txt"))
    if small:
        bodies, texts = bodies[:200], texts[:50]
    for row in bodies:
        (fnc / f"{int(row['Body ID']):05d}.txt").write_text(row["articleBody"], "utf-8")
    for path in texts:
        (polnear / path.name).write_text(path.read_text("utf-8"), "utf-8")
    return len(bodies) + len(texts)


def files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.txt"))


# ------------------------------------------------------------- children
def child_bare(folder: Path) -> dict[str, Any]:
    from newsgraph.config import default_options
    from newsgraph.nlp.language import load_model

    options = default_options()
    nlp = load_model(options.nlp.model)
    nlp("Warm up: Russia and Pakistan signed an agreement on Monday.")
    texts = [p.read_text("utf-8") for p in files(folder)]
    start, cpu = time.perf_counter(), time.process_time()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=options.nlp.batch_size))
    return {"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu, "tokens": tokens}


def child_ingest(folder: Path, db: Path, mode: str) -> dict[str, Any]:
    from dataclasses import replace

    from newsgraph.config import default_options
    from newsgraph.ingest import make_document
    from newsgraph.pipeline import ingest

    options = default_options()
    options = replace(
        options, store=replace(options.store, path=str(db)), run=replace(options.run, in_process=mode == "in_process")
    )
    warm = make_document("Warm up: Russia and Pakistan signed an agreement on Monday.", source="warm")
    if mode == "in_process":
        from newsgraph.extraction import process
        from newsgraph.nlp.language import build_cached

        list(process([warm], build_cached(options)))
    else:
        from newsgraph.runners.supervisor import shared

        shared(options).extract([warm])  # the ingest below reuses this warm worker
    db.unlink(missing_ok=True)
    timings: list[dict[str, Any]] = []

    def timed(document: Any, seconds: dict[str, float]) -> None:
        words = len(document.text.split())
        timings.append({"source": document.source, "words": words, "seconds": seconds})

    start, cpu, children, live = time.perf_counter(), time.process_time(), _children_cpu(), _worker_cpu()
    report = ingest([folder], options, on_timing=timed)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu + _children_cpu() - children + _worker_cpu() - live
    if timings:
        _recheck(timings, options)
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "ingested": report.ingested,
        "present": report.present,
        "skipped_by_reason": report.skipped_by_reason,
        "skipped": [{"source": s.source, "reason": s.reason, "detail": s.detail} for s in report.skipped],
        "timings": timings,
    }


def _recheck(timings: list[dict[str, Any]], options: Any) -> None:
    """Time again, alone, each document that looked slower per word than ``OUTLIER`` x the median.

    On a machine shared with other work a document can look slow because the
    worker waited for a core; the fastest of three quiet runs is what the
    document itself costs, and an outlier that stays one is a bug.
    """
    from newsgraph.ingest.readers import read_inputs
    from newsgraph.models import Document
    from newsgraph.runners.supervisor import shared

    def per_word(seconds: dict[str, float], words: int) -> float:
        return sum(seconds.values()) / max(1, words)

    median = statistics.median(per_word(t["seconds"], t["words"]) for t in timings)
    suspects = {t["source"]: t for t in timings if per_word(t["seconds"], t["words"]) > OUTLIER * median}
    if not suspects:
        return
    documents = [d for d in read_inputs([Path(s) for s in suspects], options) if isinstance(d, Document)]
    for document in documents:
        runs: list[dict[str, float]] = []
        for _ in range(3):
            list(shared(options).run([document], on_timing=lambda _, seconds, runs=runs: runs.append(seconds)))
        fastest = min(runs, key=lambda r: sum(r.values()))
        entry = suspects[document.source]
        entry["first_seconds"] = entry["seconds"]
        entry["seconds"] = fastest


def _worker_cpu() -> float:
    """CPU seconds of the live extraction workers (they outlive the ingest, so getrusage misses them)."""
    import psutil

    total = 0.0
    for child in psutil.Process().children(recursive=True):
        try:
            times = child.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            pass
    return total


# --------------------------------------------------------------- parent
REPRO = "Russia would supply weapons to Pakistan, officials in Moscow warned on Monday.\n"


def startup(folder: Path, runs: int = 3) -> dict[str, Any]:
    """Wall seconds of `newsgraph ingest` on the two-sentence repro of issue 10, supervised and in process.

    The whole command: start-up, model load, one document, store, resolution.
    """
    import subprocess

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "x.txt").write_text(REPRO, "utf-8")
    cli = [str(Path(sys.executable).with_name("newsgraph")), "ingest", str(folder), "-q"]
    seconds: dict[str, list[float]] = {"supervised": [], "in_process": []}
    events = 0
    for _ in range(runs):
        for mode, extra in (("supervised", []), ("in_process", ["--set", "run.in_process=true"])):
            db = folder.parent / f"repro-{mode}.duckdb"
            db.unlink(missing_ok=True)
            start = time.perf_counter()
            subprocess.run([*cli, "--db", str(db), *extra], check=True, capture_output=True)
            seconds[mode].append(round(time.perf_counter() - start, 2))
            listed = subprocess.run(
                [str(Path(sys.executable).with_name("newsgraph")), "events", "--db", str(db), "--json"],
                check=True,
                capture_output=True,
                text=True,
            )
            events = len(json.loads(listed.stdout))
    return {"seconds": seconds, "median": {k: statistics.median(v) for k, v in seconds.items()}, "events": events}


def step(args: list[str]) -> dict[str, Any]:
    """Run a child step; its result (from the file it names) with the peak RSS of its process tree."""
    measured = measure(args, Path(__file__))
    result: dict[str, Any] = json.loads(Path(measured.pop("result_file")).read_text())
    return {**result, **measured}


def rate(result: dict[str, Any], docs: int, words: int) -> dict[str, Any]:
    result["docs_per_s"] = round(docs / result["seconds"], 2)
    result["words_per_s"] = round(words / result["seconds"], 1)
    result["words_per_cpu_s"] = round(words / result["cpu_seconds"], 1)
    return result


def best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    chosen = dict(min(runs, key=lambda r: r["seconds"]))
    chosen["all_seconds"] = [round(r["seconds"], 2) for r in runs]
    return chosen


def per_document(timings: list[dict[str, Any]], root: Path) -> dict[str, Any]:
    """The slowest documents, and those slower per word than ``OUTLIER`` times the median."""
    rows = []
    for t in timings:
        total = sum(t["seconds"].values())
        top = sorted(t["seconds"].items(), key=lambda kv: -kv[1])
        row = {
            "source": str(Path(t["source"]).relative_to(root)),
            "words": t["words"],
            "seconds": round(total, 3),
            "per_word_ms": round(1000 * total / max(1, t["words"]), 3),
            "components": {k: round(v, 3) for k, v in top[:5]},
        }
        if "first_seconds" in t:  # timed again alone: it had looked slower than it is
            row["first_seconds"] = round(sum(t["first_seconds"].values()), 3)
        rows.append(row)
    by_component: dict[str, float] = {}
    for t in timings:
        for name, seconds in t["seconds"].items():
            by_component[name] = by_component.get(name, 0.0) + seconds
    median = statistics.median(r["per_word_ms"] for r in rows) if rows else 0.0
    slowest = sorted(rows, key=lambda r: -r["seconds"])[:SLOWEST]
    outliers = sorted((r for r in rows if r["per_word_ms"] > OUTLIER * median), key=lambda r: -r["per_word_ms"])
    rechecked = [r for r in rows if "first_seconds" in r]
    components = {k: round(v, 2) for k, v in sorted(by_component.items(), key=lambda kv: -kv[1])}
    return {
        "median_per_word_ms": round(median, 4),
        "slowest": slowest,
        "outliers": outliers,
        "rechecked": rechecked,
        "components": components,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=OUT / "soak.json")
    args = parser.parse_args()
    if args.child:
        kind, folder, *rest = args.child
        result = child_bare(Path(folder)) if kind == "bare" else child_ingest(Path(folder), Path(rest[0]), rest[1])
        # a file, not stdout: the parent reads stdout only once the step has ended, and a pipe holds 64 KB
        path = OUT / "soak" / f"{kind}-{rest[1] if rest else 'bare'}.json"
        path.write_text(json.dumps(result))
        print(json.dumps({"result_file": str(path)}))
        return
    if not FNC1.is_file():
        print("soak skipped: it reads real news from ../shared/eval (FNC-1 and PolNeAR train), which is absent")
        return

    corpus = OUT / "soak" / "corpus"
    n = write_corpus(corpus, quick())
    words = sum(len(p.read_text("utf-8").split()) for p in files(corpus))
    info = machine()
    print(f"machine: {info['cpu']}, {info['cores']} cores, load {info['load_average_at_start']}")
    print(f"soak corpus: {n} real articles, {words} words")
    db = OUT / "soak" / "soak.duckdb"
    repeats = int(os.environ.get("BENCH_REPEATS", "1"))
    runs: dict[str, list[dict[str, Any]]] = {"bare": [], "supervised": [], "in_process": []}
    for _ in range(repeats):  # interleaved, so a burst of other load does not hit one side only
        runs["bare"].append(step(["bare", str(corpus)]))
        runs["supervised"].append(step(["ingest", str(corpus), str(db), "supervised"]))
        runs["in_process"].append(step(["ingest", str(corpus), str(db), "in_process"]))
    bare, supervised, in_process = (rate(best(runs[k]), n, words) for k in ("bare", "supervised", "in_process"))
    for label, x in (("bare spaCy", bare), ("ingest, supervised", supervised), ("ingest, in process", in_process)):
        print(
            f"  {label:20s} {x['seconds']:7.1f} s {x['docs_per_s']:7.2f} docs/s {x['words_per_s']:8.1f} words/s "
            f"{x['words_per_cpu_s']:8.1f} words/CPU-s  peak {x['peak_rss_mb']:.0f} MB"
        )
    repro = startup(OUT / "soak" / "repro")
    print(
        f"two-line repro, whole command: supervised {repro['seconds']['supervised']} s, in process "
        f"{repro['seconds']['in_process']} s; {repro['events']} event(s)"
    )
    documents = per_document(supervised.pop("timings"), corpus)
    in_process.pop("timings")
    ratios = {
        "ingest_vs_bare_spacy": round(supervised["words_per_s"] / bare["words_per_s"], 3),
        "ingest_vs_bare_spacy_cpu": round(supervised["words_per_cpu_s"] / bare["words_per_cpu_s"], 3),
        "supervised_vs_in_process": round(supervised["words_per_s"] / in_process["words_per_s"], 3),
        "supervised_vs_in_process_cpu": round(supervised["words_per_cpu_s"] / in_process["words_per_cpu_s"], 3),
    }
    timeouts = supervised["skipped_by_reason"].get("timed_out", 0)
    stored, present = supervised["ingested"], supervised["present"]
    print(f"stored {stored}, already present {present}, skipped {supervised['skipped_by_reason']}")
    print(f"RATIO ingest / bare spaCy = {ratios['ingest_vs_bare_spacy']:.3f} (target >= 0.8); timeouts {timeouts}")
    print(f"supervised / in process = {ratios['supervised_vs_in_process']:.3f}")
    print(f"documents slower per word than {OUTLIER}x the median: {len(documents['outliers'])}")
    info["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "quick": quick(),
                "machine": info,
                "articles": n,
                "fnc1": len(list((corpus / "fnc1").glob("*.txt"))),
                "polnear": len(list((corpus / "polnear").glob("*.txt"))),
                "words": words,
                "bare_spacy": bare,
                "supervised": supervised,
                "in_process": in_process,
                "ratios": ratios,
                "documents": documents,
                "startup": repro,
                "outlier_factor": OUTLIER,
            },
            indent=1,
        )
    )
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
