import datetime
from unittest import mock

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db.models import F
from django.db.models.signals import post_save
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from core.content import content_models
from pagecache.generation import current_generation
from pagecache.middleware import _refreshing
from pagecache.models import ContentGeneration
from pages.models import SiteSettings
from tests.factories import ArticleFactory, PageFactory, ReferenceFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(site_settings):
    ReferenceFactory(key="jenner2002", title="Galactorrhoea following acupuncture")
    return ArticleFactory(title="Acupuncture", body="Text [@jenner2002].")


def test_a_second_anonymous_visit_is_served_from_the_cache_with_one_query(
    client, article, django_assert_max_num_queries
):
    first = client.get(article.get_absolute_url())
    with django_assert_max_num_queries(1):  # the content generation
        second = client.get(article.get_absolute_url())

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_editing_a_reference_in_the_admin_shows_in_the_citing_article_at_once(admin_client, article):
    reader = Client()
    assert reader.get(article.get_absolute_url())["X-Page-Cache"] == "miss"
    assert reader.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    reference = article.citations.get().reference
    url = reverse("admin:references_reference_change", args=[reference.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}

    response = admin_client.post(url, {**data, "title": "Galactorrhoea after acupuncture: a corrected title"})

    assert response.status_code == 302
    html = reader.get(article.get_absolute_url()).content.decode()
    assert "a corrected title" in html and "Galactorrhoea following" not in html


def _edit_section(article):
    article.section.title = "Renamed section"
    article.section.save()
    return "Renamed section"


def _edit_article(article):
    article.summary = "A rewritten summary."
    article.save()
    return "A rewritten summary."


def _add_related(article):
    article.related.add(ArticleFactory(title="Newly related"))
    return "Newly related"


def _edit_settings(article):
    site = SiteSettings.load()
    site.disclaimer = "A new disclaimer."
    site.save()
    return "A new disclaimer."


def _add_page(article):
    PageFactory(title="Newly in the menu", nav_order=3)
    return "Newly in the menu"


@pytest.mark.parametrize("edit", [_edit_section, _edit_article, _add_related, _edit_settings, _add_page])
def test_every_content_edit_refreshes_cached_pages_at_once(client, article, edit):
    urls = [article.get_absolute_url(), "/", "/articles/", article.section.get_absolute_url()]
    for url in urls:
        client.get(url)

    text = edit(article)

    html = client.get(article.get_absolute_url()).content.decode()
    assert text in html
    if edit in (_edit_section, _edit_settings, _add_page):  # shown in the chrome of every page
        for url in urls:
            assert text in client.get(url).content.decode()


def test_unpublishing_an_article_removes_it_from_cached_pages(client, article):
    for url in ["/", article.get_absolute_url()]:
        client.get(url)

    article.status = Status.DRAFT
    article.save()

    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Acupuncture" not in client.get("/").content.decode()


@pytest.fixture
def refresh_share(settings):
    """The production share of re-rendering time, and a worker that has just spent it (as after a burst)."""
    settings.PAGE_CACHE_REFRESH_SHARE = 0.25
    settings.PAGE_CACHE_MAX_STALE = 10
    yield _refreshing
    _refreshing.next_at = 0.0


def test_after_an_edit_a_busy_worker_serves_the_copy_from_just_before_then_renders_afresh(
    client, article, refresh_share
):
    before = client.get(article.get_absolute_url())
    _edit_article(article)
    refresh_share.spent(60)  # the worker has just re-rendered pages for a minute

    stale = client.get(article.get_absolute_url())

    assert stale["X-Page-Cache"] == "stale"
    assert stale.content == before.content and stale["ETag"] == before["ETag"]
    assert "s-maxage=1" in stale["Cache-Control"].replace(" ", "").split(",")  # a shared cache asks again soon
    assert stale["Last-Modified"] == before["Last-Modified"]
    not_modified = client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=before["ETag"])
    assert not_modified.status_code == 304 and "s-maxage=1" in not_modified["Cache-Control"]

    refresh_share.next_at = 0.0  # its share of time is free again
    fresh = client.get(article.get_absolute_url())
    assert fresh["X-Page-Cache"] == "miss" and "A rewritten summary." in fresh.content.decode()
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_refresh_takes_the_worker_s_share_of_time_before_the_next(client, article, refresh_share):
    urls = [article.get_absolute_url(), "/"]
    for url in urls:
        client.get(url)
    _edit_article(article)

    assert client.get(urls[0])["X-Page-Cache"] == "miss"  # rendered afresh: the share was free
    assert not refresh_share.may_refresh()  # for three times as long as that render took (share 0.25)
    assert client.get(urls[1])["X-Page-Cache"] == "stale"


def test_a_copy_two_changes_old_or_older_than_the_allowance_is_never_served(client, article, refresh_share):
    url = article.get_absolute_url()
    client.get(url)
    _edit_section(article)
    _edit_article(article)  # two changes since the copy was rendered: how long it has been out of date is unknown
    refresh_share.spent(60)
    assert client.get(url)["X-Page-Cache"] == "miss"

    client.get(url)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _edit_settings(article)
        clock.shift(datetime.timedelta(seconds=10))  # PAGE_CACHE_MAX_STALE after the change
        refresh_share.spent(60)
        page = client.get(url)
    assert page["X-Page-Cache"] == "miss" and "A new disclaimer." in page.content.decode()


def test_unpublishing_stays_exact_while_the_worker_has_time_to_render(client, article, settings):
    """With the production share, a worker that is not busy re-renders at once: an unpublished article is gone."""
    settings.PAGE_CACHE_REFRESH_SHARE = 0.25
    client.get(article.get_absolute_url())
    article.status = Status.DRAFT
    article.save()

    assert client.get(article.get_absolute_url()).status_code == 404


def test_a_change_saved_by_another_worker_is_seen_at_once(client, article):
    """Another process bumps the generation in the database; this process's cache must not serve the old page."""
    client.get("/")
    SiteSettings.objects.filter(pk=1).update(site_name="Renamed elsewhere")  # no signal in this process
    # What the other worker's save did: a new generation, in which the chrome changed too.
    ContentGeneration.objects.filter(pk=1).update(version=F("version") + 1, chrome_version=F("version") + 1)

    assert "Renamed elsewhere" in client.get("/").content.decode()


def test_a_scheduled_article_appears_when_its_time_comes(client, site_settings):
    publish_at = timezone.now() + datetime.timedelta(hours=2)
    ArticleFactory(title="Scheduled article", publish_at=publish_at)
    assert "Scheduled article" not in client.get("/").content.decode()
    assert client.get("/")["X-Page-Cache"] == "hit"

    with mock.patch("django.utils.timezone.now", return_value=publish_at + datetime.timedelta(seconds=1)):
        assert "Scheduled article" in client.get("/").content.decode()


def test_staff_are_never_served_cached_pages_and_their_pages_are_never_stored(admin_client, client, article):
    client.get(article.get_absolute_url())

    response = admin_client.get(article.get_absolute_url())

    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_query_strings_are_cached_apart(client, site_settings):
    ReferenceFactory(authors="Kvist, L.", title="Inflammatory symptoms of the breast")
    ReferenceFactory(authors="Clavey, S.", title="Acupuncture for insufficient lactation")

    assert "Acupuncture" in client.get("/references/", {"q": "clavey"}).content.decode()
    assert "Acupuncture" not in client.get("/references/", {"q": "kvist"}).content.decode()
    assert client.get("/references/", {"q": "kvist"})["X-Page-Cache"] == "hit"


def test_not_found_pages_are_not_cached(client, site_settings):
    client.get("/no-such-page/")
    PageFactory(slug="no-such-page", title="Now it exists")

    assert client.get("/no-such-page/").status_code == 200


def test_clear_page_cache_command_starts_a_new_generation(client, article, capsys):
    client.get("/")
    before = current_generation().version

    call_command("clear_page_cache")

    assert current_generation().version == before + 1
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert f"generation is now {before + 1}" in capsys.readouterr().out


def test_every_content_model_is_declared_and_those_shown_to_readers_are_watched():
    """A new model in a content app must be declared in its app's content_models, or this fails."""
    declared = {item.label: item for item in content_models()}
    content_apps = {"articles", "references", "pages", "consultants"}
    models = {model._meta.label for model in apps.get_models() if model._meta.app_label in content_apps}
    assert models - set(declared) == set()

    watched = {
        label for label, item in declared.items() if post_save.has_listeners(item.model) and item.shown_to_readers
    }
    assert watched == {label for label, item in declared.items() if item.shown_to_readers}
    assert not declared["pages.ContactMessage"].shown_to_readers


def test_section_order_change_is_exact_too(client, site_settings):
    first, second = SectionFactory(title="Alpha", order=1), SectionFactory(title="Beta", order=2)
    ArticleFactory(section=first)
    ArticleFactory(section=second)
    html = client.get("/articles/").content.decode()
    assert html.index("Alpha") < html.index("Beta")

    first.order = 3
    first.save()

    html = client.get("/articles/").content.decode()
    assert html.index("Beta") < html.index("Alpha")


def test_the_generation_carries_aware_times_and_moves_forward(site_settings):
    before = current_generation()

    ArticleFactory()

    after = current_generation()
    assert timezone.is_aware(after.changed_at) and after.changed_at >= before.changed_at
    assert after.version > before.version
    assert after.next_change_at > timezone.now()


def test_approving_a_listing_from_the_moderators_queue_shows_it_in_the_cached_directory_at_once(client, site_settings):
    from consultants.models import PendingListing, Status
    from tests.consultants.factories import ListingFactory

    listing = ListingFactory(name="Jo Waiting", status=Status.PENDING)
    search = {"place": "02138", "unit": "mi", "radius": "25"}
    assert "Jo Waiting" not in client.get("/consultants/", search).content.decode()
    assert client.get("/consultants/", search)["X-Page-Cache"] == "hit"

    pending = PendingListing.objects.get(pk=listing.pk)
    pending.status = Status.PUBLISHED
    pending.save()

    assert "Jo Waiting" in client.get("/consultants/", search).content.decode()
    assert "Jo Waiting" in client.get(listing.get_absolute_url()).content.decode()
