"""Audit gaps (issue 14 item 9): API 403/404 refusals and refusals raised inside actions are recorded;
the audit page's pagination keeps its filters; on PostgreSQL the audit tables refuse UPDATE/DELETE in
the database itself."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from gaoxin.core.models import BusinessEvent, ObjectChange, SecurityEvent


def denied(username: str):
    return SecurityEvent.objects.filter(kind="permission_denied", username=username)


def test_api_403_is_recorded(users, client_for):
    response = client_for("bank").get("/api/v1/registry/enterprises")
    assert response.status_code == 403
    assert denied("bank").filter(detail__contains="/api/v1/registry/enterprises").count() == 1


def test_api_404_for_an_out_of_scope_record_is_recorded(firms, users, client_for):
    other = next(e for e in firms if e.liaison_id != users.liaison1.pk)
    response = client_for("liaison1").get(f"/api/v1/registry/enterprises/{other.pk}")
    assert response.status_code == 404
    assert denied("liaison1").filter(detail__startswith="404").count() == 1


def test_refusal_raised_inside_an_action_is_recorded_once(users, client_for):
    response = client_for("street").post(
        "/api/v1/assessment/runs", {"year": 2025}, content_type="application/json"
    )
    assert response.status_code == 403
    assert denied("street").count() == 1


def test_page_refusal_is_recorded_once(users, client_for):
    assert client_for("bank").get("/org/audit/").status_code == 403
    assert denied("bank").count() == 1


def test_audit_pagination_keeps_the_filters(users, client_for):
    SecurityEvent.objects.bulk_create(
        SecurityEvent(kind="login_failed", username="staff1", detail=str(i)) for i in range(60)
    )
    html = client_for("auditor").get("/org/audit/", {"tab": "security", "user": "staff1"}).content.decode()
    assert "user=staff1" in html and "tab=security" in html and "page=2" in html


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger is PostgreSQL's; SQLite relies on the ORM guard"
)
def test_audit_tables_refuse_update_and_delete_in_the_database(users):
    event = SecurityEvent.objects.create(kind="login", username="staff1", user=users.staff1)
    for sql in (
        "UPDATE core_securityevent SET detail = 'x' WHERE id = %s",
        "DELETE FROM core_securityevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE '%%_append_only'")
        guarded = {row[0] for row in cursor.fetchall()}
    assert {m._meta.db_table for m in (ObjectChange, BusinessEvent, SecurityEvent)} <= guarded
    assert SecurityEvent.objects.filter(pk=event.pk, detail="").exists()
    # deleting an account still works: the rows keep the user name, the link becomes NULL
    users.street.delete()
    assert SecurityEvent.objects.filter(username="staff1").exists()
