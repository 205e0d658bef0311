import pytest

from gaoxin.core.actions import StaleVersionError, create_object, history, update_object
from gaoxin.core.models import ObjectChange, SecurityEvent
from gaoxin.core.models.changelog import AppendOnlyError
from gaoxin.organization.models import Zone


def test_create_and_update_are_logged_with_before_and_after(actor, db):
    zone = create_object(Zone(name="测试园区"), actor)
    update_object(zone, {"short_name": "测试"}, actor, expected_version=1)
    changes = list(history(zone))
    assert [c.action for c in changes] == ["update", "create"]
    assert changes[0].diff() == [("short_name", "", "测试")]
    assert changes[0].user_name == actor.name and changes[0].ip == "127.0.0.1"


def test_update_without_a_real_change_writes_no_version(actor, db):
    zone = create_object(Zone(name="测试园区"), actor)
    update_object(zone, {"name": "测试园区"}, actor, expected_version=1)
    zone.refresh_from_db()
    assert zone.version == 1
    assert ObjectChange.objects.count() == 1


def test_stale_save_is_refused_and_names_what_changed(actor, users, db):
    from gaoxin.core.context import Actor

    zone = create_object(Zone(name="测试园区"), actor)
    other = Actor(user=users.staff1, ip="10.0.0.2")
    update_object(Zone.objects.get(pk=zone.pk), {"short_name": "甲"}, other, expected_version=1)
    with pytest.raises(StaleVersionError) as err:
        update_object(Zone.objects.get(pk=zone.pk), {"short_name": "乙"}, actor, expected_version=1)
    assert err.value.changes == [("short_name", "", "甲")]
    assert users.staff1.display_name in str(err.value)
    zone.refresh_from_db()
    assert zone.short_name == "甲"


def test_audit_rows_cannot_be_changed_or_deleted(actor, db):
    create_object(Zone(name="测试园区"), actor)
    row = ObjectChange.objects.get()
    row.object_repr = "篡改"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        ObjectChange.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.all().update(detail="x")
