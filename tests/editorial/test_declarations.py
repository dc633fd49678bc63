"""What each app declares about its content models (core.content) is what editorial and pagecache do."""

import re

import pytest
import reversion
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from core.content import content_models
from pagecache.generation import current_generation
from website.navigation import chrome_context

pytestmark = pytest.mark.django_db


def latest(item):
    """The newest row of a declared model (saving an article replaces its citation rows)."""
    return item.model._base_manager.order_by("pk").last()


def test_versioned_models_are_under_revision_history(one_of_every_content_model):
    for item in content_models():
        if item.versioned:
            assert reversion.is_registered(item.model), item.label


def test_saving_what_readers_see_makes_cached_pages_stale(one_of_every_content_model):
    for item in content_models():
        before = current_generation().version
        latest(item).save()
        bumped = current_generation().version > before
        assert bumped == item.shown_to_readers, item.label


def test_a_versioned_save_in_the_admin_is_a_revision_an_administrator_can_see(admin_client, one_of_every_content_model):
    for item in content_models():
        obj, opts = latest(item), item.model._meta
        if not item.versioned or not admin.site.is_registered(item.model):  # credentials: edited inline
            continue
        with reversion.create_revision():
            obj.save()
        assert Version.objects.get_for_object(obj).exists(), item.label
        history = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
        assert admin_client.get(history).status_code == 200, item.label


def test_models_that_move_keep_their_old_address(one_of_every_content_model):
    for item in content_models():
        if item.moves:
            assert one_of_every_content_model[item.label].public_paths(), item.label


def test_saving_what_the_site_chrome_shows_renews_the_chrome_and_nothing_else_does(one_of_every_content_model):
    for item in content_models():
        before = current_generation().chrome_version
        latest(item).save()
        renewed = current_generation().chrome_version > before
        assert renewed == item.in_chrome, item.label


def test_the_site_chrome_reads_only_models_declared_in_the_chrome(site_settings):
    with CaptureQueriesContext(connection) as captured:
        chrome_context()
    read = {table for query in captured for table in re.findall(r'FROM "(\w+)"', query["sql"])}
    declared = {item.model._meta.db_table for item in content_models() if item.in_chrome}
    assert read - {"pagecache_contentgeneration"} <= declared, read
