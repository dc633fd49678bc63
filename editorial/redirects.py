"""Old addresses keep working: when a slug change moves a public page, a 301 redirect is recorded.

The redirects are django.contrib.redirects rows, answered by RedirectFallbackMiddleware when a path
would otherwise be a 404. Moves are tracked on the models' save signals rather than in the admin, so
every way a page can move (admin edit, restore of an old version, shell, import) is covered. A model takes part by
declaring ``moves=True`` (core.content) and giving ``public_paths()``: its public addresses by name.
"""

from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.db import transaction
from django.db.models.signals import post_save, pre_delete, pre_save

from core.content import content_models

# Longest path a Redirect row can hold.
MAX_PATH_LENGTH = Redirect._meta.get_field("old_path").max_length


def record_move(*, old_path, new_path, site=None):
    """Make ``old_path`` answer with a 301 to ``new_path``, without chains or loops.

    Redirects that led to ``old_path`` now lead straight to ``new_path``, and a redirect away from
    ``new_path`` (the address is live again) is removed.
    """
    if old_path == new_path or len(old_path) > MAX_PATH_LENGTH or len(new_path) > MAX_PATH_LENGTH:
        return
    site = site or Site.objects.get_current()
    with transaction.atomic():
        Redirect.objects.filter(site=site, new_path=old_path).update(new_path=new_path)
        Redirect.objects.filter(site=site, old_path=new_path).delete()
        Redirect.objects.update_or_create(site=site, old_path=old_path, defaults={"new_path": new_path})


def _remember_old_paths(sender, instance, **kwargs):
    if instance.pk is None:
        return
    stored = sender._base_manager.filter(pk=instance.pk).first()
    instance._paths_before_save = stored.public_paths() if stored is not None else {}


def _redirect_moved_paths(sender, instance, created, **kwargs):
    old_paths = getattr(instance, "_paths_before_save", None)
    if created or not old_paths:
        return
    del instance._paths_before_save
    new_paths = instance.public_paths()
    for key, old_path in old_paths.items():
        new_path = new_paths.get(key)
        if new_path and new_path != old_path:
            record_move(old_path=old_path, new_path=new_path)


def parent_path(path):
    """The page one level up: /articles/herbs/fenugreek/ -> /articles/herbs/; /about/ -> /."""
    trimmed = path.rstrip("/")
    return trimmed[: trimmed.rfind("/") + 1] or "/"


def _repoint_redirects_to_deleted_paths(sender, instance, **kwargs):
    """Old addresses of a deleted page lead one level up (an article's section) instead of to a 404."""
    site = Site.objects.get_current()
    for path in instance.public_paths().values():
        parent = parent_path(path)
        Redirect.objects.filter(site=site, new_path=path, old_path=parent).delete()  # would loop
        Redirect.objects.filter(site=site, new_path=path).update(new_path=parent)


def connect_slug_tracking():
    """Watch the saves and deletions of every model declared with ``moves=True`` (core.content)."""
    for declared in content_models():
        if declared.moves:
            label, model = declared.label, declared.model
            pre_save.connect(_remember_old_paths, sender=model, dispatch_uid=f"editorial-paths-{label}")
            post_save.connect(_redirect_moved_paths, sender=model, dispatch_uid=f"editorial-moves-{label}")
            pre_delete.connect(
                _repoint_redirects_to_deleted_paths, sender=model, dispatch_uid=f"editorial-deleted-{label}"
            )
