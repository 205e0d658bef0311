"""Personal data encrypted at rest (issue 14 item 14): the columns hold no plain 手机号/联系电话, an
exact-match search goes through the keyed hash, and a wrong or missing key is an error, never garbage."""

from __future__ import annotations

import pytest
from django.db import connection

from gaoxin.core import crypto
from gaoxin.core.context import Actor
from gaoxin.core.fields import exact_match
from gaoxin.registry import actions
from gaoxin.registry.models import Enterprise

NEW = "13900001111"


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.fixture
def saved(firm, users):
    actions.update_enterprise(firm, {"contact_phone": NEW}, Actor(user=users.leader), firm.version)
    return Enterprise.objects.get(pk=firm.pk)


def test_the_stored_columns_hold_no_plain_phone(saved, users):
    raw = _raw(Enterprise._meta.db_table, "contact_phone", saved.pk)
    assert NEW not in raw and raw.startswith("enc:") and saved.contact_phone == NEW
    users.leader.phone = "13712345678"
    users.leader.id_number = "11010519491231002X"
    users.leader.save()
    table = users.leader._meta.db_table
    assert "13712345678" not in _raw(table, "phone", users.leader.pk)
    assert "1101051949" not in _raw(table, "id_number", users.leader.pk)


def test_the_change_log_holds_no_plain_phone_yet_shows_the_change(saved):
    from gaoxin.core.actions import history
    from tests.security.conftest import PHONE

    change = next(c for c in history(saved) if c.action == "update")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT prechange_data, postchange_data FROM {change._meta.db_table} WHERE id = %s", [change.pk]
        )
        stored = " ".join(str(v) for v in cursor.fetchone())
    assert NEW not in stored and "enc:" in stored
    assert change.diff() == [("contact_phone", PHONE, NEW)]  # the keyed hash is no change to show


def test_an_imported_phone_is_sealed_in_the_change_log_too(firm, users):
    from gaoxin.core.bulk import change_rows
    from gaoxin.core.models import ObjectChange

    enterprise = Enterprise.objects.get(pk=firm.pk)
    rows = change_rows(
        [(enterprise, {"contact_phone": "13800002222"})],
        "update",
        Actor(user=users.leader),
        ["contact_phone"],
    )
    assert all("13800002222" not in str(r.prechange_data) for r in rows)
    assert "13800002222" not in str(rows[0].__dict__["prechange_data"])
    assert isinstance(rows[0], ObjectChange) and rows[0].diff()[0][1] == "13800002222"


def test_exact_match_search_through_the_keyed_hash(saved):
    assert list(Enterprise.objects.filter(exact_match(Enterprise, "contact_phone", "139 0000-1111"))) == [
        saved
    ]
    assert not Enterprise.objects.filter(exact_match(Enterprise, "contact_phone", "13900001112")).exists()
    assert NEW not in _raw(Enterprise._meta.db_table, "contact_phone_hash", saved.pk)


def test_a_wrong_key_is_a_clear_error(saved, settings):
    settings.DATA_KEYS = crypto.new_key_entry("k1")
    crypto.reset()
    try:
        with pytest.raises(crypto.DataKeyError, match="无法解密"):
            Enterprise.objects.get(pk=saved.pk)
    finally:
        crypto.reset()


def test_a_missing_or_malformed_key_is_refused():
    with pytest.raises(crypto.DataKeyError, match="未配置"):
        crypto.parse_keys("")
    with pytest.raises(crypto.DataKeyError, match="格式错误"):
        crypto.parse_keys("k1:short")


def test_rotation_keeps_old_values_readable(saved, settings):
    old = settings.DATA_KEYS
    settings.DATA_KEYS = f"{crypto.new_key_entry('k2')},{old}"
    crypto.reset()
    try:
        assert Enterprise.objects.get(pk=saved.pk).contact_phone == NEW  # written under k1
        assert crypto.encrypt("x").startswith("enc:k2:")
        assert Enterprise.objects.filter(exact_match(Enterprise, "contact_phone", NEW)).exists()
    finally:
        crypto.reset()
