"""Page writes leave their trace: adding a custom field, revoking a token and changing one's own
password each go through an action that writes the change row (and the security row where one is due).
Before issue 9 these three pages wrote the model directly and the change log never knew."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from gaoxin.core.actions import history
from gaoxin.core.models import ApiToken, CustomField, ObjectChange, SecurityEvent
from gaoxin.core.models.changelog import ChangeAction, SecurityEventKind

pytestmark = pytest.mark.django_db


def test_adding_a_custom_field_leaves_a_change_row(client_for, users):
    target = ContentType.objects.get(app_label="registry", model="enterprise")
    response = client_for("sysadmin").post(
        reverse("organization:custom_fields"),
        {"content_type": target.pk, "name": "park_no", "label": "园区编号", "type": "text", "order": 100},
    )
    assert response.status_code == 302
    field = CustomField.objects.get(name="park_no")
    row = ObjectChange.objects.get(
        content_type=ContentType.objects.get_for_model(CustomField), object_id=field.pk
    )
    assert row.action == ChangeAction.CREATE
    assert row.user_id == users.sysadmin.pk
    assert row.postchange_data["label"] == "园区编号"


def test_revoking_a_token_leaves_a_change_row_and_spares_other_peoples_tokens(client_for, users):
    mine, _ = ApiToken.issue(users.leader, "报表工具")
    theirs, _ = ApiToken.issue(users.staff1, "他人令牌")
    client = client_for("leader")
    client.post(reverse("organization:tokens"), {"op": "revoke", "token": theirs.pk})
    assert ApiToken.objects.filter(pk=theirs.pk).exists()
    response = client.post(reverse("organization:tokens"), {"op": "revoke", "token": mine.pk})
    assert response.status_code == 302
    assert not ApiToken.objects.filter(pk=mine.pk).exists()
    row = ObjectChange.objects.get(
        content_type=ContentType.objects.get_for_model(ApiToken), object_id=mine.pk
    )
    assert row.action == ChangeAction.DELETE
    assert row.prechange_data["description"] == "报表工具"
    assert "key_hash" not in row.prechange_data


def test_changing_ones_own_password_leaves_a_change_row_and_a_security_row(client_for, users):
    response = client_for("staff1").post(
        reverse("web:password_change"),
        {"old_password": "Gaoxin@2026", "new_password1": "Xin-Mima#2027", "new_password2": "Xin-Mima#2027"},
    )
    assert response.status_code == 302
    users.staff1.refresh_from_db()
    assert users.staff1.check_password("Xin-Mima#2027")
    changes = [c for c in history(users.staff1) if "password_changed_at" in (c.postchange_data or {})]
    assert len(changes) == 1
    assert "password" not in changes[0].postchange_data
    assert (
        SecurityEvent.objects.filter(kind=SecurityEventKind.PASSWORD_CHANGED, user=users.staff1).count() == 1
    )
