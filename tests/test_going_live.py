"""Going live (上线步骤): the README's commands, run in order on an empty database, build a zone that works.

The files are built from the shared import templates (``gaoxin/transfer/schema``, the copy of
``../shared/schema``, and ``gaoxin/organization/schema``): every template column is written, the ones a
zone leaves unknown stay empty. The same test runs on SQLite and on PostgreSQL (``DATABASE_URL``).
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from openpyxl import load_workbook

from gaoxin.cli import main
from gaoxin.organization.models import Unit, User, Zone
from gaoxin.registry.uscc import make as make_uscc
from gaoxin.transfer.kinds import get_kind
from gaoxin.transfer.writer import write_xlsx

pytestmark = pytest.mark.django_db(transaction=True)

README = Path(__file__).resolve().parents[1] / "README.md"
USCC_A = make_uscc("420100", "MA4K00001")
USCC_B = make_uscc("420100", "MA4K00002")
NEW_PASSWORD = "Jiangcheng#2027"

FILES = {
    "units": [
        {"name": "经济发展局", "kind": "部门", "code": "D01"},
        {"name": "桥头社区", "parent": "东湖街道", "kind": "社区"},  # the parent comes later in the file
        {"name": "东湖街道", "kind": "街道", "code": "S01"},
    ],
    "people-staff": [
        {
            "username": "wang.jf",
            "full_name": "王建峰",
            "unit": "D01",
            "role": "部门人员",
            "phone": "13900000001",
        },
        {"username": "li.bl", "full_name": "李包联", "unit": "东湖街道", "role": "包联干部"},
    ],
    "enterprises": [
        {
            "uscc": USCC_A,
            "name": "江城光电科技有限公司",
            "established_on": "2015-03-02",
            "registered_capital": "5000万",
            "unit": "东湖街道",
            "liaison": "li.bl",
        },
        {
            "uscc": USCC_B,
            "name": "江城生物医药有限公司",
            "established_on": "2019-07-15",
            "unit": "东湖街道",
            "liaison": "李包联",
        },
    ],  # fmt: skip
    "enterprise-years": [
        {
            "uscc": USCC_A,
            "year": 2025,
            "main_business_revenue": "1.35亿",
            "rd_expense": "980万",
            "employees": 210,
            "tech_staff": 48,
        },
        {"uscc": USCC_B, "year": 2025, "main_business_revenue": "3,200万"},
    ],  # fmt: skip
    "qualifications": [
        {
            "uscc": USCC_A,
            "kind": "高新技术企业",
            "level": "国家级",
            "certificate_no": "GR202542000123",
            "granted_on": "2025-12-01",
        },
    ],  # fmt: skip
    "projects": [
        {
            "code": "JC-2026-001",
            "name": "光电芯片产业园一期",
            "owner_uscc": USCC_A,
            "type": "产业项目",
            "level": "市级重点",
            "total_investment": "12亿",
            "annual_planned_investment": "3亿",
            "start_planned_on": "2026-03-01",
            "department": "经济发展局",
            "liaison": "li.bl",
            "longitude": "114.4213",
            "latitude": "30.4987",
        },
    ],  # fmt: skip
    "people-enterprise": [
        {"username": "jcgd", "full_name": "张联络", "role": "企业用户", "enterprise_uscc": USCC_A},
    ],
}
KIND_OF_FILE = {"people-staff": "people", "people-enterprise": "people"}


def gaoxin(*argv: str) -> tuple[int, str, str]:
    """The `gaoxin` console script in-process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(["gaoxin", *argv])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def template_file(path: Path, kind: str, rows: list[dict]) -> None:
    """An xlsx with every column of the kind's template, in the template's order."""
    columns = get_kind(kind).template.columns
    path.write_bytes(
        write_xlsx([c.header for c in columns], [[r.get(c.field) for c in columns] for r in rows])
    )
    return path


def readme_commands() -> list[list[str]]:
    """The `gaoxin …` lines of the README's 上线步骤 section, in order."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## 上线步骤 / Going live", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    lines = [line.split("#", 1)[0].strip() for line in block.splitlines()]
    return [shlex.split(line)[1:] for line in lines if line.startswith("gaoxin ")]


def one_time_passwords() -> dict[str, str]:
    """The installer's password sheets under var/credentials (account → initial password)."""
    found = {}
    for sheet in sorted((settings.VAR_DIR / "credentials").glob("*.xlsx")):
        rows = list(load_workbook(sheet).worksheets[0].iter_rows(values_only=True))
        assert rows[0] == ("账号", "姓名", "所属单位", "初始密码")
        found.update({r[0]: r[3] for r in rows[1:]})
    return found


def first_login(username: str, password: str) -> Client:
    """The real login form, then the forced change of the one-time password. An administrator is sent to
    the enrolment of an authenticator first (两因素认证, mandatory for the three administrators): reaches
    nothing else until a code computed from the secret the page shows confirms it."""
    from gaoxin.organization.tests.factors import code_from_secret

    client = Client()
    response = client.post("/login/", {"username": username, "password": password})
    assert response.status_code == 302
    if response.headers["Location"] == "/login/enrol/":
        assert client.get("/org/units/").status_code == 302  # not signed in before enrolling
        page = client.get("/login/enrol/").content.decode()
        assert "绑定身份验证器" in page and "<svg" in page
        secret = re.search(r'id="totp-secret">([^<]+)<', page).group(1)
        done = client.post("/login/enrol/", {"code": code_from_secret(secret)})
        assert done.status_code == 200 and "恢复码" in done.content.decode()
    assert "/password/" in client.get("/").headers.get("Location", "")  # must change it first
    response = client.post(
        "/password/",
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def test_the_readme_commands_build_a_working_zone_from_an_empty_database(tmp_path, settings, monkeypatch):
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    assert not Zone.objects.exists() and not User.objects.exists()
    for name, rows in FILES.items():
        template_file(tmp_path / f"{name}.xlsx", KIND_OF_FILE.get(name, name), rows)
    monkeypatch.chdir(tmp_path)  # the README's commands name the files relative to where they are run

    commands = readme_commands()
    assert [c[0] for c in commands] == ["migrate", "zone"] + ["import"] * 7
    admin_passwords = {}
    for argv in commands:
        code, out, err = gaoxin(*argv)
        assert code == 0, f"gaoxin {' '.join(argv)}\n{out}\n{err}"
        if argv[0] == "zone":
            admin_passwords = {
                line.split()[0]: line.split()[-1] for line in out.splitlines() if "admin" in line
            }
        assert "错误" not in out, out

    zone = Zone.objects.get()
    assert (zone.name, zone.short_name) == ("江城高新技术产业开发区", "江城高新区")
    street = Unit.objects.get(name="东湖街道")
    assert Unit.objects.get(name="桥头社区").parent == street and street.parent.parent is None
    people = one_time_passwords()
    assert set(people) == {"wang.jf", "li.bl", "jcgd"}
    assert User.objects.get(username="wang.jf").role == "staff"  # the installer's CLI sets roles directly

    staff = first_login("wang.jf", people["wang.jf"])
    listing = staff.get("/enterprises/")
    assert listing.status_code == 200
    assert (
        "江城光电科技有限公司" in listing.content.decode()
        and "江城生物医药有限公司" in listing.content.decode()
    )
    board = staff.get("/projects/")
    assert board.status_code == 200 and "光电芯片产业园一期" in board.content.decode()

    enterprise = first_login("jcgd", people["jcgd"])
    from gaoxin.registry.models import Enterprise

    own = Enterprise.objects.get(uscc=USCC_A)
    page = enterprise.get(f"/enterprises/{own.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "江城光电科技有限公司" in text and "高新技术企业" in text
    assert enterprise.get(f"/enterprises/{Enterprise.objects.get(uscc=USCC_B).pk}/").status_code in (403, 404)

    assert (
        Client()
        .post("/login/", {"username": "sysadmin", "password": admin_passwords["sysadmin"]})
        .headers["Location"]
        == "/login/enrol/"
    )  # the one-time password leads to the enrolment, not into the system
    sysadmin = first_login("sysadmin", admin_passwords["sysadmin"])
    units = sysadmin.get("/org/units/")
    assert units.status_code == 200 and "桥头社区" in units.content.decode()
