"""personvern against cedarpy on a DIVERSE workload, in one run: first sight, repeated, batch.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python -m bench.bench_diverse              # about 2 minutes; --quick for less

The workload is bench/workload.py's: 10,000 seeded operations in which purposes, legal bases,
data categories, data subjects, actions, recipients and facts all vary (about 6,600 distinct
static parts). Before timing, cedarpy's answer to every request (and to workload.edges()) is
compared with personvern's plain evaluator (parse_operation + evaluate); any disagreement stops the run. Every timed
personvern decision is compared with that reference too.

* **first sight**: each distinct static part once, in workload order, decided by
  ``policy.evaluate(dict)`` on a Policy object freshly loaded for the repetition, so every
  operation is new to it (the run checks that the template cache stayed empty: nothing was
  prepared, every decision was the plain path). cedarpy decides the same requests.
* **repeated**: all 10,000 requests once the policy has met every static part twice (its
  template cache then holds them: the partially evaluated path), and cedarpy on the same.
* **batch**: ``policy.batch`` (one operation, 100,000 subjects' facts) on one core
  (bench_runtime.batches; cedarpy's ``is_authorized_batch`` is measured there, it takes
  minutes at this size).

Timing as bench_runtime.py: ``perf_counter_ns`` around ``decide(convert(r))`` per request (the
dict built and, for cedarpy, the context JSON-encoded, per call); requests in blocks of 1,000 with
the two engines taking turns in an order that rotates per block. Ratios compare medians of
this same run. Results: bench/results/diverse-*.json and diverse-summary.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import personvern

from . import engines, workload
from .bench_runtime import BLOCK, RESULTS, _versions, agreement, batches, reference

ns = time.perf_counter_ns
TARGETS = {"first_sight": 10.0, "repeated": 20.0, "batch_per_s": 900_000}


def _as_dict(r: workload.Request) -> dict[str, Any]:
    op = r.static()
    op["facts"] = r.facts
    return op


def interleaved(policy: personvern.Policy, cedar: engines.Cedar, reqs: list[workload.Request], want: list[bool],
                rep: int) -> tuple[list[int], list[int]]:
    """(personvern's, cedarpy's) per-request totals in ns over ``reqs``; personvern's answers checked."""
    mine: list[int] = []
    theirs: list[int] = []
    evaluate, permit = policy.evaluate, personvern.PERMIT
    convert, decide = cedar.convert, cedar.decide
    gc.collect()
    for b, start in enumerate(range(0, len(reqs), BLOCK)):
        block = reqs[start:start + BLOCK]
        answers = want[start:start + BLOCK]
        def run_mine() -> None:
            for r, w in zip(block, answers):
                t = ns()
                got = evaluate(_as_dict(r)).outcome == permit
                mine.append(ns() - t)
                if got is not w:
                    raise SystemExit(f"personvern's evaluate disagrees with its plain evaluator on {r}")

        def run_theirs() -> None:
            for r in block:
                t = ns()
                decide(convert(r))
                theirs.append(ns() - t)

        turns: list[Callable[[], None]] = [run_mine, run_theirs]
        if (b + rep) % 2:
            turns.reverse()
        for turn in turns:
            turn()
    return mine, theirs


def first_sight(cedar: engines.Cedar, reqs: list[workload.Request], ref: list[bool], reps: int) -> dict[str, Any]:
    seen: set[Any] = set()
    firsts = []
    for i, r in enumerate(reqs):
        if r.static_key() not in seen:
            seen.add(r.static_key())
            firsts.append(i)
    sub, want = [reqs[i] for i in firsts], [ref[i] for i in firsts]
    per_rep = []
    for rep in range(reps):
        policy = personvern.load_policy()  # a new Policy object: nothing seen, nothing prepared
        mine, theirs = interleaved(policy, cedar, sub, want, rep)
        if len(policy.template_cache):
            raise SystemExit("first sight: an operation was prepared, so not every one was new to the policy")
        per_rep.append((statistics.median(mine) / 1000, statistics.median(theirs) / 1000))
    return _summary(per_rep, {"distinct_static_parts": len(sub)})


def repeated(cedar: engines.Cedar, reqs: list[workload.Request], ref: list[bool], reps: int) -> dict[str, Any]:
    policy = personvern.load_policy()
    for _ in range(2):  # the second sight of a static part prepares it
        for r in reqs:
            policy.evaluate(_as_dict(r))
    per_rep = []
    for rep in range(reps):
        mine, theirs = interleaved(policy, cedar, reqs, ref, rep)
        per_rep.append((statistics.median(mine) / 1000, statistics.median(theirs) / 1000))
    return _summary(per_rep, {"templates_held": len(policy.template_cache)})


def _summary(per_rep: list[tuple[float, float]], extra: dict[str, Any]) -> dict[str, Any]:
    ratios = [c / p for p, c in per_rep]
    return {**extra, "personvern_us": statistics.median(p for p, _ in per_rep), "cedarpy_us": statistics.median(c for _, c in per_rep),
            "ratio": statistics.median(ratios), "ratio_min": min(ratios), "ratio_max": max(ratios),
            "per_rep": [{"personvern_us": p, "cedarpy_us": c, "ratio": c / p} for p, c in per_rep]}


def table(res: dict[str, Any]) -> str:
    lines = [f"Machine: {res['machine']}; load average at start {res['load']}; {res['n']} operations, seed {workload.SEED}, "
             f"{res['reps']} repetitions; started {res['started']}.",
             "cedarpy agreed with personvern's plain evaluator on every request, and every timed personvern decision agreed too. "
             "µs per decision (dict built / context JSON-encoded per call, full Decision with reasons for personvern): "
             "median of the repetitions' medians; ratio = cedarpy / personvern in the same repetition (median, min–max).", "",
             "| case | requests | personvern µs | cedarpy µs | ratio | target |", "|---|---|---|---|---|---|"]
    for case, n_key in (("first_sight", "distinct_static_parts"), ("repeated", None)):
        v = res.get(case)
        if v is None:
            continue
        n = v[n_key] if n_key else res["n"]
        met = "met" if v["ratio"] >= TARGETS[case] else "NOT met"
        lines.append(f"| {case.replace('_', ' ')} | {n:,} | {v['personvern_us']:.2f} | {v['cedarpy_us']:.2f} | "
                     f"{v['ratio']:.1f}× ({v['ratio_min']:.1f}–{v['ratio_max']:.1f}) | ≥{TARGETS[case]:.0f}×: {met} |")
    b = res.get("batch")
    if b:
        # One core's throughput is decisions per CPU second: on a shared machine the wall clock also
        # counts the time the process waited for a core (both are reported).
        met = "met" if b["personvern_per_cpu_s"] >= TARGETS["batch_per_s"] else "NOT met"
        lines += ["", f"Batch (`policy.batch`, one operation over {b['subjects']:,} subjects, one thread): "
                      f"{b['personvern_per_cpu_s']:,.0f} decisions per CPU second (target ≥900,000 on one core: {met}); "
                      f"{b['personvern_per_s']:,.0f}/s wall clock ({min(b['personvern_per_s_all']):,.0f}–"
                      f"{max(b['personvern_per_s_all']):,.0f}), which on a shared machine includes waiting for a core"
                      + (f"; cedarpy `is_authorized_batch` {b['cedarpy_per_s']:,.0f}/s on pre-converted requests." if "cedarpy_per_s" in b else ".")]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--n", type=int, default=10_000, help="operations in the workload")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--batch-n", type=int, default=100_000)
    ap.add_argument("--quick", action="store_true", help="n=3000, 2 repetitions, 20,000 in the batch")
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: first_sight,repeated,batch")
    a = ap.parse_args(argv)
    if a.quick:
        a.n, a.reps, a.batch_n = 3000, 2, 20_000
    skip = set(filter(None, a.skip.split(",")))
    with tempfile.TemporaryDirectory(prefix="personvern-bench-cache-") as cache:
        os.environ.setdefault("PERSONVERN_CACHE_DIR", cache)
        policy = personvern.load_policy()
        reqs = workload.generate(policy, a.n)
        checked = reqs + workload.edges(policy)
        ref_checked = reference(policy, checked)
        ref = ref_checked[:a.n]
        cedar = engines.Cedar()
        cedar.load(policy)
        res: dict[str, Any] = {"machine": f"nproc={os.cpu_count()}, Python {platform.python_version()}, {platform.platform()}",
                               "load": " ".join(f"{x:.2f}" for x in os.getloadavg()), "n": a.n, "reps": a.reps,
                               "permit_ratio": sum(ref) / len(ref), "versions": _versions(),
                               "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        print(f"agreement check over {a.n} requests and {len(checked) - a.n} at the rules' edges ...", file=sys.stderr)
        res["disagreements"] = agreement({"cedarpy": cedar}, checked, ref_checked)
        if "first_sight" not in skip:
            print("first sight ...", file=sys.stderr)
            res["first_sight"] = first_sight(cedar, reqs, ref, a.reps)
        if "repeated" not in skip:
            print("repeated ...", file=sys.stderr)
            res["repeated"] = repeated(cedar, reqs, ref, a.reps)
        if "batch" not in skip:
            print("batch ...", file=sys.stderr)
            res["batch"] = batches(policy, {}, a.batch_n, a.reps)  # cedarpy's batch: bench_runtime (slow at this size)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    (RESULTS / f"diverse-{stamp}.json").write_text(json.dumps(res, indent=1), encoding="utf-8")
    text = table(res)
    (RESULTS / "diverse-summary.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
