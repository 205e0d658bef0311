"""Going live from an empty database: ``gaoxin zone init`` and what every zone-needing command answers
before it has run."""

import pytest

from gaoxin.cli import main
from gaoxin.organization.models import Unit, User, Zone
from gaoxin.organization.zones import ZONE_MISSING
from gaoxin.transfer.writer import write_csv

pytestmark = pytest.mark.django_db(transaction=True)


def run(*argv):
    """The `gaoxin` console script in-process: (exit code, stdout, stderr)."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(["gaoxin", *argv])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def test_zone_init_creates_the_zone_root_unit_and_three_administrators_with_one_time_passwords():
    code, out, err = run(
        "zone",
        "init",
        "--name",
        "江城高新技术产业开发区",
        "--short-name",
        "江城高新区",
        "--division",
        "420100",
    )
    assert code == 0, err
    zone = Zone.objects.get()
    assert (zone.short_name, zone.division_code) == ("江城高新区", "420100")
    root = Unit.objects.get()
    assert (root.name, root.kind, root.parent) == ("江城高新区管委会", "committee", None)
    admins = {u.username: u for u in User.objects.all()}
    assert {u: admins[u].role for u in admins} == {
        "sysadmin": "sysadmin",
        "secadmin": "secadmin",
        "auditor": "auditor",
    }
    for username, user in admins.items():
        line = next(line for line in out.splitlines() if line.strip().startswith(username))
        password = line.split()[-1]
        assert user.check_password(password) and len(password) >= 10
        assert user.password_expired  # must be changed at first login
        assert (user.zone, user.unit) == (zone, root)
    passwords = [line.split()[-1] for line in out.splitlines() if line.strip().startswith(tuple(admins))]
    assert len(set(passwords)) == 3


def test_passwords_never_reach_the_change_log():
    from gaoxin.core.models import ObjectChange

    code, out, _ = run("zone", "init", "--name", "测试园区")
    password = next(line.split()[-1] for line in out.splitlines() if line.strip().startswith("sysadmin"))
    assert code == 0
    assert not any(password in str(c.postchange_data) for c in ObjectChange.objects.all())


def test_zone_init_refuses_a_second_zone_with_exit_1():
    assert run("zone", "init", "--name", "测试园区")[0] == 0
    code, out, err = run("zone", "init", "--name", "另一园区")
    assert code == 1
    assert "园区已存在（测试园区），不能重复初始化" in err and "Traceback" not in err
    assert Zone.objects.count() == 1 and User.objects.count() == 3


def test_a_bad_division_code_is_refused():
    code, _, err = run("zone", "init", "--name", "测试园区", "--division", "42A1")
    assert code == 1 and "行政区划代码须为 6 位数字" in err
    assert not Zone.objects.exists()


@pytest.mark.parametrize(
    "argv",
    [
        ("projects", "stats", "--year", "2026"),
        ("projects", "remind"),
        ("problems", "escalate"),
        ("assess", "--year", "2025"),
        ("points", "--year", "2025"),
        ("whitelist", "publish"),
        ("report", "monthly", "--month", "2026-05", "--out", "{tmp}/b.xlsx"),
        ("export", "enterprises", "{tmp}/e.xlsx"),
    ],
)
def test_zone_needing_commands_say_so_on_an_empty_database(argv, tmp_path):
    code, _, err = run(*(a.format(tmp=tmp_path) for a in argv))
    assert (code, err.strip()) == (1, ZONE_MISSING)


@pytest.mark.parametrize("kind", ["projects", "enterprises", "problems"])
def test_imports_say_so_on_an_empty_database(kind, tmp_path):
    """Defect: `gaoxin import projects` on a database without a zone crashed with IntegrityError."""
    from gaoxin.transfer.kinds import get_kind

    row = {
        "projects": {
            "项目编号": "XM-2026-001",
            "项目名称": "智能装备产业园一期",
            "项目类型": "产业项目",
            "重点级别": "区级重点",
        },
        "enterprises": {"统一社会信用代码": "91420100MA4KXXXX0X", "企业名称": "江城测试科技有限公司"},
        "problems": {"问题编号": "WT-2026-001", "问题描述": "道路施工影响企业出行"},
    }[kind]
    assert set(row) <= set(get_kind(kind).template.headers)
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(write_csv(list(row), [list(row.values())]))
    code, _, err = run("import", kind, str(path))
    assert (code, err.strip()) == (1, ZONE_MISSING)
