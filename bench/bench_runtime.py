"""personvern against its peers (cedarpy, regopy, pycasbin) on one workload, in one run.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python -m bench.bench_runtime            # about 5 minutes; --quick for about 1

On a machine shared with other work, ``nice -n -10`` in front (as root) keeps that work from
skewing the run; the ratios come from one run, with the engines taking turns, either way.

Every engine gets the same requests (bench/workload.py, over personvern's own vocabulary)
with the Flex rules written in its language (bench/encodings.py). Before timing, every
engine's answer to every request, and to workload.edges() (both sides of the conditions the
random requests rarely decide on), is compared with personvern's plain, unprepared evaluator;
any disagreement stops the run. Then, per request and in this order, with perf_counter_ns:
total = decide(convert(r)), convert(r) alone, decide(converted) alone (as ../shared/peer-bench
does). Requests go in blocks of 1,000; within a block the engines take turns in an order that
rotates from block to block, so a burst of noise hits every engine alike. Ratios compare
medians measured in this same run. A peer that is not installed is left out and said so.

Also measured: the batch API (decisions per second on one core), loading the Flex policy with
a warm compiled cache (in this process and in fresh processes), and the cost per decision
for synthetic policies of 10, 100 and 1,000 rules. Results: bench/results/ (JSON and summary.md).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import personvern
from personvern.decide import evaluator
from personvern.core import operation
from personvern.load.rules import cache_dir

from . import engines, scaling, workload

ns = time.perf_counter_ns
RESULTS = Path(__file__).resolve().parent / "results"
BLOCK = 1000


def median_us(xs: list[int]) -> float:
    return statistics.median(xs) / 1000.0


def p99_us(xs: list[int]) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, int(len(s) * 0.99))] / 1000.0


def reference(policy: personvern.Policy, reqs: list[workload.Request]) -> list[bool]:
    out = []
    for r in reqs:
        d = evaluator.evaluate(policy, operation.parse_operation(policy, {**r.static(), "facts": r.facts}))
        if d.outcome == personvern.CONDITIONAL:
            raise SystemExit(f"the workload left a fact unknown: {r}")
        out.append(d.outcome == personvern.PERMIT)
    return out


def load_engines(policy: personvern.Policy, names: list[str], reqs: list[workload.Request]) -> tuple[dict[str, Any], dict[str, str]]:
    loaded: dict[str, Any] = {}
    missing: dict[str, str] = {}
    for key in names:
        eng = engines.ENGINES[key]()
        try:
            eng.load(policy)
        except ImportError as e:
            missing[eng.name] = f"not installed ({e.name}); pip install -e '.[bench]'"
            continue
        if hasattr(eng, "prepare_all"):
            eng.prepare_all(reqs)
        loaded[eng.name] = eng
    return loaded, missing


def agreement(loaded: dict[str, Any], reqs: list[workload.Request], ref: list[bool]) -> dict[str, int]:
    out = {}
    for name, eng in loaded.items():
        got = [eng.decide(eng.convert(r)) for r in reqs]  # also the warm-up pass
        bad = [i for i, (g, w) in enumerate(zip(got, ref)) if g is not w]
        out[name] = len(bad)
        if bad:
            raise SystemExit(f"{name} disagrees with personvern on {len(bad)} requests, e.g. {reqs[bad[0]]} (expected {ref[bad[0]]})")
        if eng.has_batch:
            convs = [eng.convert(r) for r in reqs]
            if eng.batch(convs) != ref:
                raise SystemExit(f"{name}'s batch API disagrees with personvern")
    return out


def latency(loaded: dict[str, Any], reqs: list[workload.Request], reps: int) -> dict[str, Any]:
    names = list(loaded)
    per_rep: dict[str, list[dict[str, float]]] = {n: [] for n in names}
    pooled: dict[str, dict[str, list[int]]] = {n: {"total": [], "convert": [], "decide": []} for n in names}
    for rep in range(reps):
        lat = {n: {"total": [], "convert": [], "decide": []} for n in names}
        gc.collect()
        for b, start in enumerate(range(0, len(reqs), BLOCK)):
            block = reqs[start:start + BLOCK]
            shift = (b + rep) % len(names)
            for name in names[shift:] + names[:shift]:
                eng = loaded[name]
                convert, decide = eng.convert, eng.decide
                lt, lc, ld = lat[name]["total"], lat[name]["convert"], lat[name]["decide"]
                for r in block:
                    t = ns(); decide(convert(r)); lt.append(ns() - t)  # noqa: E702
                    t = ns(); c = convert(r); lc.append(ns() - t)  # noqa: E702
                    t = ns(); decide(c); ld.append(ns() - t)  # noqa: E702
        for n in names:
            per_rep[n].append({m: median_us(v) for m, v in lat[n].items()})
            for m, v in lat[n].items():
                pooled[n][m].extend(v)
    out: dict[str, Any] = {}
    for n in names:
        reps_total = [r["total"] for r in per_rep[n]]
        out[n] = {"total_median_us": statistics.median(reps_total), "total_min_us": min(reps_total), "total_max_us": max(reps_total),
                  "total_p99_us": p99_us(pooled[n]["total"]),
                  "convert_median_us": statistics.median(r["convert"] for r in per_rep[n]),
                  "decide_median_us": statistics.median(r["decide"] for r in per_rep[n]), "per_rep": per_rep[n]}
    return out


def loop_throughput(loaded: dict[str, Any], reqs: list[workload.Request]) -> dict[str, float]:
    out = {}
    for name, eng in loaded.items():
        convert, decide = eng.convert, eng.decide
        gc.collect()
        t = time.perf_counter()
        for r in reqs:
            decide(convert(r))
        out[name] = len(reqs) / (time.perf_counter() - t)
    return out


NEWSLETTER = {"purpose": "direct_marketing", "legal_basis": "legitimate_interests", "data_categories": ["name", "email"],
              "data_subjects": ["customer"], "action": "contact",
              "recipients": [{"kind": "processor", "name": "Postmark EU", "country": "IE", "dpa": True}]}


def newsletter_facts(n: int) -> dict[str, dict[str, Any]]:
    import random

    rng = random.Random(workload.SEED)
    out = {}
    for i in range(n):
        objection = rng.random() < 0.15
        objected = frozenset({"direct_marketing"}) if rng.random() < 0.03 else frozenset()
        out[f"kunde-{i:06d}"] = {"direct_marketing_objection": objection or bool(objected),  # the two facts agree (fact_checks)
                                 "objected_purposes": objected, "customer_relationship": "ended" if rng.random() < 0.08 else "active"}
    return out


def batches(policy: personvern.Policy, loaded: dict[str, Any], n: int, reps: int) -> dict[str, Any]:
    customers = newsletter_facts(n)
    out: dict[str, Any] = {"subjects": n}
    rates, cpu_rates = [], []
    result = None
    for _ in range(reps):
        gc.collect()
        t, c = time.perf_counter(), time.process_time()
        result = policy.batch(NEWSLETTER, customers)
        rates.append(n / (time.perf_counter() - t))
        cpu_rates.append(n / max(time.process_time() - c, 1e-9))  # CPU time: not counting time lost to other processes
    assert result is not None
    sample = list(customers.items())[:20000]
    want = {s: policy.evaluate({**NEWSLETTER, "facts": f}) for s, f in sample}
    got = dict(result.permitted + result.refused)
    if any(got[s] != d for s, d in want.items()):
        raise SystemExit("personvern's batch disagrees with evaluate")
    out["personvern_per_s"] = statistics.median(rates)
    out["personvern_per_cpu_s"] = statistics.median(cpu_rates)
    out["personvern_per_s_all"] = rates
    out["personvern_permitted"] = len(result.permitted)
    cedar = loaded.get("cedarpy")
    if cedar is not None:
        reqs = [workload.Request("direct_marketing", "legitimate_interests", ("email", "name"), ("customer",), "contact",
                                 ("processor", "Postmark EU", "IE", True),
                                 {**workload_facts_defaults(), **f}) for f in customers.values()]
        t = time.perf_counter()
        convs = [cedar.convert(r) for r in reqs]
        t_conv = time.perf_counter() - t
        rates_c = []
        for _ in range(reps):
            gc.collect()
            t = time.perf_counter()
            allowed = cedar.batch(convs)
            rates_c.append(n / (time.perf_counter() - t))
        if sum(allowed) != len(result.permitted):
            raise SystemExit("cedarpy's batch disagrees with personvern's on the newsletter run")
        out["cedarpy_per_s"] = statistics.median(rates_c)
        out["cedarpy_per_s_with_convert"] = n / (n / out["cedarpy_per_s"] + t_conv)
    return out


def workload_facts_defaults() -> dict[str, Any]:
    return {"consents": frozenset(), "withdrawn_consents": frozenset(), "consented_recipients": frozenset(), "lawful_disclosure": False, "legal_duty": False,
            "browser_blocks_cookies": False, "actor_authorized": True, "actor_needs_to_know": True,
            "flex_is_processor": False, "customer_instructions_documented": False, "marketed_product": "own_similar",
            "address_from_sale_with_opt_out": True, "in_reservation_register": False, "parental_consent": False,
            "salary_payment_banks": frozenset(), "customer_auditors": frozenset(), "licensed_debt_collectors": frozenset(), "unpaid_invoice": False, "authorised_subprocessors": frozenset()}


LOAD_SNIPPET = """
import time, json
t0 = time.perf_counter()
import personvern
t1 = time.perf_counter()
personvern.load_policy()
t2 = time.perf_counter()
print(json.dumps({"import_ms": (t1 - t0) * 1000, "load_ms": (t2 - t1) * 1000}))
"""


def loading(reps: int) -> dict[str, Any]:
    personvern.load_policy()  # makes sure the compiled cache is warm
    inproc = []
    for _ in range(20):
        t = time.perf_counter()
        personvern.load_policy()
        inproc.append((time.perf_counter() - t) * 1000)
    fresh = []
    for _ in range(reps + 2):
        t = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", LOAD_SNIPPET], capture_output=True, text=True, check=True)
        wall = (time.perf_counter() - t) * 1000
        fresh.append({**json.loads(done.stdout), "wall_ms": wall})
    return {"in_process_ms": statistics.median(inproc), "fresh_load_ms": statistics.median(f["load_ms"] for f in fresh),
            "fresh_import_ms": statistics.median(f["import_ms"] for f in fresh), "fresh_wall_ms": statistics.median(f["wall_ms"] for f in fresh),
            "cache_dir": str(cache_dir())}


def table(res: dict[str, Any]) -> str:
    lat = res["latency"]
    cedar = lat.get("cedarpy", {}).get("total_median_us")
    lines = [f"Machine: {res['machine']}; n={res['n']} requests x {res['reps']} repetitions, seed {workload.SEED}, permit ratio {res['permit_ratio']:.3f}.",
             "Every engine agreed with personvern's plain evaluator on every request. Latency in µs per decision "
             "(median of the repetitions' medians, min–max across them); personvern's decisions carry full reasons.", "",
             "| engine | total median | p99 | convert | decide | loop dec/s | vs cedarpy (same run) |", "|---|---|---|---|---|---|---|"]
    for name, v in lat.items():
        ratio = f"{cedar / v['total_median_us']:.1f}× faster" if cedar and name != "cedarpy" and v["total_median_us"] < cedar else (
            "1.0×" if name == "cedarpy" else (f"{v['total_median_us'] / cedar:.1f}× slower" if cedar else "n/a"))
        lines.append(f"| {name} | {v['total_median_us']:.2f} ({v['total_min_us']:.2f}–{v['total_max_us']:.2f}) | {v['total_p99_us']:.1f} | "
                     f"{v['convert_median_us']:.2f} | {v['decide_median_us']:.2f} | {res['loop'][name]:,.0f} | {ratio} |")
    for name, why in res["missing"].items():
        lines.append(f"| {name} | – | – | – | – | – | {why} |")
    b = res.get("batch")
    if b:
        lines += ["", f"Batch, one newsletter over {b['subjects']:,} customers (one template, facts per customer), one core:",
                  f"personvern `policy.batch` {b['personvern_per_s']:,.0f} decisions/s wall clock, "
                  f"{b['personvern_per_cpu_s']:,.0f} per CPU second (full Decision per customer)"
                  + (f"; cedarpy `is_authorized_batch` {b['cedarpy_per_s']:,.0f}/s on pre-converted requests "
                     f"({b['cedarpy_per_s_with_convert']:,.0f}/s with conversion)." if "cedarpy_per_s" in b else ".")]
    ld = res.get("loading")
    if ld:
        lines += ["", f"Loading the Flex policy with a warm compiled cache: {ld['in_process_ms']:.2f} ms in process (median of 20); "
                  f"in a fresh process {ld['fresh_load_ms']:.2f} ms after `import personvern` ({ld['fresh_import_ms']:.1f} ms), "
                  f"{ld['fresh_wall_ms']:.0f} ms wall for the whole `python -c`."]
    sc = res.get("scaling")
    if sc:
        lines += ["", "Cost per decision as the policy grows (synthetic rule sets; µs, median):", "",
                  "| rules | evaluate(dict) | prepared | plain evaluator (unprepared) | rules looked at per decision |", "|---|---|---|---|---|"]
        for row in sc:
            lines.append(f"| {row['rules']} | {row['dict_us']:.2f} | {row['prepared_us']:.2f} | {row['plain_us']:.2f} | {row['rules_in_plan']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--n", type=int, default=5000, help="requests in the latency workload")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--batch-n", type=int, default=100_000)
    ap.add_argument("--engines", default=",".join(engines.ENGINES), help="comma-separated: " + ",".join(engines.ENGINES))
    ap.add_argument("--quick", action="store_true", help="n=2000, 2 repetitions, 20,000 in the batch")
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: batch,loading,scaling")
    a = ap.parse_args(argv)
    if a.quick:
        a.n, a.reps, a.batch_n = 2000, 2, 20_000
    skip = set(filter(None, a.skip.split(",")))
    with tempfile.TemporaryDirectory(prefix="personvern-bench-cache-") as cache:
        os.environ.setdefault("PERSONVERN_CACHE_DIR", cache)
        policy = personvern.load_policy()
        reqs = workload.generate(policy, a.n)
        checked = reqs + workload.edges(policy)
        ref_checked = reference(policy, checked)
        ref = ref_checked[:a.n]
        loaded, missing = load_engines(policy, a.engines.split(","), checked)
        res: dict[str, Any] = {"machine": f"nproc={os.cpu_count()}, Python {platform.python_version()}, {platform.platform()}",
                               "n": a.n, "reps": a.reps, "permit_ratio": sum(ref) / len(ref), "missing": missing,
                               "versions": _versions(), "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        print(f"agreement check over {a.n} requests and {len(checked) - a.n} at the rules' edges ...", file=sys.stderr)
        res["disagreements"] = agreement(loaded, checked, ref_checked)
        print("latency ...", file=sys.stderr)
        res["latency"] = latency(loaded, reqs, a.reps)
        res["loop"] = loop_throughput(loaded, reqs)
        if "batch" not in skip:
            print("batch ...", file=sys.stderr)
            res["batch"] = batches(policy, loaded, a.batch_n, a.reps)
        if "loading" not in skip:
            print("loading ...", file=sys.stderr)
            res["loading"] = loading(a.reps)
        if "scaling" not in skip:
            print("scaling ...", file=sys.stderr)
            res["scaling"] = scaling.run(Path(cache), 3000 if not a.quick else 1000)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    (RESULTS / f"runtime-{stamp}.json").write_text(json.dumps(res, indent=1), encoding="utf-8")
    text = table(res)
    (RESULTS / "summary.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


def _versions() -> dict[str, str]:
    from importlib import metadata

    out = {}
    for dist in ("personvern", "cedarpy", "regopy", "pycasbin"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "not installed"
    return out


if __name__ == "__main__":
    raise SystemExit(main())
