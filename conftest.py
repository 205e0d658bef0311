"""Shared fixtures: a small zone with people in every role, clients logged in per role, and a browser.

Browser tests (marker ``browser``) drive Debian's chromium (/usr/bin/chromium) through Playwright
against pytest-django's live server.
"""

from __future__ import annotations

import os
import random
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Property tests check values, not speed: CI shares two cores with other work, where input generation
# and examples can take seconds (a too_slow health check once failed the PostgreSQL suite under load 20).
hypothesis_settings.register_profile("gaoxin", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("gaoxin")

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = os.environ.get("GAOXIN_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    """Background tasks run where they are enqueued (the same task and progress code, no worker
    process). gaoxin/core/tests/test_work_worker.py runs the database queue with a real worker."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def org(db):
    """A zone with the demo organisation tree and one person per role (username = role name)."""
    from django.utils import timezone

    from gaoxin.demo.builders import DemoContext
    from gaoxin.demo.organization import build

    ctx = DemoContext(
        seed=1, enterprises=0, rng=random.Random(1), today=timezone.localdate(), progress=lambda m: None
    )
    build(ctx)
    return ctx


@pytest.fixture
def users(org):
    from gaoxin.organization.models import User

    names = ["leader", "staff1", "street", "liaison1", "liaison2", "bank", "sysadmin", "secadmin", "auditor"]
    return SimpleNamespace(**{n: User.objects.get(username=n) for n in names})


@pytest.fixture
def client_for(client, users):
    """client_for('leader') → a Django test client logged in as that demo user."""
    from django.test import Client

    from gaoxin.organization.tests.factors import verified_login

    def make(username: str) -> Client:
        # Administrators (two-factor sign-in mandatory) get a session verified by an enrolled
        # authenticator, as the real sign-in leaves it; without one SecondFactorMiddleware signs them out.
        return verified_login(Client(), getattr(users, username))

    return make


@pytest.fixture
def actor(users):
    from gaoxin.core.context import Actor

    return Actor(user=users.leader, ip="127.0.0.1", source="web")


@pytest.fixture(scope="session")
def _playwright_browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/setup --browser")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(_playwright_browser, live_server, tmp_path):
    # bypass_csp: Playwright's wait_for_function evaluates strings, which the site's CSP forbids; the CSP
    # itself is exercised by tests/security/test_csp_browser.py in a context without the bypass.
    context = _playwright_browser.new_context(accept_downloads=True, locale="zh-CN", bypass_csp=True)
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.base_url = live_server.url
    yield pg
    context.close()


@pytest.fixture
def login(page):
    """login(page, 'leader') fills the real login form."""

    def do(username: str, password: str = "Gaoxin@2026"):
        page.goto(page.base_url + "/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        if "/login/enrol/" in page.url or "/login/code/" in page.url:
            second_factor(page, username)

    return do


def second_factor(page, username: str) -> None:
    """The sign-in's second step in the browser, as the person's authenticator app would do it: on the
    enrolment page the code is computed from the secret the page shows (then past the recovery codes);
    on the code page from the enrolled device's secret, one step ahead (each code is accepted once)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from gaoxin.organization.tests.factors import code_for, code_from_secret

    if "/login/enrol/" in page.url:
        page.fill("#id_code", code_from_secret(page.locator("#totp-secret").inner_text()))
    else:
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).order_by("-pk")[0]
        page.fill("#id_code", code_for(device, steps=1))
    enrolling = "/login/enrol/" in page.url
    page.click("#code-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    if enrolling:
        page.click("#continue")
        page.wait_for_load_state("networkidle")
