"""Build the POST data an editor's browser would send from an admin change form, as rendered."""

from django import forms


def _form_data(form):
    data = {}
    for name, field in form.fields.items():
        key, value, widget = form.add_prefix(name), form[name].value(), field.widget
        widget = getattr(widget, "widget", widget)  # the admin wraps related widgets
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for index, (subwidget, part) in enumerate(zip(widget.widgets, parts, strict=True)):
                data[f"{key}_{index}"] = subwidget.format_value(part) or ""
        elif isinstance(field, forms.ModelMultipleChoiceField):
            data[key] = [str(getattr(item, "pk", item)) for item in value or []]
        elif isinstance(field, forms.BooleanField):
            if value:
                data[key] = "on"
        elif value is None:
            data[key] = ""
        else:
            formatted = widget.format_value(value)
            data[key] = "" if formatted is None else formatted
    return data


def change_form_data(response, **changes):
    """The admin form of ``response`` (a change, add, revert or recover page) as POST data, with ``changes``."""
    data = _form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        data.update(_form_data(inline.formset.management_form))
        for form in inline.formset.forms:
            data.update(_form_data(form))
    data.update(changes)
    return data
