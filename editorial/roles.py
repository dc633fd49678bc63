"""The staff roles and exactly the permissions each needs; applied by ``manage.py setup_roles``.

Each app declares which role may do what with its models (``permissions`` in core.content); the roles are
read from those declarations, plus the few Django models that only administrators manage.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from core.content import ADMINISTRATORS, ALL_ACTIONS, EDITORS, MODERATORS, content_models

# Administrators may do everything editors and moderators do, manage people and their roles, unlock a
# paused sign-in (delete its access attempts), and see and resend the site's outgoing mail.
ADMINISTRATOR_EXTRA_PERMISSIONS = {
    "auth.user": ALL_ACTIONS,
    "auth.group": ALL_ACTIONS,
    "axes.accessattempt": ("view", "delete"),
    "post_office.email": ("view", "change"),
    "post_office.log": ("view",),
}


def _codenames(label, actions):
    app_label, _, model_name = label.lower().partition(".")
    return [(app_label, f"{action}_{model_name}") for action in actions]


def role_permissions():
    """Return {group name: [(app_label, codename), ...]} for the installed apps."""
    wanted = {EDITORS: [], MODERATORS: [], ADMINISTRATORS: []}
    for declared in content_models():
        for role, actions in declared.permissions.items():
            wanted[role] += _codenames(declared.label, actions)
    for label, actions in ADMINISTRATOR_EXTRA_PERMISSIONS.items():
        wanted[ADMINISTRATORS] += _codenames(label, actions)
    wanted[ADMINISTRATORS] = sorted({codename for codenames in wanted.values() for codename in codenames})
    return {role: list(dict.fromkeys(codenames)) for role, codenames in wanted.items()}


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
