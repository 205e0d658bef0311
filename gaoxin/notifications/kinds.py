"""Notification kinds (typed, like business events). An app registers the kinds it sends in its
``AppConfig.ready()`` with ``register({code: 中文名称})``; ``notify`` refuses an unregistered kind, so a
typo cannot send messages nobody can filter."""

KINDS: dict[str, str] = {
    "problems.assigned": "问题交办",
    "problems.escalated": "问题升级",
    "problems.to_confirm": "待确认销号",
    "problems.supervised": "督办",
    "projects.report_due": "调度填报提醒",
    "projects.report_overdue": "调度填报逾期",
    "registry.qualification_expiring": "资质即将到期",
    "points.whitelist_published": "白名单发布",
    "organization.roles_requested": "角色待审批",
    "submissions.to_review": "填报待审核",
    "submissions.reviewed": "填报审核结果",
    "system.notice": "系统通知",
}


def register(kinds: dict[str, str]) -> None:
    """Register ``{code: 中文名称}``; a code registered twice with another label is a programming error."""
    for code, label in kinds.items():
        existing = KINDS.get(code)
        if existing is not None and existing != label:
            raise ValueError(f"notification kind {code!r} already registered as {existing!r}")
        KINDS[code] = label


def label(code: str) -> str:
    return KINDS.get(code, code)
