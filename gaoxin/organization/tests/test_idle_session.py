"""The idle timeout without a session write per request (IdleSessionMiddleware): the expiry moves forward
at most once per SESSION_REFRESH_SECONDS, and a session left alone for SESSION_COOKIE_AGE is gone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext


def _expiry(client) -> dt.datetime:
    return Session.objects.get(session_key=client.cookies["sessionid"].value).expire_date


def _writes(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(q["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in q["sql"] for q in queries)


@pytest.mark.django_db
def test_the_session_is_written_once_per_refresh_window_and_its_expiry_moves_on(client_for, monkeypatch):
    """Defect guarded: every request wrote the session row (SESSION_SAVE_EVERY_REQUEST), a write lock per
    page view on SQLite that the server processes queued for."""
    import time

    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])
    leader = client_for("leader")
    assert _writes(leader, "/enterprises/") == 1  # first request after login: the refresh mark is set
    first = _expiry(leader)
    now[0] += 30
    assert _writes(leader, "/enterprises/") == 0
    assert _writes(leader, "/api/v1/registry/enterprises") == 0
    now[0] += 31  # 61 s after the last save: the expiry moves forward again
    assert _writes(leader, "/enterprises/") == 1
    assert _expiry(leader) > first


@pytest.mark.django_db
def test_a_session_idle_for_the_timeout_is_refused(client_for, settings):
    from django.utils import timezone

    leader = client_for("leader")
    assert leader.get("/enterprises/").status_code == 200
    key = leader.cookies["sessionid"].value
    # the last save was SESSION_COOKIE_AGE ago: the row has expired
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = leader.get("/enterprises/")
    assert response.status_code == 302 and "/login" in response["Location"]
