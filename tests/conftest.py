import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import TestCase, TransactionTestCase
from pytest_django.fixtures import validate_django_db

from core.content import EDITORS, MODERATORS
from editorial.roles import setup_roles
from pagecache.generation import forget_remembered


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache and nothing remembered, so site chrome never leaks between tests (a
    rolled-back test's content generation numbers are used again by the next)."""
    cache.clear()
    forget_remembered()
    yield
    cache.clear()
    forget_remembered()


def _flushed_databases(item):
    """The aliases a test empties when it ends (a transactional test: Django flushes every table), or ()."""
    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        transactional, databases = not issubclass(cls, TestCase), getattr(cls, "databases", None)
    elif marker := item.get_closest_marker("django_db"):
        transactional, _, databases, _, _ = validate_django_db(marker)
    else:
        transactional, databases = False, None
    transactional = transactional or "transactional_db" in getattr(item, "fixturenames", ())
    if not transactional:
        return ()
    if databases == "__all__":
        return tuple(connections)
    return tuple(databases or (DEFAULT_DB_ALIAS,))


@pytest.fixture(scope="session", autouse=True)
def _data_migrations_survive_flushes(request, django_db_blocker):
    """Put back what data migrations wrote (languages, the site, roles) once a session's tests are done.

    A transactional test ends by emptying every table. With --reuse-db the next session would otherwise
    find a kept database without those rows, so the state after migrating is saved before the first test
    and written back, into an emptied database, after the last. Sessions without a transactional test,
    and in-memory SQLite (gone at the end anyway), skip both.
    """
    aliases = {alias for item in request.session.items for alias in _flushed_databases(item)}
    if not aliases:
        yield
        return
    request.getfixturevalue("django_db_setup")
    kept = []
    with django_db_blocker.unblock():
        for alias in sorted(aliases):
            connection = connections[alias]
            if connection.settings_dict["TEST"].get("MIRROR") or (
                connection.vendor == "sqlite" and connection.is_in_memory_db()
            ):
                continue
            # Serialized already when a test asked for serialized_rollback.
            if getattr(connection, "_test_serialized_contents", None) is None:
                connection._test_serialized_contents = connection.creation.serialize_db_to_string()
            kept.append(connection)
    yield
    with django_db_blocker.unblock():
        for connection in kept:
            # Emptied first without post_migrate: a flush that ran it made content types and permissions
            # again under new ids, which the saved ones would collide with.
            call_command("flush", database=connection.alias, interactive=False, verbosity=0, inhibit_post_migrate=True)
            connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


@pytest.fixture
def site_settings(db):
    from tests.factories import SiteSettingsFactory

    return SiteSettingsFactory()


@pytest.fixture
def one_of_every_content_model(db):
    """{label: object}: one saved object of every model an app declares in its content_models (core.content)."""
    from django.contrib.redirects.models import Redirect
    from django.contrib.sites.models import Site

    from articles.models import SearchTerm
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
        "articles.SearchTerm": SearchTerm.objects.get(word="summary"),
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
