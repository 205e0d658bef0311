"""Form helpers every app's pages share: Tabler classes on the widgets, the date picker."""

from __future__ import annotations

from django import forms

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"})


def styled(form: forms.Form) -> forms.Form:
    """Give every widget Tabler's class (form-select for choices, form-control otherwise; hidden inputs as they are)."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.HiddenInput):
            continue
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)
    return form
