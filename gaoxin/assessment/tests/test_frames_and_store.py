"""Frames from the registry (money to 分 exactly, in a few queries) and atomic storing of a year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest
from django.db import IntegrityError

from gaoxin.assessment.frames import build_frames
from gaoxin.assessment.models import AssessmentRun, CriteriaChunk, Verdict
from gaoxin.assessment.store import read_chunk, store_results
from gaoxin.registry.models import EnterpriseYear, Qualification

from .factories import model_enterprise

pytestmark = pytest.mark.django_db


def test_frames_are_exact_and_typed(org, django_assert_max_num_queries):
    ent = model_enterprise(org)
    EnterpriseYear.objects.filter(enterprise=ent, year=2025).update(
        rd_expense=Decimal("1264000.01"), main_product_domestic_share=Decimal("0.125"),
        valuation_usd_100m=Decimal("1.2345"), main_business_revenue=None,
    )  # fmt: skip
    Qualification.objects.create(
        enterprise=ent, kind="tsme", level="national", granted_on=dt.date(2026, 3, 1)
    )
    with django_assert_max_num_queries(5):
        frames = build_frames(2026)
    y = frames.years.filter(pl.col("year") == 2025).to_dicts()[0]
    assert y["rd_expense"] == 126400001  # 1,264,000.01 元 = 126,400,001 分, no float on the way
    assert y["main_product_domestic_share"] == 125_000 and y["valuation_usd_100m"] == 12_345
    assert y["main_business_revenue"] is None  # unknown stays unknown, never 0
    assert (
        frames.years.schema["rd_expense"] == pl.Int64 and frames.years.schema["major_incident"] == pl.Boolean
    )
    e = frames.enterprises.to_dicts()[0]
    assert e["enterprise_id"] == ent.pk and e["established_on"] == dt.date(2015, 3, 1)
    assert e["held"][0]["kind"] == "科技型中小企业" and e["held"][0]["level"] == "国家级"
    assert e["held"][0]["expires_on"] == dt.date(2026, 12, 31)
    assert e["industry_restricted"] is False and e["industry_code"] is None


def _frames(ent_id, verdict="符合", year=2026):
    v = pl.DataFrame({"enterprise_id": [ent_id], "rule": ["hte"], "version": ["2016"], "verdict": [verdict],
                      "score": [80], "score_min": [80], "score_max": [80], "missing": [None], "distance": [0.0]})  # fmt: skip
    c = pl.DataFrame({"enterprise_id": [ent_id], "rule": ["hte"], "version": ["2016"], "criterion": ["C1_age"],
                      "verdict": [verdict], "value": [400.0], "threshold": [365.0], "gap_text": [None],
                      "doc_ref": ["国科发火〔2016〕32号 第十一条（一）"], "unverified": [False]})  # fmt: skip
    return v, c


def test_storing_replaces_the_year_atomically(org):
    ent = model_enterprise(org)
    run = AssessmentRun.objects.create(year=2026, as_of=dt.date(2026, 6, 30), user_name="测试")
    store_results(2025, *_frames(ent.pk, "不符合", 2025), run.pk)
    store_results(2026, *_frames(ent.pk), run.pk)
    store_results(2026, *_frames(ent.pk, "不符合"), run.pk)  # a new run of 2026 replaces 2026 only
    assert list(Verdict.objects.order_by("year").values_list("year", "verdict")) == [
        (2025, "不符合"),
        (2026, "不符合"),
    ]
    detail = CriteriaChunk.objects.filter(year=2026).get()
    assert detail.enterprise_from <= ent.pk <= detail.enterprise_to and detail.rows == 1
    assert read_chunk(detail.data, ent.pk) == [("2016", "C1_age", "不符合", 400.0, 365.0, "", "")]
    static = AssessmentRun.objects.get(pk=detail.run_id).criteria_static
    assert static == {"hte|2016|C1_age": ["", "国科发火〔2016〕32号 第十一条（一）", False]}
    verdicts, criteria = _frames(ent.pk)
    broken = criteria.with_columns(pl.lit(None, pl.Int64).alias("enterprise_id"))  # NOT NULL violation
    with pytest.raises(IntegrityError):
        store_results(2026, verdicts, broken, run.pk)
    assert list(Verdict.objects.filter(year=2026).values_list("verdict", flat=True)) == [
        "不符合"
    ]  # nothing half-written
    assert CriteriaChunk.objects.filter(year=2026).count() == 1


def test_a_run_stores_every_rule_with_distances(org, actor):
    from gaoxin.assessment.actions import run_assessment

    ent = model_enterprise(org)
    run = run_assessment(2026, actor)
    tsme = Verdict.objects.get(enterprise=ent, rule="tsme")
    assert tsme.verdict == "不符合" and tsme.distance == pytest.approx(0.05)
    block = CriteriaChunk.objects.get(rule="tsme", enterprise_from__lte=ent.pk, enterprise_to__gte=ent.pk)
    e2 = next(c for c in read_chunk(block.data, ent.pk) if c[1] == "E2_size")
    assert e2[2] == "不符合" and run.criteria_static["tsme|2017|E2_size"][1].startswith(
        "国科发政〔2017〕115号"
    )
    assert run.verdict_count == Verdict.objects.count() and run.rule_versions["tsme"] == "2017"


def _index_names(connection, tables) -> set[str]:
    with connection.cursor() as cursor:
        return {
            name
            for table in tables
            for name, info in connection.introspection.get_constraints(cursor, table).items()
            if info["index"] and not info["primary_key"]
        }


def test_a_large_replacement_rebuilds_the_indexes_and_a_failure_keeps_them(org, monkeypatch):
    """SQLite drops and rebuilds the verdict indexes around a large replacement (store.REBUILD_ROWS)."""
    from django.db import connection

    from gaoxin.assessment import store

    monkeypatch.setattr(store, "REBUILD_ROWS", 1)  # every replacement counts as large here
    tables = [Verdict._meta.db_table, CriteriaChunk._meta.db_table]
    expected = {i.name for m in (Verdict, CriteriaChunk) for i in m._meta.indexes}
    assert expected <= _index_names(connection, tables)
    ent = model_enterprise(org)
    run = AssessmentRun.objects.create(year=2026, as_of=dt.date(2026, 6, 30), user_name="测试")
    store_results(2026, *_frames(ent.pk), run.pk)
    store_results(2026, *_frames(ent.pk, "不符合"), run.pk)
    assert list(Verdict.objects.values_list("verdict", flat=True)) == ["不符合"]
    assert expected <= _index_names(connection, tables)
    verdicts, criteria = _frames(ent.pk)
    with pytest.raises(IntegrityError):
        store_results(
            2026, verdicts, criteria.with_columns(pl.lit(None, pl.Int64).alias("enterprise_id")), run.pk
        )
    assert expected <= _index_names(connection, tables)  # rolled back with the rows
    assert list(Verdict.objects.values_list("verdict", flat=True)) == ["不符合"]


def test_the_zone_read_by_sql_equals_the_orm_read(org):
    """The zone-wide SQL read (conversion in the database) gives the frame the ORM path gives."""
    import random

    from gaoxin.assessment.frames import _years_frame_orm, _years_frame_sql
    from gaoxin.registry.demo import populate
    from gaoxin.registry.lookups import ENTERPRISE_UNIT_KINDS
    from gaoxin.registry.models import Enterprise

    units = [u for u in org.units.values() if u.kind in ENTERPRISE_UNIT_KINDS]
    populate(random.Random(3), 30, units, org.people["liaison"], dt.date(2026, 6, 30), log=False)
    Enterprise.objects.filter(pk=Enterprise.objects.order_by("pk")[0].pk).update(
        deleted_at=dt.datetime.now(dt.UTC)
    )
    by_sql = _years_frame_sql(2026).sort("uscc", "year")
    by_orm = _years_frame_orm(2026, Enterprise.all_objects.all()).sort("uscc", "year")
    assert by_sql.height == by_orm.height > 60 and by_sql.schema == by_orm.schema
    assert by_sql.equals(by_orm)
