import pytest
from django.core import mail

from pages.models import ContactMessage, Page, SiteSettings
from tests.factories import PageFactory

pytestmark = pytest.mark.django_db

VALID = {"name": "Sam Parent", "email": "sam@example.org", "subject": "Thank you", "message": "The site helped us."}


def test_editor_pages_render_their_markdown(client, site_settings):
    PageFactory(slug="about", title="About Us", body="We are **volunteers**.", nav_order=1)
    PageFactory(slug="donate", title="Donate", body="Every gift helps.")

    about = client.get("/about/")
    donate = client.get("/donate/")

    assert about.status_code == 200 and "<strong>volunteers</strong>" in about.content.decode()
    assert donate.status_code == 200 and "Every gift helps." in donate.content.decode()


def test_pages_in_navigation_appear_in_the_menu_in_order(client, site_settings):
    PageFactory(slug="contact", title="Contact Us", nav_order=2)
    PageFactory(slug="about", title="About Us", nav_order=1)
    PageFactory(slug="hidden", title="Not in menu", nav_order=None)

    nav = client.get("/").content.decode().split('aria-label="Main"')[1].split("</nav>")[0]

    assert nav.index("About Us") < nav.index("Contact Us")
    assert 'href="/contact/"' in nav
    assert "Not in menu" not in nav


def test_site_chrome_follows_settings_edits_at_once(client, site_settings):
    client.get("/")
    settings = SiteSettings.load()
    settings.donation_appeal = "A brand new appeal."
    settings.save()

    assert "A brand new appeal." in client.get("/").content.decode()


def test_contact_page_shows_editor_text_and_form(client, site_settings):
    PageFactory(slug="contact", title="Contact Us", body="Write to us any time.")

    html = client.get("/contact/").content.decode()

    assert "Write to us any time." in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="website"' in html and '<div class="honeypot" aria-hidden="true">' in html


def test_contact_message_is_stored_and_emailed_to_the_editors(client, site_settings):
    response = client.post("/contact/", VALID)

    assert response.status_code == 302 and response["Location"] == "/contact/thanks/"
    message = ContactMessage.objects.get()
    assert (message.name, message.subject, message.handled) == ("Sam Parent", "Thank you", False)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["editors@example.org"]
    assert "The site helped us." in mail.outbox[0].body
    assert "Thank you" in client.get(response["Location"]).content.decode()


def test_invalid_contact_form_says_what_to_fix_and_keeps_what_was_typed(client, site_settings):
    response = client.post("/contact/", {**VALID, "email": "not-an-email", "message": ""})
    html = response.content.decode()

    assert response.status_code == 200
    assert "There is a problem" in html
    assert "Enter an email address in the correct format, like name@example.com" in html
    assert "Enter your message" in html
    assert 'value="Sam Parent"' in html and 'value="not-an-email"' in html and 'value="Thank you"' in html
    assert not ContactMessage.objects.exists() and not mail.outbox


def test_honeypot_submissions_are_dropped_quietly(client, site_settings):
    response = client.post("/contact/", {**VALID, "website": "http://spam.example"})

    assert response.status_code == 302
    assert not ContactMessage.objects.exists() and not mail.outbox


def test_contact_form_requires_csrf(site_settings):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/contact/", VALID)

    assert response.status_code == 403
    assert not ContactMessage.objects.exists()


def test_a_mail_failure_never_loses_the_message(client, site_settings, settings):
    settings.EMAIL_BACKEND = "tests.pages.failing_mail.Backend"

    response = client.post("/contact/", VALID)

    assert response.status_code == 302
    assert ContactMessage.objects.filter(subject="Thank you").exists()


def test_overlong_message_is_refused_with_a_clear_error(client, site_settings):
    response = client.post("/contact/", {**VALID, "message": "x" * 6000})

    assert "Ensure this value has at most 5000 characters" in response.content.decode()
    assert not ContactMessage.objects.exists()


@pytest.mark.parametrize("slug", ["admin", "search", "consultants", "feed", "sitemap", "references", "static"])
def test_pages_cannot_take_addresses_the_site_uses(admin_client, site_settings, slug):
    response = admin_client.post(
        "/admin/pages/page/add/", {"title": "Clash", "slug": slug, "body": "text", "seo_description": ""}
    )

    assert "is an address the site already uses" in response.content.decode()


def test_a_new_top_level_address_is_reserved_without_listing_it(admin_client, site_settings, settings):
    settings.ROOT_URLCONF = "tests.pages.urls_with_a_new_section"
    response = admin_client.post(
        "/admin/pages/page/add/", {"title": "Events", "slug": "events", "body": "text", "seo_description": ""}
    )

    assert "is an address the site already uses" in response.content.decode()
    assert not Page.objects.filter(slug="events").exists()


def test_contact_slug_page_is_the_contact_form_not_a_plain_page(client, site_settings):
    PageFactory(slug="contact", title="Contact Us", body="Write to us.")

    assert client.get("/contact/").status_code == 200
    assert "Write to us." in client.get("/contact/").content.decode()
