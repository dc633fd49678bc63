from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from reversion import create_revision, set_comment

from demo.listings import load_demo_listings
from demo.loading import DemoContentError, load_site


class Command(BaseCommand):
    help = "Load the demo sections, articles, references, pages, site settings and listings. Safe to run again."

    def handle(self, *args, **options):
        try:
            with transaction.atomic(), create_revision():  # the demo content's first version in each record's history
                set_comment("Demo content loaded.")
                counts = load_site()
                counts["consultant listings"] = load_demo_listings()
        except DemoContentError as error:
            raise CommandError(f"Demo content not loaded: {error}") from error
        summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {summary}."))
