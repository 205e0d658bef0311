"""The people import/export kind (人员): ``gaoxin import people FILE`` / the import page / export.

New accounts get one-time passwords, collected into a one-time xlsx for the administrator (a
``PasswordSheet``, downloadable once) — never printed into a log. A 角色 cell imported by the system
administrator becomes a pending role request for the security administrator (三员分立); imported by the
installer's CLI (no ``--user``) it takes effect at once. Exports never carry a password.
"""

from __future__ import annotations

import re
from pathlib import Path

from gaoxin.core.masking import shown
from gaoxin.transfer.kinds import CommitCounts, Issue, Kind, ValidationResult
from gaoxin.transfer.sheet_templates import load_template

from .choices import ADMIN_ROLES, Role
from .enterprise_links import enterprises_by_uscc
from .models import RoleRequest, Unit, User
from .zones import current_zone

ROLE_BY_LABEL = {
    Role(r).label: r for r in (Role.LEADER, Role.STAFF, Role.LIAISON, Role.ENTERPRISE, Role.BANK)
}
USERNAME = re.compile(r"^[A-Za-z0-9_.@+-]{2,150}$")
PHONE = re.compile(r"^1\d{10}$")
NEEDS_UNIT = {Role.LEADER, Role.STAFF, Role.LIAISON}


class PeopleKind(Kind):
    name = "people"
    label = "人员"
    template_name = "person"
    import_capability = "users.manage"
    export_capability = "users.manage"

    @property
    def template(self):
        return load_template(self.template_name, Path(__file__).parent / "schema")

    def validate(self, records, context):
        zone = current_zone(context.user)
        units = list(Unit.objects.filter(zone=zone))
        by_ref = {u.name: u for u in units} | {u.code: u for u in units if u.code}
        names = [(r.get("username") or "").strip() for r in records]
        existing = {u.username.lower(): u for u in User.objects.filter(username__in=names)}
        usccs = {r["enterprise_uscc"].strip().upper() for r in records if r.get("enterprise_uscc")}
        enterprises = enterprises_by_uscc(usccs)
        requested = dict(
            RoleRequest.objects.filter(
                status=RoleRequest.Status.PENDING, user__in=existing.values()
            ).values_list("user_id", "role")
        )
        result, seen = ValidationResult(), {}
        for rec in records:
            row, issues = rec["_row"], []
            username = (rec.get("username") or "").strip()
            if username.lower() in seen:
                issues.append(
                    Issue(row, "账号", f"账号“{username}”在文件中重复（第 {seen[username.lower()]} 行）")
                )
            seen[username.lower()] = row
            if not USERNAME.match(username):
                issues.append(Issue(row, "账号", "账号须为 2 位以上的字母、数字或 _ . @ + -"))
            user = existing.get(username.lower())
            if user is not None and user.role in ADMIN_ROLES:
                issues.append(Issue(row, "账号", f"“{username}”是三员账号，不能通过导入维护"))
            role = ROLE_BY_LABEL.get(rec.get("role") or "")
            unit_ref = (rec.get("unit") or "").strip()
            unit = by_ref.get(unit_ref) if unit_ref else None
            if unit_ref and unit is None:
                issues.append(Issue(row, "所属单位", f"找不到单位“{unit_ref}”（按名称或编码）"))
            elif unit is not None and unit.is_closed:
                issues.append(Issue(row, "所属单位", f"单位“{unit.name}”已撤销"))
            target_role = role or (requested.get(user.pk) or user.role if user else Role.PENDING)
            if (
                target_role in NEEDS_UNIT
                and unit is None
                and not unit_ref
                and not (user and user.unit_id and "unit" not in context.fields)
            ):
                issues.append(Issue(row, "所属单位", f"{Role(target_role).label}须填写所属单位"))
            phone = (rec.get("phone") or "").strip()
            if phone and "*" not in phone and not PHONE.match(phone):
                issues.append(Issue(row, "手机号", f"“{phone}”不是 11 位手机号"))
            uscc = (rec.get("enterprise_uscc") or "").strip().upper()
            enterprise = enterprises.get(uscc) if uscc else None
            if uscc and enterprise is None:
                issues.append(Issue(row, "关联企业（统一社会信用代码）", f"企业库中没有“{uscc}”"))
            if uscc and target_role != Role.ENTERPRISE:
                issues.append(Issue(row, "关联企业（统一社会信用代码）", "仅企业用户可关联企业"))
            if target_role == Role.ENTERPRISE and not uscc and not _linked(user):
                issues.append(
                    Issue(row, "关联企业（统一社会信用代码）", "企业用户须填写关联企业的统一社会信用代码")
                )
            bank = (rec.get("bank") or "").strip()
            if target_role == Role.BANK and not bank and not (user and user.organization_name):
                issues.append(Issue(row, "银行机构", "银行用户须填写银行机构"))
            result.errors += issues
            if not issues:
                result.clean.append(
                    {"row": row, "user": user, "username": username, "role": role, "unit": unit,
                     "phone": phone, "enterprise": enterprise, "bank": bank, "full_name": rec.get("full_name")}
                )  # fmt: skip
        return result

    def commit(self, clean, context, batch):
        from .enterprise_links import link_enterprise
        from .password_sheets import store_sheet
        from .people_actions import (
            create_person,
            notify_role_reviewers,
            set_or_request_role,
            update_person,
        )

        zone, actor, fields = current_zone(context.user), context.actor, context.fields
        counts, passwords, requests = CommitCounts(), [], 0
        for item in clean:
            data = _data(item, fields)
            user = item["user"]
            if user is None:
                user, password = create_person(zone, {"username": item["username"], **data}, actor)
                passwords.append((user, password))
                counts.created += 1
            else:
                before = (user.full_name, user.unit_id, user.phone, user.organization_name)
                update_person(user, data, actor)
                changed = before != (user.full_name, user.unit_id, user.phone, user.organization_name)
                counts.updated += changed
                counts.unchanged += not changed
            if item["enterprise"] is not None:
                link_enterprise(user, item["enterprise"], actor)
            if item["role"] and set_or_request_role(user, item["role"], actor) is not None:
                requests += 1
        if passwords:
            counts.notes.append(store_sheet(passwords, actor, batch))
        notify_role_reviewers(requests, actor)
        return counts

    def queryset(self, user):
        zone = current_zone(user)
        return User.objects.filter(zone=zone).exclude(role__in=ADMIN_ROLES)

    def export_rows(self, queryset, user):
        for person in queryset.select_related("unit", "enterprise_account__enterprise").order_by("username"):
            account = getattr(person, "enterprise_account", None)
            yield {
                "username": person.username,
                "full_name": person.full_name,
                "unit": person.unit.name if person.unit else None,
                "role": person.get_role_display() if person.role in ROLE_BY_LABEL.values() else None,
                "phone": person.phone if user is None else shown("phone", person.phone, user),
                "enterprise_uscc": account.enterprise.uscc if account else None,
                "bank": person.organization_name or None,
            }


def _data(item: dict, fields: set) -> dict:
    """Only the columns the file has: a file without 手机号 leaves phones alone; a masked phone
    (138****5678, as exports for administrators show it) is not a new value either."""
    data = {}
    if "full_name" in fields:
        data["full_name"] = (item["full_name"] or "").strip()
    if "unit" in fields:
        data["unit"] = item["unit"]
    if "phone" in fields and "*" not in item["phone"]:
        data["phone"] = item["phone"]
    if "bank" in fields and item["bank"]:
        data["organization_name"] = item["bank"]
    return data


def _linked(user) -> bool:
    return user is not None and hasattr(user, "enterprise_account")
