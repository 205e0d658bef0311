"""Who reports registry data for review (填报) instead of writing it: enterprise users and the staff of a
street, town or park. The committee's departments, leaders and liaisons edit directly; their departments
review the reports (``gaoxin.submissions``)."""

from __future__ import annotations

from gaoxin.organization.choices import Role

REVIEW_NEEDED = "企业和街道填报的数据须经主管部门审核后生效，请通过“填报审核”提交"


def reports_for_review(user) -> bool:
    """True when the person's changes to 基本信息, 年度数据 and 资质 wait for a department's review."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.role == Role.ENTERPRISE:
        return True
    return user.role == Role.STAFF and user.unit is not None and not user.unit.is_zone_wide


def may_review(user) -> bool:
    """A department (zone-wide unit) member or leader holding the review capability."""
    if user is None or not user.can("registry.review"):
        return False
    return user.role == Role.LEADER or (user.unit is not None and user.unit.is_zone_wide)
