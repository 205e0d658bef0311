"""Importing: all-or-nothing per file, row/column/reason errors, idempotent re-import, lossless round trip."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gaoxin.core.models import ObjectChange
from gaoxin.registry import actions, uscc
from gaoxin.registry.models import Enterprise, EnterpriseYear, Qualification
from gaoxin.transfer.exporting import export_bytes
from gaoxin.transfer.importer import run_import
from gaoxin.transfer.kinds import get_kind
from gaoxin.transfer.models import ImportBatch

from .conftest import csv_bytes

pytestmark = pytest.mark.django_db

CODE_A = uscc.make("420106", "MA4K00001")
CODE_B = uscc.make("420111", "MA4K00002")


def enterprise_file(extra_row: str = "") -> bytes:
    return csv_bytes(
        "统一社会信用代码,企业名称,成立日期,注册资本（万元）,行业代码,所属单位,联系电话,包联干部,是否上市",
        f"{CODE_A},江城测试甲科技有限公司,2019/5/1,500,C3981,东湖街道,13800001111,liaison1,否",
        f"{CODE_B},江城测试乙软件有限公司,2020年3月2日,1.2亿,6513,南山街道,,,是",
        *([extra_row] if extra_row else []),
    )


def test_enterprise_import_creates_with_units_converted(actor):
    report = run_import(get_kind("enterprises"), enterprise_file(), "e.csv", actor)
    assert report.ok, report.as_json()
    a = Enterprise.objects.get(uscc=CODE_A)
    assert a.registered_capital == Decimal("5000000.00")
    assert a.industry_code == "C3981" and a.unit.name == "东湖街道"
    assert a.liaison.username == "liaison1" and a.listed is False
    b = Enterprise.objects.get(uscc=CODE_B)
    assert b.registered_capital == Decimal("120000000.00") and b.industry_code == "I6513"
    assert b.established_on == dt.date(2020, 3, 2)
    batch = ImportBatch.objects.get()
    assert (batch.rows, batch.created_count, batch.kind) == (2, 2, "enterprises")


def test_one_bad_row_changes_nothing_and_is_reported(actor):
    bad = f"{uscc.make('420106', 'MA4K00003')},江城测试丙有限公司,2021-01-01,很多钱,C3981,东湖街道,,,"
    report = run_import(get_kind("enterprises"), enterprise_file(bad), "e.csv", actor)
    assert not report.ok and report.committed == 0
    assert [(e["row"], e["column"]) for e in report.as_json()["errors"]] == [(4, "注册资本")]
    assert "不是有效的金额" in report.errors[0].message
    assert Enterprise.objects.count() == 0 and ImportBatch.objects.count() == 0
    assert ObjectChange.objects.count() == 0


def test_credit_code_errors_and_division_warning(actor):
    wrong_check = CODE_A[:17] + ("0" if CODE_A[17] != "0" else "1")
    unknown_division = uscc.make("429999", "MA4K00009")
    rows = [
        f"{wrong_check},甲,2020-01-01,,,东湖街道,,,",
        "91420100MA4KOOOO1X,乙,2020-01-01,,,东湖街道,,,",
        "9142010,丙,2020-01-01,,,东湖街道,,,",
        f"{unknown_division},丁,2020-01-01,,,东湖街道,,,",
    ]
    data = csv_bytes(
        "统一社会信用代码,企业名称,成立日期,注册资本,行业代码,所属单位,联系电话,包联干部,是否上市", *rows
    )
    report = run_import(get_kind("enterprises"), data, "e.csv", actor, dry_run=True)
    messages = {e.row: e.message for e in report.errors}
    assert "校验码" in messages[2] and "I、O、S、V、Z" in messages[3] and "18 位" in messages[4]
    assert 5 not in messages
    assert [(w.row, "行政区划码" in w.message) for w in report.warnings] == [(5, True)]


def year_file(*rows: str) -> bytes:
    return csv_bytes(
        "统一社会信用代码,年度,主营业务收入（万元）,纳税总额(亿元),职工总数,研发机构级别,列入经营异常名录或严重失信名单",
        *rows,
    )


def test_year_import_is_idempotent(actor, enterprises):
    code = enterprises[0].uscc
    data = year_file(f'{code},2020,"3,200万",0.015,120,省级,否', f"{code},2019,5000万元,,,无,")
    first = run_import(get_kind("enterprise-years"), data, "y.csv", actor)
    assert first.ok and first.counts.created == 2, first.as_json()
    row = EnterpriseYear.objects.get(enterprise=enterprises[0], year=2020)
    assert row.main_business_revenue == Decimal("32000000.00") and row.tax_paid == Decimal("1500000.00")
    assert row.employees == 120 and row.dishonest_listed is False
    assert (
        EnterpriseYear.objects.get(enterprise=enterprises[0], year=2019).employees is None
    )  # unknown, not 0
    changes, versions = ObjectChange.objects.count(), row.version
    second = run_import(get_kind("enterprise-years"), data, "y.csv", actor)
    assert second.ok and (second.counts.created, second.counts.updated, second.counts.unchanged) == (0, 0, 2)
    assert ObjectChange.objects.count() == changes
    row.refresh_from_db()
    assert row.version == versions


def test_year_import_unknown_enterprise_and_bad_year(actor, enterprises):
    data = year_file(f"{CODE_A},2020,1,,,,", f"{enterprises[0].uscc},1800,1,,,,")
    report = run_import(get_kind("enterprise-years"), data, "y.csv", actor)
    assert [(e.row, e.column) for e in report.errors] == [(2, "统一社会信用代码"), (3, "年度")]
    assert report.valid == 0


def test_changed_figure_updates_one_row_with_a_change_record(actor, enterprises):
    code = enterprises[1].uscc
    run_import(get_kind("enterprise-years"), year_file(f"{code},2020,100,,,,"), "y.csv", actor)
    report = run_import(get_kind("enterprise-years"), year_file(f"{code},2020,120,,,,"), "y.csv", actor)
    assert report.counts.updated == 1
    row = EnterpriseYear.objects.get(enterprise=enterprises[1], year=2020)
    assert row.version == 2 and row.main_business_revenue == Decimal("1200000.00")
    change = ObjectChange.objects.filter(object_id=row.pk).first()
    assert ("main_business_revenue", "1000000.00", "1200000.00") in change.diff()
    assert enterprises[1].__class__.objects.get(pk=enterprises[1].pk).latest_year >= 2020


def test_latest_revenue_follows_the_newest_year_with_revenue(actor, enterprises):
    e, other = enterprises[3], enterprises[4]
    newest = dt.date.today().year

    def latest(pk):
        return Enterprise.objects.values_list("latest_year", "latest_revenue").get(pk=pk)

    revenues = [y.revenue for y in e.years.order_by("-year") if y.revenue is not None]
    kind = get_kind("enterprise-years")
    assert run_import(kind, year_file(f"{e.uscc},{newest},,,10,,"), "y.csv", actor).ok
    assert latest(e.pk) == (newest, revenues[0] if revenues else None)  # the newest year has no revenue
    assert run_import(kind, year_file(f"{e.uscc},{newest},100,,10,,"), "y.csv", actor).ok
    assert latest(e.pk) == (newest, Decimal("1000000.00"))
    before = latest(other.pk)
    assert actions.refresh_latest([e.pk, other.pk]) == 0  # nothing changed: nothing written
    Enterprise.objects.filter(pk=e.pk).update(latest_revenue=1)
    assert actions.refresh_latest([e.pk, other.pk]) == 1
    assert latest(e.pk) == (newest, Decimal("1000000.00")) and latest(other.pk) == before


def test_qualification_import_computes_expiry(actor, enterprises):
    code = enterprises[2].uscc
    data = csv_bytes(
        "统一社会信用代码,资质类型,级别,证书编号,认定日期,有效期至",
        f"{code},高新技术企业,,GR2023001,2023-12-08,",
    )
    report = run_import(get_kind("qualifications"), data, "q.csv", actor)
    assert report.ok, report.as_json()
    q = Qualification.objects.get(certificate_no="GR2023001")
    assert (q.level, q.expires_on) == ("national", dt.date(2026, 12, 7))


@pytest.mark.parametrize("kind", ["enterprises", "enterprise-years", "qualifications"])
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_import_round_trip_is_lossless(actor, enterprises, users, kind, fmt):
    k = get_kind(kind)
    data, count = export_bytes(k, users.leader, fmt)
    before = list(k.export_rows(k.queryset(None).order_by("pk"), None))
    changes = ObjectChange.objects.count()
    report = run_import(k, data, f"export.{fmt}", actor)
    assert report.ok, report.as_json()["errors"][:3]
    assert report.rows == count and report.counts.unchanged == count
    assert ObjectChange.objects.count() == changes
    assert list(k.export_rows(k.queryset(None).order_by("pk"), None)) == before


def test_large_look_ups_take_the_one_pass_path(actor, enterprises, monkeypatch):
    from gaoxin.core import bulk

    monkeypatch.setattr(bulk, "LARGE_SET", 1)
    rows = [f"{e.uscc},2018,{i}" for i, e in enumerate(enterprises)]
    data = csv_bytes("统一社会信用代码,年度,主营业务收入", *rows)
    first = run_import(get_kind("enterprise-years"), data, "y.csv", actor)
    assert first.ok and first.counts.created == len(enterprises)
    assert EnterpriseYear.objects.filter(year=2018).count() == len(enterprises)
    again = run_import(get_kind("enterprise-years"), data, "y.csv", actor)
    assert again.counts.unchanged == len(enterprises)


def test_bulk_change_rows_equal_core_change_row(actor, enterprises):
    from gaoxin.core.actions import change_row
    from gaoxin.core.bulk import change_rows, snapshot_fields
    from gaoxin.core.models.changelog import ChangeAction

    years = list(EnterpriseYear.objects.select_related("enterprise")[:3])
    bulk = change_rows(
        [(y, None) for y in years], ChangeAction.CREATE, actor, snapshot_fields(EnterpriseYear)
    )
    for row, year in zip(bulk, years, strict=True):
        core = change_row(year, ChangeAction.CREATE, None, year.snapshot(), actor)
        fields = [f.attname for f in core._meta.concrete_fields if f.attname not in ("id", "time")]
        assert {f: row.__dict__[f] for f in fields} == {f: core.__dict__[f] for f in fields}


def test_imported_rows_change_log_points_at_the_right_rows(actor, enterprises):
    """Bulk imports number new rows without reading them back (SQLite) or by key (PostgreSQL): every
    'create' change row must name the row it describes, and show on that enterprise's page."""
    from django.contrib.contenttypes.models import ContentType

    from gaoxin.core.actions import history

    lines = [
        f"{e.uscc},{year},{i + 1}万,,{i + 1},无," for i, e in enumerate(enterprises) for year in (2001, 2002)
    ]
    before = ObjectChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
    years_before = set(EnterpriseYear.objects.values_list("pk", flat=True))
    report = run_import(get_kind("enterprise-years"), year_file(*lines), "y.csv", actor)
    assert report.ok and report.counts.created == len(lines)
    ct = ContentType.objects.get_for_model(EnterpriseYear)
    changes = ObjectChange.objects.filter(content_type=ct, action="create", id__gt=before)
    rows = {r.pk: r for r in EnterpriseYear.objects.exclude(pk__in=years_before)}
    assert changes.count() == len(lines)
    for change in changes:
        row = rows[change.object_id]
        assert (change.postchange_data["enterprise_id"], change.postchange_data["year"]) == (
            row.enterprise_id,
            row.year,
        )
        assert (
            change.postchange_data["employees"] == row.employees
            and change.related_object_id == row.enterprise_id
        )
    assert sum(1 for c in history(enterprises[3]) if c.content_type_id == ct.pk and c.id > before) == 2
