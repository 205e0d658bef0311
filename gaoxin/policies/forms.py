from __future__ import annotations

from django import forms

from gaoxin.engine.policyfile import parse_money
from gaoxin.engine.units import format_fen

from .models import Clause

CHECK = {"hx-get": "/policies/check/", "hx-trigger": "keyup changed delay:400ms", "hx-swap": "innerHTML"}


class ClauseForm(forms.ModelForm):
    cap = forms.CharField(label="年度上限", required=False, help_text="如 100万元；留空为不设上限")

    class Meta:
        model = Clause
        fields = ["name", "article", "mode", "when", "amount", "group", "window_from", "window_to"]
        widgets = {
            "when": forms.Textarea(
                attrs={"rows": 3, **CHECK, "hx-target": "#check-when", "class": "form-control font-monospace"}
            ),
            "amount": forms.Textarea(
                attrs={
                    "rows": 2,
                    **CHECK,
                    "hx-target": "#check-amount",
                    "class": "form-control font-monospace",
                }
            ),
            "window_from": forms.DateInput(attrs={"type": "date"}),
            "window_to": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.cap_fen is not None:
            self.fields["cap"].initial = format_fen(self.instance.cap_fen)
        for f in self.fields.values():
            f.widget.attrs.setdefault("class", "form-control")

    def clean_cap(self):
        text = (self.cleaned_data.get("cap") or "").strip()
        if not text:
            return None
        errors: list[str] = []
        fen = parse_money(text, "年度上限", errors)
        if errors:
            raise forms.ValidationError(errors[0])
        return fen

    def changes(self) -> dict:
        data = {k: self.cleaned_data[k] for k in self.Meta.fields}
        data["cap_fen"] = self.cleaned_data.get("cap")
        return data


class ConfirmForm(forms.Form):
    bank_name = forms.CharField(label="开户银行", max_length=100)
    bank_account = forms.CharField(label="银行账号", max_length=40)
    account_name = forms.CharField(label="账户名称", max_length=200)
    note = forms.CharField(label="申报说明与材料", required=False, widget=forms.Textarea(attrs={"rows": 2}))
