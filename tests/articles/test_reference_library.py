from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Status
from references.models import Reference
from tests.factories import ArticleFactory, ReferenceFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_library_lists_every_reference_with_the_published_articles_citing_it(client, site_settings):
    cited = ReferenceFactory(key="clavey1996", authors="Clavey, S.", title="The use of acupuncture")
    uncited = ReferenceFactory(key="unused2000", title="Never cited anywhere")
    article = ArticleFactory(title="Acupuncture", body="Text [@clavey1996].")
    ArticleFactory(title="Secret draft", status=Status.DRAFT, body="Text [@clavey1996].")

    html = client.get("/references/").content.decode()

    assert 'id="clavey1996"' in html and 'id="unused2000"' in html
    assert cited.formatted_html in html and uncited.formatted_html in html
    assert f'{article.get_absolute_url()}#ref-1">Acupuncture</a>' in html
    assert "Secret draft" not in html


def test_library_search_by_author_and_title(client, site_settings):
    ReferenceFactory(authors="Clavey, S.", title="Acupuncture for insufficient lactation")
    ReferenceFactory(authors="Kvist, L.", title="Inflammatory symptoms of the breast")

    by_author = client.get("/references/", {"q": "kvist"}).content.decode()
    by_title = client.get("/references/", {"q": "insufficient"}).content.decode()

    assert "Inflammatory symptoms" in by_author and "Acupuncture for insufficient" not in by_author
    assert "Acupuncture for insufficient" in by_title and "Inflammatory symptoms" not in by_title


@pytest.mark.parametrize("params", [{"page": "abc"}, {"page": "99999"}, {"q": "x" * 10_000}, {"q": "%00<script>"}])
def test_library_survives_bad_input(client, site_settings, params):
    response = client.get("/references/", params)

    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split('id="reference-q"')[1][:400]


def test_library_query_count_is_independent_of_rows(client, site_settings, django_assert_max_num_queries):
    references = ReferenceFactory.create_batch(20)
    for reference in references:
        ArticleFactory(body=f"[@{reference.key}]")
    client.get("/references/")

    with django_assert_max_num_queries(3):  # total, page of references, their citing articles
        response = client.get("/references/")
    assert response.content.decode().count("Cited in:") == 20


def test_a_library_search_is_counted_in_the_statement_that_reads_its_page(
    client, site_settings, django_assert_max_num_queries
):
    references = ReferenceFactory.create_batch(30, authors="Kvist, L.")
    for reference in references[:5]:
        ArticleFactory(body=f"[@{reference.key}]")
    client.get("/references/", {"q": "kvist"})

    with django_assert_max_num_queries(3):  # the content generation, the counted page, their citing articles
        html = client.get("/references/", {"q": "kvist", "page": "2"}).content.decode()
    assert "30 references matching" in html and "Page 2 of 2" in html and html.count("<li id=") == 5


def test_library_search_finds_any_part_of_the_key_authors_title_or_journal_in_any_case(client, site_settings):
    ReferenceFactory(
        key="nedkova2014", authors="Nedkova, V.", title="Galactagogue use", container_title="Akush Ginekol"
    )
    ReferenceFactory(key="other2000", authors="Other, A.", title="Something else", container_title="Pediatrics")

    for text in ("NEDKOVA2014", "kova, v", "ALACTAGOG", "akush gin"):
        html = client.get("/references/", {"q": text}).content.decode()
        assert "Galactagogue use" in html and "Something else" not in html, text
    assert "Galactagogue use" not in client.get("/references/", {"q": "galactagogue akush"}).content.decode()


def test_a_broad_library_search_counts_and_pages_up_to_a_bound(client, site_settings, monkeypatch):
    monkeypatch.setattr("articles.views.MAX_REFERENCE_MATCHES", 3)
    monkeypatch.setattr("articles.views.REFERENCES_PER_PAGE", 2)
    ReferenceFactory.create_batch(5, authors="Kvist, L.")
    ReferenceFactory.create_batch(2, authors="Hale, T.")

    broad = client.get("/references/", {"q": "kvist"}).content.decode()
    narrow = client.get("/references/", {"q": "hale"}).content.decode()
    last = client.get("/references/", {"q": "kvist", "page": "9"}).content.decode()

    assert "More than 3 references matching “kvist”" in broad and "Page 1 of 2" in broad
    assert "2 references matching “hale”" in narrow
    assert "Page 2 of 2" in last and last.count("<li id=") == 1


def test_library_escapes_the_titles_of_citing_articles(client, site_settings):
    ReferenceFactory(key="kvist2004")
    ArticleFactory(title="Milk & <b>honey</b>", body="Text [@kvist2004].")

    html = client.get("/references/").content.decode()

    assert "Cited in: <a" in html and ">Milk &amp; &lt;b&gt;honey&lt;/b&gt;</a>" in html
    assert "<b>honey" not in html


def test_library_pages_run_to_the_last_reference_as_references_come_and_go(client, site_settings, monkeypatch):
    monkeypatch.setattr("articles.views.REFERENCES_PER_PAGE", 2)
    ReferenceFactory(key="a2000")
    Reference.objects.bulk_create([Reference(key="b2000", title="B"), Reference(key="c2000", title="C")])
    assert "Page 1 of 2" in client.get("/references/").content.decode()

    ReferenceFactory(key="d2000")
    ReferenceFactory(key="e2000")
    last = client.get("/references/", {"page": "99"}).content.decode()
    assert "Page 3 of 3" in last and 'id="e2000"' in last and last.count("<li id=") == 1

    Reference.objects.filter(key__in=["d2000", "e2000"]).delete()
    beyond = client.get("/references/", {"page": "3"}).content.decode()
    assert "Page 2 of 2" in beyond and 'id="c2000"' in beyond and "Next" not in beyond


def test_a_library_search_counts_its_matches_in_any_order_and_pages_them_in_key_order(client, site_settings):
    for key in ("c2001", "a2001", "b2001"):
        ReferenceFactory(key=key, authors="Kvist, L.")

    with CaptureQueriesContext(connection) as queries:
        html = client.get("/references/", {"q": "kvist"}).content.decode()

    sql = next(query["sql"] for query in queries if "COUNT(" in query["sql"])
    count = sql[sql.index("COUNT(") : sql.index(") AS matches")]
    assert "LIMIT" in count and "ORDER BY" not in count  # key order would walk the whole key index for a rare name
    assert "3 references matching" in html and html.index('id="a2001"') < html.index('id="b2001"') < html.index(
        'id="c2001"'
    )


def test_every_library_page_holds_the_next_references_in_key_order(client, site_settings, monkeypatch):
    monkeypatch.setattr("articles.views.REFERENCES_PER_PAGE", 2)
    keys = [f"k{n:02}" for n in range(9)]
    for key in reversed(keys):
        ReferenceFactory(key=key)

    shown = []
    for number in range(1, 6):  # pages near the start are found from the first key, later ones from the last
        html = client.get("/references/", {"page": number}).content.decode()
        assert f"Page {number} of 5" in html
        shown += [part.split('"')[0] for part in html.split('<li id="')[1:]]

    assert shown == keys


def test_a_library_search_pages_through_ten_pages_of_a_common_name(client, site_settings):
    Reference.objects.bulk_create(Reference(key=f"kvist{n:03}", authors="Kvist, L.", title="T") for n in range(251))

    html = client.get("/references/", {"q": "kvist"}).content.decode()

    # 25 references a page, counted up to ten pages
    assert "More than 250 references matching “kvist”" in html and "Page 1 of 10" in html


def test_the_articles_citing_a_reference_follow_their_sections_order_then_their_own(client, site_settings):
    ReferenceFactory(key="kvist2004")
    later, earlier = SectionFactory(order=2), SectionFactory(order=1)
    body = "Text [@kvist2004]."
    ArticleFactory(section=later, title="Later section", order=0, body=body)
    ArticleFactory(section=earlier, title="B second by title", order=5, body=body)
    ArticleFactory(section=earlier, title="A first by title", order=5, body=body)
    ArticleFactory(section=earlier, title="Z first by order", order=1, body=body)
    ArticleFactory(section=earlier, title="Scheduled", body=body, publish_at=timezone.now() + timedelta(days=1))

    html = client.get("/references/").content.decode()
    cited = html.split("Cited in: ")[1].split("</p>")[0]

    titles = [link.split(">")[1].split("<")[0] for link in cited.split("; ")]
    assert titles == ["Z first by order", "A first by title", "B second by title", "Later section"]
    assert f"{later.get_absolute_url()}" in cited.split("; ")[-1]


def test_a_deep_library_page_is_read_in_one_statement_from_the_nearer_end_of_the_key_index(
    client, site_settings, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr("articles.views.REFERENCES_PER_PAGE", 2)
    for n in range(9):
        ReferenceFactory(key=f"r{n}")
    client.get("/references/")

    for page, keys in (("2", ["r2", "r3"]), ("4", ["r6", "r7"]), ("5", ["r8"])):
        with django_assert_max_num_queries(4):  # the content generation, the total, the page, the citing articles
            html = client.get("/references/", {"page": page}).content.decode()
        assert [item.split('"')[0] for item in html.split('<li id="')[1:]] == keys, page
