"""Money in forms as people type it: a number with a unit selector (default 万元), or text such as
``1250万`` / ``1.2亿`` read by the import cell parser (``gaoxin.core.cells.parse_money``), with the parsed
value echoed beside the field ("= 1,250万元") before saving. The Python value stays Decimal 元."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html

from gaoxin.core.cells import CellError, parse_money
from gaoxin.core.money import WAN, YI, format_money

UNITS = ("万元", "元", "亿元")
DEFAULT_UNIT = "万元"


def _in_unit(yuan: Decimal, unit: str) -> str:
    divisor = {"元": Decimal(1), "万元": WAN, "亿元": YI}[unit]
    text = f"{(Decimal(yuan) / divisor).normalize():f}"
    return text


class MoneyWidget(forms.MultiWidget):
    """A text box for the amount and a select for its unit; ``name`` and ``name_unit`` in the form data."""

    template_name = "web/widgets/money.html"

    def __init__(self, attrs=None):
        attrs = {"class": "form-control", "inputmode": "decimal", "autocomplete": "off", **(attrs or {})}
        widgets = {
            "": forms.TextInput(attrs=attrs),
            "unit": forms.Select(choices=[(u, u) for u in UNITS], attrs={"class": "form-select"}),
        }
        super().__init__(widgets)

    def id_for_label(self, id_):
        return id_

    def decompress(self, value):
        """Decimal 元 → (amount, unit): in 万元 (two places at most, as people write it), else in 元."""
        if value in (None, ""):
            return [None, DEFAULT_UNIT]
        value = Decimal(value)
        unit = DEFAULT_UNIT if value == 0 or (abs(value) >= WAN and value % 100 == 0) else "元"
        return [_in_unit(value, unit), unit]

    def get_context(self, name, value, attrs):
        self.attrs.pop("class", None)  # forms style every widget; each part here has its own class
        context = super().get_context(name, value, attrs)
        base_id = (attrs or {}).get("id") or f"id_{name}"
        amount, unit = context["widget"]["subwidgets"]
        amount["attrs"]["id"], unit["attrs"]["id"] = (
            base_id,
            f"{base_id}_unit",
        )  # the label points at the amount
        unit["attrs"]["aria-label"] = "金额单位"
        context["widget"]["echo_url"] = reverse("web:money_echo")
        context["widget"]["echo_id"] = f"{attrs.get('id') or name}_echo"
        values = value if isinstance(value, list | tuple) else self.decompress(value)
        context["widget"]["echo"] = echo_text(*values) if values and values[0] else ""
        return context


class MoneyFormField(forms.Field):
    """Clean → Decimal 元 (two places) or None; a bad amount is a Chinese error naming the reason."""

    widget = MoneyWidget

    def __init__(self, *, minimum: Decimal | None = Decimal(0), **kwargs):
        self.minimum = minimum
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        # Without a unit in the data (a script posting the form) a plain number is in 元, as in the model.
        amount, unit = value if isinstance(value, list | tuple) else (value, "元")
        try:
            parsed = parse_money(amount.strip() if isinstance(amount, str) else amount, _unit(unit))
        except CellError as exc:
            raise forms.ValidationError(str(exc)) from None
        if parsed is not None and self.minimum is not None and parsed < self.minimum:
            raise forms.ValidationError("金额不能为负数")
        return parsed

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != (Decimal(initial) if initial not in (None, "") else None)
        except forms.ValidationError:
            return True


def _unit(unit) -> str:
    return unit if unit in UNITS else "元"


def echo_text(amount, unit=DEFAULT_UNIT) -> str:
    """ "= 1,250万元" for what the field would save, or the reason it cannot."""
    try:
        parsed = parse_money(amount.strip() if isinstance(amount, str) else amount, _unit(unit))
    except CellError as exc:
        return str(exc)
    return "" if parsed is None else f"= {format_money(parsed)}"


@login_required
def money_echo(request):
    """The echo beside a money field, asked for by HTMX as the person types (the same parser as saving)."""
    name = request.GET.get("field", "")
    text = echo_text(request.GET.get(name, ""), request.GET.get(f"{name}_unit", DEFAULT_UNIT))
    return HttpResponse(format_html("{}", text))


def money_fields(form, names) -> None:
    """Replace the form's fields ``names`` (model DecimalFields in 元) by money inputs, keeping labels."""
    for name in names:
        old = form.fields[name]
        form.fields[name] = MoneyFormField(
            label=str(old.label).replace("（元）", ""),
            required=old.required,
            help_text="可选单位，或直接输入“1250万”“1.2亿”",
        )
        if name in form.initial:
            form.fields[name].initial = form.initial[name]
