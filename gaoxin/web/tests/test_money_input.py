"""Money in forms (issue 10, item 9): typed with the unit people use, parsed by the import cell parser,
echoed before saving; the stored value stays Decimal 元."""

from decimal import Decimal

import pytest

from gaoxin.web.money import MoneyFormField, MoneyWidget, echo_text


@pytest.mark.parametrize(
    ("amount", "unit", "yuan"),
    [
        ("1250万", "元", Decimal("12500000.00")),  # the text's own unit wins over the selector
        ("1.2亿", "万元", Decimal("120000000.00")),
        ("1,250", "万元", Decimal("12500000.00")),
        ("3.5", "亿元", Decimal("350000000.00")),
        ("860.5", "元", Decimal("860.50")),
        ("", "万元", None),
    ],
)
def test_the_field_reads_amounts_as_people_type_them(amount, unit, yuan):
    assert MoneyFormField().clean([amount, unit]) == yuan


def test_a_bad_amount_is_a_chinese_error_and_negatives_are_refused():
    from django import forms

    with pytest.raises(forms.ValidationError) as bad:
        MoneyFormField().clean(["很多", "万元"])
    assert "不是有效的金额" in bad.value.messages[0]
    with pytest.raises(forms.ValidationError) as negative:
        MoneyFormField().clean(["-5", "万元"])
    assert negative.value.messages == ["金额不能为负数"]


def test_the_echo_states_the_parsed_value():
    assert echo_text("1250万", "元") == "= 1,250万元"
    assert echo_text("1.2", "亿元") == "= 1.2亿元"
    assert "不是有效的金额" in echo_text("abc", "万元")


def test_stored_amounts_show_in_wan_yuan_with_the_selector_at_wan():
    widget = MoneyWidget()
    assert widget.decompress(Decimal("12500000.00")) == ["1250", "万元"]
    assert widget.decompress(Decimal("860.55")) == ["860.55", "元"]
    assert widget.decompress(None) == [None, "万元"]


def test_the_echo_endpoint_uses_the_same_parser(client_for):
    response = client_for("staff1").get(
        "/money/echo/", {"field": "period_investment", "period_investment": "1250万"}
    )
    assert response.status_code == 200 and response.content.decode() == "= 1,250万元"


def test_the_year_form_accepts_1250wan_and_echoes_it(client_for, org, actor):
    from gaoxin.registry import actions, uscc
    from gaoxin.registry.models import EnterpriseYear

    ent = actions.create_enterprise(
        {
            "uscc": uscc.make("420100", "MA4K12349"),
            "name": "江城金额测试有限公司",
            "unit": org.units["东湖街道"],
        },
        actor,
    )
    c = client_for("staff1")
    response = c.post(
        f"/enterprises/{ent.pk}/years/2025/",
        {
            "main_business_revenue": "1250万",
            "main_business_revenue_unit": "万元",
            "rd_expense": "86",
            "rd_expense_unit": "万元",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = EnterpriseYear.objects.get(enterprise=ent, year=2025)
    assert row.main_business_revenue == Decimal("12500000.00") and row.rd_expense == Decimal("860000.00")
    page = c.get(f"/enterprises/{ent.pk}/years/2025/").content.decode()
    assert 'value="1250"' in page and "= 1,250万元" in page
