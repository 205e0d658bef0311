"""Audit retention and export (issue 14 item 15): no purge path, the auditor exports xlsx with date and
type filters, and the export is itself audited."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from gaoxin.core.models import SecurityEvent
from gaoxin.core.models.changelog import AppendOnlyError


def rows_of(response) -> list[tuple]:
    assert response.status_code == 200, response.content[:300]
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def test_auditor_exports_security_events_filtered_by_type_and_date(users, client_for):
    SecurityEvent.objects.create(kind="login_failed", username="staff1", detail="今天")
    SecurityEvent.objects.create(kind="login", username="staff1", detail="登录")
    today = timezone.localdate().isoformat()
    response = client_for("auditor").get(
        "/org/audit/export/",
        {"tab": "security", "kind": "login_failed", "date_from": today, "date_to": today},
    )
    rows = rows_of(response)
    assert rows[0][:3] == ("时间", "事件", "账号")
    assert {r[1] for r in rows[1:]} == {"登录失败"} and len(rows) == 2
    export = SecurityEvent.objects.filter(kind="export", username="auditor").get()
    assert "kind=login_failed" in export.detail and today in export.detail


def test_export_masks_personal_values(firm, users, client_for):
    from gaoxin.core.context import Actor
    from gaoxin.core.masking import mask_phone
    from gaoxin.registry import actions

    actions.update_enterprise(firm, {"contact_phone": "13900001111"}, Actor(user=users.leader), firm.version)
    rows = rows_of(client_for("auditor").get("/org/audit/export/", {"tab": "changes"}))
    text = str(rows)
    assert "13900001111" not in text and mask_phone("13900001111") in text


def test_only_the_auditor_exports_and_bad_filters_are_400(users, client_for):
    assert client_for("leader").get("/org/audit/export/").status_code == 403
    assert client_for("auditor").get("/org/audit/export/", {"date_from": "2026-13-40"}).status_code == 400
    assert client_for("auditor").get("/org/audit/", {"tab": "security", "kind": "bogus"}).status_code == 400


def test_audit_page_filters_by_type_and_date(users, client_for):
    SecurityEvent.objects.create(kind="login_failed", username="staff1", detail="失败记录")
    SecurityEvent.objects.create(kind="login", username="staff1", detail="成功记录")
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    c = client_for("auditor")
    html = c.get("/org/audit/", {"tab": "security", "kind": "login_failed"}).content.decode()
    assert "失败记录" in html and "成功记录" not in html
    html = c.get("/org/audit/", {"tab": "security", "date_from": tomorrow}).content.decode()
    assert "失败记录" not in html


def test_no_purge_path_for_audit_rows(users):
    event = SecurityEvent.objects.create(kind="login", username="staff1")
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        event.delete()
