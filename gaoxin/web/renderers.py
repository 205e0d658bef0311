"""The form renderer (settings.FORM_RENDERER): Django's templates, with the two widgets every list page's
filter form is made of — ``<select>`` and ``<input>`` — written out in Python.

Django renders a select through one template per option plus one for each option's attributes: on the
enterprise list (7 selects, ~70 options) that was ~30 % of the page's CPU. The output is the same text
Django's templates give (``test_renderers.py`` compares both on every widget of every FilterSet and on
odd values); anything else, a label that is not text (Django would localise it) or a project template
overriding Django's, goes through the templates as before.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import conditional_escape

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
ATTRS = "django/forms/widgets/attrs.html"
INPUTS = {
    f"django/forms/widgets/{name}.html"
    for name in (
        "input", "text", "number", "email", "url", "password", "hidden", "date", "datetime", "time",
        "search", "tel", "color", "checkbox",
    )
}  # fmt: skip


def _text(value) -> str:
    """``{{ value|stringformat:'s' }}`` under autoescape."""
    return conditional_escape(value if isinstance(value, str) else str(value))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(
            f" {conditional_escape(name)}"
            if value is True
            else f' {conditional_escape(name)}="{_text(value)}"'
        )
    return "".join(out)


def _is_text(value) -> bool:
    return isinstance(value, (str, Promise))


def _input(widget: dict) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{_text(value)}"'
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'


def _select(widget: dict) -> str | None:
    out = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _ in widget["optgroups"]:
        if group_name:
            if not _is_text(group_name):
                return None
            out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION or not _is_text(option["label"]):
                return None
            out.append(f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
                       f"{conditional_escape(option['label'])}</option>\n")  # fmt: skip
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


class FastWidgets(DjangoTemplates):
    def __init__(self):
        super().__init__()
        # only where Django's own templates are the ones in use (no project override of any of them)
        names = {SELECT, OPTION, ATTRS, *INPUTS}
        self._fast = names if all(self._is_djangos(name) for name in names) else set()

    def _is_djangos(self, name: str) -> bool:
        origin = self.get_template(name).origin.name
        return "/django/forms/templates/" in origin.replace("\\", "/")

    def render(self, template_name, context, request=None):
        if template_name in self._fast and request is None:
            widget = context.get("widget")
            if template_name == SELECT:
                html = _select(widget)
                if html is not None:
                    return html
            elif template_name in INPUTS:
                return _input(widget)
        return super().render(template_name, context, request=request)
