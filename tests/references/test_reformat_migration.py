"""Entries stored before page ranges were kept on one line are formatted again by the migration."""

import importlib

import pytest
from django.apps import apps

from references.models import Reference
from tests.factories import ReferenceFactory

pytestmark = pytest.mark.django_db


def test_the_migration_reformats_stored_entries():
    reference = ReferenceFactory(pages="107-8")
    Reference.objects.filter(pk=reference.pk).update(formatted_html="old")
    migration = importlib.import_module("references.migrations.0002_reformat_page_ranges")
    migration.reformat(apps, None)
    assert '<span class="nowrap">107-108</span>' in Reference.objects.get(pk=reference.pk).formatted_html
