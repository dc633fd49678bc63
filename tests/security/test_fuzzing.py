"""Hostile and random input to every public URL: never a 500, never reflected unescaped.

Hypothesis runs are kept small (see FUZZ) so the whole file stays within a few seconds of `make test`.
When another app adds public pages, add them to ``public_urls``.
"""

import string
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from pages.models import ContactMessage
from tests.consultants.factories import ListingFactory
from tests.factories import ArticleFactory, PageFactory, ReferenceFactory
from tests.security.xss import XSS_PAYLOADS, executable_parts

pytestmark = pytest.mark.django_db

FUZZ = hypothesis_settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Text a browser or a bot could send: anything but lone surrogates, which no client can encode.
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
query_keys = (
    st.sampled_from(
        ["q", "page", "next", "sort", "place", "lat", "lng", "radius", "unit", "credential", "services", "language"]
    )
    | any_text
)
hostile_values = st.sampled_from(XSS_PAYLOADS) | any_text | st.integers().map(str) | st.just("9" * 400)


@pytest.fixture
def public_urls(site_settings):
    ReferenceFactory(key="clavey1996")
    article = ArticleFactory(body="Milk [@clavey1996].")
    PageFactory(slug="about", title="About Us", nav_order=1)
    PageFactory(slug="contact", title="Contact Us")
    listing = ListingFactory()
    return ["/consultants/", "/consultants/?place=Cambridge", "/consultants/?lat=42.377&lng=-71.1256",
            listing.get_absolute_url(), "/consultants/submit/", "/consultants/submit/thanks/",
            "/", "/articles/", article.section.get_absolute_url(), article.get_absolute_url(), "/references/",
            "/about/", "/contact/", "/contact/thanks/", "/search/", "/search/?q=milk", "/feed/", "/feed/rss/",
            "/sitemap.xml", "/robots.txt", "/healthz", "/no-such-page/"]  # fmt: skip


def assert_safe(response, sent=()):
    assert response.status_code < 500, response.status_code
    if response.get("Content-Type", "").startswith("text/html"):
        html = response.content.decode()
        assert executable_parts(html) == []
        for value in sent:
            if "<" in value and value in XSS_PAYLOADS:
                assert value not in html, f"reflected unescaped: {value!r}"


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.RATE_LIMITS = {}  # fuzz the pages, not the limits (tested in test_abuse_protection.py)


def test_random_and_hostile_query_strings(client, public_urls):
    @FUZZ
    @given(url=st.sampled_from(public_urls), params=st.dictionaries(query_keys, hostile_values, max_size=4))
    def check(url, params):
        assert_safe(client.get(url, params), sent=params.values())

    check()


def test_raw_query_strings_with_broken_encodings(client, public_urls):
    raw = st.text(alphabet=string.printable + "%&=+\x00", max_size=80) | st.sampled_from(
        ["%ff%fe", "q=%00", "page=%ZZ", "q=%uff1cscript%uff1e", "page=1e309", "page=-1", "q=" + "%41" * 5000, "&&&=="]
    )

    @FUZZ
    @given(url=st.sampled_from(public_urls), query=raw)
    def check(url, query):
        assert_safe(client.get(url, QUERY_STRING=query))

    check()


def test_random_slugs_and_paths(client, public_urls):
    segment = any_text.map(lambda text: quote(text, safe=""))

    @FUZZ
    @given(
        template=st.sampled_from(["/articles/{}/", "/articles/{}/{}/", "/{}/", "/references/{}/", "/{}", "/{}/{}/"]),
        parts=st.lists(segment | st.sampled_from(["%ff", "%00", "..", "%2e%2e%2f", "a" * 300]), min_size=2, max_size=2),
    )
    def check(template, parts):
        response = client.get(template.format(*parts))
        assert response.status_code in {200, 301, 302, 400, 404}, response.status_code
        assert_safe(response)

    check()


def test_contact_form_fields(client, public_urls):
    fields = st.fixed_dictionaries(
        {},
        optional={
            name: hostile_values | st.sampled_from(["x" * 6000, "é" * 5001, " \t\n" * 50])
            for name in ["name", "email", "subject", "message", "website", "csrfmiddlewaretoken", "extra"]
        },
    )

    @FUZZ
    @given(data=fields)
    def check(data):
        response = client.post("/contact/", data)
        assert response.status_code in {200, 302}, response.status_code
        assert_safe(response, sent=data.values())

    check()
    for message in ContactMessage.objects.all():
        assert message.email and message.message and "\x00" not in message.message


@pytest.mark.parametrize(
    "url",
    [
        "/references/?q=" + "x" * 100_000,
        "/references/?page=99999999999999999999999",
        "/references/?page=-5&q=%00",
        "/articles/%C0%AF/",
        "/..%2f..%2fetc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/articles/" + "a" * 5000 + "/",
        "/contact/?" + "&".join(f"k{i}=v" for i in range(2000)),
    ],
)
def test_huge_and_malformed_requests(client, public_urls, url):
    assert_safe(client.get(url))


@pytest.mark.parametrize(("url", "name"), [("/references/", "q"), ("/search/", "q"), ("/consultants/", "place")])
@pytest.mark.parametrize("value", ["%00", "milk%00", "a%00b"])
def test_nul_characters_in_searches_are_a_400_on_every_database(client, public_urls, url, name, value):
    # PostgreSQL refuses NUL in text (SQLite does not), so this is a 500 there unless the view refuses it.
    assert client.get(url, QUERY_STRING=f"{name}={value}").status_code == 400
    assert client.get(url, QUERY_STRING=f"{name}=%2500").status_code == 200  # a literal "%00" is fine
