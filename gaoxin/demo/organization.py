"""Demo organisation: one zone, its unit tree and people in every role."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from gaoxin.organization.choices import Role, UnitKind
from gaoxin.organization.models import Unit, User, Zone

DEMO_PASSWORD = "Gaoxin@2026"

DEPARTMENTS = [
    "经济发展局",
    "招商合作局",
    "科技创新局",
    "政务服务中心",
    "财政金融局",
    "规划建设局",
    "自然资源分局",
]
STREETS = {
    ("东湖街道", UnitKind.SUBDISTRICT): [
        "东湖社区",
        "湖滨社区",
        "光谷社区",
        "花山社区",
        "龙泉社区",
        "杨桥村",
    ],
    ("南山街道", UnitKind.SUBDISTRICT): ["南山社区", "金桥社区", "新城社区", "枫林社区", "石门村"],
    ("凤凰镇", UnitKind.TOWN): ["凤凰村", "青石村", "柳林村", "白沙村", "桃园村", "大庄村"],
    ("智能制造产业园", UnitKind.PARK): ["一期社区", "二期社区"],
    ("生物医药产业园", UnitKind.PARK): ["药谷社区", "创新社区"],
    ("软件与信息服务产业园", UnitKind.PARK): ["软件园社区", "数谷社区"],
}
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌鹏飞宇晨欣怡子涵浩然思远嘉懿"


LOGINS = [
    ("领导", "leader", "管委会主任，查看全区"),
    ("部门人员", "staff1", "经济发展局，全区范围"),
    ("部门人员（街道）", "street", "东湖街道，仅本街道企业"),
    ("包联干部", "liaison1", "仅所包联企业与项目"),
    ("银行用户", "bank", "仅已发布的白名单"),
    ("系统管理员", "sysadmin", "账号与组织机构"),
    ("安全管理员", "secadmin", "角色、解锁、安全策略"),
    ("审计管理员", "auditor", "审计日志"),
]


def person_name(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def phone(rng) -> str:
    return rng.choice(["138", "139", "135", "150", "186", "177"]) + f"{rng.randrange(10**8):08d}"


def make_user(ctx, username: str, role: str, unit=None, title: str = "", **extra) -> User:
    user = User(
        username=username,
        full_name=extra.pop("full_name", None) or person_name(ctx.rng),
        role=role,
        zone=ctx.zone,
        unit=unit,
        title=title,
        phone=phone(ctx.rng),
        **extra,
    )
    # One hash for every demo account: PBKDF2 at Django's work factor takes ~1 s per call.
    if "password_hash" not in ctx.data:
        ctx.data["password_hash"] = make_password(DEMO_PASSWORD)
    user.password = ctx.data["password_hash"]
    user.password_changed_at = timezone.now()
    user.save()
    ctx.people.setdefault(role, []).append(user)
    return user


DEMO_ZONE_NAME = "江城高新技术产业开发区"


def demo_loaded() -> bool:
    """The demo zone and its accounts are in the database (a real zone's database prints no demo logins)."""
    return (
        Zone.objects.filter(name=DEMO_ZONE_NAME).exists() and User.objects.filter(username="leader").exists()
    )


def build(ctx) -> None:
    ctx.zone = Zone.objects.create(
        name=DEMO_ZONE_NAME,
        short_name="江城高新区",
        division_code="420100",
        settings={
            "problem_deadline_days": {"一般": 7, "重大": 30, "紧急": 1},
            "dispatch_cadence": "weekly",
            "near_gap_threshold": 0.15,
        },
    )
    committee = Unit.objects.create(zone=ctx.zone, name="江城高新区管委会", kind=UnitKind.COMMITTEE)
    ctx.units[committee.name] = committee
    for name in DEPARTMENTS:
        ctx.units[name] = Unit.objects.create(
            zone=ctx.zone, parent=committee, name=name, kind=UnitKind.DEPARTMENT
        )
    for (name, kind), children in STREETS.items():
        parent = Unit.objects.create(zone=ctx.zone, parent=committee, name=name, kind=kind)
        ctx.units[name] = parent
        for child in children:
            child_kind = UnitKind.VILLAGE if child.endswith("村") else UnitKind.COMMUNITY
            ctx.units[child] = Unit.objects.create(zone=ctx.zone, parent=parent, name=child, kind=child_kind)
    _people(ctx, committee)


def _people(ctx, committee) -> None:
    make_user(ctx, "leader", Role.LEADER, committee, "管委会主任", full_name="陈志远")
    for i, title in enumerate(["管委会副主任", "管委会副主任", "管委会副主任"], start=1):
        make_user(ctx, f"leader{i}", Role.LEADER, committee, title)
    for i, dept in enumerate(DEPARTMENTS):
        make_user(ctx, f"staff{i + 1}", Role.STAFF, ctx.units[dept], "科员")
    make_user(ctx, "street", Role.STAFF, ctx.units["东湖街道"], "街道经济办科员")
    liaison_units = ["经济发展局", "招商合作局", "科技创新局", "东湖街道", "南山街道", "凤凰镇"]
    for i in range(12):
        make_user(
            ctx, f"liaison{i + 1}", Role.LIAISON, ctx.units[liaison_units[i % len(liaison_units)]], "包联干部"
        )
    make_user(ctx, "bank", Role.BANK, None, "客户经理", organization_name="江城农商银行")
    make_user(ctx, "bank2", Role.BANK, None, "客户经理", organization_name="工商银行江城分行")
    make_user(ctx, "sysadmin", Role.SYSADMIN, committee, "系统管理员")
    make_user(ctx, "secadmin", Role.SECADMIN, committee, "安全管理员")
    make_user(ctx, "auditor", Role.AUDITOR, committee, "审计管理员")
    ctx.logins += LOGINS


def print_logins(out, logins) -> None:
    out.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}）：")
    for role, username, note in logins:
        out.write(f"  {role:<10}{username:<12}{note}")
