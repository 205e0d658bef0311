"""The sidebar. Each entry names a URL and the capability it needs; entries whose URL is not (yet)
installed are left out, so an app adds its pages without touching this file's logic."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capability: str
    icon: str = "point"


@dataclass(frozen=True)
class NavGroup:
    label: str
    items: tuple[NavItem, ...]


MENU: tuple[NavGroup, ...] = (
    NavGroup(
        "工作台",
        (
            NavItem("首页", "web:dashboard", "", "home"),
            NavItem("消息中心", "notifications:inbox", "", "bell"),
        ),
    ),
    NavGroup(
        "企业库",
        (
            NavItem("企业名录", "registry:enterprise_list", "registry.view", "building"),
            NavItem("年度数据", "registry:year_list", "registry.view", "table"),
            NavItem("企业资质", "registry:qualification_list", "registry.view", "certificate"),
            NavItem("填报审核", "submissions:list", "registry.edit", "clipboard-check"),
            NavItem("即将到期资质", "registry:expiring", "registry.view", "clock"),
            NavItem("数据导入", "transfer:import", "registry.import", "upload"),
            NavItem("回收站", "registry:trash", "registry.restore", "trash"),
        ),
    ),
    NavGroup(
        "梯度培育",
        (
            NavItem("培育梯队", "assessment:ladder", "assessment.view", "stairs-up"),
            NavItem("资质评估", "assessment:verdicts", "assessment.view", "checklist"),
            NavItem("我的包联企业", "assessment:worklist", "assessment.worklist", "user-check"),
            NavItem("本企业评估", "assessment:my_enterprise", "assessment.own", "building-store"),
            NavItem("创新积分", "points:scores", "points.view", "chart-bar"),
            NavItem("贷款白名单", "points:whitelist", "whitelist.view", "list-check"),
        ),
    ),
    NavGroup(
        "政策兑现",
        (
            NavItem("政策库", "policies:library", "policies.view", "book"),
            NavItem("政策找人", "policies:matches", "policies.edit", "target-arrow"),
            NavItem("可享受政策", "policies:mine", "policies.claim", "gift"),
            NavItem("待确认兑现", "policies:pending", "policies.follow", "user-check"),
            NavItem("兑现审核", "policies:claims", "policies.review", "checkup-list"),
            NavItem("兑现台账", "policies:ledger", "policies.ledger", "report-money"),
            NavItem("资金池", "policies:funds", "policies.ledger", "coin"),
            NavItem("政策沙盘", "policies:sandbox", "policies.edit", "adjustments"),
        ),
    ),
    NavGroup(
        "重点项目",
        (
            NavItem("挂图作战", "projects:board", "projects.view", "layout-kanban"),
            NavItem("项目库", "projects:list", "projects.view", "briefcase"),
            NavItem("项目地图", "projects:map", "projects.view", "map"),
            NavItem("进度甘特图", "projects:gantt", "projects.view", "timeline"),
            NavItem("节点模板", "projects:node_templates", "projects.view", "list-details"),
            NavItem("项目调度", "projects:reports", "projects.view", "report"),
            NavItem("红黑榜", "projects:rankings", "projects.view", "trophy"),
            NavItem("问题台账", "problems:list", "problems.view", "alert-triangle"),
            NavItem("月度通报", "reports:monthly", "reports.view", "file-text"),
        ),
    ),
    NavGroup(
        "经济运行",
        (
            NavItem("经济运行监测", "indicators:dashboard", "indicators.view", "chart-line"),
            NavItem("指标目录", "indicators:list", "indicators.view", "list-numbers"),
        ),
    ),
    NavGroup(
        "系统管理",
        (
            NavItem("人员管理", "organization:user_list", "users.manage", "users"),
            NavItem("组织机构", "organization:unit_list", "units.manage", "sitemap"),
            NavItem("园区设置", "organization:zone_settings", "system.settings", "settings"),
            NavItem("自定义字段", "organization:custom_fields", "system.settings", "forms"),
            NavItem("消息渠道", "notifications:channels", "system.settings", "message-share"),
            NavItem("角色审批", "organization:role_requests", "roles.assign", "user-shield"),
            NavItem("账号安全", "organization:security", "security.manage", "shield-lock"),
            NavItem("审计日志", "organization:audit", "audit.view", "file-search"),
            NavItem("API 令牌", "organization:tokens", "", "key"),
        ),
    ),
)


def menu_for(user) -> list[dict]:
    groups = []
    for group in MENU:
        items = []
        for item in group.items:
            if item.capability and not user.can(item.capability):
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            items.append({"label": item.label, "url": url, "icon": item.icon})
        if items:
            groups.append({"label": group.label, "items": items})
    return groups
