from django.core.management.base import BaseCommand, CommandError

from editorial.roles import MissingPermissions, role_permissions, setup_roles


class Command(BaseCommand):
    help = (
        'Create or update the "Editors", "Directory moderators" and "Administrators" groups with exactly '
        "their permissions. Safe to run again: permissions added to these groups by hand are removed."
    )

    def handle(self, *args, **options):
        try:
            changes = setup_roles()
        except MissingPermissions as error:
            raise CommandError(str(error)) from error
        counts = {name: len(permissions) for name, permissions in role_permissions().items()}
        for name, (added, removed) in changes.items():
            self.stdout.write(f"{name}: {counts[name]} permissions ({added} added, {removed} removed)")
        self.stdout.write(self.style.SUCCESS("Roles are set up. Give people a role by adding them to a group."))
