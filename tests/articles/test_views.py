import datetime

import pytest
from django.utils import timezone

from articles.models import Citation, Status
from pages.models import SiteSettings
from tests.factories import ArticleFactory, ReferenceFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cited_article(site_settings):
    ReferenceFactory(key="clavey1996", title="The use of acupuncture for the treatment of insufficient lactation")
    ReferenceFactory(key="jenner2002", title="Galactorrhoea following acupuncture")
    ReferenceFactory(key="li2003", title="A pilot study")
    return ArticleFactory(
        title="Acupuncture and Acupressure",
        body="First [@clavey1996]. Both [@jenner2002; @clavey1996]. Later [@li2003] and again [@clavey1996].",
    )


def test_article_page_numbers_citations_and_links_back_to_each_place(client, cited_article):
    response = client.get(cited_article.get_absolute_url())
    html = response.content.decode()

    assert response.status_code == 200
    assert "Acupuncture and Acupressure" in html
    for number, occurrences in [(1, 3), (2, 1), (3, 1)]:
        assert f'<li id="ref-{number}">' in html
        for n in range(1, occurrences + 1):
            assert f'id="cite-{number}-{n}"' in html
            assert f'href="#cite-{number}-{n}"' in html
    assert html.index("The use of acupuncture") < html.index("Galactorrhoea") < html.index("A pilot study")


def test_article_page_shows_review_dates_credits_and_site_chrome(client, cited_article):
    html = client.get(cited_article.get_absolute_url()).content.decode()

    assert 'Page last reviewed: <time datetime="2025-03-14">14 March 2025</time>' in html
    assert 'Next review due: <time datetime="2027-03-14">14 March 2027</time>' in html
    assert "Medically reviewed by Dr. A. Reviewer" in html
    assert "Making More Milk" in html
    assert 'href="/donate/"' in html  # every Donate link leads to our own page
    assert "This site does not give medical advice." in html
    assert f"© 2005–{timezone.now().year} by Diana West and Lisa Marasco" in html
    assert 'href="#main"' in html


def test_editing_a_reference_changes_every_article_citing_it(client, cited_article):
    other = ArticleFactory(body="Also [@jenner2002].")
    reference = cited_article.citations.get(number=2).reference
    reference.title = "A corrected title"
    reference.save()

    for article in (cited_article, other):
        html = client.get(article.get_absolute_url()).content.decode()
        assert "A corrected title" in html
        assert "Galactorrhoea" not in html


def test_related_articles_and_previous_next_in_the_section(client, site_settings):
    section = SectionFactory()
    first = ArticleFactory(section=section, order=1, title="First")
    middle = ArticleFactory(section=section, order=2, title="Middle")
    last = ArticleFactory(section=section, order=3, title="Last")
    ArticleFactory(section=section, order=4, title="Draft after", status=Status.DRAFT)
    elsewhere = ArticleFactory(title="Elsewhere")
    middle.related.set([elsewhere])

    html = client.get(middle.get_absolute_url()).content.decode()

    assert f'rel="prev" href="{first.get_absolute_url()}"' in html
    assert f'rel="next" href="{last.get_absolute_url()}"' in html
    assert elsewhere.get_absolute_url() in html
    last_html = client.get(last.get_absolute_url()).content.decode()
    assert 'rel="next"' not in last_html
    assert "Draft after" not in last_html


@pytest.mark.parametrize(
    "change",
    [
        {"status": Status.DRAFT},
        {"publish_at": timezone.now() + datetime.timedelta(hours=1)},
    ],
    ids=["draft", "scheduled"],
)
def test_unpublished_articles_are_404_and_absent_from_lists(client, site_settings, change):
    article = ArticleFactory(title="Hidden article", **change)

    assert client.get(article.get_absolute_url()).status_code == 404
    for url in ["/", "/articles/", article.section.get_absolute_url()]:
        assert "Hidden article" not in client.get(url).content.decode()


def test_section_list_and_section_pages(client, site_settings):
    section = SectionFactory(title="Increasing Milk", intro="Ways to **make more** milk.")
    article = ArticleFactory(section=section, title="Pumping")

    listing = client.get("/articles/").content.decode()
    page = client.get(section.get_absolute_url()).content.decode()

    assert "Increasing Milk" in listing and article.get_absolute_url() in listing
    assert "<strong>make more</strong>" in page and "Pumping" in page


@pytest.mark.parametrize(
    "url",
    ["/articles/no-such-section/", "/articles/no-such-section/no-such-article/", "/no-such-page/"],
)
def test_unknown_slugs_are_404(client, site_settings, url):
    response = client.get(url)

    assert response.status_code == 404
    assert "couldn" in response.content.decode()


def test_article_in_the_wrong_section_is_404(client, site_settings):
    article = ArticleFactory()
    other = SectionFactory()

    assert client.get(f"/articles/{other.slug}/{article.slug}/").status_code == 404


@pytest.mark.parametrize("citation_count", [4, 40, 400])
def test_article_page_query_count_does_not_grow_with_citations(
    client, settings, site_settings, django_assert_max_num_queries, citation_count
):
    settings.PAGE_CACHE_ENABLED = False  # measure rendering, not the page cache
    references = ReferenceFactory.create_batch(citation_count)
    body = "\n\n".join(f"Paragraph citing [@{reference.key}]." for reference in references)
    article = ArticleFactory(body=body)
    article.related.set(ArticleFactory.create_batch(3))
    assert Citation.objects.filter(article=article).count() == citation_count

    with django_assert_max_num_queries(6):  # content generation, article, citations, related, settings, navigation
        response = client.get(article.get_absolute_url())
    assert response.content.decode().count('<li id="ref-') == citation_count

    # Warm: the content generation, the article with its section, then one (prepared) statement for its neighbours
    # in the section, its related articles and its references.
    with django_assert_max_num_queries(3):
        warm = client.get(article.get_absolute_url())
    assert warm.content == response.content


def test_home_and_section_list_queries_do_not_grow_with_articles(
    client, settings, site_settings, django_assert_max_num_queries
):
    for section in SectionFactory.create_batch(5):
        ArticleFactory.create_batch(6, section=section)
    settings.PAGE_CACHE_ENABLED = False  # measure rendering, not the page cache
    client.get("/")  # warm the site chrome

    for url in ["/", "/articles/"]:
        with django_assert_max_num_queries(2):  # content generation, sections with their first articles
            client.get(url)


def test_lists_show_the_first_articles_of_each_section_and_the_section_pages_them(
    client, settings, site_settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_ENABLED = False
    section = SectionFactory(title="Big section")
    articles = [ArticleFactory(section=section, order=n, title=f"Entry {n:03d}") for n in range(1, 61)]
    client.get("/")  # warm the site chrome

    for url in ["/", "/articles/"]:
        html = client.get(url).content.decode()
        assert "Entry 008" in html and "Entry 009" not in html
        assert f'<a href="{section.get_absolute_url()}">All articles in Big section →</a>' in html
    with django_assert_max_num_queries(3):  # content generation, section with its count, one page of articles
        first = client.get(section.get_absolute_url()).content.decode()
    second = client.get(section.get_absolute_url(), {"page": 2}).content.decode()
    assert articles[49].get_absolute_url() in first and articles[50].get_absolute_url() not in first
    assert articles[50].get_absolute_url() in second and "Page 2 of 2" in second
    assert client.get(section.get_absolute_url(), {"page": "junk"}).status_code == 200
    past_the_end = client.get(section.get_absolute_url(), {"page": 99}).content.decode()
    assert articles[59].get_absolute_url() in past_the_end and "Page 2 of 2" in past_the_end


def test_a_section_without_published_articles_says_so(client, site_settings):
    section = SectionFactory(title="Coming soon")
    ArticleFactory(section=section, status=Status.DRAFT)

    page = client.get(section.get_absolute_url())

    assert page.status_code == 200 and "No articles in this section yet." in page.content.decode()


def test_lists_escape_section_and_article_titles(client, site_settings):
    section = SectionFactory(title="Milk & <Supply>", slug="milk-supply")
    ArticleFactory(section=section, title='Pumping "more" <b>', summary="Less & <i>more</i>")

    for url in ["/", "/articles/"]:
        html = client.get(url).content.decode()
        assert "Milk &amp; &lt;Supply&gt;</a></h2>" in html and "<Supply>" not in html
        assert "Pumping &quot;more&quot; &lt;b&gt;</a>" in html and "<b>" not in html


def test_previous_and_next_follow_a_new_article_at_once(client, settings, site_settings):
    settings.PAGE_CACHE_ENABLED = False  # the section's reading order is cached on its own
    section = SectionFactory()
    first = ArticleFactory(section=section, order=1)
    last = ArticleFactory(section=section, order=3)
    assert f'rel="prev" href="{first.get_absolute_url()}"' in client.get(last.get_absolute_url()).content.decode()

    middle = ArticleFactory(section=section, order=2)

    assert f'rel="prev" href="{middle.get_absolute_url()}"' in client.get(last.get_absolute_url()).content.decode()


def test_with_the_page_cache_off_edits_show_at_once_on_a_warm_article_page(client, settings, cited_article):
    """The chrome, reference list and links are cached per content generation: every edit starts a new one."""
    settings.PAGE_CACHE_ENABLED = False
    url = cited_article.get_absolute_url()
    client.get(url)  # warm every cache
    related = ArticleFactory(title="A newly related article")

    cited_article.related.add(related)
    reference = cited_article.citations.get(number=3).reference
    reference.title = "A renamed pilot study"
    reference.save()
    site = SiteSettings.load()
    site.site_name = "Renamed Milk Site"
    site.book_title = "A New Book"
    site.disclaimer = "A new disclaimer."
    site.save()

    html = client.get(url).content.decode()
    assert "A renamed pilot study" in html and "A pilot study" not in html
    assert '<span class="brand-name">Renamed Milk Site</span>' in html
    assert '<h2 id="book-promo-title">A New Book</h2>' in html
    assert "A new disclaimer." in html
    assert related.get_absolute_url() in html


def test_cached_header_marks_the_current_page_per_request(client, settings, site_settings):
    settings.PAGE_CACHE_ENABLED = False
    section = SectionFactory(title="Low supply")
    article = ArticleFactory(section=section)
    current = f'<a href="{section.get_absolute_url()}" aria-current="page">Low supply</a>'

    assert current in client.get(section.get_absolute_url()).content.decode()
    assert current not in client.get(article.get_absolute_url()).content.decode()
    assert '<a href="/" aria-current="page">Home</a>' in client.get("/").content.decode()
    assert 'aria-current="page">Home</a>' not in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize("first", ["/donate/", "/references/"])
def test_the_donate_button_is_marked_current_on_the_donate_page_only(client, settings, site_settings, first):
    """The header is rendered once and reused: whichever page rendered it first must not decide the marking."""
    settings.PAGE_CACHE_ENABLED = False
    current = 'href="/donate/" aria-current="page">Donate</a>'
    pages = {path: client.get(path).content.decode() for path in [first, "/donate/", "/references/", "/search/?q=x"]}

    assert current in pages["/donate/"]
    assert current not in pages["/references/"] and current not in pages["/search/?q=x"]


def test_with_the_page_cache_on_article_pages_add_no_per_article_cache_entries(client, settings, cited_article):
    from django.core.cache import cache

    settings.PAGE_CACHE_ENABLED = True
    client.get(cited_article.get_absolute_url())

    keys = list(cache._cache)  # the local-memory test cache: pages, chrome, the section's reading order
    assert not [key for key in keys if "articles:page-links" in key or "articles:reference-list" in key]
