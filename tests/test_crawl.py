"""Crawl: for each demo role, every link its navigation shows — and the links on those pages, one level
below — answers 200 or an intended redirect, never 403 (a menu entry or button the role may not use) and
never a 500.

Bounded: same origin, GET only, static files and logout left out, at most ``PER_SHAPE`` URLs per URL shape
(numbers replaced by N, so 60 enterprise pages count as one shape) and ``LIMIT`` URLs per role.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from gaoxin.organization.models import User

DEMO_ROLES = ["leader", "staff1", "street", "liaison1", "ent1", "bank", "sysadmin", "secadmin", "auditor"]
PER_SHAPE = 2
LIMIT = 400
SKIP = ("/static/", "/logout/", "/api/")


class Links(HTMLParser):
    """The hrefs of <a> elements, those inside <aside> and <header> (the navigation) apart."""

    def __init__(self):
        super().__init__()
        self.all, self.navigation, self._depth = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("aside", "header"):
            self._depth += 1
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.all.append(href)
            if self._depth:
                self.navigation.append(href)

    def handle_endtag(self, tag):
        if tag in ("aside", "header"):
            self._depth -= 1


def links(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


def same_origin(base: str, href: str) -> str | None:
    if href.startswith(("javascript:", "mailto:", "tel:", "#")):
        return None
    url = urldefrag(urljoin("http://testserver" + base, href)).url
    parts = urlsplit(url)
    if parts.netloc != "testserver" or parts.path.startswith(SKIP):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def shape(url: str) -> str:
    return re.sub(r"\d+", "N", url)


@pytest.fixture(scope="module")
def demo_zone(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("demo", enterprises=40, seed=2026, verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        call_command("flush", interactive=False, verbosity=0)


def visit(client: Client, url: str) -> tuple[int, str, str]:
    """(status, location, body) — an exception escaping the view is a 500."""
    try:
        response = client.get(url)
    except Exception as exc:  # the crawl reports every failure, not only the first
        return 500, "", f"{type(exc).__name__}: {exc}"
    body = response.content.decode("utf-8", "replace") if "html" in response.get("Content-Type", "") else ""
    return response.status_code, response.get("Location", ""), body


def crawl(username: str) -> tuple[list[str], int]:
    client = Client()
    from gaoxin.organization.tests.factors import verified_login

    verified_login(client, User.objects.get(username=username))  # admins: a 2FA-verified session
    status, _, home = visit(client, "/")
    assert status == 200, f"{username}: / answered {status}"
    queue = [
        (u, "/") for u in dict.fromkeys(filter(None, (same_origin("/", h) for h in links(home).navigation)))
    ]
    seen, per_shape, failures, level = {"/"}, {}, [], {u: 1 for u, _ in queue}
    while queue and len(seen) < LIMIT:
        url, source = queue.pop(0)
        if url in seen or per_shape.get(shape(url), 0) >= PER_SHAPE:
            continue
        seen.add(url)
        per_shape[shape(url)] = per_shape.get(shape(url), 0) + 1
        status, location, body = visit(client, url)
        if status in (301, 302, 303):
            if "/login/" in location or "/password/" in location:
                failures.append(f"{url} (from {source}) → redirect to {location}")
            continue
        if status != 200:
            failures.append(f"{url} (from {source}) → {status} {body[:300] if status == 500 else ''}")
            continue
        if level[url] == 1 and body:
            for href in links(body).all:
                target = same_origin(url, href)
                if target and target not in seen and target not in level:
                    level[target] = 2
                    queue.append((target, url))
    return failures, len(seen)


@pytest.mark.django_db
@pytest.mark.parametrize("username", DEMO_ROLES)
def test_every_link_a_role_is_shown_opens(demo_zone, username):
    failures, visited = crawl(username)
    assert visited > 3, f"{username}: only {visited} pages reached"
    assert not failures, f"{username}: {len(failures)} of {visited} links fail:\n" + "\n".join(failures)
