from django import forms

MAX_SEARCH_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search this site",
        max_length=MAX_SEARCH_LENGTH,
        required=False,
        error_messages={"max_length": "Please shorten your search to %(limit_value)d characters or fewer."},
    )
