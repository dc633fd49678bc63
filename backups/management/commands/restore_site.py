import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from backups.archive import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = "Replace all content and uploaded media with those of an archive written by backup_site."

    def add_arguments(self, parser):
        parser.add_argument(
            "archive", help="Path of the .tar.gz archive, e.g. site-backups/lowmilk-20260101-120000.tar.gz"
        )
        parser.add_argument("--no-input", action="store_false", dest="interactive", help="Do not ask to confirm.")

    def handle(self, *args, archive, interactive, **options):
        try:
            manifest = read_manifest(archive)
            if interactive:
                self._confirm(archive, manifest)
            restore_backup(archive)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {archive} (made {manifest['created_at']}, {manifest['media_files']} media files)."
            )
        )

    def _confirm(self, archive, manifest):
        if not sys.stdin.isatty():
            raise CommandError(
                "Refusing to replace the site's content without confirmation: add --no-input (make restore ... YES=1)."
            )
        database = connection.settings_dict["NAME"]
        answer = input(
            f"This replaces ALL content in database {database} with the backup from {manifest['created_at']}.\n"
            "Type 'yes' to continue: "
        )
        if answer.strip().lower() != "yes":
            raise CommandError("Restore cancelled; nothing was changed.")
