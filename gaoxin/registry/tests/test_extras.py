"""Custom fields on enterprises, blank templates, dashboard cards, demo build."""

from __future__ import annotations

import io
import random

import pytest
from django.contrib.contenttypes.models import ContentType
from openpyxl import load_workbook

from gaoxin.core.models import CustomField
from gaoxin.registry.models import Enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture
def custom_field(db):
    return CustomField.objects.create(
        content_type=ContentType.objects.get_for_model(Enterprise), name="park_lot", label="入驻楼栋",
        type="select", choices=["A座", "B座"],
    )  # fmt: skip


def test_custom_field_is_validated_by_api_and_form(client_for, enterprises, custom_field):
    e = enterprises[0]
    client = client_for("leader")
    bad = client.patch(
        f"/api/v1/registry/enterprises/{e.pk}",
        {"custom_fields": {"park_lot": "C座"}, "version": e.version},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "custom_fields.park_lot"
    good = client.patch(
        f"/api/v1/registry/enterprises/{e.pk}",
        {"custom_fields": {"park_lot": "A座"}, "version": e.version},
        content_type="application/json",
    )
    assert good.json()["custom_fields"] == {"park_lot": "A座"}
    form = {"name": e.name, "unit": e.unit_id, "version": good.json()["version"], "cf_park_lot": "Z座"}
    page = client.post(f"/enterprises/{e.pk}/edit/", form).content.decode()
    assert "入驻楼栋应为以下之一" in page


def test_blank_templates(client_for):
    response = client_for("staff1").get("/transfer/template/enterprise-years/")
    headers = next(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    # required headers marked, money headers with their unit (issue 11 item 11)
    assert headers[:3] == ("*统一社会信用代码", "*年度", "主营业务收入（元）") and len(headers) == 41
    csv = (
        client_for("staff1").get("/transfer/template/qualifications/?format=csv").content.decode("utf-8-sig")
    )
    assert csv.startswith("统一社会信用代码,资质类型,级别")


def test_dashboard_cards_are_scoped(client_for, users, enterprises, rf):
    from gaoxin.registry import dashboard
    from gaoxin.registry.scopes import enterprises_for

    request = rf.get("/")
    request.user = users.street
    card = dashboard.enterprise_count(request)
    assert card["value"] == f"{enterprises_for(users.street).count():,}"
    request.user = users.bank
    assert dashboard.hte_count(request) is None


def test_demo_build_is_deterministic_and_valid(org):
    from gaoxin.registry import uscc
    from gaoxin.registry.demo import build
    from gaoxin.registry.models import EnterpriseAccount, Qualification

    org.enterprises, org.rng = 60, random.Random(3)
    build(org)
    codes = list(Enterprise.objects.values_list("uscc", flat=True))
    assert len(codes) == 60 and all(uscc.check(c).ok for c in codes)
    assert EnterpriseAccount.objects.filter(user__username="ent1").exists()
    assert org.logins[-1][:2] == ("企业用户", "ent1")
    assert Qualification.objects.filter(kind="hte").count() > 5
    assert Enterprise.objects.filter(latest_year=org.today.year - 1).count() > 40
