import pytest
from django.test import Client

from tests.factories import ArticleFactory, PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(site_settings):
    return ArticleFactory(title="Pumping")


@pytest.mark.parametrize("page_cache", [True, False], ids=["page-cache-on", "page-cache-off"])
def test_public_pages_let_shared_caches_keep_them_briefly(client, settings, article, page_cache):
    settings.PAGE_CACHE_ENABLED = page_cache
    settings.PAGE_CACHE_S_MAXAGE, settings.PAGE_CACHE_STALE_WHILE_REVALIDATE = 30, 90
    settings.PAGE_CACHE_S_MAXAGE_SPREAD = 0

    response = client.get(article.get_absolute_url())

    directives = {item.strip() for item in response["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=0", "s-maxage=30", "stale-while-revalidate=90"}
    assert response["ETag"].startswith('"') and response["Last-Modified"].endswith("GMT")
    assert "Set-Cookie" not in response


def test_pages_kept_together_by_a_proxy_expire_over_a_span_of_time_not_at_once(client, settings, site_settings):
    settings.PAGE_CACHE_S_MAXAGE, settings.PAGE_CACHE_S_MAXAGE_SPREAD = 60, 0.25
    articles = [ArticleFactory() for _ in range(12)]

    def s_maxage(url):
        directives = dict(item.strip().partition("=")[::2] for item in client.get(url)["Cache-Control"].split(","))
        return int(directives["s-maxage"])

    lifetimes = [s_maxage(article.get_absolute_url()) for article in articles]

    assert all(45 <= lifetime <= 75 for lifetime in lifetimes) and len(set(lifetimes)) > 6
    assert s_maxage(articles[0].get_absolute_url()) == lifetimes[0]  # the same for an address every time
    settings.PAGE_CACHE_ENABLED = False  # rendered afresh: still the same
    assert s_maxage(articles[0].get_absolute_url()) == lifetimes[0]


@pytest.mark.parametrize("page_cache", [True, False], ids=["page-cache-on", "page-cache-off"])
def test_an_unchanged_page_fetched_again_is_304_not_modified(client, settings, article, page_cache):
    settings.PAGE_CACHE_ENABLED = page_cache
    first = client.get(article.get_absolute_url())

    by_etag = client.get(article.get_absolute_url(), headers={"If-None-Match": first["ETag"]})
    by_date = client.get(article.get_absolute_url(), headers={"If-Modified-Since": first["Last-Modified"]})

    assert (by_etag.status_code, by_date.status_code) == (304, 304)
    assert by_etag.content == b"" and by_etag["ETag"] == first["ETag"]
    assert "s-maxage" in by_etag["Cache-Control"]


def test_a_changed_page_is_sent_again_in_full(client, article):
    etag = client.get(article.get_absolute_url())["ETag"]
    article.title = "Pumping, revised"
    article.save()

    response = client.get(article.get_absolute_url(), headers={"If-None-Match": etag})

    assert response.status_code == 200 and "Pumping, revised" in response.content.decode()


def test_pages_with_a_form_are_never_cached_and_each_reader_gets_a_working_token(site_settings):
    PageFactory(slug="contact", title="Contact Us")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)

    responses = [reader.get("/contact/") for reader in (first, second, first)]

    for response in responses:
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert "X-Page-Cache" not in response
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    token = responses[2].context["csrf_token"]
    data = {"name": "Sam", "email": "sam@example.org", "subject": "Hi", "message": "Thanks", "website": ""}
    assert first.post("/contact/", {**data, "csrfmiddlewaretoken": str(token)}).status_code == 302
    assert second.post("/contact/", {**data, "csrfmiddlewaretoken": str(token)}).status_code == 403


def test_the_listing_submission_form_is_never_cached(client, site_settings):
    for _ in range(2):
        response = client.get("/consultants/submit/")

        assert response.status_code == 200 and 'name="csrfmiddlewaretoken"' in response.content.decode()
        assert "no-store" in response["Cache-Control"] and "X-Page-Cache" not in response


def test_post_answers_and_admin_pages_are_private(client, admin_client, site_settings):
    post = client.post("/contact/", {"name": "", "email": "bad"})
    admin = admin_client.get("/admin/")

    for response in (post, admin):
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_head_requests_are_answered_from_the_cache(client, article):
    client.get(article.get_absolute_url())

    response = client.head(article.get_absolute_url())

    assert response.status_code == 200 and response["X-Page-Cache"] == "hit"
