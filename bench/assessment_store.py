"""Assessment storing benchmark: verdict rows per second into PostgreSQL by COPY.

    .venv/bin/python bench/assessment_store.py            # 1,000,000 synthetic verdict rows
    .venv/bin/python bench/assessment_store.py --quick    # 10,000 rows (CI smoke run)

Target: 1M verdict rows stored in ≤ 20 s. Runs in a scratch PostgreSQL database ``gaoxin_bench_assess``
(created and dropped here). A worker process migrates it, creates one enterprise per eight verdicts
(the eight rules), builds the verdict frame with Polars, then times ``store_results`` twice: into
empty tables, and replacing the same year again (DELETE + COPY in one transaction).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402

DATABASE = "gaoxin_bench_assess"
RULES = ["hte", "tsme", "innovative_sme", "srdi_sme", "little_giant", "single_champion", "gazelle", "unicorn"]
YEAR = 2026


def enterprises(count: int) -> list[int]:
    from django.db import transaction

    from gaoxin.organization.models import Unit, Zone
    from gaoxin.registry.models import Enterprise

    zone = Zone.objects.create(name="基准测试园区")
    unit = Unit.objects.create(zone=zone, name="基准测试管委会", kind="committee")
    with transaction.atomic():
        for start in range(0, count, 10_000):
            batch = [
                Enterprise(uscc=f"91BENCH{i:011d}", name=f"基准企业{i}", unit=unit)
                for i in range(start, min(count, start + 10_000))
            ]
            Enterprise.objects.bulk_create(batch, batch_size=5_000)
    return list(Enterprise.objects.order_by("pk").values_list("pk", flat=True))


def verdict_frame(ids: list[int]):
    import polars as pl

    n = len(ids) * len(RULES)
    rng = pl.int_range(0, n, eager=True)
    return pl.DataFrame(
        {
            "enterprise_id": pl.Series(ids).repeat_by(len(RULES)).explode(),
            "rule": pl.Series(RULES * len(ids)),
            "version": pl.Series(["2016"] * n),
            "verdict": (rng % 3).replace_strict({0: "符合", 1: "不符合", 2: "数据不足"}),
            "score": (rng * 7919 % 101).cast(pl.Int64),
            "score_min": (rng * 7919 % 101).cast(pl.Int64),
            "score_max": (rng * 7919 % 101).cast(pl.Int64),
            "missing": pl.Series([None, "2025年资产总额、2025年负债总额"] * (n // 2) + [None] * (n % 2)),
            "distance": (rng % 97).cast(pl.Float64) / 100,
        }
    )


def worker(args) -> None:
    common.setup_django()
    common.migrate()
    from gaoxin.assessment.models import AssessmentRun, Verdict
    from gaoxin.assessment.store import store_results

    ids = enterprises(args.rows // len(RULES))
    frame = verdict_frame(ids)
    run = AssessmentRun.objects.create(year=YEAR, as_of=f"{YEAR}-06-30", user_name="基准测试")
    for label in ("empty tables", "replacing the year"):
        started = time.perf_counter()
        stored, _ = store_results(YEAR, frame, None, run.pk)
        seconds = time.perf_counter() - started
        assert Verdict.objects.filter(year=YEAR).count() == frame.height
        print(
            f"  {label:<20} {stored:>10,} verdict rows in {seconds:6.2f} s = {stored / seconds:>10,.0f} rows/s"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 rows (smoke run)")
    parser.add_argument("--rows", type=int, default=None)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.rows = args.rows or (10_000 if args.quick else 1_000_000)
    if args.worker:
        worker(args)
        return 0
    if not common.postgres_available():
        print("PostgreSQL is not reachable: assessment store benchmark skipped (it measures COPY)")
        return 0 if args.quick else 1
    print(f"assessment store: {args.rows:,} verdict rows into PostgreSQL by COPY (target 1M rows ≤ 20 s)")
    with common.scratch_database("postgres", DATABASE) as (url, tmp):
        return common.run_worker(__file__, url, tmp, ["--rows", str(args.rows)])


if __name__ == "__main__":
    sys.exit(main())
