import datetime as dt
from decimal import Decimal

import pytest

from gaoxin.core.context import Actor


@pytest.fixture
def zone(org):
    return org.zone


@pytest.fixture
def make_project(zone, users, org):
    """make_project(code, **fields) → a project created through the action (liaison1, 经济发展局)."""
    from gaoxin.projects.actions import create_project

    def make(code="P001", with_plan=False, **fields):
        data = {
            "code": code,
            "name": fields.pop("name", f"测试项目{code}"),
            "type": "产业项目",
            "level": "市级重点",
            "department": org.units["经济发展局"],
            "leader": users.leader,
            "liaison": users.liaison1,
            "signed_on": dt.date(2026, 1, 10),
            "total_investment": Decimal("100000000"),
            "annual_planned_investment": Decimal("12000000"),
        }
        data.update(fields)
        return create_project(data, Actor(user=users.leader), zone=zone, with_plan=with_plan)

    return make
