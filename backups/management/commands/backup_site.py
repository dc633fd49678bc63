from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from backups.archive import BackupError, write_backup


class Command(BaseCommand):
    help = "Write a timestamped archive of all content (database rows) and uploaded media into a folder."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=str(settings.BASE_DIR / "site-backups"),
            help="Where to write (default: site-backups/).",
        )

    def handle(self, *args, output_dir, **options):
        try:
            path = write_backup(output_dir)
        except (BackupError, OSError) as error:
            raise CommandError(f"Backup failed: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Backup written: {path}"))
