"""Form widgets that write their HTML in Python, the same markup as Django's widget templates.

A form renders each widget, and each option of a choice list, through the template engine: for a search
form of long choice lists shown on every results page that was several milliseconds a request. These
render the context Django's own widgets build (so ``selected``, ``checked``, ids and attrs behave alike)
in one pass, with every value escaped as the templates escape it.
"""

import html

from django import forms
from django.utils.functional import Promise
from django.utils.safestring import mark_safe


def escape(value) -> str:
    """Django's ``escape`` without its lazy-string wrapper, which cost more than the escaping on a finder page's
    hundreds of values: the standard library's, as Django's own calls it."""
    return html.escape(str(value))


def conditional_escape(value) -> str:
    """Django's ``conditional_escape``: safe strings (``__html__``) as they are, everything else escaped."""
    if isinstance(value, Promise):
        value = str(value)
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _attrs(attrs: dict) -> str:
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
    return f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _option(option: dict) -> str:
    label = conditional_escape(option["label"])
    return f'<option value="{escape(option["value"])}"{_attrs(option["attrs"])}>{label}</option>'


def _input_option(option: dict) -> str:
    if not option["wrap_label"]:
        return _input(option)
    target = f' for="{escape(option["attrs"]["id"])}"' if option["attrs"].get("id") else ""
    return f"<label{target}>{_input(option)} {conditional_escape(option['label'])}</label>"


class _RenderedInPython:
    def render(self, name, value, attrs=None, renderer=None):
        return mark_safe(self.html(self.get_context(name, value, attrs)["widget"]))  # noqa: S308 (escaped in html)


class TextInput(_RenderedInPython, forms.TextInput):
    html = staticmethod(_input)


class HiddenInput(_RenderedInPython, forms.HiddenInput):
    html = staticmethod(_input)


class CheckboxInput(_RenderedInPython, forms.CheckboxInput):
    html = staticmethod(_input)


class Select(_RenderedInPython, forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        """A list of plain choices is written straight from them: Django would first build an option dictionary
        per choice (a finder page shows 60 on every request); option groups go through Django's context."""
        choices = list(self.choices)
        if self.allow_multiple_selected or any(isinstance(label, (list, tuple)) for _, label in choices):
            return super().render(name, value, attrs, renderer)
        chosen, selected_one, options = self.format_value(value), False, []
        for option, label in choices:
            option = "" if option is None else str(option)
            selected = not selected_one and option in chosen  # one selected option, as Django marks it
            selected_one |= selected
            marked = " selected" if selected else ""
            options.append(f'\n  <option value="{escape(option)}"{marked}>{conditional_escape(label)}</option>')
        select = f'<select name="{escape(name)}"{_attrs(self.build_attrs(self.attrs, attrs))}>'
        return mark_safe(f"{select}{''.join(options)}\n</select>")  # noqa: S308 (escaped above)

    @staticmethod
    def html(widget: dict) -> str:
        parts = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            parts.extend(f"\n  {_option(option)}" for option in options)
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return "".join(parts)


class CheckboxSelectMultiple(_RenderedInPython, forms.CheckboxSelectMultiple):
    @staticmethod
    def html(widget: dict) -> str:
        attrs = widget["attrs"]
        parts = ["<div"]
        if attrs.get("id"):
            parts.append(f' id="{conditional_escape(attrs["id"])}"')
        if attrs.get("class"):
            parts.append(f' class="{conditional_escape(attrs["class"])}"')
        parts.append(">")
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f"\n  <div><label>{conditional_escape(group_name)}</label>")
            parts.extend(f"<div>\n    {_input_option(option)}</div>" for option in options)
            if group_name:
                parts.append("\n  </div>")
        parts.append("\n</div>")
        return "".join(parts)
