import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from articles.models import Article, Citation, Section
from pages.models import Page, SiteSettings
from references.models import Reference

pytestmark = pytest.mark.django_db


def counts():
    return [model.objects.count() for model in (Section, Article, Reference, Citation, Page, SiteSettings)]


def test_load_demo_loads_the_site_and_is_idempotent(client, capsys):
    call_command("load_demo")
    first = counts()
    call_command("load_demo")

    assert counts() == first
    sections, articles, references, citations, pages, settings = first
    assert sections >= 3 and articles >= 8 and references >= 6 and settings == 1
    assert {"about", "contact", "donate"} <= set(Page.objects.values_list("slug", flat=True))
    assert {"jenner2002", "nedkova1995", "clavey1996", "li2003", "sheng1989", "kvist2006"} <= set(
        Reference.objects.values_list("key", flat=True)
    )
    acupuncture = Article.objects.get(slug="acupuncture-and-acupressure")
    assert acupuncture.citations.filter(occurrences__gt=1).exists()  # cited several times, as in the seed
    site = SiteSettings.load()
    assert site.book_title == "Making More Milk" and "Diana West" in site.book_authors and site.donation_url
    assert "Demo content loaded" in capsys.readouterr().out

    for url in ["/", "/articles/", acupuncture.get_absolute_url(), "/references/", "/about/", "/contact/", "/donate/"]:
        assert client.get(url).status_code == 200, url


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the demo administrator exists only on the SQLite demo database"
)
def test_demo_admin_prints_a_fresh_random_password(settings, capsys):
    settings.DEBUG = True
    call_command("demo_admin")
    first = capsys.readouterr().out
    call_command("demo_admin")
    second = capsys.readouterr().out

    password = first.split("password: ")[1].split()[0]
    assert len(password) >= 12 and password not in second
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password(second.split("password: ")[1].split()[0])


def test_demo_admin_refuses_outside_the_development_demo(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="only runs on the local SQLite demo database"):
        call_command("demo_admin")
    assert not get_user_model().objects.exists()


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "lowmilk.settings"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True, check=False
    )

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
