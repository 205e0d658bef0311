"""A hand-made enterprise that passes every 科技型中小企业 criterion except the size limit: its sales of
2.1亿元 exceed the 2亿元 ceiling by 5% (so it is 储备 at the demo's 15% near-gap threshold), and a
what-if of 主营业务收入 −2000万元 makes it 符合."""

from __future__ import annotations

from decimal import Decimal

from gaoxin.registry import uscc
from gaoxin.registry.models import Enterprise, EnterpriseYear

WAN = Decimal(10_000)


def model_enterprise(org, liaison=None, year: int = 2026, name: str = "江城样板科技有限公司") -> Enterprise:
    from gaoxin.assessment.models import EnterpriseInput

    ent = Enterprise.objects.create(
        uscc=uscc.make("420106", "MA4KYB001"), name=name, unit=org.units["东湖街道"], liaison=liaison,
        established_on="2015-03-01", hitech_domain="电子信息",
    )  # fmt: skip
    for y in (year - 3, year - 2, year - 1):
        EnterpriseYear.objects.create(
            enterprise=ent, year=y, main_business_revenue=21_000 * WAN, other_business_revenue=Decimal(0),
            total_income=21_000 * WAN, non_taxable_income=Decimal(0), hitech_revenue=18_000 * WAN,
            rd_expense=2_100 * WAN, rd_expense_domestic=2_100 * WAN, total_cost_expense=15_000 * WAN,
            employees=100, tech_staff=20, ip_class1=1, ip_class2=3, total_assets=10_000 * WAN,
            total_liabilities=4_000 * WAN, major_incident=False, dishonest_listed=False,
        )  # fmt: skip
    EnterpriseInput.objects.create(enterprise=ent, year=year, values={"industry_restricted": False})
    return ent
