"""A mail server that hangs (a tarpit SMTP port) slows no request and loses no notification: mail goes into
django-post-office's queue, is sent after the response with retries, and its status shows in the admin.
A CR/LF in a contact subject or a listing name never drops the notification."""

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from post_office.models import STATUS, Email

from consultants.models import Language
from pages.models import ContactMessage
from tests.consultants.test_submit_view import URL as SUBMIT_URL
from tests.consultants.test_submit_view import submission

# serialized_rollback: what data migrations made (languages, the site) is back for the tests after these.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

VALID = {"name": "Sam Parent", "email": "sam@example.org", "subject": "Hello", "message": "Thank you."}
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def queued_mail(settings):
    """Production's mail settings: queued by post_office, delivered after the response."""
    settings.EMAIL_BACKEND = "post_office.EmailBackend"
    settings.POST_OFFICE = {**settings.POST_OFFICE, "DEFAULT_PRIORITY": "medium", "BACKENDS": {"default": LOCMEM}}
    return settings


@pytest.fixture
def tarpit_mail(queued_mail, smtp_tarpit):
    queued_mail.POST_OFFICE = {**queued_mail.POST_OFFICE, "BACKENDS": {"default": SMTP}}
    queued_mail.EMAIL_HOST, queued_mail.EMAIL_PORT, queued_mail.EMAIL_USE_TLS = "127.0.0.1", smtp_tarpit, False
    queued_mail.EMAIL_TIMEOUT = 3
    return queued_mail


def wait_for_delivery():
    from core.mail import wait_for_queued_mail

    assert wait_for_queued_mail(timeout=20), "the after-response mail sender did not finish"


def deliver_now(settings):
    """What the next periodic `send_queued_mail` does once the mail server answers again."""
    settings.POST_OFFICE = {**settings.POST_OFFICE, "BACKENDS": {"default": LOCMEM}}
    Email.objects.update(scheduled_time=timezone.now() - timedelta(seconds=1))
    call_command("send_queued_mail")


def test_a_hanging_mail_server_slows_no_request_and_loses_no_message(client, site_settings, tarpit_mail):
    started = time.monotonic()
    responses = [client.post("/contact/", {**VALID, "subject": f"Hello {n}"}) for n in range(2)]
    elapsed = time.monotonic() - started

    assert [response.status_code for response in responses] == [302, 302]
    assert elapsed < 4.0  # nobody waits for the mail server (sending in the request would take 2 x 3 s)
    assert ContactMessage.objects.count() == 2
    wait_for_delivery()
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.requeued}  # tried, kept for a retry
    assert mail.outbox == []

    deliver_now(tarpit_mail)

    assert sorted(message.subject for message in mail.outbox) == [f"[Contact form] Hello {n}" for n in range(2)]
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.sent}


def test_mail_is_sent_after_the_response_when_the_server_answers(client, site_settings, queued_mail):
    assert client.post("/contact/", VALID).status_code == 302

    wait_for_delivery()
    assert [message.subject for message in mail.outbox] == ["[Contact form] Hello"]
    assert Email.objects.get().status == STATUS.sent


def test_a_cr_lf_in_a_contact_subject_never_drops_the_notification(client, site_settings, queued_mail):
    response = client.post("/contact/", {**VALID, "subject": "Hello\r\nBcc: everyone@example.org"})

    assert response.status_code == 302
    wait_for_delivery()
    [message] = mail.outbox
    assert message.subject == "[Contact form] Hello Bcc: everyone@example.org"
    assert message.bcc == [] and "Bcc" not in message.extra_headers
    assert ContactMessage.objects.get().subject.startswith("Hello")


def test_a_cr_lf_in_a_listing_name_never_drops_the_moderators_notification(client, site_settings, queued_mail):
    queued_mail.CONSULTANTS_MODERATOR_EMAILS = ["mods@example.org"]
    english, _ = Language.objects.get_or_create(code="en", defaults={"name": "English"})
    response = client.post(SUBMIT_URL, submission(name="Nadia\r\nHaddad", languages=[str(english.pk)]))

    assert response.status_code == 302
    wait_for_delivery()
    [message] = mail.outbox
    assert message.subject == "[Directory] New listing: Nadia Haddad"


def test_the_admin_shows_each_notification_and_its_status(admin_client, client, site_settings, tarpit_mail):
    client.post("/contact/", VALID)
    wait_for_delivery()

    response = admin_client.get("/admin/post_office/email/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "[Contact form] Hello" in html and "requeued" in html.lower()
