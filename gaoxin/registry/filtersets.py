"""One FilterSet per list: the page, the API list and the xlsx export all filter with it."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Q
from django.utils import timezone

from gaoxin.organization.choices import Role
from gaoxin.organization.models import Unit, User
from gaoxin.web.filters import YearFilter

from . import uscc
from .choices import EXPIRING_DAYS, REVENUE_BANDS, Level, QualificationKind, hitech_domain_choices
from .lookups import ENTERPRISE_UNIT_KINDS
from .models import Enterprise, EnterpriseYear, Qualification
from .reference import industry_sections


def _units():
    return Unit.objects.filter(kind__in=ENTERPRISE_UNIT_KINDS, level=2).order_by("path")


def _liaisons():
    return User.objects.filter(role=Role.LIAISON).order_by("username")


UNASSIGNED_WIDGET = django_filters.widgets.BooleanWidget()


def search_q(prefix: str, value: str) -> Q:
    """Name contains the text, or the credit code starts with it. Case only matters for Latin letters:
    a query without any uses a plain ``contains`` (no UPPER() of 100,000 names per search), and only a
    query that could be a code prefix (letters and digits) is matched against the codes."""
    value = value.strip()
    lookup = "icontains" if any(c.isascii() and c.isalpha() for c in value) else "contains"
    q = Q(**{f"{prefix}name__{lookup}": value})
    code = uscc.normalize(value)  # typed with spaces, hyphens or full-width characters
    if code and code.isascii() and code.isalnum():
        q |= Q(**{f"{prefix}uscc__startswith": code})
    return q


class EnterpriseFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="企业名称/信用代码", method="search")
    unit = django_filters.ModelChoiceFilter(label="所属单位", queryset=_units(), method="in_unit")
    unassigned = django_filters.BooleanFilter(
        label="未分配单位", field_name="unit", lookup_expr="isnull", widget=UNASSIGNED_WIDGET
    )
    industry = django_filters.ChoiceFilter(label="行业门类", choices=industry_sections, method="in_section")
    qualification = django_filters.ChoiceFilter(
        label="资质", choices=QualificationKind.choices, method="holding"
    )
    liaison = django_filters.ModelChoiceFilter(label="包联干部", queryset=_liaisons())
    revenue = django_filters.ChoiceFilter(
        label="营业收入", choices=[(k, v[0]) for k, v in REVENUE_BANDS.items()], method="revenue_band"
    )
    hitech_domain = django_filters.ChoiceFilter(label="高新技术领域", choices=hitech_domain_choices)

    class Meta:
        model = Enterprise
        fields = ["q", "unit", "industry", "qualification", "liaison", "revenue", "hitech_domain"]

    def search(self, qs, name, value):
        return qs.filter(search_q("", value))

    def in_unit(self, qs, name, value):
        return qs.filter(unit__path__startswith=value.path) if value else qs

    def in_section(self, qs, name, value):
        return qs.filter(industry_code__startswith=value)

    def holding(self, qs, name, value):
        today = timezone.localdate()
        valid = Qualification.objects.filter(kind=value, granted_on__lte=today).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=today)
        )
        return qs.filter(pk__in=valid.values("enterprise_id"))  # a semi-join, not a subquery per row

    def revenue_band(self, qs, name, value):
        _, low, high = REVENUE_BANDS[value]
        if low is not None:
            qs = qs.filter(latest_revenue__gte=low)
        if high is not None:
            qs = qs.filter(latest_revenue__lt=high)
        return qs


class YearFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="企业名称/信用代码", method="search")
    year = YearFilter(label="年度")
    unit = django_filters.ModelChoiceFilter(label="所属单位", queryset=_units(), method="in_unit")

    class Meta:
        model = EnterpriseYear
        fields = ["q", "year", "unit"]

    def search(self, qs, name, value):
        return qs.filter(search_q("enterprise__", value))

    def in_unit(self, qs, name, value):
        return qs.filter(enterprise__unit__path__startswith=value.path) if value else qs


class QualificationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="企业名称/信用代码", method="search")
    kind = django_filters.ChoiceFilter(label="资质类型", choices=QualificationKind.choices)
    level = django_filters.ChoiceFilter(label="级别", choices=Level.choices)
    status = django_filters.ChoiceFilter(
        label="状态",
        choices=[("valid", "有效"), ("expiring", f"{EXPIRING_DAYS} 天内到期"), ("expired", "已过期")],
        method="by_status",
    )
    unit = django_filters.ModelChoiceFilter(label="所属单位", queryset=_units(), method="in_unit")

    class Meta:
        model = Qualification
        fields = ["q", "kind", "level", "status", "unit"]

    def search(self, qs, name, value):
        return qs.filter(search_q("enterprise__", value))

    def in_unit(self, qs, name, value):
        return qs.filter(enterprise__unit__path__startswith=value.path) if value else qs

    def by_status(self, qs, name, value):
        return filter_status(qs, value, timezone.localdate())


def filter_status(qs, status: str, today: dt.date):
    if status == "expired":
        return qs.filter(expires_on__lt=today)
    valid = qs.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
    if status == "expiring":
        return valid.filter(expires_on__lte=today + dt.timedelta(days=EXPIRING_DAYS))
    return valid
