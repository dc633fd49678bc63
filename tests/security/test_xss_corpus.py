"""The XSS corpus through everything editors write (article, section, page, reference, site settings)
and through the admin's markdown preview: nothing executable reaches a page."""

import pytest
from django.urls import reverse

from articles.citations import markdownify_preview
from core.markdown import render_markdown
from editorial.forms import version_stamp
from pages.models import SiteSettings
from references.models import Reference
from tests.factories import ArticleFactory, PageFactory, ReferenceFactory, SectionFactory, SiteSettingsFactory
from tests.security.xss import XSS_PAYLOADS, executable_parts

pytestmark = pytest.mark.django_db

REFERENCE_TEXT_FIELDS = ["authors", "title", "original_language", "container_title", "editors", "edition",
                         "publisher", "publisher_place", "degree", "volume", "issue", "pages", "doi", "pmid",
                         "note"]  # fmt: skip


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_in_every_editor_field_never_becomes_executable(client, payload):
    SiteSettingsFactory(site_name=payload[:100], tagline=payload, donation_appeal=payload, book_title=payload,
                        book_blurb=payload, copyright_holders=payload, disclaimer=payload)  # fmt: skip
    fields = {name: payload[: Reference._meta.get_field(name).max_length] for name in REFERENCE_TEXT_FIELDS}
    reference = ReferenceFactory(key="ref-xss", url="javascript:alert(1)", **fields)
    section = SectionFactory(title=payload[:200], intro=payload)
    article = ArticleFactory(
        section=section, title=payload[:200], summary=payload, authors=payload[:300], medical_reviewer=payload[:200],
        body=f"{payload}\n\nCited [@ref-xss].\n\n{payload}",
    )  # fmt: skip
    PageFactory(slug="about", title=payload[:200], body=payload, nav_order=1)

    # Between them these pages show every field above, and the site chrome.
    for url in [article.get_absolute_url(), section.get_absolute_url(), "/about/", f"/references/?q={reference.key}"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert executable_parts(response.content.decode()) == [], url


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_the_admin_markdown_preview_is_sanitised_like_the_public_page(admin_client, payload):
    ReferenceFactory(key="clavey1996", title=payload)
    content = f"{payload}\n\nText [@clavey1996] and [@missing-{payload[:10]}].\n\n{payload}"

    response = admin_client.post("/markdownx/markdownify/", {"content": content})

    assert response.status_code == 200
    assert executable_parts(response.content.decode()) == []
    assert executable_parts(markdownify_preview(content)) == []


def test_the_preview_uses_the_public_sanitiser():
    text = "**bold** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"

    assert markdownify_preview(text) == render_markdown(text)


@pytest.mark.parametrize("field", ["donation_url", "book_url"])
@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", " javascript:x"])
def test_site_settings_links_refuse_script_urls_in_the_admin(admin_client, site_settings, field, url):
    change = reverse("admin:pages_sitesettings_change", args=[1])
    loaded = version_stamp(SiteSettings.load().updated_at)
    data = {"site_name": "Low Milk Supply", field: url, "loaded_version": loaded}

    response = admin_client.post(change, data)

    assert response.status_code == 200 and "Enter a valid URL." in response.content.decode()
    assert getattr(SiteSettings.load(), field) != url
