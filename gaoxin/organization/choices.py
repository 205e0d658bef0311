from django.db import models


class Role(models.TextChoices):
    PENDING = "pending", "待授权"
    LEADER = "leader", "领导"
    STAFF = "staff", "部门人员"
    LIAISON = "liaison", "包联干部"
    ENTERPRISE = "enterprise", "企业用户"
    BANK = "bank", "银行用户"
    SYSADMIN = "sysadmin", "系统管理员"
    SECADMIN = "secadmin", "安全管理员"
    AUDITOR = "auditor", "审计管理员"


ADMIN_ROLES = {Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR}


class UnitKind(models.TextChoices):
    COMMITTEE = "committee", "管委会"
    DEPARTMENT = "department", "部门"
    SUBDISTRICT = "subdistrict", "街道"
    TOWN = "town", "镇"
    PARK = "park", "产业园"
    VILLAGE = "village", "村"
    COMMUNITY = "community", "社区"


#: Units whose staff see the whole zone: the committee and its functional departments (经发局, 招商局 …).
#: Staff of a street, town or park see only enterprises registered in their own subtree.
ZONE_WIDE_UNIT_KINDS = {UnitKind.COMMITTEE, UnitKind.DEPARTMENT}
#: Where a unit may sit in the four-level tree (管委会 → 部门/街道·镇/产业园 → 村·社区).
UNIT_LEVEL = {
    UnitKind.COMMITTEE: 1,
    UnitKind.DEPARTMENT: 2,
    UnitKind.SUBDISTRICT: 2,
    UnitKind.TOWN: 2,
    UnitKind.PARK: 2,
    UnitKind.VILLAGE: 3,
    UnitKind.COMMUNITY: 3,
}
