"""Old addresses keep working: when a slug change moves a public page, a 301 redirect is recorded.

The redirects are django.contrib.redirects rows, answered by RedirectFallbackMiddleware when a path
would otherwise be a 404. Moves are tracked on the models' save signals rather than in the admin, so
every way a page can move (admin edit, restore of an old version, shell, import) is covered.
"""

from django.apps import apps
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.db import transaction
from django.db.models.signals import post_save, pre_save

# Longest path a Redirect row can hold.
MAX_PATH_LENGTH = Redirect._meta.get_field("old_path").max_length


def article_paths(article):
    """The public address of a published article (drafts have no public address to keep)."""
    from articles.models import Status

    return {"article": article.get_absolute_url()} if article.status == Status.PUBLISHED else {}


def section_paths(section):
    """The section's address and those of its published articles, which all contain the section slug."""
    from articles.models import Article

    paths = {"section": section.get_absolute_url()}
    if section.pk is not None:
        for pk, slug in Article.objects.published().filter(section=section).values_list("pk", "slug"):
            paths[("article", pk)] = f"{paths['section']}{slug}/"
    return paths


def own_path(obj):
    return {"self": obj.get_absolute_url()}


# The one place where models whose address can move are listed: "app_label.ModelName" -> their public paths.
# The consultant listing joins with one line, e.g. "consultants.Listing": own_path (or a published-only variant).
TRACKED_MODELS = {
    "articles.Article": article_paths,
    "articles.Section": section_paths,
    "pages.Page": own_path,
    "consultants.Listing": own_path,
}


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


def _paths_function(sender):
    return _TRACKERS.get(sender)


def _remember_old_paths(sender, instance, **kwargs):
    paths_of = _paths_function(sender)
    if paths_of is None or instance.pk is None:
        return
    stored = sender._base_manager.filter(pk=instance.pk).first()
    instance._paths_before_save = paths_of(stored) if stored is not None else {}


def _redirect_moved_paths(sender, instance, created, **kwargs):
    paths_of = _paths_function(sender)
    old_paths = getattr(instance, "_paths_before_save", None)
    if paths_of is None or created or not old_paths:
        return
    del instance._paths_before_save
    new_paths = paths_of(instance)
    for key, old_path in old_paths.items():
        new_path = new_paths.get(key)
        if new_path and new_path != old_path:
            record_move(old_path=old_path, new_path=new_path)


_TRACKERS = {}


def connect_slug_tracking():
    for label, paths_of in TRACKED_MODELS.items():
        app_label, _, model_name = label.partition(".")
        if app_label not in apps.app_configs:
            continue
        model = apps.get_model(app_label, model_name)
        _TRACKERS[model] = paths_of
        pre_save.connect(_remember_old_paths, sender=model, dispatch_uid=f"editorial-paths-{label}")
        post_save.connect(_redirect_moved_paths, sender=model, dispatch_uid=f"editorial-moves-{label}")
