"""Write benchmarks/RESULTS.md from out/bench/ingest.json and query.json (and, when they are
there, api_load.json and hostile.json).

A quick run (BENCH_QUICK=1) writes out/bench/RESULTS-quick.md instead, so the
committed results always come from a full run.  ``report.py --only api_load hostile``
rewrites just those sections of RESULTS.md, from runs of those benchmarks alone.
"""

from __future__ import annotations

import json
import math
import statistics
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "out" / "bench"


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def render(ingest: dict[str, Any], query: dict[str, Any]) -> str:
    m = ingest["machine"]
    tp = ingest["throughput"]
    r = ingest["ratios"]
    mem = ingest["memory"]
    small, large = sorted(mem, key=int)
    lines = [
        "# Benchmarks",
        "",
        "Produced by `make bench` (`benchmarks/bench_ingest.py`, `bench_query.py`, `report.py`);",
        f"numbers below are from one {'quick' if ingest.get('quick') else 'full'} run on the machine described.  "
        "They are what was measured,",
        "not tuned: the load average shows how busy the machine was with other work at the time.",
        "",
        "## Machine",
        "",
        f"- CPU: {m['cpu']}, {m['cores']} cores; RAM {m['ram_gb']} GB",
        f"- Python {m['python']}, spaCy {m['spacy']}, model {m['model']}, DuckDB {m['duckdb']}",
        f"- load average (1, 5, 15 min) at start {m['load_average_at_start']}, at end {m['load_average_at_end']}",
        f"- newsgraph at commit {m.get('commit', '(not recorded)')}",
        "",
        "## Ingest throughput",
        "",
        f"{tp['articles']} generated articles ({tp['words']} words; paragraphs of `samples/corpus` recombined by",
        f"`benchmarks/corpus.py`), `nlp.pipe` batch size {ingest['batch_size']}.",
        "",
        "| run | seconds (best of runs) | docs/s | words/s | words per CPU-second | peak RSS (MB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, key in (
        ("bare spaCy `nlp.pipe`", "bare_spacy"),
        ("newsgraph ingest, 1 worker", "one_worker"),
        ("newsgraph ingest, 2 workers", "two_workers"),
    ):
        x = tp[key]
        runs = ", ".join(f"{t:.1f}" for t in x.get("all_seconds", [x["seconds"]]))
        lines.append(
            f"| {name} | {x['seconds']:.1f} ({runs}) | {x['docs_per_s']:.2f} | {x['words_per_s']:.0f} | "
            f"{x['words_per_cpu_s']:.0f} | {x['peak_rss_mb']:.0f} |"
        )
    repeats = len(tp["bare_spacy"].get("all_seconds", [0]))
    order = (
        "Each kind ran once, one after the other (bare, 1 worker, 2 workers), each in a fresh process;"
        if repeats == 1
        else f"Each kind ran {repeats} times, interleaved, and the fastest of each kind is kept;"
    )
    lines += [
        "",
        "Bare spaCy and the 1-worker run load the model before the clock starts; the 2-worker run's",
        "workers load theirs on the clock.  newsgraph's time covers reading files, extraction,",
        "DuckDB writes and corpus resolution.",
        order,
        "words per CPU-second (user + system time of the process and its workers) is the",
        "steadier measure when other work shares the machine.",
        "",
        "newsgraph runs with its defaults, including `nlp.fast_components = true`: the model's",
        "`attribute_ruler` and rule lemmatizer run from tables with identical output",
        "(`tests/test_attribute_table.py`), which saves time inside the model itself, while bare spaCy",
        "runs the model as shipped.  So part of the ratio is a faster model, not a cheaper newsgraph.",
        "Measured apart on 200 of these articles, CPU seconds of one process, second of two rounds",
        "(the first pays one-time imports): bare spaCy 13.70 s; newsgraph ingest 15.43 s with the",
        "tables (0.89 x) and 17.48 s with `--set nlp.fast_components=false` (0.78 x).",
        "",
        "## Peak memory (2 workers, whole process tree)",
        "",
        "| articles | seconds | docs/s | peak RSS (MB) |",
        "|---:|---:|---:|---:|",
    ]
    for n in (small, large):
        x = mem[n]
        lines.append(f"| {n} | {x['seconds']:.1f} | {x['docs_per_s']:.2f} | {x['peak_rss_mb']:.0f} |")
    sql = query["dyad_series_sql"]
    # the target is for the library call; files from before it was measured warm only had the SQL
    dyad = query.get("dyad_series_library", sql)
    lines += [
        "",
        f"## Queries over {query['events']:,} generated events",
        "",
        "| query | median (ms) | min (ms) | runs |",
        "|---|---:|---:|---:|",
    ]
    if "dyad_series_library" in query:
        x = query["dyad_series_library"]
        lines.append(
            f"| dyad series, one state pair, per year, via `resolve.relations.dyad_series` | {x['median_ms']:.1f} | "
            f"{x['min_ms']:.1f} | {x['runs']} |"
        )
    lines.append(
        f"| dyad series, one state pair, per year (bare SQL) | {sql['median_ms']:.1f} | {sql['min_ms']:.1f} | "
        f"{sql['runs']} |"
    )
    c = query["contested_claims_sql"]
    lines.append(
        f"| contested claims listing ({c['claims']:,} claims, SQL) | {c['median_ms']:.1f} | "
        f"{c['min_ms']:.1f} | {c['runs']} |"
    )
    pages = {
        "query_events_first_page": "read side (`query.Corpus`, what the API serves): first page of events, 50",
        "query_events_deep_page": "read side: a page of events half-way through the store",
        "query_events_pair_page": "read side: first page of a pair's events (PAK, Russia by name)",
        "query_events_actor_by_name": "read side: first page of an actor's events, named by its name",
        "query_events_type_since_page": "read side: first page of one type since a year",
        "query_claims_contested_page": "read side: first page of contested claims",
        "query_summary": "read side: the summary counts",
    }
    for key, label in pages.items():
        if key in query:
            x = query[key]
            lines.append(f"| {label} | {x['median_ms']:.1f} | {x['min_ms']:.1f} | {x['runs']} |")
    lines += [
        "",
        "## Against the targets",
        "",
        "| target | measured | |",
        "|---|---:|---|",
        f"| ingest, 1 worker ≥ 0.8 × bare spaCy | {r['one_worker_vs_bare_spacy']:.2f} × | "
        f"{verdict(r['one_worker_vs_bare_spacy'] >= 0.8)} |",
        f"| (same, per CPU-second) | {r['one_worker_vs_bare_spacy_cpu']:.2f} × | "
        f"{verdict(r['one_worker_vs_bare_spacy_cpu'] >= 0.8)} |",
        f"| 2 workers ≥ 1.7 × 1 worker | {r['two_workers_vs_one']:.2f} × | {verdict(r['two_workers_vs_one'] >= 1.7)} |",
        f"| peak memory at {large} within 10% of {small} | {r['memory_large_vs_small']:.2f} × | "
        f"{verdict(r['memory_large_vs_small'] <= 1.10)} |",
        f"| dyad series ≤ 100 ms over 1M events, median{' of the library call' if dyad is not sql else ''} "
        f"(here {query['events']:,}) | {dyad['median_ms']:.0f} ms | "
        f"{verdict(dyad['median_ms'] <= 100)} |",
        "",
    ]
    return "\n".join(lines)


def _ms(x: dict[str, Any]) -> str:
    return " | ".join(
        [
            f"{x['reads']:,}",
            f"{x['reads_per_s']:.0f}",
            str(x["errors"]),
            *(f"{x[k]:.0f}" for k in ("p50_ms", "p99_ms", "max_ms")),
        ]
    )


def api_load_section(data: dict[str, Any]) -> list[str]:
    m = data["machine"]
    posts = data["posts"]
    during = data["reads_while_writing"]
    return [
        "## API under load",
        "",
        "`benchmarks/bench_api_load.py`: `newsgraph serve --allow-write` over the sample corpus and generated",
        f"articles; {data['readers']} reader threads on {data['routes']} read routes (lists, documents, events by "
        "actor, relations, search, graph),",
        f"first {data['alone_seconds']:.0f} s alone, then {data['seconds']:.0f} s while one client POSTs fresh "
        "articles back to back.",
        f"The server took {data['server_ready_s']} s to answer (the model loads at start-up).  "
        f"{m['cores']} cores shared with other work: load average {m['load_average_at_start']} at start, "
        f"{m['load_average_at_end']} at end; commit {m['commit']}.",
        "",
        "| reads | count | reads/s | errors | p50 (ms) | p99 (ms) | max (ms) |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| alone | {_ms(data['reads_alone'])} |",
        f"| while POSTs run | {_ms(during)} |",
        f"| of those, started during a POST | {_ms(data['reads_during_a_post'])} |",
        "",
        f"POSTs: {posts['requests']} requests, {posts['errors']} errors, {posts['stored']} documents stored, "
        f"median {posts['median_s']} s, slowest {posts['max_s']} s.",
        "Before reads and writes were separated (issue 17, measured by hand then): one lock for everything,",
        "GETs stalled up to 2.4 s while a POST ran, and p99 was 200-235 ms with 16 readers alone.",
        "",
        "| target | measured | |",
        "|---|---:|---|",
        f"| 0 read errors while ingesting | {during['errors']} | {verdict(during['errors'] == 0)} |",
        f"| read p99 < 500 ms while ingesting | {during['p99_ms']:.0f} ms | {verdict(during['p99_ms'] < 500)} |",
        "",
    ]


def hostile_section(data: dict[str, Any]) -> list[str]:
    m = data["machine"]
    outcomes = ", ".join(f"{k} {v:,}" for k, v in data["outcomes"].items())
    lines = [
        "## Hostile-input soak",
        "",
        f"`benchmarks/bench_hostile.py`: every hostile kind of `tests/hostile.py` and {data['inputs_generated']:,} "
        f"generated inputs (seed {data['seed']}: mutated articles, junk bytes, odd JSON Lines, odd charsets,",
        "runs of one word or symbol), read with `read_inputs` and extracted in a supervised worker with the defaults.",
        f"{m['cores']} cores shared with other work: load average {m['load_average_at_start']} at start, "
        f"{m['load_average_at_end']} at end; commit {m['commit']}.",
        "",
        f"- results: {data['results']:,} ({outcomes})",
        f"- exceptions that escaped: {data['exceptions_escaped']}; extraction processes crashed: {data['crashed']}; "
        f"timed out: {data['timed_out']}; failed: {data['failed']}",
        f"- reading took {data['read_seconds']} s; extracting {data['documents_extracted']:,} documents took "
        f"{data['extract_seconds']} s",
        "",
        "| slowest reads (s) | input | slowest extractions (s) | input |",
        "|---:|---|---:|---|",
    ]
    for r, x in zip(data["slowest_reads"], data["slowest_extractions"], strict=False):
        lines.append(f"| {r['seconds']} | `{r['source']}` | {x['seconds']} | `{x['source']}` |")
    return [*lines, ""]


def _resolve_table(data: dict[str, Any], runs: dict[str, Any]) -> list[str]:
    add = data["add"]
    lines = [
        "| articles | mentions | events | actor ids | full: CPU s (wall) | full: peak RSS (MB) | "
        f"add {add}: CPU s, median (runs) | add {add}: wall s | add: peak RSS (MB) | of which DuckDB (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n in sorted(runs, key=int):
        x = runs[n]
        c, full = x["counts"], x["full"]
        cpu = ", ".join(f"{a['cpu_seconds']:.2f}" for a in x["adds"])
        duck = statistics.median(a.get("duckdb_mb", 0.0) for a in x["adds"])
        lines.append(
            f"| {int(n):,} | {c['mentions']:,} | {c['events']:,} | {c['provisional_actor_ids']:,} | "
            f"{full['cpu_seconds']:.1f} ({full['seconds']:.1f}) | {full['peak_rss_mb']:.0f} | "
            f"{x['add_cpu_median']:.2f} ({cpu}) | {x['add_seconds_median']:.2f} | {x['add_peak_rss_median']:.0f} | "
            f"{duck:.0f} |"
        )
    lines += ["", "| articles | step | full: CPU s | add: CPU s (median run) |", "|---:|---|---:|---:|"]
    for n in sorted(runs, key=int):
        x = runs[n]
        median = sorted(x["adds"], key=lambda a: a["cpu_seconds"])[len(x["adds"]) // 2]
        for step, spent in x["full"]["steps"].items():
            lines.append(f"| {int(n):,} | {step} | {spent:.2f} | {median['steps'].get(step, 0):.2f} |")
    return lines


def _alone(data: dict[str, Any], part: str) -> str:
    """Where a part was run on its own (``BENCH_ONLY``): its commit and load."""
    m = data.get(f"machine_{part}")
    if not m:
        return ""
    return (
        f" (run on its own at commit {m['commit']}, load average {m['load_average_at_start']} at start, "
        f"{m.get('load_average_at_end', '?')} at end)"
    )


def resolve_section(data: dict[str, Any]) -> list[str]:
    m = data["machine"]
    runs = data["sizes"]
    sizes = sorted(runs, key=int)
    lines = [
        "## Corpus resolution at scale",
        "",
        "`benchmarks/bench_resolve.py`: stores filled with a generated news feed (`benchmarks/records.py`: "
        f"{data['per_day']:.0f} articles a day in publication order,",
        "thousands of distinct people with shared surnames and spelling variants, unknown countries, bodies by name "
        "and acronym, happenings reported by many articles),",
        "written as extraction records through `Store.write`: resolution reads only the store, so the texts are not "
        "parsed with spaCy here (a smaller end-to-end run through real ingest is below).",
        "Each step runs in its own process with DuckDB on one thread; **CPU seconds** are the figure to read "
        "(wall seconds stretch with the other work on the machine).",
        f'"Add {data["add"]}": the next {data["add"]} articles of the feed written and resolved incrementally, '
        f"{data['repeats']} times in a row; the median is kept.  {m['cores']} cores shared with other engineers' "
        f"work: load average {m['load_average_at_start']} at start, {m['load_average_at_end']} at end; "
        f"commit {m['commit']}.",
        "",
        f"Every article with a publication date (as a feed gives them){_alone(data, 'sizes')}:",
        "",
        *_resolve_table(data, runs),
    ]
    if "sizes_undated" in data:
        lines += [
            "",
            f"The same feed with {data['undated']:.0%} of articles without a publication date: their events may join "
            "any cluster of their block (nothing places them in time), so a block holding one is looked at whole "
            f"when it changes{_alone(data, 'undated')}:",
            "",
            *_resolve_table(data, data["sizes_undated"]),
        ]
    if "sizes_claims" in data:
        claims = data["sizes_claims"]
        counted = ", ".join(f"{claims[n]['counts'].get('claim_mentions', 0):,}" for n in sorted(claims, key=int))
        lines += [
            "",
            "The same feed with free-text claim mentions (`Feed(claims=True)`: reports of one happening worded "
            f"alike, a bag-of-words sketch; {counted} claim mentions in the stores), grouped by meaning "
            "incrementally (`resolve/claim_links.py`); the real sentence encoder embeds the mentions with a near "
            f"neighbour{_alone(data, 'claims')}:",
            "",
            *_resolve_table(data, claims),
        ]
    real = data.get("real")
    if real and real.get("sizes"):
        lines += [
            "",
            f"Real news: the store `bench_soak.py` leaves ({real['documents']:,} real articles -- FNC-1 train bodies "
            f"and PolNeAR texts -- extracted by newsgraph; {real['published']:,} with a publication date, so nearly "
            "every event is of an article without one), its first articles copied row by row into a new store, "
            f"resolved in full, then {data['add']} more at a time{_alone(data, 'real')}.  Each add runs in a fresh "
            "process and the rows are copied with SQL, so its time includes about 0.3 s that an ingest pays before it "
            "resolves: pandas, which pyarrow imports the first time it turns Python values into an Arrow array "
            "(`Store.write` does); the "
            "generated feed's adds write through `Store.write` before the clock starts:",
            "",
            *_resolve_table(data, real["sizes"]),
        ]
    small, large = sizes[0], sizes[1] if len(sizes) > 1 else sizes[0]
    ratio = runs[large]["add_cpu_median"] / max(runs[small]["add_cpu_median"], 1e-9)
    rss = runs[large]["add_peak_rss_median"] / max(runs[small]["add_peak_rss_median"], 1e-9)
    exponent = data.get("full_exponent")
    # the exponent n log n itself shows over the sizes measured: log(n2 log n2 / n1 log n1) / log(n2 / n1)
    lo, hi = int(sizes[0]), int(sizes[-1])
    nlogn = round(math.log(hi * math.log(hi) / (lo * math.log(lo))) / math.log(hi / lo), 2) if hi > lo else 1.0
    lines += [
        "",
        f"Full resolution grows as articles^{exponent} (CPU seconds, least squares over the sizes of the first "
        f"table); n log n over {lo:,} to {hi:,} articles is articles^{nlogn}.",
    ]
    ray = data.get("ray")
    if ray:
        first = ray["first"]
        lines += [
            "",
            "Through the Ray runner's Parquet datasets (`--engine ray` layout: records to Parquet with Ray Data, "
            f"loaded with `load_parquet`, then resolved): {ray['articles']:,} articles in "
            f"{first['cpu_seconds']:.1f} CPU s; "
            f"adding {data['add']} from Parquet, {ray['add_cpu_median']:.2f} CPU s (median){_alone(data, 'ray')}.",
        ]
    e2e = data.get("ingest")
    if e2e:
        rounds = ", ".join(f"{r['cpu_seconds']:.2f}" for r in e2e["rounds"])
        walls = ", ".join(f"{r['ingest_seconds']:.0f}" for r in e2e["rounds"])
        lines += [
            "",
            f"End to end through real ingest (spaCy, 1 worker) of generated texts (`benchmarks/corpus.py`), "
            f"{len(e2e['rounds'])} ingests of {e2e['per_round']} articles one after the other: the resolution inside "
            f"each took {rounds} CPU s (the whole ingests {walls} s wall){_alone(data, 'ingest')}.",
        ]
    lines += [
        "",
        "| target | measured | |",
        "|---|---:|---|",
        f"| add {data['add']} to {int(large):,} articles < 5 s on one core | "
        f"{runs[large]['add_cpu_median']:.2f} CPU s | "
        f"{verdict(runs[large]['add_cpu_median'] < 5)} |",
        f"| about the same at {int(small):,}: ratio ≤ 1.5 | {ratio:.2f} × | {verdict(ratio <= 1.5)} |",
        f"| full resolution no faster than n log n (here articles^{nlogn}) | articles^{exponent} | "
        f"{verdict(exponent is not None and exponent <= nlogn)} |",
        f"| peak RSS of an incremental run does not grow with the store ({int(large):,} vs {int(small):,}) | "
        f"{rss:.2f} × | {verdict(rss <= 1.10)} |",
    ]
    for key, what in (
        ("sizes", "dated"),
        ("sizes_undated", f"{data['undated']:.0%} undated"),
        ("sizes_claims", "with claims"),
    ):
        variant = data.get(key)
        if not variant:
            continue
        if key != "sizes" and small in variant and large in variant:
            cost = variant[large]["add_cpu_median"]
            grown = cost / max(variant[small]["add_cpu_median"], 1e-9)
            lines += [
                f"| {what}: add {data['add']} to {int(large):,} articles < 5 s | {cost:.2f} CPU s | "
                f"{verdict(cost < 5)} |",
                f"| {what}: ratio to {int(small):,} ≤ 1.5 | {grown:.2f} × | {verdict(grown <= 1.5)} |",
            ]
        for n in sorted((n for n in variant if int(n) > int(large)), key=int):  # beyond the sizes the targets name
            x = variant[n]
            slowest = max(a["cpu_seconds"] for a in x["adds"])
            rss = x["add_peak_rss_median"] / max(variant[small]["add_peak_rss_median"], 1e-9)
            lines.append(
                f"| {what}: add {data['add']} to {int(n):,} articles | {x['add_cpu_median']:.2f} CPU s "
                f"(slowest {slowest:.2f}), peak RSS {x['add_peak_rss_median']:.0f} MB "
                f"({rss:.2f} × that at {int(small):,}) | (no target) |"
            )
    if real and len(real.get("sizes", {})) > 1:
        sized = sorted(real["sizes"], key=int)
        lo, hi = sized[0], sized[-1]
        cost = real["sizes"][hi]["add_cpu_median"]
        grown = cost / max(real["sizes"][lo]["add_cpu_median"], 1e-9)
        lines += [
            f"| real news: add {data['add']} to {int(hi):,} articles < 5 s | {cost:.2f} CPU s | {verdict(cost < 5)} |",
            f"| real news: {int(hi):,} vs {int(lo):,} articles ({int(hi) / int(lo):.0f}× the store) | "
            f"{grown:.2f} × | (no target) |",
        ]
    lines.append("")
    return lines


def acceptance_section(data: dict[str, Any]) -> list[str]:
    lines = [
        "## Hostile input: the acceptance batch",
        "",
        "`benchmarks/issue17_acceptance.py` (reads ../shared/eval/realnews; builds everything in a temporary folder).",
        f"Load average {data['load_average_at_start']} at start, {data['load_average_at_end']} at end "
        f"(2 cores, shared); commit {data.get('commit', '(not recorded)')}.",
        "",
    ]
    if b := data.get("batch"):
        lines += [
            f"- batch: {b['articles']} real articles (.txt, .html, JSON Lines, in subfolders, beside broken sidecars) "
            f"after {b['hostile_inputs']} hostile inputs: {b['articles_stored']} articles stored, "
            f"{b['hostile_inputs'] - len(b['hostile_without_record'])} hostile inputs with a record, exit code "
            f"{b['exit_code']}, traceback: {'yes' if b['traceback'] else 'no'}, {b['seconds']} s with the defaults",
            f"- last line: `{b['last_line'].split('  →')[0]}`",
        ]
    if p := data.get("post"):
        statuses = sorted({a["status"] for a in p["answers"]})
        lines.append(
            f"- POSTed one by one: {p['posted']} hostile texts, statuses {statuses}, the server answered after each: "
            f"{'yes' if p['server_answered_after_each'] else 'no'}"
        )
    if m := data.get("mistakes"):
        ok = sum(1 for x in m if x["exit_code"] == 2 and x["lines"] == 1 and not x["traceback"])
        lines.append(f"- operator mistakes: {ok} of {len(m)} exit 2 with one line and no traceback")
    return [*lines, ""]


MODEL_STAGES = ("tokenizer", "tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


def _shares(components: dict[str, float]) -> str:
    """One sentence: the model's share of extraction time, newsgraph's rules', and the largest component."""
    total = sum(components.values()) or 1.0
    model = sum(v for k, v in components.items() if k in MODEL_STAGES)
    ours = {k: v for k, v in components.items() if k not in MODEL_STAGES}
    top, spent = max(ours.items(), key=lambda kv: kv[1], default=("none", 0.0))
    return (
        f"The model's own stages take {100 * model / total:.0f}% of extraction time and newsgraph's components "
        f"{100 * sum(ours.values()) / total:.0f}%, of which `{top}` alone {100 * spent / total:.0f}%; what bare spaCy "
        "does not do (those components, and reading, writing and corpus resolution in the supervising process) is "
        "the difference per CPU-second."
    )


def soak_section(data: dict[str, Any]) -> list[str]:
    m = data["machine"]
    r = data["ratios"]
    sup, bare, inproc = data["supervised"], data["bare_spacy"], data["in_process"]
    docs = data["documents"]
    skipped = ", ".join(f"{n} {reason}" for reason, n in sorted(sup["skipped_by_reason"].items())) or "none"
    timeouts = sup["skipped_by_reason"].get("timed_out", 0)
    lines = [
        "## Soak on real news",
        "",
        f"`benchmarks/bench_soak.py`{' (quick)' if data.get('quick') else ''}: every FNC-1 train body "
        f"({data['fnc1']:,}) and PolNeAR train text ({data['polnear']}) from ../shared/eval, {data['words']:,} words,",
        "each in its own file, through `newsgraph ingest` with the defaults (one supervised extraction process,",
        "`ingest.doc_timeout_s` 60), against bare spaCy `nlp.pipe` over the same files with the same model and",
        "batch size, and against the same ingest with `run.in_process = true` (no supervision).  Models are loaded",
        "and warmed before each clock starts.  "
        f"{m['cores']} cores shared with other work: load average {m['load_average_at_start']} at start, "
        f"{m['load_average_at_end']} at end; commit {m['commit']}.",
        "",
        "| run | seconds (runs) | docs/s | words/s | words per CPU-second | peak RSS (MB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, x in (
        ("bare spaCy `nlp.pipe`", bare),
        ("newsgraph ingest, defaults (supervised)", sup),
        ("newsgraph ingest, `run.in_process = true`", inproc),
    ):
        runs = ", ".join(f"{t:.1f}" for t in x.get("all_seconds", [x["seconds"]]))
        lines.append(
            f"| {name} | {x['seconds']:.1f} ({runs}) | {x['docs_per_s']:.2f} | {x['words_per_s']:.0f} | "
            f"{x['words_per_cpu_s']:.0f} | {x['peak_rss_mb']:.0f} |"
        )
    lines += [
        "",
        f"Stored {sup['ingested']:,}, already present {sup['present']:,} (the same text twice), skipped: {skipped}.",
        f"Median extraction time per word {docs['median_per_word_ms']:.3f} ms; documents slower per word than "
        f"{data['outlier_factor']}x the median: {len(docs['outliers'])}.",
        "",
        "| target | measured | |",
        "|---|---:|---|",
        f"| every article stored or skipped for a reason about it, 0 timeouts | {timeouts} timeouts | "
        f"{verdict(timeouts == 0)} |",
        f"| ingest ≥ 0.8 × bare spaCy (words/s) | {r['ingest_vs_bare_spacy']:.2f} × | "
        f"{verdict(r['ingest_vs_bare_spacy'] >= 0.8)} |",
        f"| (same, per CPU-second) | {r['ingest_vs_bare_spacy_cpu']:.2f} × | "
        f"{verdict(r['ingest_vs_bare_spacy_cpu'] >= 0.8)} |",
        f"| no document slower per word than {data['outlier_factor']}x the median | {len(docs['outliers'])} | "
        f"{verdict(not docs['outliers'])} |",
        "",
        "What the supervision costs on the default path: the supervised ingest runs at "
        f"{r['supervised_vs_in_process']:.2f} × the in-process one in words/s "
        f"({r['supervised_vs_in_process_cpu']:.2f} × per CPU-second).  Documents and results cross a pipe",
        "(pickled), and the supervising process reads and writes while the worker extracts, so on two cores",
        "the two overlap; with a core to spare it also computes the claim mentions' sentence embeddings meanwhile",
        "(`run.embed_claims_ahead`: every sketched mention, where resolution would embed only the near ones",
        "after extraction), which costs CPU-seconds but no waiting.  Start-up, the whole `newsgraph ingest` command",
        "on the two-sentence text of issue 10",
        f"(model load, one document, store, resolution; median of {len(data['startup']['seconds']['supervised'])}): "
        f"{data['startup']['median']['supervised']:.2f} s supervised, "
        f"{data['startup']['median']['in_process']:.2f} s in process; {data['startup']['events']} event stored.",
        "",
        "Where extraction time goes, all documents (seconds in the worker, the model's batched components",
        "shared out among a batch's documents by length):",
        "",
        "| component | seconds | share |",
        "|---|---:|---:|",
        *(
            f"| {name} | {seconds:.1f} | {100 * seconds / total:.1f}% |"
            for total in [sum(docs["components"].values()) or 1.0]
            for name, seconds in docs["components"].items()
        ),
        "",
        _shares(docs["components"]),
        "",
        "Slowest documents (seconds per component):",
        "",
        "| document | words | seconds | ms/word | components |",
        "|---|---:|---:|---:|---|",
    ]
    for d in docs["slowest"]:
        parts = ", ".join(f"{k} {v:.2f}" for k, v in d["components"].items())
        lines.append(f"| `{d['source']}` | {d['words']:,} | {d['seconds']:.2f} | {d['per_word_ms']:.2f} | {parts} |")
    if docs["outliers"]:
        lines += ["", f"Slower per word than {data['outlier_factor']}x the median:", ""]
        lines += [f"- `{d['source']}`: {d['per_word_ms']:.2f} ms/word, {d['words']} words" for d in docs["outliers"]]
    if docs.get("rechecked"):
        lines += [
            "",
            f"Timed again alone (fastest of three) because the run made them look slower per word than "
            f"{data['outlier_factor']}x the median, a wait for a core on a shared machine rather than their own cost:",
            "",
        ]
        lines += [
            f"- `{d['source']}`: {d['first_seconds']:.2f} s in the run, {d['seconds']:.3f} s alone "
            f"({d['per_word_ms']:.2f} ms/word, {d['words']} words)"
            for d in docs["rechecked"]
        ]
    return [*lines, ""]


SECTIONS = {
    "api_load": api_load_section,
    "hostile": hostile_section,
    "issue17_acceptance": acceptance_section,
    "resolve": resolve_section,
    "soak": soak_section,
}


def extra_sections(names: list[str]) -> list[str]:
    lines: list[str] = []
    for name in names:
        path = OUT / f"{name}.json"
        if path.is_file():
            lines += SECTIONS[name](json.loads(path.read_text()))
    return lines


def replace_sections(text: str, sections: list[str]) -> str:
    """``text`` with each "## " section in ``sections`` replaced (or added at the end)."""
    blocks: dict[str, str] = {}
    for block in "\n".join(sections).split("\n## ")[0:]:
        if block.strip():
            title = block.removeprefix("## ").split("\n", 1)[0]
            blocks[title] = "## " + block.removeprefix("## ").rstrip("\n") + "\n"
    parts = text.split("\n## ")
    out = [parts[0]]
    for part in parts[1:]:
        title = part.split("\n", 1)[0]
        out.append(blocks.pop(title) if title in blocks else "## " + part)
    body = "\n".join(p.rstrip("\n") + "\n" for p in out)
    return body + "".join("\n" + b for b in blocks.values())


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--only":
        target = HERE / "RESULTS.md"
        target.write_text(replace_sections(target.read_text("utf-8"), extra_sections(sys.argv[2:])), "utf-8")
        print(f"updated {', '.join(sys.argv[2:])} in {target}")
        return
    ingest = json.loads((OUT / "ingest.json").read_text())
    query = json.loads((OUT / "query.json").read_text())
    target = OUT / "RESULTS-quick.md" if ingest.get("quick") else HERE / "RESULTS.md"
    target.write_text(render(ingest, query) + "\n".join(["", *extra_sections(list(SECTIONS))]), "utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
