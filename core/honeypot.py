"""A honeypot for public forms: a field that people never see and spam bots fill in."""

from django import forms


class HoneypotMixin(forms.Form):
    """A field people never see (hidden by CSS) and bots fill in; a filled-in form is quietly dropped."""

    website = forms.CharField(required=False, label="Leave this field empty")

    def is_spam(self):
        return bool(self.data.get("website"))
