import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from core.content import EDITORS, MODERATORS
from editorial.roles import setup_roles


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, so cached site chrome never leaks between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_settings(db):
    from tests.factories import SiteSettingsFactory

    return SiteSettingsFactory()


@pytest.fixture
def one_of_every_content_model(db):
    """{label: object}: one saved object of every model an app declares in its content_models (core.content)."""
    from django.contrib.redirects.models import Redirect
    from django.contrib.sites.models import Site

    from consultants.models import Language, PendingListing, Status
    from core.content import content_models
    from tests.consultants.factories import ListingFactory
    from tests.factories import (
        ArticleFactory,
        ContactMessageFactory,
        PageFactory,
        ReferenceFactory,
        SectionFactory,
        SiteSettingsFactory,
    )

    reference = ReferenceFactory()
    article = ArticleFactory(section=SectionFactory(), body=f"Cited [@{reference.key}].")
    listing = ListingFactory(languages=["en"])
    objects = {
        "articles.Section": article.section,
        "articles.Article": article,
        "articles.Citation": article.citations.get(),
        "references.Reference": reference,
        "pages.Page": PageFactory(),
        "pages.SiteSettings": SiteSettingsFactory(),
        "pages.ContactMessage": ContactMessageFactory(),
        "consultants.Listing": listing,
        "consultants.PendingListing": PendingListing.objects.get(pk=ListingFactory(status=Status.PENDING).pk),
        "consultants.Credential": listing.credentials.get(),
        "consultants.Language": Language.objects.get(code="en"),
        "redirects.Redirect": Redirect.objects.create(site=Site.objects.get_current(), old_path="/old/", new_path="/"),
        "sites.Site": Site.objects.get_current(),
    }
    missing = {item.label for item in content_models()} - set(objects)
    assert not missing, f"add an object of {missing} to the one_of_every_content_model fixture"
    return objects


# The editorial roles, for the admin tests of every app.


@pytest.fixture
def roles(db):
    setup_roles()


def _staff_in(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(username, password="pw", is_staff=True, first_name=username.title())
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(roles, django_user_model):
    return _staff_in(django_user_model, "erin", EDITORS)


@pytest.fixture
def second_editor(roles, django_user_model):
    return _staff_in(django_user_model, "frank", EDITORS)


@pytest.fixture
def moderator(roles, django_user_model):
    return _staff_in(django_user_model, "mona", MODERATORS)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
