from __future__ import annotations

import re

from django import forms

from gaoxin.web.forms import styled

from .choices import Role
from .models import Unit
from .people_actions import BUSINESS_ROLES


class PersonForm(forms.Form):
    full_name = forms.CharField(label="姓名", max_length=50, required=False)
    unit = forms.ModelChoiceField(label="所属单位", queryset=Unit.objects.none(), required=False)
    title = forms.CharField(label="职务", max_length=50, required=False)
    phone = forms.CharField(label="手机号", max_length=20, required=False)
    email = forms.EmailField(
        label="电子邮箱", required=False, help_text="用于接收消息提醒（园区开启邮件渠道时）"
    )
    organization_name = forms.CharField(
        label="银行机构", max_length=100, required=False, help_text="银行用户填写"
    )
    enterprise_uscc = forms.CharField(
        label="关联企业（统一社会信用代码）", max_length=18, required=False, help_text="企业用户填写"
    )
    role = forms.ChoiceField(
        label="申请角色",
        required=False,
        choices=[("", "（不变）")] + [(r.value, r.label) for r in BUSINESS_ROLES],
        help_text="由安全管理员审批后生效（三员分立）",
    )

    def __init__(self, *args, zone=None, stored_phone="", viewer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored_phone, self.viewer = stored_phone, viewer
        self.fields["unit"].queryset = Unit.objects.filter(zone=zone, closed_on__isnull=True).order_by("path")
        self.fields["unit"].label_from_instance = lambda u: f"{'　' * (u.level - 1)}{u.name}"
        styled(self)

    def clean_phone(self):
        from gaoxin.core.masking import unmasked_input

        phone = unmasked_input("phone", self.cleaned_data["phone"].strip(), self.stored_phone, self.viewer)
        if phone and not re.fullmatch(r"1\d{10}", phone):
            raise forms.ValidationError("请填写 11 位手机号")
        return phone

    def clean_enterprise_uscc(self):
        from gaoxin.registry.models import Enterprise

        uscc = self.cleaned_data["enterprise_uscc"].strip().upper()
        if not uscc:
            return None
        enterprise = Enterprise.objects.filter(uscc=uscc).first()
        if enterprise is None:
            raise forms.ValidationError(f"企业库中没有统一社会信用代码为“{uscc}”的企业")
        return enterprise

    def clean(self):
        data = super().clean()
        role = data.get("role") or self.initial.get("current_role")
        if data.get("enterprise_uscc") and role != Role.ENTERPRISE:
            self.add_error("enterprise_uscc", "仅企业用户可关联企业")
        return data
