"""The editorial roles and exactly the permissions each needs; applied by ``manage.py setup_roles``."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction

ALL = ("add", "change", "delete", "view")

# Editors write the site's content: articles, sections, references, pages, redirects of old addresses;
# they may edit the site-wide texts and handle contact messages, but not add or delete those records.
EDITOR_PERMISSIONS = {
    "articles.article": ALL,
    "articles.section": ALL,
    "articles.citation": ("view",),  # the read-only "references cited" list on the article form
    "references.reference": ALL,
    "pages.page": ALL,
    "pages.sitesettings": ("change", "view"),
    "pages.contactmessage": ("change", "view"),
    "redirects.redirect": ALL,
}

# Directory moderators look after the consultant directory: every model of these apps, when installed.
DIRECTORY_APPS = ("consultants",)

# Administrators may do everything editors and moderators do, and manage people and their roles.
ADMINISTRATOR_EXTRA_PERMISSIONS = {
    "auth.user": ALL,
    "auth.group": ALL,
    "pages.sitesettings": ALL,
    "pages.contactmessage": ALL,
    "sites.site": ("change", "view"),
}

EDITORS, MODERATORS, ADMINISTRATORS = "Editors", "Directory moderators", "Administrators"


def _model_permissions(spec):
    """Permission rows for {"app_label.model": actions}; models of apps that are not installed are skipped."""
    wanted = []
    for label, actions in spec.items():
        app_label, _, model_name = label.partition(".")
        if app_label in apps.app_configs:
            wanted += [(app_label, f"{action}_{model_name}") for action in actions]
    return wanted


def _app_permissions(app_labels):
    wanted = []
    for app_label in app_labels:
        if app_label not in apps.app_configs:
            continue
        for model in apps.get_app_config(app_label).get_models():
            opts = model._meta
            wanted += [(app_label, f"{action}_{opts.model_name}") for action in opts.default_permissions]
            wanted += [(app_label, codename) for codename, _name in opts.permissions]
    return wanted


def role_permissions():
    """Return {group name: [(app_label, codename), ...]} for the installed apps."""
    editors = _model_permissions(EDITOR_PERMISSIONS)
    moderators = _app_permissions(DIRECTORY_APPS)
    administrators = sorted({*editors, *moderators, *_model_permissions(ADMINISTRATOR_EXTRA_PERMISSIONS)})
    return {EDITORS: editors, MODERATORS: moderators, ADMINISTRATORS: administrators}


class MissingPermissions(Exception):
    pass


@transaction.atomic
def setup_roles():
    """Create or update the role groups so each has exactly its permissions; return {name: (added, removed)}."""
    existing = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in Permission.objects.select_related("content_type")
    }
    changes = {}
    for name, wanted in role_permissions().items():
        missing = [f"{app_label}.{codename}" for app_label, codename in wanted if (app_label, codename) not in existing]
        if missing:
            raise MissingPermissions(f"Permissions missing: {', '.join(missing)}. Run `manage.py migrate` first.")
        permissions = [existing[key] for key in wanted]
        group, _ = Group.objects.get_or_create(name=name)
        before = set(group.permissions.all())
        group.permissions.set(permissions)
        changes[name] = (len(set(permissions) - before), len(before - set(permissions)))
    return changes
