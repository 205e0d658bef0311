"""Demo registry: ``ctx.enterprises`` synthetic enterprises with three years of figures and qualifications."""

from __future__ import annotations

from django.utils import timezone

from gaoxin.core.bulk import BATCH, analyze, bulk_write
from gaoxin.core.context import Actor
from gaoxin.demo.organization import make_user, person_name, phone
from gaoxin.organization.choices import Role
from gaoxin.organization.models import User

from . import synthetic
from .actions import refresh_latest
from .choices import QualificationKind
from .lookups import ENTERPRISE_UNIT_KINDS
from .models import Enterprise, EnterpriseAccount, EnterpriseYear, Qualification

ENTERPRISE_USERS = 5


def populate(
    rng, count: int, units, liaisons, today, *, division="420100", start=0, actor=None, log=True, years=True
):
    """Create ``count`` enterprises with figures for the three accounting years before ``today``'s year
    (unless ``years`` is false) and their qualifications; returns the enterprises. ``start`` offsets the
    credit codes (for several calls); ``log=False`` skips change rows (bench)."""
    actor = actor or Actor.system("demo")
    enterprises = [
        synthetic.enterprise(rng, start + i, units, liaisons, today, division) for i in range(count)
    ]
    _write(Enterprise, enterprises, actor, log)
    accounting_years = [today.year - 3, today.year - 2, today.year - 1] if years else []
    rows, quals = [], []
    for ent in enterprises:
        held = synthetic.qualifications_for(rng, ent, today)
        hte = any(q.kind == QualificationKind.HTE for q in held)
        rows += synthetic.years_for(rng, ent, accounting_years, hte=hte)
        quals += held
    _special(rng, enterprises, quals, today)
    _write(EnterpriseYear, rows, actor, log)
    _write(Qualification, quals, actor, log)
    refresh_latest([e.pk for e in enterprises])
    for model in (Enterprise, EnterpriseYear, Qualification):
        analyze(model)
    return enterprises


def _write(model, objs, actor, log: bool) -> None:
    if log:
        bulk_write(model, objs, [], actor, [])
    else:
        model._default_manager.bulk_create(objs, batch_size=BATCH)


def _special(rng, enterprises, quals, today) -> None:
    """A few rare titles: one unicorn and one potential unicorn among the larger firms."""
    for kind, ent in zip(
        [QualificationKind.UNICORN, QualificationKind.POTENTIAL_UNICORN], enterprises[7:9], strict=False
    ):
        quals.append(synthetic.qualification(ent, kind, today.replace(month=1, day=15), ""))


def build(ctx) -> None:
    units = [u for u in ctx.units.values() if u.kind in ENTERPRISE_UNIT_KINDS]
    liaisons = ctx.people.get(Role.LIAISON, [])
    division = getattr(ctx.zone, "division_code", "") or "420100"
    enterprises = populate(ctx.rng, ctx.enterprises, units, liaisons, ctx.today, division=division)
    ctx.progress(f"企业 {len(enterprises)} 家（含三年经营数据与资质）")
    ctx.data["enterprises"] = enterprises
    first = None
    for i, ent in enumerate(enterprises[:ENTERPRISE_USERS], start=1):
        user = _enterprise_user(ctx, f"ent{i}", first)
        first = first or user
        EnterpriseAccount.objects.create(user=user, enterprise=ent)
    if first is not None:
        ctx.logins.append(("企业用户", "ent1", f"仅本企业：{enterprises[0].name}"))


def _enterprise_user(ctx, username: str, first):
    """The first account hashes the demo password (slow on purpose); the others reuse that hash."""
    if first is None:
        return make_user(ctx, username, Role.ENTERPRISE, None, "企业联系人")
    user = User.objects.create(
        username=username, full_name=person_name(ctx.rng), role=Role.ENTERPRISE, zone=ctx.zone,
        title="企业联系人", phone=phone(ctx.rng), password=first.password, password_changed_at=timezone.now(),
    )  # fmt: skip
    ctx.people.setdefault(Role.ENTERPRISE, []).append(user)
    return user
