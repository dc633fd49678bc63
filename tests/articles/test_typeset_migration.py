"""Bodies stored before citations were set the AMA way are rendered again by the migration."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from articles.models import Article, SearchTerm
from tests.factories import ArticleFactory, ReferenceFactory

pytestmark = pytest.mark.django_db


def test_the_migration_renders_stored_bodies_again():
    reference = ReferenceFactory(key="daly1993")
    article = ArticleFactory(body="## Supply\n\nMilk is made to replace what is removed [@daly1993].")
    Article.objects.filter(pk=article.pk).update(body_html="old", body_text="old")
    SearchTerm.objects.all().delete()
    migration = importlib.import_module("articles.migrations.0005_trigrams_and_typeset_bodies")
    migration.render_bodies(apps, SimpleNamespace(connection=connection))  # it reads only the connection
    article.refresh_from_db()
    assert "removed.<sup" in article.body_html and reference.key not in article.body_html
    assert article.body_text.startswith("Supply.\n")
    assert SearchTerm.objects.filter(word="supply").exists()  # the heading's word, for suggestions
