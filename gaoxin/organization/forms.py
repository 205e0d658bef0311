from __future__ import annotations

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType

from gaoxin.core import limits
from gaoxin.core.models import CustomField

from .models import Unit, User

GAZELLE_PRESETS = [
    ("jinan_hitech_zone_2016", "济南高新区瞪羚计划（2016）"),
    ("guangzhou_huangpu", "广州市黄埔区、广州开发区"),
    ("zhengzhou_hitech_zone", "郑州高新区"),
    ("shandong_province", "山东省省级瞪羚企业"),
]


class UserCreateForm(forms.ModelForm):
    """Accounts are created by the system administrator with no role; the security administrator grants
    one (三员分立). The initial password must be changed at first login."""

    password = forms.CharField(label="初始密码", widget=forms.PasswordInput)

    class Meta:
        model = User
        fields = ["username", "full_name", "unit", "title", "phone", "organization_name"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        validate_password(password)
        return password


DOCUMENT_TEXTS = (
    "document_issuer",
    "document_signature",
    "document_number_monthly",
    "document_number_economy",
)


class ZoneSettingsForm(forms.Form):
    deadline_general = forms.IntegerField(label="一般问题办理时限（天）", min_value=1, max_value=365)
    deadline_major = forms.IntegerField(label="重大问题办理时限（天）", min_value=1, max_value=365)
    deadline_urgent = forms.IntegerField(label="紧急问题办理时限（天）", min_value=1, max_value=365)
    dispatch_cadence = forms.ChoiceField(
        label="项目调度频次", choices=[("weekly", "每周"), ("monthly", "每月")]
    )
    near_gap_threshold = forms.DecimalField(
        label="储备企业差距阈值（占门槛比例）",
        min_value=0,
        max_value=1,
        decimal_places=2,
        help_text="差距不超过门槛的该比例时列为“储备”，如 0.15 即 15%",
    )
    gazelle_preset = forms.ChoiceField(label="瞪羚企业认定口径", choices=GAZELLE_PRESETS)
    # The 公文 parts of the monthly bulletin and the 经济运行 report (gaoxin.reports.official).
    document_issuer = forms.CharField(label="发文机关（红头）", max_length=60, required=False)
    document_signature = forms.CharField(label="落款", max_length=60, required=False)
    document_number_monthly = forms.CharField(
        label="月度通报文号格式",
        max_length=60,
        required=False,
        help_text="可用 {year}、{month}、{short}，如 江高管办通〔{year}〕{month}号",
    )
    document_number_economy = forms.CharField(label="经济运行报告文号格式", max_length=60, required=False)
    document_issue_day = forms.IntegerField(
        label="印发日（次月第几日）", min_value=1, max_value=31, required=False
    )
    watermark = forms.BooleanField(
        label="显示水印", required=False, help_text="可查看个人信息的人员，页面显示查看人姓名和时间水印"
    )
    # The security limits of gaoxin.core.limits (empty = the default there).
    api_token_days = forms.IntegerField(
        label="接口令牌有效期（天）", min_value=1, max_value=365, required=False,
        help_text=f"令牌签发后超过该天数自动失效；留空按 {limits.DEFAULTS['api_token_days']} 天",
    )  # fmt: skip
    import_max_rows = forms.IntegerField(
        label="单次导入行数上限", min_value=1_000, max_value=1_000_000, required=False,
        help_text=f"超过该行数的文件在解析前即被拒绝；留空按 {limits.DEFAULTS['import_max_rows']:,} 行",
    )  # fmt: skip
    require_2fa_all = forms.BooleanField(
        label="全员双因素认证",
        required=False,
        help_text="开启后，所有人员登录均须输入身份验证器中的动态口令；系统管理员、安全管理员、审计管理员始终须输入",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def initial_from(cls, zone) -> dict:
        days = zone.setting("problem_deadline_days", {})
        return {
            "deadline_general": days.get("一般", 7),
            "deadline_major": days.get("重大", 30),
            "deadline_urgent": days.get("紧急", 1),
            "dispatch_cadence": zone.setting("dispatch_cadence", "weekly"),
            "near_gap_threshold": zone.setting("near_gap_threshold", 0.15),
            "gazelle_preset": zone.setting("gazelle_preset", GAZELLE_PRESETS[0][0]),
            **{key: zone.setting(key, "") for key in DOCUMENT_TEXTS},
            "document_issue_day": zone.setting("document_issue_day", 5),
            "watermark": zone.setting("watermark", True),
            **{key: zone.setting(key, None) for key in limits.DEFAULTS},
            "require_2fa_all": zone.setting("require_2fa_all", False),
            "version": zone.version,
        }

    def to_settings(self, current: dict) -> dict:
        d = self.cleaned_data
        return {
            **current,
            "problem_deadline_days": {
                "一般": d["deadline_general"],
                "重大": d["deadline_major"],
                "紧急": d["deadline_urgent"],
            },
            "dispatch_cadence": d["dispatch_cadence"],
            "near_gap_threshold": float(d["near_gap_threshold"]),
            "gazelle_preset": d["gazelle_preset"],
            **{key: d[key].strip() for key in DOCUMENT_TEXTS},
            "document_issue_day": d["document_issue_day"] or 5,
            "watermark": bool(d["watermark"]),
            **{key: d[key] for key in limits.DEFAULTS},  # None: core.limits applies its default
            "require_2fa_all": bool(d["require_2fa_all"]),
        }

    def clean(self):
        data = super().clean()
        for key in ("document_number_monthly", "document_number_economy"):
            pattern = data.get(key) or ""
            try:
                pattern.format(year=2026, month=1, short="")
            except (KeyError, IndexError, ValueError):
                self.add_error(key, "文号格式只可使用 {year}、{month}、{short}")
        return data


class CustomFieldForm(forms.ModelForm):
    content_type = forms.ModelChoiceField(
        label="适用对象",
        queryset=ContentType.objects.filter(app_label__in=["registry", "projects", "problems"]),
    )
    choices_text = forms.CharField(label="可选值（以、分隔）", required=False)

    class Meta:
        model = CustomField
        fields = ["content_type", "name", "label", "type", "required", "minimum", "maximum", "regex", "order"]

    def clean(self):
        data = super().clean()
        text = data.get("choices_text") or ""
        data["choices"] = [c.strip() for c in text.replace(",", "、").split("、") if c.strip()]
        if data.get("type") == "select" and not data["choices"]:
            self.add_error("choices_text", "单选字段须填写可选值")
        return data

    def save(self, commit=True):
        self.instance.choices = self.cleaned_data["choices"]
        return super().save(commit)


__all__ = ["CustomFieldForm", "UserCreateForm", "ZoneSettingsForm", "Unit"]
