import pytest
from django import forms
from django.test.html import parse_html

from core import widgets


class DjangoWidgets(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"placeholder": 'say "hi" & <go>'}))
    hidden = forms.FloatField(widget=forms.HiddenInput)
    choice = forms.ChoiceField(choices=[("", "Any"), ("a", "A & B"), ("b", "<B>")], required=False)
    grouped = forms.ChoiceField(choices=[("Group", [("x", "X")]), ("y", "Y")], required=False)
    many = forms.MultipleChoiceField(
        choices=[("home", "Home"), ("office", "Office")], widget=forms.CheckboxSelectMultiple, required=False
    )
    flag = forms.BooleanField(required=False)


class PythonWidgets(DjangoWidgets):
    text = forms.CharField(widget=widgets.TextInput(attrs={"placeholder": 'say "hi" & <go>'}))
    hidden = forms.FloatField(widget=widgets.HiddenInput)
    choice = forms.ChoiceField(
        choices=[("", "Any"), ("a", "A & B"), ("b", "<B>")], required=False, widget=widgets.Select
    )
    grouped = forms.ChoiceField(choices=[("Group", [("x", "X")]), ("y", "Y")], required=False, widget=widgets.Select)
    many = forms.MultipleChoiceField(
        choices=[("home", "Home"), ("office", "Office")], widget=widgets.CheckboxSelectMultiple, required=False
    )
    flag = forms.BooleanField(required=False, widget=widgets.CheckboxInput)


@pytest.mark.parametrize(
    "data",
    [None, {"text": "<x>", "hidden": "1.5", "choice": "b", "grouped": "x", "many": ["office"], "flag": "on"}, {}],
)
def test_widgets_written_in_python_give_djangos_markup(data):
    ours, django = PythonWidgets(data), DjangoWidgets(data)
    for name in DjangoWidgets.base_fields:
        assert parse_html(str(ours[name])) == parse_html(str(django[name])), name
