"""Enterprise and qualification forms (Chinese labels from the models; optimistic locking by version)."""

from __future__ import annotations

from django import forms

from gaoxin.core.masking import NOBODY, may_see, shown, unmasked_input
from gaoxin.organization.choices import Role
from gaoxin.organization.models import Unit, User
from gaoxin.web.money import money_fields

from . import uscc
from .lookups import ENTERPRISE_UNIT_KINDS
from .models import Enterprise, Qualification
from .reference import normalize_industry

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EnterpriseForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Enterprise
        fields = [
            "uscc", "name", "established_on", "registered_capital", "industry_code", "hitech_domain", "unit",
            "address", "listed", "contact_name", "contact_phone", "liaison",
        ]  # fmt: skip
        widgets = {"established_on": DATE}
        help_texts = {"industry_code": "如 C3981 或 6513"}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(kind__in=ENTERPRISE_UNIT_KINDS).order_by("path")
        self.fields["liaison"].queryset = User.objects.filter(role=Role.LIAISON, is_active=True)
        money_fields(self, ["registered_capital"])
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True  # a save without the version it started from is refused
            self.fields["uscc"].disabled = True
        self.viewer = user
        if self.instance.pk and not may_see(user or NOBODY):
            # the stored number is never sent to a viewer who may not see it; sent back unchanged it stays
            self.initial["contact_phone"] = shown("contact_phone", self.instance.contact_phone, NOBODY)
        if user is not None and user.role == Role.ENTERPRISE:
            for name in ("unit", "liaison"):
                self.fields[name].disabled = True
        self._add_custom_fields()

    def _add_custom_fields(self):
        """One text input per custom field of 企业 (values are validated by the action)."""
        from django.contrib.contenttypes.models import ContentType

        from gaoxin.core.models import CustomField

        stored = self.instance.custom_field_data or {}
        self.custom_fields = list(
            CustomField.objects.filter(content_type=ContentType.objects.get_for_model(Enterprise))
        )
        for cf in self.custom_fields:
            initial = stored.get(cf.name)
            self.fields[f"cf_{cf.name}"] = forms.CharField(
                label=cf.label, required=False, initial=initial, widget=forms.TextInput(attrs={"class": "form-control"}),
                help_text="、".join(cf.choices) if cf.choices else "",
            )  # fmt: skip

    def custom_field_data(self) -> dict:
        return {cf.name: self.cleaned_data.get(f"cf_{cf.name}") or None for cf in self.custom_fields}

    def clean_uscc(self):
        result = uscc.check(self.cleaned_data["uscc"])
        if result.errors:
            raise forms.ValidationError(result.errors[0])
        self.uscc_warnings = result.warnings
        return result.code

    def clean_contact_phone(self):
        submitted = self.cleaned_data.get("contact_phone")
        if self.instance.pk:
            return unmasked_input(
                "contact_phone", submitted, self.instance.contact_phone, self.viewer or NOBODY
            )
        return submitted

    def clean_industry_code(self):
        raw = self.cleaned_data.get("industry_code")
        code = normalize_industry(raw)
        if raw and code is None:
            raise forms.ValidationError(f"“{raw}”不在《国民经济行业分类》（GB/T 4754-2017）中")
        return code or ""

    def _post_clean(self):
        # Model validation (unique code, validators) runs in the action; only build the changes here.
        pass

    def changes(self) -> dict:
        changes = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.changed_data}
        if any(name.startswith("cf_") for name in self.changed_data):
            changes["custom_field_data"] = self.custom_field_data()
        return changes

    def data_for_create(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {**data, "custom_field_data": self.custom_field_data()} if self.custom_fields else data


class QualificationForm(forms.ModelForm):
    class Meta:
        model = Qualification
        fields = ["kind", "level", "certificate_no", "granted_on", "expires_on"]
        widgets = {"granted_on": DATE, "expires_on": DATE}
        help_texts = {"expires_on": "不填则按资质有效期自动计算（如高企 3 年）"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def _post_clean(self):
        pass
