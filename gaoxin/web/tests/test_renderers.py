"""The fast form renderer (gaoxin.web.renderers.FastWidgets) writes exactly what Django's widget templates
write: every visible field of every FilterSet, bound and unbound, and widgets with odd values."""

from __future__ import annotations

import django_filters
import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test import RequestFactory
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from gaoxin.web.renderers import FastWidgets


def _filtersets():
    import importlib
    import importlib.util

    from django.apps import apps

    for app in apps.get_app_configs():
        if app.name.startswith("gaoxin.") and importlib.util.find_spec(f"{app.name}.filtersets"):
            importlib.import_module(f"{app.name}.filtersets")
    seen, todo = [], list(django_filters.FilterSet.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("gaoxin.") and cls._meta.model is not None:
            seen.append(cls)
    return sorted(seen, key=lambda c: f"{c.__module__}.{c.__name__}")


def _render(bound, renderer) -> str:
    return bound.field.widget.render(bound.html_name, bound.value(), bound.build_widget_attrs({}), renderer)


@pytest.mark.django_db
def test_every_filter_field_renders_as_djangos_templates(users):
    request = RequestFactory().get("/")
    request.user = users.leader
    fast, slow = FastWidgets(), DjangoTemplates()
    compared = 0
    for cls in _filtersets():
        for data in (None, {name: "1" for name in cls.base_filters}):
            filterset = cls(data, queryset=cls._meta.model.objects.none(), request=request)
            for bound in filterset.form.visible_fields():
                assert _render(bound, fast) == _render(bound, slow), f"{cls.__name__}.{bound.name}"
                compared += 1
    assert compared > 40


class Odd(forms.Form):
    plain = forms.CharField(required=False, widget=forms.TextInput(attrs={"class": 'a"b<c', "x": True}))
    hidden = forms.CharField(required=False, widget=forms.HiddenInput(attrs={"off": False}))
    number = forms.IntegerField(required=False)
    date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    flag = forms.BooleanField(required=False)
    choice = forms.ChoiceField(
        required=False,
        choices=[("", "全部"), ("<&>", mark_safe("<b>安全</b>")), ("x", gettext_lazy("Yes")), (3, "三")],
    )
    grouped = forms.ChoiceField(
        required=False, choices=[("组一", [("a", "甲"), ("b", "乙")]), ("c", "丙"), ("组<二>", [("d", "丁")])]
    )
    number_labels = forms.ChoiceField(required=False, choices=[(2025, 2025), (2026, 2026)])
    many = forms.MultipleChoiceField(required=False, choices=[("a", "甲"), ("b", "乙")])


@pytest.mark.parametrize(
    "data",
    [None, {"plain": '"<x>&', "hidden": "h", "number": "12", "date": "2026-01-02", "flag": "on",
            "choice": "<&>", "grouped": "d", "number_labels": "2026", "many": ["a", "b"]}],
)  # fmt: skip
def test_odd_widgets_render_as_djangos_templates(data):
    fast, slow = FastWidgets(), DjangoTemplates()
    form = Odd(data)
    for bound in form:
        assert _render(bound, fast) == _render(bound, slow), bound.name
