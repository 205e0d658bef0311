"""Rules-engine benchmark: full zone assessment and innovation points at 10k / 100k / 1M synthetic
enterprises, and one subset (HTE C4, C5, C6 + the TSME score) through (a) our engine, (b) hand-written
Polars lazy and (c) OpenFisca-core. Each measurement runs in its own process so that its peak memory
is its own. Prints seconds, enterprises per second, peak RSS and the ratios against the targets.

    .venv/bin/python bench/rules.py            # 10k, 100k, 1M (a few minutes)
    .venv/bin/python bench/rules.py --quick    # 10k only (CI smoke run)
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from bench import subset  # noqa: E402
from bench.synthetic import enterprises, years  # noqa: E402

YEAR = 2025
OUT = ROOT / "bench" / "out" / "rules"
PRESET = "jinan_hitech_zone_2016"


def data_paths(n: int) -> tuple[Path, Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    ys, es = OUT / f"years_{n}.parquet", OUT / f"enterprises_{n}.parquet"
    if not ys.exists() or not es.exists():
        years(n, YEAR).write_parquet(ys)
        enterprises(n, YEAR).write_parquet(es)
    return ys, es


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def worker(kind: str, n: int) -> dict:
    ys_path, es_path = data_paths(n)
    ys, es = pl.read_parquet(ys_path), pl.read_parquet(es_path)
    if kind == "openfisca":
        prepared = subset.openfisca_inputs(ys, es, YEAR)  # pivot to numpy (not timed: favours OpenFisca)
    if kind == "engine":
        rules = subset.engine_rules()  # rule files load once at start-up
    loaded = _rss_mb()
    parts: dict[str, float] = {}
    t0 = time.perf_counter()
    if kind == "full":
        from gaoxin.engine import evaluate
        from gaoxin.engine.points import points, whitelist

        a = evaluate(ys, es, YEAR, gazelle_preset=PRESET)
        parts["evaluate (verdicts, scores, gaps, missing; results frame)"] = time.perf_counter() - t0
        t = time.perf_counter()
        crit = a.criteria
        parts[f"criteria frame ({crit.height:,} rows, gap texts, missing fields)"] = time.perf_counter() - t
        t = time.perf_counter()
        whitelist(points(ys, es, YEAR), 80)
        parts["innovation points + whitelist"] = time.perf_counter() - t
    elif kind == "engine":
        subset.engine(ys, es, YEAR, rules)
    elif kind == "polars":
        subset.polars_lazy(ys, es, YEAR)
    elif kind == "openfisca":
        subset.openfisca_run(prepared, YEAR)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak, "loaded_mb": loaded, "parts": parts}


def run(kind: str, n: int) -> dict:
    cmd = [sys.executable, __file__, "--worker", kind, "--n", str(n)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def line(name: str, n: int, r: dict) -> str:
    if "error" in r:
        return f"  {name:<34} {'—':>9}  {r['error']}"
    rate = n / r["seconds"] if r["seconds"] else float("inf")
    return (
        f"  {name:<34} {r['seconds']:>8.3f}s {rate:>13,.0f}/s  peak RSS {r['peak_mb']:>7.0f} MB"
        f" (data loaded {r['loaded_mb']:.0f} MB)"
    )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="10k enterprises only (CI smoke run)")
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--worker")
    ap.add_argument("--n", type=int)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.n)))
        return 0
    sizes = [10_000] if args.quick else [int(s) for s in args.sizes.split(",")]
    of_reason = subset.openfisca_unavailable()
    print(f"rules engine bench — assessment year {YEAR}, gazelle preset {PRESET}, {os.cpu_count()} CPUs")
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    failed = False
    for n in sizes:
        data_paths(n)
        print(f"\nN = {n:,} enterprises ({n * 4:,} enterprise-years)")
        full = run("full", n)
        print(line("full assessment + points", n, full))
        for part, secs in full.get("parts", {}).items():
            print(f"      {part}: {secs:.3f}s")
        res = {k: run(k, n) for k in ("engine", "polars")}
        res["openfisca"] = {"error": of_reason} if of_reason else run("openfisca", n)
        print("  subset: HTE C4, C5, C6 + TSME score")
        for k, label in (
            ("engine", "(a) our engine"),
            ("polars", "(b) hand-written Polars lazy"),
            ("openfisca", "(c) OpenFisca-core"),
        ):
            print(line(label, n, res[k]))
        failed |= any("error" in r for r in (full, res["engine"], res["polars"]))
        if "error" not in res["engine"] and "error" not in res["polars"]:
            ratio = res["engine"]["seconds"] / res["polars"]["seconds"]
            print(f"  ratio engine / hand-written Polars: {ratio:.2f}x (target ≤ 1.5x)")
        if "error" not in res["engine"] and "error" not in res["openfisca"]:
            ratio = res["openfisca"]["seconds"] / res["engine"]["seconds"]
            print(f"  ratio OpenFisca / engine: {ratio:.1f}x faster (target ≥ 5x at 1M)")
        if n == 1_000_000 and "error" not in full:
            print(f"  full assessment of 1M: {full['seconds']:.2f}s (target ≤ 2s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
