import io

import pytest
from django.contrib.redirects.models import Redirect
from django.core.management import call_command
from reversion.models import Version

from articles.models import Status
from editorial.redirects import record_move
from tests.admin_forms import change_form_data
from tests.factories import ArticleFactory, PageFactory, SectionFactory

pytestmark = pytest.mark.django_db


def edit(client, url, **changes):
    response = client.post(url, change_form_data(client.get(url), **changes))
    assert response.status_code == 302
    return response


def assert_moved(client, old_path, new_path):
    response = client.get(old_path)
    assert response.status_code == 301
    assert response["Location"] == new_path


def test_a_renamed_article_keeps_its_old_address(editor_client, client):
    article = ArticleFactory(slug="fenugreek")
    old_path = article.get_absolute_url()
    edit(editor_client, f"/admin/articles/article/{article.pk}/change/", slug="fenugreek-and-other-herbs")
    article.refresh_from_db()

    assert_moved(client, old_path, article.get_absolute_url())
    assert client.get(article.get_absolute_url()).status_code == 200


def test_renaming_a_section_moves_the_section_and_its_articles(editor_client, client):
    section = SectionFactory(slug="more-milk")
    article = ArticleFactory(section=section, slug="pumping")
    draft = ArticleFactory(section=section, slug="unfinished", status=Status.DRAFT)
    edit(editor_client, f"/admin/articles/section/{section.pk}/change/", slug="increasing-milk")

    assert_moved(client, "/articles/more-milk/", "/articles/increasing-milk/")
    assert_moved(client, "/articles/more-milk/pumping/", "/articles/increasing-milk/pumping/")
    assert not Redirect.objects.filter(old_path=f"/articles/more-milk/{draft.slug}/").exists()
    article.refresh_from_db()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_renamed_page_keeps_its_old_address(editor_client, client, site_settings):
    page = PageFactory(slug="about-us")
    edit(editor_client, f"/admin/pages/page/{page.pk}/change/", slug="about")
    assert_moved(client, "/about-us/", "/about/")


def test_renaming_again_updates_earlier_redirects_and_never_loops(editor_client, client):
    article = ArticleFactory(slug="first")
    section_path = article.section.get_absolute_url()
    url = f"/admin/articles/article/{article.pk}/change/"
    edit(editor_client, url, slug="second")
    edit(editor_client, url, slug="third")

    assert_moved(client, f"{section_path}first/", f"{section_path}third/")  # one hop, no chain
    assert_moved(client, f"{section_path}second/", f"{section_path}third/")

    edit(editor_client, url, slug="first")  # back to the original address

    assert client.get(f"{section_path}first/").status_code == 200
    assert_moved(client, f"{section_path}third/", f"{section_path}first/")
    assert not Redirect.objects.filter(old_path=f"{section_path}first/").exists()
    assert not Redirect.objects.filter(new_path__in=[f"{section_path}second/", f"{section_path}third/"]).exists()


def test_an_editor_adds_a_redirect_for_an_address_of_the_old_site(editor_client, client):
    article = ArticleFactory()
    response = editor_client.post(
        "/admin/redirects/redirect/add/", {"old_path": "/acupuncture.shtml", "new_path": article.get_absolute_url()}
    )
    assert response.status_code == 302
    assert_moved(client, "/acupuncture.shtml", article.get_absolute_url())


@pytest.mark.parametrize(
    ("old_path", "new_path", "message"),
    [
        ("acupuncture.shtml", "/about/", "Start the old address with a slash"),
        ("/about/", "/about/", "cannot lead to its own address"),
        ("/herbs.shtml", "/old.shtml", "itself redirects to /new/"),
        ("/old.shtml", "/elsewhere/", "already a redirect from this address"),
    ],
)
def test_the_redirect_form_refuses_bad_paths_chains_and_duplicates(editor_client, old_path, new_path, message):
    record_move(old_path="/old.shtml", new_path="/new/")
    response = editor_client.post("/admin/redirects/redirect/add/", {"old_path": old_path, "new_path": new_path})
    assert response.status_code == 200
    assert message in response.content.decode()


def test_load_demo_adds_the_demo_redirect(client):
    call_command("load_demo", stdout=io.StringIO())
    assert_moved(client, "/acupuncture.shtml", "/articles/increasing-milk/acupuncture-and-acupressure/")
    assert client.get("/articles/increasing-milk/acupuncture-and-acupressure/").status_code == 200


def test_restoring_an_older_slug_redirects_the_newer_address_back(editor_client, client):
    article = ArticleFactory(slug="original")
    url = f"/admin/articles/article/{article.pk}/change/"
    edit(editor_client, url, summary="First saved version.")
    edit(editor_client, url, slug="renamed")
    first = Version.objects.get_for_object(article).order_by("pk").first()
    revert_url = f"/admin/articles/article/{article.pk}/history/{first.pk}/"

    assert editor_client.post(revert_url, change_form_data(editor_client.get(revert_url))).status_code == 302

    section_path = article.section.get_absolute_url()
    assert client.get(f"{section_path}original/").status_code == 200
    assert_moved(client, f"{section_path}renamed/", f"{section_path}original/")
