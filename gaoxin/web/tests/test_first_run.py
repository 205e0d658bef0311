"""An empty database (no zone yet): serve says how to go live, pages show the first-run notice."""

import pytest

from gaoxin.organization.zones import ZONE_MISSING

pytestmark = pytest.mark.django_db


def serve_announcement(monkeypatch, *flags):
    import io

    from django.core.management import call_command

    from gaoxin.web.management.commands import serve

    served = []
    monkeypatch.setattr(serve, "serve", lambda *args: served.append(args))  # no server, no task worker
    monkeypatch.setattr(serve, "start_task_worker", lambda: None)
    out = io.StringIO()
    call_command("serve", *flags, "--workers", "3", stdout=out)
    assert served == [("127.0.0.1:8000", 3, 8)]
    return out.getvalue()


def test_serve_no_demo_on_an_empty_database_says_zone_init_and_prints_no_demo_login(monkeypatch):
    """Defect: serve --no-demo printed the demo logins although no demo account existed."""
    text = serve_announcement(monkeypatch, "--no-demo")
    assert ZONE_MISSING in text and "gaoxin zone init --name" in text
    assert "演示账号" not in text and "Gaoxin@2026" not in text


def test_serve_prints_the_demo_logins_when_the_demo_zone_is_there(monkeypatch, org):
    text = serve_announcement(monkeypatch, "--no-demo")
    assert "演示账号" in text and "leader" in text


def test_serve_on_a_real_zone_prints_no_demo_logins(monkeypatch):
    from gaoxin.core.context import Actor
    from gaoxin.organization.onboarding_actions import init_zone

    init_zone("测试高新区", Actor.system())
    text = serve_announcement(monkeypatch, "--no-demo")
    assert "演示账号" not in text and "园区：测试高新区" in text


def test_login_page_and_pages_show_the_first_run_notice(client, django_user_model):
    assert ZONE_MISSING in client.get("/login/").content.decode()
    # e.g. an account made with createsuperuser before the zone: no 403 but the way forward
    from django.utils import timezone

    user = django_user_model.objects.create_user(
        "installer", password="x", password_changed_at=timezone.now()
    )
    client.force_login(user)
    for url in ("/", "/enterprises/", "/org/users/"):
        response = client.get(url, follow=True)
        assert response.status_code == 503, url
        assert "gaoxin zone init" in response.content.decode(), url


def test_a_page_that_needs_the_zone_shows_the_notice(rf):
    from gaoxin.organization.zones import ZoneMissing
    from gaoxin.web.middleware import FirstRunMiddleware

    response = FirstRunMiddleware(lambda r: None).process_exception(rf.get("/x/"), ZoneMissing())
    assert response.status_code == 503 and ZONE_MISSING in response.content.decode()


def test_login_page_has_no_notice_once_the_zone_exists(client, org):
    assert ZONE_MISSING not in client.get("/login/").content.decode()
