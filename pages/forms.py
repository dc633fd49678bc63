from django import forms

from core.honeypot import HoneypotMixin
from pages.models import ContactMessage


class ContactForm(HoneypotMixin, forms.ModelForm):
    class Meta:
        model = ContactMessage
        fields = ["name", "email", "subject", "message"]
        labels = {"name": "Your name", "email": "Your email address"}
        help_texts = {"email": "We only use it to reply to you."}
        widgets = {"message": forms.Textarea(attrs={"rows": 8, "maxlength": 5000})}
