"""What each role may do. Views, the API and the CLI ask ``user.can(capability)``; nothing checks role names.

The three 等保 administrator roles are separated: the system administrator manages accounts and units,
the security administrator manages roles, locks and the security policy, the audit administrator reads
the audit log — and none of them has the others' capabilities or any business capability beyond
restoring deleted records (a system-administration task).
"""

from .choices import Role

BUSINESS_READ = {
    "registry.view",
    "assessment.view",
    "points.view",
    "projects.view",
    "problems.view",
    "reports.view",
    "policies.view",
}
BUSINESS_WRITE = {
    "registry.edit",
    "registry.import",
    "registry.export",
    "registry.delete",
    "assessment.run",
    "ladder.move",
    "points.run",
    "whitelist.view",
    "projects.edit",
    "projects.import",
    "projects.report",
    "problems.raise",
    "problems.handle",
    "policies.edit",
    "policies.review",
    "policies.pay",
    "policies.ledger",
    "policies.follow",
}

#: Actions on the whole zone (publishing the loan whitelist or a 红黑榜, assessing or scoring every
#: enterprise, the policy money chain). Only accounts that see the whole zone hold them: a staff member of a
#: street, town or park keeps the other staff capabilities inside their own subtree (``User.can``).
ZONE_WIDE_CAPABILITIES = frozenset(
    {
        "whitelist.publish",
        "ranking.publish",
        "assessment.run",
        "points.run",
        "policies.edit",
        "policies.review",
        "policies.pay",
        "policies.ledger",
    }
)

#: 经济运行监测: the zone's economic figures, for the committee's leaders and staff.
MONITORING = {"indicators.view", "indicators.import"}

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.LEADER: frozenset(
        BUSINESS_READ
        | BUSINESS_WRITE
        | MONITORING
        | {
            "whitelist.publish",
            "ranking.publish",
            "problems.override",
            "problems.approve_extension",
            "personal_data.view",
            "registry.review",
        }
    ),
    Role.STAFF: frozenset(
        BUSINESS_READ
        | BUSINESS_WRITE
        | MONITORING
        | {"whitelist.publish", "ranking.publish", "registry.review"}
    ),
    Role.LIAISON: frozenset(
        BUSINESS_READ
        | {
            "registry.edit",
            "registry.export",
            "ladder.move",
            "projects.report",
            "problems.raise",
            "personal_data.view",
            "policies.follow",
            "assessment.worklist",
        }
    ),
    Role.ENTERPRISE: frozenset(
        {
            "assessment.own",
            "registry.view",
            "registry.edit",
            "assessment.view",
            "points.view",
            "problems.view",
            "problems.raise",
            "personal_data.view",
            "policies.view",
            "policies.claim",
        }
    ),
    Role.BANK: frozenset({"whitelist.view"}),
    Role.SYSADMIN: frozenset({"users.manage", "units.manage", "registry.restore", "system.settings"}),
    Role.SECADMIN: frozenset({"security.manage", "roles.assign", "accounts.unlock"}),
    Role.AUDITOR: frozenset({"audit.view"}),
}


def capabilities(role: str) -> frozenset[str]:
    return ROLE_CAPABILITIES.get(role, frozenset())
