"""The Content Security Policy, and pages (public and admin) that work under it: no inline code at all."""

import pytest
from django.urls import reverse

from tests.consultants.factories import ListingFactory
from tests.factories import ArticleFactory, PageFactory, ReferenceFactory
from tests.security.xss import executable_parts

pytestmark = pytest.mark.django_db


def policy(response):
    return dict(
        directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";") if directive
    )


@pytest.fixture
def content(site_settings):
    article = ArticleFactory(body="Text [@ref-a].\n\n![A photo](/media/uploads/photo.png)")
    ReferenceFactory(key="ref-a")
    article.save()
    return {"article": article, "page": PageFactory(slug="about", nav_order=1), "listing": ListingFactory()}


def public_urls(content):
    article = content["article"]
    return ["/", "/articles/", article.section.get_absolute_url(), article.get_absolute_url(), "/references/",
            "/references/?q=study", "/about/", "/contact/", "/contact/thanks/", "/search/?q=milk",
            "/consultants/", "/consultants/?lat=42.377&lng=-71.1256&radius=25&unit=mi",
            content["listing"].get_absolute_url(),
            "/consultants/submit/", "/no-such-page/"]  # fmt: skip


def test_every_public_page_sends_a_strict_policy_and_has_no_inline_code(client, content):
    for url in public_urls(content):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        directives = policy(response)
        assert directives["script-src"] == "'self'", url
        assert directives["style-src"] == "'self'", url
        assert directives["img-src"].split()[0] == "'self'", url  # plus the map's tile server, if any
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'", url
        assert "unsafe-inline" not in response["Content-Security-Policy"], url
        assert "unsafe-eval" not in response["Content-Security-Policy"], url
        assert executable_parts(response.content.decode()) == [], url


def test_security_headers_on_every_response(client, content):
    response = client.get("/")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def admin_urls(content, admin_user):
    article, page = content["article"], content["page"]
    return [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_section_change", args=[article.section.pk]),
        reverse("admin:references_reference_changelist") + "?q=study",
        reverse("admin:references_reference_change", args=[article.citations.get().reference.pk]),
        reverse("admin:pages_page_change", args=[page.pk]),
        reverse("admin:pages_sitesettings_change", args=[1]),
        reverse("admin:pages_contactmessage_changelist"),
        reverse("admin:auth_user_change", args=[admin_user.pk]),
        reverse("admin:axes_accessattempt_changelist"),
        reverse("admin:password_change"),
        reverse("admin:jsi18n"),
    ]


def test_admin_pages_need_no_inline_code_under_the_same_policy(admin_client, admin_user, content):
    for url in admin_urls(content, admin_user):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert "unsafe-inline" not in response["Content-Security-Policy"], url
        if response["Content-Type"].startswith("text/html"):
            assert executable_parts(response.content.decode()) == [], url


def test_the_admin_login_page_has_no_inline_code(client, site_settings):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert executable_parts(response.content.decode()) == []


def test_markdownx_editor_loads_its_script_from_static_files(admin_client, content):
    html = admin_client.get(reverse("admin:articles_article_change", args=[content["article"].pk])).content.decode()

    assert 'src="/static/markdownx/js/markdownx.min.js"' in html
    assert 'data-markdownx-urls-path="/markdownx/markdownify/"' in html
