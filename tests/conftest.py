import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from editorial.roles import EDITORS, MODERATORS, setup_roles


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
