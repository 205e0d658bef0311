"""Lockout under parallel guesses (issue 14 item 1) and account enumeration (item 12).

The interleaving of a parallel burst is reproduced deterministically on both databases: while one
attempt's password is being hashed, the next attempt starts (nested inside the hash), so every attempt
has passed any "is it locked?" check before the first password is compared — what 40 threads did to the
old code. tests/security/test_races.py runs real threads against a live server on PostgreSQL.
"""

from __future__ import annotations

from unittest import mock

import django.contrib.auth.base_user as base_user
import pytest
from django.test import Client

from gaoxin.core.models import SecurityEvent
from gaoxin.organization.security import check_credentials, refusal_message

RIGHT = "Gaoxin@2026"
real_check = base_user.check_password


def burst(passwords: list[str]) -> tuple[list, list]:
    """Run the attempts as one overlapping burst; (results in order of the list, passwords checked)."""
    checked, results, pending = [], [None] * len(passwords), list(range(len(passwords)))

    def start_the_rest():
        while pending:
            i = pending.pop(0)
            results[i] = check_credentials(None, "staff1", passwords[i])

    def slow_check(raw, encoded, setter=None):
        checked.append(raw)
        start_the_rest()  # the other attempts arrive while this hash is still running
        return real_check(raw, encoded, setter)

    with mock.patch.object(base_user, "check_password", slow_check):
        start_the_rest()
    return results, checked


def test_forty_overlapping_wrong_guesses_check_at_most_threshold_passwords(users, settings):
    settings.LOCKOUT_THRESHOLD = 5
    results, checked = burst([f"wrong{i}" for i in range(40)])
    users.staff1.refresh_from_db()
    assert results == [None] * 40
    assert len(checked) <= 5, f"{len(checked)} passwords were checked before the lock"
    assert users.staff1.is_locked and users.staff1.failed_login_count >= 5  # refused attempts count too
    assert SecurityEvent.objects.filter(username="staff1", kind="locked").count() == 1


def test_right_password_inside_a_burst_does_not_reset_a_reached_threshold(users, settings):
    settings.LOCKOUT_THRESHOLD = 5
    results, _ = burst([RIGHT] + [f"wrong{i}" for i in range(29)])
    users.staff1.refresh_from_db()
    assert results[0] is None, "the right password logged in although the burst locked the account"
    assert users.staff1.is_locked and users.staff1.failed_login_count >= 5


def test_sequential_failures_below_the_threshold_then_success_resets(users, settings):
    settings.LOCKOUT_THRESHOLD = 5
    for _ in range(4):
        assert check_credentials(None, "staff1", "wrong") is None
    assert check_credentials(None, "staff1", RIGHT) is not None
    users.staff1.refresh_from_db()
    assert users.staff1.failed_login_count == 0 and not users.staff1.is_locked


def test_locked_and_unknown_accounts_get_the_same_answer_and_the_same_hashing(users, settings):
    settings.LOCKOUT_THRESHOLD = 2
    c = Client()
    for _ in range(2):
        c.post("/login/", {"username": "staff1", "password": "wrong"})
    users.staff1.refresh_from_db()
    assert users.staff1.is_locked
    hashes = {}
    for name in ("staff1", "nobody-here"):
        with mock.patch("gaoxin.organization.security.make_password", wraps=lambda p: "x") as hashed:
            page = c.post("/login/", {"username": name, "password": RIGHT}).content.decode()
        hashes[name] = hashed.call_count
        assert refusal_message() in page and "锁定至" not in page and "已被锁定" not in page
    assert hashes == {"staff1": 1, "nobody-here": 1}


@pytest.mark.parametrize("password", ["wrong", RIGHT])
def test_refusals_read_alike_for_real_and_unknown_accounts(users, password):
    c = Client()
    real = c.post("/login/", {"username": "staff1", "password": "wrong"}).content.decode()
    unknown = c.post("/login/", {"username": "ghost", "password": password}).content.decode()
    assert refusal_message() in real and refusal_message() in unknown


def test_a_success_inside_a_burst_does_not_forgive_attempts_still_in_flight(users, settings):
    """One wrong guess is still being hashed while the right password logs in and 29 more guesses run:
    the success must not free the slots of attempts that have not failed yet (it freed them, and six
    wrong passwords were checked before the lock)."""
    settings.LOCKOUT_THRESHOLD = 5
    checked = []
    nested = []

    def slow_check(raw, encoded, setter=None):
        checked.append(raw)
        if not nested:
            nested.append(True)
            assert check_credentials(None, "staff1", RIGHT) is not None  # the owner logs in meanwhile
            for i in range(29):
                check_credentials(None, "staff1", f"wrong{i}")
        return real_check(raw, encoded, setter)

    with mock.patch.object(base_user, "check_password", slow_check):
        assert check_credentials(None, "staff1", "first-wrong") is None
    users.staff1.refresh_from_db()
    wrong = [raw for raw in checked if raw != RIGHT]
    assert len(wrong) <= 5, f"{len(wrong)} wrong passwords were checked before the lock"
    assert users.staff1.is_locked
