"""Ingest throughput and memory: newsgraph against bare spaCy on the same texts.

Measured in one run, each step in its own process so none inherits another's
memory or loaded model:

* bare spaCy: ``nlp.pipe`` with the same model and batch size over the texts
  (model loaded before the clock starts);
* ``newsgraph ingest`` with 1 worker (pipeline built before the clock starts)
  and with 2 workers (workers load their pipeline on the clock), end to end:
  reading files, extraction, DuckDB writes, corpus resolution;
* peak memory (resident set of the whole process tree, sampled every 200 ms)
  of a 2-worker ingest of the small and the large corpus.

Full run: 5,000 articles for throughput (each kind once: about 20 minutes on
two cores), memory at 500 and 5,000 (the 5,000 figure is the 2-worker
throughput run's).  ``BENCH_QUICK=1``: 200 articles, memory at 50 and 200.  Results go to
``out/bench/ingest.json``; ``benchmarks/report.py`` writes RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = ROOT / "out" / "bench"
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402  (a sibling script, not a package)


def quick() -> bool:
    return os.environ.get("BENCH_QUICK", "") not in ("", "0")


# ------------------------------------------------------------- children
def child_bare(folder: Path, batch_size: int) -> dict[str, Any]:
    from newsgraph.config import default_options
    from newsgraph.nlp.language import load_model

    nlp = load_model(default_options().nlp.model)
    texts = [p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))]
    start, cpu = time.perf_counter(), time.process_time()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu,
        "docs": len(texts),
        "tokens": tokens,
    }


def child_ingest(folder: Path, workers: int, db: Path) -> dict[str, Any]:
    from dataclasses import replace

    from newsgraph.config import default_options
    from newsgraph.nlp.language import build_cached
    from newsgraph.pipeline import ingest

    options = default_options()
    options = replace(options, run=replace(options.run, workers=workers), store=replace(options.store, path=str(db)))
    if workers == 1:
        build_cached(options)  # as bare spaCy: the model is loaded before the clock starts
    db.unlink(missing_ok=True)
    start, cpu, workers_cpu = time.perf_counter(), time.process_time(), _children_cpu()
    report = ingest([folder], options)
    seconds = time.perf_counter() - start
    # pool workers are joined inside ingest, so their CPU time is counted here
    cpu_seconds = time.process_time() - cpu + _children_cpu() - workers_cpu
    return {"seconds": seconds, "cpu_seconds": cpu_seconds, "docs": report.ingested, "skipped": len(report.skipped)}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# --------------------------------------------------------------- parent
def measure(args: list[str], script: Path | None = None) -> dict[str, Any]:
    """Run a child step of ``script`` (this one by default); return its JSON plus the peak RSS of its process tree."""
    command = [sys.executable, str(script or __file__), "--child", *args]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    root = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.2)
    out, _ = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"benchmark step {args} failed with exit code {proc.returncode}")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_rss_mb"] = round(peak / 2**20, 1)
    return result


def words_in(folder: Path) -> int:
    return sum(len(p.read_text("utf-8").split()) for p in folder.glob("*.txt"))


def rate(result: dict[str, Any], words: int) -> dict[str, Any]:
    result["docs_per_s"] = round(result["docs"] / result["seconds"], 2)
    result["words_per_s"] = round(words / result["seconds"], 1)
    # per CPU-second: steadier than wall time when other work shares the machine
    result["words_per_cpu_s"] = round(words / result["cpu_seconds"], 1)
    return result


def best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest of repeated runs (other load only ever slows a run down)."""
    chosen = dict(min(runs, key=lambda r: r["seconds"]))
    chosen["all_seconds"] = [round(r["seconds"], 2) for r in runs]
    return chosen


def machine() -> dict[str, Any]:
    import duckdb
    import spacy

    from newsgraph.config import default_options

    model = default_options().nlp.model
    try:
        from importlib.metadata import version

        model_version = version(model.replace("_", "-"))
    except Exception:  # an unpackaged model has no distribution version
        model_version = "?"
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": sys.version.split()[0],
        "spacy": spacy.__version__,
        "model": f"{model} {model_version}",
        "duckdb": duckdb.__version__,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "commit": _commit(),
    }


def _commit() -> str:
    """The commit measured, with "+changes" when the working tree differs from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "src"], cwd=ROOT, capture_output=True, text=True)
    except OSError:
        return "(git not available)"
    if head.returncode != 0:
        return "(not a git checkout)"
    return head.stdout.strip() + (" +changes in src/" if dirty.stdout.strip() else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=OUT / "ingest.json")
    args = parser.parse_args()
    if args.child:
        kind, folder, *rest = args.child
        result = (
            child_bare(Path(folder), int(rest[0]))
            if kind == "bare"
            else child_ingest(Path(folder), int(rest[0]), Path(rest[1]))
        )
        print(json.dumps(result))
        return

    from newsgraph.config import default_options

    batch_size = default_options().nlp.batch_size
    small, large = (50, 200) if quick() else (500, 5000)
    throughput_n = 200 if quick() else 5000
    corpus = OUT / "corpus"
    folders: dict[int, Path] = {}
    for n in sorted({small, large, throughput_n}):
        folders[n] = corpus / str(n)
        write_corpus(folders[n], n)
    info = machine()
    print(
        f"machine: {info['cpu']}, {info['cores']} cores, {info['ram_gb']} GB RAM, load {info['load_average_at_start']}"
    )
    folder = folders[throughput_n]
    words = words_in(folder)
    db = OUT / "bench_ingest.duckdb"
    print(f"throughput corpus: {throughput_n} articles, {words} words")

    repeats = int(os.environ.get("BENCH_REPEATS", "1"))
    runs: dict[str, list[dict[str, Any]]] = {"bare": [], "one": [], "two": []}
    for _ in range(repeats):  # interleaved, so a burst of other load does not hit one side only
        runs["bare"].append(measure(["bare", str(folder), str(batch_size)]))
        runs["one"].append(measure(["ingest", str(folder), "1", str(db)]))
        runs["two"].append(measure(["ingest", str(folder), "2", str(db)]))
    bare, one, two = (rate(best(runs[k]), words) for k in ("bare", "one", "two"))
    for label, x in (("bare spaCy nlp.pipe", bare), ("newsgraph, 1 worker", one), ("newsgraph, 2 workers", two)):
        print(
            f"  {label:22s} {x['docs_per_s']:8.2f} docs/s {x['words_per_s']:9.1f} words/s "
            f"{x['words_per_cpu_s']:9.1f} words/CPU-s  (runs: {x['all_seconds']} s)"
        )

    memory = {}
    for n in (small, large):
        result = two if n == throughput_n else measure(["ingest", str(folders[n]), "2", str(db)])
        print(f"  ingest, 2 workers, {n:5d} articles: {result['seconds']:.1f} s")
        memory[n] = rate(result, words_in(folders[n]))
        print(f"  peak RSS, 2 workers, {n:5d} articles: {result['peak_rss_mb']:8.1f} MB")

    ratios = {
        "one_worker_vs_bare_spacy": round(one["docs_per_s"] / bare["docs_per_s"], 3),
        "one_worker_vs_bare_spacy_cpu": round(one["words_per_cpu_s"] / bare["words_per_cpu_s"], 3),
        "two_workers_vs_one": round(two["docs_per_s"] / one["docs_per_s"], 3),
        "memory_large_vs_small": round(memory[large]["peak_rss_mb"] / memory[small]["peak_rss_mb"], 3),
    }
    print(f"RATIO ingest 1 worker / bare spaCy   = {ratios['one_worker_vs_bare_spacy']:.3f}  (target >= 0.8)")
    print(f"RATIO same, per CPU-second           = {ratios['one_worker_vs_bare_spacy_cpu']:.3f}")
    print(f"RATIO ingest 2 workers / 1 worker    = {ratios['two_workers_vs_one']:.3f}  (target >= 1.7)")
    print(f"RATIO peak memory {large} / {small} articles = {ratios['memory_large_vs_small']:.3f}  (target <= 1.10)")
    info["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "quick": quick(),
                "machine": info,
                "batch_size": batch_size,
                "throughput": {
                    "articles": throughput_n,
                    "words": words,
                    "bare_spacy": bare,
                    "one_worker": one,
                    "two_workers": two,
                },
                "memory": {str(k): v for k, v in memory.items()},
                "ratios": ratios,
            },
            indent=1,
        )
    )
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
