from __future__ import annotations

from django import forms


class ChannelSettingsForm(forms.Form):
    """E-mail on/off and one group-robot webhook per unit (企业微信 / 钉钉)."""

    email = forms.BooleanField(
        label="同时发送电子邮件（发送至已登记邮箱的人员）",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, units=(), zone=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = list(units)
        config = (zone.setting("notifications", {}) if zone is not None else {}) or {}
        hooks = config.get("webhooks") or {}
        self.initial.setdefault("email", bool(config.get("email")))
        if zone is not None:
            self.initial.setdefault("version", zone.version)
        for unit in self.units:
            name = f"hook_{unit.pk}"
            self.fields[name] = forms.URLField(
                label=f"{'　' * (unit.level - 1)}{unit.name} 群机器人地址",
                required=False,
                max_length=500,
                assume_scheme="https",
                widget=forms.URLInput(attrs={"class": "form-control", "placeholder": "https://"}),
            )
            self.initial.setdefault(name, hooks.get(str(unit.pk), ""))

    def to_settings(self, current: dict) -> dict:
        hooks = {
            str(unit.pk): self.cleaned_data[f"hook_{unit.pk}"]
            for unit in self.units
            if self.cleaned_data.get(f"hook_{unit.pk}")
        }
        return {**current, "notifications": {"email": self.cleaned_data["email"], "webhooks": hooks}}
