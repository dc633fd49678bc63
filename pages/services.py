import logging

from django.conf import settings
from django.core.mail import send_mail

from core.mail import single_line
from pages.models import ContactMessage, SiteSettings

logger = logging.getLogger(__name__)


def receive_contact_message(*, name: str, email: str, subject: str, message: str) -> ContactMessage:
    """Store a contact message, then email it to the editors; a mail failure never loses the message."""
    stored = ContactMessage.objects.create(name=name, email=email, subject=subject, message=message)
    recipient = SiteSettings.load().contact_email or settings.DEFAULT_FROM_EMAIL
    try:
        send_mail(
            subject=single_line(f"[Contact form] {subject}"),  # a line break in a header would drop the email
            message=f"From: {name} <{email}>\n\n{message}",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[recipient],
            fail_silently=False,
        )
    except Exception:
        logger.exception("Could not email contact message %s; it is stored in the admin.", stored.pk)
    return stored
