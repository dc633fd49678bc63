import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from editorial import roles
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def permissions_of(name):
    return set(Group.objects.get(name=name).permissions.values_list("content_type__app_label", "codename").order_by())


def test_setup_roles_creates_the_groups_with_exact_permissions_and_is_idempotent(capsys):
    call_command("setup_roles")
    editors = permissions_of("Editors")
    assert {("articles", "change_article"), ("references", "add_reference"), ("redirects", "add_redirect")} <= editors
    assert not {codename for _app, codename in editors} & {"change_user", "add_user", "change_group"}
    moderators = permissions_of("Directory moderators")
    assert {app for app, _codename in moderators} == {"consultants"}
    assert {("consultants", "change_listing"), ("consultants", "delete_listing")} <= moderators
    assert not any(app == "consultants" for app, _codename in editors)
    assert {("auth", "change_user"), ("articles", "change_article")} <= permissions_of("Administrators")

    Group.objects.get(name="Editors").permissions.add(Permission.objects.get(codename="delete_user"))
    call_command("setup_roles")

    assert permissions_of("Editors") == editors
    assert Group.objects.filter(name__in=["Editors", "Directory moderators", "Administrators"]).count() == 3
    assert "Editors: 25 permissions (0 added, 1 removed)" in capsys.readouterr().out


def test_each_role_gets_what_the_apps_declare_for_it():
    roles.setup_roles()
    moderators = permissions_of("Directory moderators")
    for model in apps.get_app_config("consultants").get_models():
        for action in ("add", "change", "delete", "view"):
            assert ("consultants", f"{action}_{model._meta.model_name}") in moderators
    assert not any(app == "articles" for app, _codename in moderators)
    editors = permissions_of("Editors")
    assert ("pages", "change_sitesettings") in editors and ("pages", "delete_sitesettings") not in editors
    assert ("pages", "delete_sitesettings") in permissions_of("Administrators")


def test_an_editor_edits_articles_but_not_people(editor_client, editor):
    article = ArticleFactory()
    assert editor_client.get(f"/admin/articles/article/{article.pk}/change/").status_code == 200
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get(f"/admin/auth/user/{editor.pk}/change/").status_code == 403
    assert editor_client.post("/admin/auth/user/add/", {"username": "x"}).status_code == 403
    assert editor_client.get("/admin/auth/group/").status_code == 403


def test_a_moderator_cannot_see_or_change_articles(client, moderator):
    article = ArticleFactory(title="Untouched")
    client.force_login(moderator)
    assert client.get("/admin/articles/article/").status_code == 403
    assert client.get(f"/admin/articles/article/{article.pk}/change/").status_code == 403
    assert client.post(f"/admin/articles/article/{article.pk}/change/", {"title": "Changed"}).status_code == 403
    assert client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"}).status_code == 403
    article.refresh_from_db()
    assert article.title == "Untouched"


def test_an_administrator_manages_people(client, roles, django_user_model):
    administrator = django_user_model.objects.create_user("ada", password="pw", is_staff=True)
    administrator.groups.add(Group.objects.get(name="Administrators"))
    client.force_login(administrator)
    assert client.get("/admin/auth/user/").status_code == 200
    assert client.get(f"/admin/auth/user/{administrator.pk}/change/").status_code == 200
