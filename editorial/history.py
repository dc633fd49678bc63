"""Revisions of editorial content, kept with django-reversion.

Why django-reversion rather than django-simple-history: reversion keeps every model's versions in one
generic table, so putting a model under history is one line in ``HISTORY_MODELS`` below (no extra
history table or migration in the model's own app); and its admin restores an old version or a deleted
object *through the model's admin form*, so the restore runs ``Article.save()`` (markdown re-rendered,
citation rows rebuilt), passes the form's validation and is itself saved as a new revision.

Revisions are written only when content is saved (admin, imports, demo loader); public page views
never read or write them.
"""

import reversion
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import router
from django.utils import timezone
from reversion.models import Revision, Version

# The one place where models are put under revision history: "app_label.ModelName" -> reversion options.
# Derived data (Article.body_html, Citation rows, Reference.formatted_html) is rebuilt by save(), so it
# is not followed. A listing's credentials are edited inline with it, so they are followed.
HISTORY_MODELS = {
    "articles.Article": {},
    "articles.Section": {},
    "references.Reference": {},
    "pages.Page": {},
    "pages.SiteSettings": {},
    "consultants.Listing": {"follow": ["credentials"]},
    "consultants.Credential": {},
}


def register_history_models():
    """Register every installed model of ``HISTORY_MODELS`` with reversion (safe to call again)."""
    for label, options in HISTORY_MODELS.items():
        app_label, _, model_name = label.partition(".")
        if app_label not in apps.app_configs:
            continue
        model = apps.get_model(app_label, model_name)
        if not reversion.is_registered(model):
            reversion.register(model, **options)


def record_deletion(objects, *, user=None):
    """Save the last state of ``objects`` as a "Deleted" revision, so they can be recovered later.

    django-reversion only records saves; without this, an object deleted before it was ever saved in
    a revision (demo content, rows older than the history) could not be recovered. The revision is
    written directly, because reversion drops versions of objects that no longer exist when a
    revision block closes.
    """
    objects = [obj for obj in objects if obj.pk is not None and reversion.is_registered(type(obj))]
    if not objects:
        return None
    revision = Revision.objects.create(
        date_created=timezone.now(), user=user if user and user.is_authenticated else None, comment="Deleted."
    )
    Version.objects.bulk_create(
        Version(
            revision=revision,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=str(obj.pk),
            db=router.db_for_write(type(obj), instance=obj),
            format="json",
            serialized_data=serializers.serialize("json", [obj]),
            object_repr=str(obj),
        )
        for obj in objects
    )
    return revision
