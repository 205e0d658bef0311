from decimal import Decimal

from gaoxin.core.models import BusinessEvent, ObjectChange
from gaoxin.registry.models import Enterprise, EnterpriseYear


def _valid_code(n: int = 1):
    from gaoxin.registry import uscc

    return uscc.make("420100", f"MA4K1234{n}")


def test_staff_files_a_year_and_empty_stays_unknown(client_for, org, actor):
    from gaoxin.registry import actions

    ent = actions.create_enterprise(
        {
            "uscc": _valid_code(),
            "name": "江城填报测试科技有限公司",
            "established_on": "2018-03-01",
            "unit": org.units["东湖街道"],
        },
        actor,
    )
    c = client_for("staff1")
    page = c.get(f"/enterprises/{ent.pk}/years/2025/")
    assert page.status_code == 200 and "主营业务收入" in page.content.decode()
    response = c.post(
        f"/enterprises/{ent.pk}/years/2025/",
        {"main_business_revenue": "12345678.90", "employees": "120", "tech_staff": ""},
    )
    assert response.status_code == 302
    row = EnterpriseYear.objects.get(enterprise=ent, year=2025)
    assert (
        row.main_business_revenue == Decimal("12345678.90")
        and row.employees == 120
        and row.tech_staff is None
    )
    assert ObjectChange.objects.filter(object_id=row.pk, action="create").exists()
    assert BusinessEvent.objects.filter(object_id=ent.pk, message__contains="2025").exists()


def test_bad_value_is_refused_inline_and_nothing_saved(client_for, org, actor):
    from gaoxin.registry import actions

    ent = actions.create_enterprise(
        {
            "uscc": _valid_code(2),
            "name": "江城填报测试二公司",
            "established_on": "2018-03-01",
            "unit": org.units["东湖街道"],
        },
        actor,
    )
    response = client_for("staff1").post(f"/enterprises/{ent.pk}/years/2025/", {"employees": "-3"})
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()
    assert not EnterpriseYear.objects.filter(enterprise=ent).exists()


def test_out_of_scope_and_read_only_roles_cannot_file(client_for, org, actor):
    from gaoxin.registry import actions

    ent = actions.create_enterprise(
        {
            "uscc": _valid_code(3),
            "name": "江城南山公司",
            "established_on": "2018-03-01",
            "unit": org.units["南山街道"],
        },
        actor,
    )
    assert client_for("street").get(f"/enterprises/{ent.pk}/years/2025/").status_code == 404  # 东湖 staff
    assert client_for("bank").get(f"/enterprises/{ent.pk}/years/2025/").status_code == 403
    assert Enterprise.objects.filter(pk=ent.pk).exists()
