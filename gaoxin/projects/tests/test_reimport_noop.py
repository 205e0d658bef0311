"""Issue 11 item 7: re-importing an unchanged export is a no-op (no version bump, no empty change row)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gaoxin.core.context import Actor
from gaoxin.core.models import ObjectChange
from gaoxin.problems.models import Problem
from gaoxin.projects.models import Project
from gaoxin.transfer.exporting import export_bytes
from gaoxin.transfer.importer import run_import
from gaoxin.transfer.kinds import get_kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(make_project, org, users):
    from gaoxin.problems.actions import raise_problem

    projects = [
        make_project("P001", longitude=Decimal("114.305539"), latitude=Decimal("30.430110")),
        make_project("P002", longitude=Decimal("114.1"), latitude=Decimal("30.5")),
    ]
    for i in range(3):
        raise_problem(
            {
                "description": f"厂房用电增容审批迟迟未办{i}",
                "category": "用电",
                "severity": "一般",
                "lead_department": org.units["经济发展局"],
                "project": projects[0],
            },
            Actor(user=users.liaison1),
        )
    return projects


@pytest.mark.parametrize("kind,model", [("projects", Project), ("problems", Problem)])
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_reimport_of_an_unchanged_export_changes_nothing(ledger, users, kind, model, fmt):
    versions = dict(model.objects.values_list("pk", "version"))
    changes = ObjectChange.objects.count()
    data, count = export_bytes(get_kind(kind), users.leader, fmt)
    assert count == len(versions)
    report = run_import(get_kind(kind), data, f"x.{fmt}", Actor(user=users.leader))
    assert report.ok, report.as_json()
    assert report.counts.updated == 0 and report.counts.unchanged == count
    assert dict(model.objects.values_list("pk", "version")) == versions
    assert ObjectChange.objects.count() == changes
