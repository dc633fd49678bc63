"""Revisions of editorial content, kept with django-reversion.

Why django-reversion rather than django-simple-history: reversion keeps every model's versions in one
generic table, so putting a model under history is ``versioned=True`` in its app's declaration (no extra
history table or migration in the model's own app); and its admin restores an old version or a deleted
object *through the model's admin form*, so the restore runs ``Article.save()`` (markdown re-rendered,
citation rows rebuilt), passes the form's validation and is itself saved as a new revision.

Revisions are written only when content is saved (admin, imports, demo loader); public page views
never read or write them.
"""

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import router
from django.utils import timezone
from reversion.models import Revision, Version

from core.content import content_models


def register_history_models():
    """Register every model declared ``versioned`` (core.content) with reversion (safe to call again)."""
    for declared in content_models():
        if declared.versioned and not reversion.is_registered(declared.model):
            reversion.register(declared.model, follow=declared.follow)


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
