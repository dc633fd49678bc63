from django import forms

from core.honeypot import HoneypotMixin
from pages.models import ContactMessage


class ContactForm(HoneypotMixin, forms.ModelForm):
    class Meta:
        model = ContactMessage
        fields = ["name", "email", "subject", "message"]
        labels = {"name": "Your name", "email": "Your email address"}
        help_texts = {"email": "We only use it to reply to you."}
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "message": forms.Textarea(attrs={"rows": 8, "maxlength": 5000}),
        }
        # Messages say what to do, in GOV.UK's words.
        error_messages = {
            "name": {"required": "Enter your name"},
            "email": {
                "required": "Enter your email address",
                "invalid": "Enter an email address in the correct format, like name@example.com",
            },
            "subject": {"required": "Enter a subject"},
            "message": {"required": "Enter your message"},
        }
