"""Issue 11 item 1 at the API and the pages: an amount beyond the money range (or finer than the 分) is
a Chinese error naming the field — never a 500, never an error without a field, nothing stored."""

from __future__ import annotations

import re

import pytest

from gaoxin.registry.models import Enterprise, EnterpriseYear

from .test_money_exact import BEYOND, LONG, TOO_LARGE, _enterprise

pytestmark = pytest.mark.django_db

LIMIT_TEXT = "金额超出允许范围（绝对值须小于 100 万亿元）"


@pytest.fixture
def enterprise(actor):
    _enterprise(actor)
    return Enterprise.objects.get()


def _put_year(client, enterprise, body):
    url = f"/api/v1/registry/enterprises/{enterprise.pk}/years/2023"
    return client.put(url, body, content_type="application/json")


def test_the_year_api_stores_the_largest_amount_exactly(client_for, enterprise):
    response = _put_year(client_for("leader"), enterprise, {"main_business_revenue": LONG})  # was always 422
    assert response.status_code == 200, response.content.decode()
    assert response.json()["main_business_revenue"] == LONG
    assert str(EnterpriseYear.objects.get().main_business_revenue) == LONG


@pytest.mark.parametrize("amount", [BEYOND, "1e30", 1e17])
def test_the_year_api_refuses_an_amount_beyond_the_range_naming_the_field(client_for, enterprise, amount):
    response = _put_year(client_for("leader"), enterprise, {"main_business_revenue": amount})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "main_business_revenue", "message": LIMIT_TEXT}]
    assert not EnterpriseYear.objects.exists()


@pytest.mark.parametrize(
    ("amount", "message"),
    [(BEYOND, LIMIT_TEXT), ("1e30", LIMIT_TEXT), ("1.001", "金额“1.001”最多保留两位小数（到分）")],
)
def test_the_enterprise_api_refuses_a_capital_it_cannot_store_naming_the_field(
    client_for, enterprise, amount, message
):
    body = {"registered_capital": amount, "version": enterprise.version}
    response = client_for("leader").patch(
        f"/api/v1/registry/enterprises/{enterprise.pk}", body, content_type="application/json"
    )  # the field was null (BEYOND), or the message was the BIGINT bound in 分 (1e30)
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "registered_capital", "message": message}]
    enterprise.refresh_from_db()
    assert enterprise.registered_capital is None


def _feedback(response) -> list[str]:
    return [m.strip() for m in re.findall(r"invalid-feedback[^>]*>\s*([^<]*)", response.content.decode())]


@pytest.mark.parametrize("amount", TOO_LARGE)
def test_the_year_page_refuses_an_amount_beyond_the_range_at_the_field(client_for, enterprise, amount):
    data = {"main_business_revenue": amount, "main_business_revenue_unit": "元"}
    response = client_for("staff1").post(f"/enterprises/{enterprise.pk}/years/2023/", data)  # 1e30: a 500
    assert response.status_code == 200
    assert LIMIT_TEXT in _feedback(response)
    assert not EnterpriseYear.objects.exists()


def test_the_year_page_refuses_an_amount_beyond_the_range_in_any_unit(client_for, enterprise):
    data = {"main_business_revenue": "1000000", "main_business_revenue_unit": "亿元"}  # 100 万亿元
    response = client_for("staff1").post(f"/enterprises/{enterprise.pk}/years/2023/", data)
    assert response.status_code == 200 and LIMIT_TEXT in _feedback(response)


@pytest.mark.parametrize("amount", ["1e30", BEYOND])
def test_the_enterprise_page_refuses_a_capital_beyond_the_range(client_for, enterprise, amount):
    page = client_for("leader").get(f"/enterprises/{enterprise.pk}/edit/")
    assert page.status_code == 200
    data = {
        "uscc": enterprise.uscc, "name": enterprise.name, "established_on": "2019-05-01",
        "unit": enterprise.unit_id, "registered_capital": amount, "registered_capital_unit": "元",
        "version": enterprise.version,
    }  # fmt: skip
    response = client_for("leader").post(f"/enterprises/{enterprise.pk}/edit/", data)  # 1e30: a 500
    assert response.status_code == 200
    assert LIMIT_TEXT in _feedback(response)
    enterprise.refresh_from_db()
    assert enterprise.registered_capital is None
