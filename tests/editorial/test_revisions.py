import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from articles.models import Article
from tests.admin_forms import change_form_data
from tests.factories import ArticleFactory, PageFactory, ReferenceFactory

pytestmark = pytest.mark.django_db


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def edit(client, obj, url, **changes):
    response = client.get(url)
    assert response.status_code == 200
    response = client.post(url, change_form_data(response, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    obj.refresh_from_db()
    return response


@pytest.fixture
def references(db):
    return ReferenceFactory(key="jenner2002"), ReferenceFactory(key="clavey1996")


def test_each_admin_save_is_a_revision_with_who_and_when(editor_client, editor):
    article = ArticleFactory(body="First line.\nSecond line.")
    edit(editor_client, article, change_url(article), title="A better title")
    edit(editor_client, article, change_url(article), body="First line.\nA changed second line.")

    versions = Version.objects.get_for_object(article)
    assert versions.count() == 2
    assert {version.revision.user for version in versions} == {editor}

    history = editor_client.get(f"/admin/articles/article/{article.pk}/history/")
    assert history.status_code == 200
    page = history.content.decode()
    assert "Erin" in page
    assert "Changed Title" in page and "Changed Body" in page
    assert "Compare selected versions" in page


def test_compare_shows_the_body_as_an_escaped_line_diff(editor_client):
    article = ArticleFactory(body="Intro.\nKeep this line.\nOld advice.")
    edit(editor_client, article, change_url(article), summary="Summary one.")
    edit(
        editor_client,
        article,
        change_url(article),
        body="Intro.\nKeep this line.\nNew <script>alert(1)</script> advice.",
    )
    old, new = Version.objects.get_for_object(article).order_by("pk")

    response = editor_client.get(f"/admin/articles/article/{article.pk}/history/compare/?old={old.pk}&new={new.pk}")

    assert response.status_code == 200
    changes = {change.label: change for change in response.context["changes"]}
    assert set(changes) == {"Body"}
    kinds = [(line.kind, line.text) for line in changes["Body"].lines]
    assert ("removed", "Old advice.") in kinds
    assert ("added", "New <script>alert(1)</script> advice.") in kinds
    assert ("same", "Keep this line.") in kinds
    page = response.content.decode()
    assert "New &lt;script&gt;alert(1)&lt;/script&gt; advice." in page
    assert "<script>alert(1)" not in page


def test_compare_with_bad_or_foreign_version_ids_is_a_404(editor_client):
    article, other = ArticleFactory(), ArticleFactory()
    edit(editor_client, article, change_url(article), title="Changed")
    edit(editor_client, other, change_url(other), title="Other changed")
    foreign = Version.objects.get_for_object(other).get()
    base = f"/admin/articles/article/{article.pk}/history/compare/"

    assert editor_client.get(base + "?old=abc").status_code == 404
    assert editor_client.get(base + f"?old={foreign.pk}").status_code == 404
    assert editor_client.get(base).status_code == 404  # only one version: nothing earlier to compare with
    assert editor_client.get(f"/admin/articles/article/{other.pk}/history/{foreign.pk + 1000}/").status_code == 404


def test_restore_brings_back_the_old_text_renders_it_and_is_a_new_revision(editor_client, references):
    article = ArticleFactory(body="Acupuncture may help [@jenner2002].")
    edit(editor_client, article, change_url(article), summary="Kept as the first version.")
    edit(editor_client, article, change_url(article), body="A rewrite citing [@clavey1996] instead.")
    assert list(article.citations.values_list("reference__key", flat=True)) == ["clavey1996"]
    first = Version.objects.get_for_object(article).order_by("pk").first()

    url = f"/admin/articles/article/{article.pk}/history/{first.pk}/"
    form_page = editor_client.get(url)
    assert form_page.status_code == 200
    assert "Acupuncture may help [@jenner2002]." in form_page.content.decode()
    article.refresh_from_db()
    assert article.body == "A rewrite citing [@clavey1996] instead."  # looking changes nothing

    response = editor_client.post(url, change_form_data(form_page))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "Acupuncture may help [@jenner2002]."
    assert 'href="#ref-1"' in article.body_html
    assert list(article.citations.values_list("reference__key", flat=True)) == ["jenner2002"]
    latest = Version.objects.get_for_object(article).first()
    assert Version.objects.get_for_object(article).count() == 3
    assert latest.revision.get_comment().startswith("Reverted to previous version")


def test_a_deleted_article_can_be_recovered_with_its_citations(editor_client, references, client):
    article = ArticleFactory(body="Cited [@jenner2002].")  # never edited in the admin: no history yet
    public_url, pk = article.get_absolute_url(), article.pk

    response = editor_client.post(f"/admin/articles/article/{pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=pk).exists()
    recover_list = editor_client.get("/admin/articles/article/recover/")
    assert article.title in recover_list.content.decode()
    deleted = Version.objects.get_deleted(Article).get()
    assert deleted.revision.get_comment() == "Deleted."

    form_page = editor_client.get(f"/admin/articles/article/recover/{deleted.pk}/")
    assert form_page.status_code == 200
    response = editor_client.post(f"/admin/articles/article/recover/{deleted.pk}/", change_form_data(form_page))

    assert response.status_code == 302
    restored = Article.objects.get(pk=pk)
    assert list(restored.citations.values_list("reference__key", flat=True)) == ["jenner2002"]
    assert client.get(public_url).status_code == 200


def test_pages_references_and_site_settings_keep_history_too(editor_client, site_settings):
    page, reference = PageFactory(), ReferenceFactory()
    edit(editor_client, page, f"/admin/pages/page/{page.pk}/change/", title="About us, rewritten")
    edit(editor_client, reference, f"/admin/references/reference/{reference.pk}/change/", title="Corrected title")
    edit(editor_client, site_settings, "/admin/pages/sitesettings/1/change/", donation_appeal="Please give.")

    for obj in (page, reference, site_settings):
        assert Version.objects.get_for_object(obj).count() == 1


def test_revisions_do_not_add_queries_to_the_article_page(editor_client, client):
    article = ArticleFactory()
    url = article.get_absolute_url()
    client.get(url)  # warm the site-chrome cache, as in production
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200

    for number in range(3):
        edit(editor_client, article, change_url(article), summary=f"Revision {number}")
    client.get(url)
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200

    assert len(after) == len(before)
    assert not any("reversion" in query["sql"] for query in after.captured_queries)
