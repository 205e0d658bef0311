"""A checked policy file (``PolicyDoc``) written as rows: the policy, its funds and clauses created or
replaced by code through ``create_object``/``update_object`` (change rows), clauses no longer in the file
deleted with their change row (refused when they have claims)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from gaoxin.core import actions as core
from gaoxin.core.models.changelog import ChangeAction
from gaoxin.engine.policyfile import PolicyDoc
from gaoxin.organization.models import Unit

from ..models import Clause, Fund, Policy


def _unit(name: str, where: str):
    if not name:
        return None
    unit = Unit.objects.filter(name=name).order_by("pk").first()
    if unit is None:
        raise ValidationError({"department": f"{where}：未知部门“{name}”（应为组织机构中的单位名称）"})
    return unit


def _save(instance, changes: dict, actor):
    if instance.pk is None:
        for k, v in changes.items():
            setattr(instance, k, v)
        core.create_object(instance, actor)
        return instance
    different = {k: v for k, v in changes.items() if getattr(instance, k) != v}
    if different:
        core.update_object(instance, different, actor)
    return instance


def store_doc(doc: PolicyDoc, source: str, actor) -> tuple[Policy, bool]:
    """Write one checked policy (create or replace by 政策编号); returns (policy, changed)."""
    department = _unit(doc.department, doc.path)
    policy = Policy.objects.filter(code=doc.code).first() or Policy(code=doc.code)
    before = policy.version if policy.pk else 0
    fields = {
        "name": doc.name, "doc_no": doc.doc_no, "issuer": doc.issuer, "level": doc.level,
        "department": department, "effective_from": doc.effective_from, "effective_to": doc.effective_to,
        "status": doc.status, "text": doc.text, "source": source,
    }  # fmt: skip
    policy = _save(policy, fields, actor)
    funds = {}
    for f in doc.funds:
        fund = Fund.objects.filter(code=f.id).first() or Fund(code=f.id)
        changes = {
            "name": f.name,
            "year": f.year,
            "budget_fen": f.budget_fen,
            "shares": f.shares,
            "policy": policy,
        }
        funds[f.id] = _save(fund, changes, actor)
    changed = policy.version != before
    kept = set()
    for order, c in enumerate(doc.clauses):
        fund = funds.get(c.meta["fund"]) or (
            Fund.objects.filter(code=c.meta["fund"]).first() if c.meta["fund"] else None
        )
        if c.meta["fund"] and fund is None:
            raise ValidationError({"fund": f"{doc.path} 条款 {c.id}：未知资金池“{c.meta['fund']}”"})
        row = Clause.objects.filter(policy=policy, code=c.id).first() or Clause(policy=policy, code=c.id)
        before = row.version if row.pk else 0
        changes = {
            "name": c.name, "article": c.meta["article"], "mode": c.meta["mode"], "when": c.when.source,
            "amount": c.amount.source if c.amount else "", "cap_fen": c.cap_fen, "group": c.group or "",
            "gap_input": c.gap.target if c.gap else "", "fund": fund, "window_from": c.meta["window_from"],
            "window_to": c.meta["window_to"], "materials": c.meta["materials"],
            "confirm_departments": c.meta["confirm"], "order": order,
        }  # fmt: skip
        row = _save(row, changes, actor)
        changed = changed or row.version != before
        kept.add(row.pk)
    for gone in policy.clauses.exclude(pk__in=kept):
        if gone.claims.exists():
            raise ValidationError({"clauses": f"{doc.path}：条款 {gone.code} 已有兑现记录，不能从政策中删除"})
        core.record_change(gone, ChangeAction.DELETE, gone.snapshot(), None, actor)
        gone.delete()
        changed = True
    return policy, changed
