from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from reversion import create_revision, set_comment
from tqdm import tqdm

from references import importing


class Command(BaseCommand):
    help = (
        "Import references from a BibTeX, RIS or CSL-JSON file. New entries are saved; duplicates (same DOI, "
        "PMID or key) and invalid entries are reported with their line and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--format", dest="file_format", choices=[value for value, _label in importing.FORMAT_CHOICES]
        )
        parser.add_argument("--dry-run", action="store_true", help="Report what would be imported; save nothing.")
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar (it is off when not a terminal)."
        )

    def handle(self, *args, file, file_format, dry_run, no_progress, verbosity, **options):
        try:
            text = importing.decode_upload(file.read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}") from error
        except importing.UnreadableFile as error:
            raise CommandError(f"{file}: {error}") from error
        file_format = file_format or importing.detect_format(file.name, text)
        if not file_format:
            raise CommandError(f"Cannot tell the format of {file}; give it with --format.")

        preview = importing.preview_import(text, file_format)
        for entry in preview.invalid:
            self.stderr.write(f"line {entry.line}: {entry.key or '(no key)'}: {' '.join(entry.errors)}")
        if verbosity > 1:
            for entry in preview.duplicates:
                self.stdout.write(f"line {entry.line}: {entry.key}: duplicate of {entry.duplicate_of}")
        summary = f"{len(preview.new)} new, {len(preview.duplicates)} duplicates, {len(preview.invalid)} invalid"
        if dry_run:
            self.stdout.write(f"Dry run, nothing saved: {summary}.")
            return

        def progress(entries):
            # tqdm hides itself when stderr is not a terminal (disable=None).
            return tqdm(entries, desc="Importing", unit="ref", disable=True if no_progress else None)

        with create_revision():
            set_comment(f"Imported from {file.name}.")
            result = importing.import_entries(preview.entries, progress=progress)
        for entry in result.failed:
            self.stderr.write(f"line {entry.line}: {entry.key}: {' '.join(entry.errors)}")
        self.stdout.write(
            self.style.SUCCESS(f"Imported {len(result.created)} references from {file.name} ({summary}).")
        )
