import io

import pytest
from django.contrib import admin
from django.urls import reverse
from PIL import Image

from articles.models import Article, Status
from pages.models import ContactMessage, SiteSettings
from tests.factories import (
    ArticleFactory,
    ContactMessageFactory,
    ReferenceFactory,
    SectionFactory,
    SiteSettingsFactory,
)

pytestmark = pytest.mark.django_db


def admin_registered(one_of_every_content_model):
    """(label, object) of every declared content model that has pages of its own in the admin."""
    return [(label, obj) for label, obj in one_of_every_content_model.items() if admin.site.is_registered(type(obj))]


def test_changelist_search_and_change_pages_open_for_every_content_model(admin_client, one_of_every_content_model):
    for label, obj in admin_registered(one_of_every_content_model):
        opts = obj._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        # (the one site-settings record's list leads straight to its form)
        assert admin_client.get(changelist, follow=True).status_code == 200, label
        assert admin_client.get(changelist, {"q": "a"}, follow=True).status_code == 200, label
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert admin_client.get(change).status_code == 200, label


def test_add_pages_open_for_every_model_that_can_be_added(admin_client, one_of_every_content_model):
    for label, obj in admin_registered(one_of_every_content_model):
        opts = obj._meta
        model_admin = admin.site.get_model_admin(type(obj))
        request = admin_client.get(reverse("admin:index")).wsgi_request
        if model_admin.has_add_permission(request):
            assert admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200, label


def test_article_change_page_has_markdownx_preview_and_view_on_site(admin_client, one_of_every_content_model):
    article = one_of_every_content_model["articles.Article"]

    html = admin_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()

    assert "markdownx" in html
    assert "View on site" in html


def article_form(section, **overrides):
    data = {
        "section": section.pk,
        "title": "Pumping to Increase Supply",
        "slug": "pumping",
        "summary": "How pumping can help.",
        "body": "Power pumping [@kent2012] helps some parents [@kent2012; @morton2009].",
        "status": Status.PUBLISHED,
        "publish_at_0": "2025-01-01",
        "publish_at_1": "10:00:00",
        "order": 1,
        "authors": "Diana West",
        "medical_reviewer": "",
        "last_reviewed": "2025-01-01",
        "review_interval_months": 24,
        "seo_description": "",
        "citations-TOTAL_FORMS": 0,
        "citations-INITIAL_FORMS": 0,
        "citations-MIN_NUM_FORMS": 0,
        "citations-MAX_NUM_FORMS": 1000,
    }
    data.update(overrides)
    return data


def test_editor_writes_an_article_with_citations(admin_client, site_settings):
    section = SectionFactory()
    ReferenceFactory(key="kent2012")
    ReferenceFactory(key="morton2009")

    response = admin_client.post(reverse("admin:articles_article_add"), article_form(section))

    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="pumping")
    assert list(article.citations.values_list("reference__key", "number", "occurrences")) == [
        ("kent2012", 1, 2),
        ("morton2009", 2, 1),
    ]


def test_unknown_citation_key_is_a_form_error_next_to_the_body(admin_client, site_settings):
    section = SectionFactory()
    ReferenceFactory(key="kent2012")

    response = admin_client.post(reverse("admin:articles_article_add"), article_form(section))
    html = response.content.decode()

    assert response.status_code == 200
    body_row = html.split("field-body")[1].split("field-status")[0]
    assert "Unknown reference key: [@morton2009]" in body_row
    assert "Power pumping [@kent2012]" in html  # what the editor typed is kept
    assert not Article.objects.exists()


def test_site_settings_are_a_single_record(admin_client, site_settings):
    changelist = admin_client.get(reverse("admin:pages_sitesettings_changelist"))

    assert changelist.status_code == 302
    assert changelist["Location"] == reverse("admin:pages_sitesettings_change", args=[1])
    assert admin_client.get(reverse("admin:pages_sitesettings_add")).status_code == 403
    SiteSettingsFactory(site_name="Renamed")
    assert SiteSettings.objects.count() == 1


def test_contact_messages_can_be_marked_handled(admin_client, site_settings):
    message = ContactMessageFactory()

    response = admin_client.post(
        reverse("admin:pages_contactmessage_changelist"),
        {"action": "mark_handled", "_selected_action": [message.pk]},
        follow=True,
    )

    assert "1 message marked as handled." in response.content.decode()
    message.refresh_from_db()
    assert message.handled
    assert ContactMessage.objects.filter(handled=False).count() == 0


def test_changelists_do_not_grow_queries_with_rows(admin_client, site_settings, django_assert_max_num_queries):
    ArticleFactory.create_batch(20)
    admin_client.get(reverse("admin:articles_article_changelist"))

    with django_assert_max_num_queries(12):
        admin_client.get(reverse("admin:articles_article_changelist"))


def test_markdown_preview_is_for_staff_only_and_sanitised(client, admin_client, site_settings):
    ReferenceFactory(key="clavey1996", title="The use of acupuncture")
    payload = {"content": "Text [@clavey1996] and [@missing].<script>alert(1)</script>"}

    assert client.post("/markdownx/markdownify/", payload).status_code == 302  # to the admin login
    html = admin_client.post("/markdownx/markdownify/", payload).content.decode()

    assert "The use of acupuncture" in html
    assert "Unknown reference key" in html
    assert "<script" not in html


def test_image_upload_is_for_staff_only(client, admin_client, site_settings, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(image, "PNG")

    def upload(as_client):
        image.seek(0)
        image.name = "photo.png"
        return as_client.post("/markdownx/upload/", {"image": image}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")

    assert upload(client).status_code == 302
    response = upload(admin_client)
    assert response.status_code == 200
    assert "image_code" in response.json()
