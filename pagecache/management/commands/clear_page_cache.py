from django.core.management.base import BaseCommand

from pagecache.generation import content_changed, current_generation


class Command(BaseCommand):
    help = "Make every cached page stale at once (after a deploy that changed templates, or a bulk import)."

    def handle(self, *args, **options):
        content_changed()
        self.stdout.write(f"Page cache cleared: content generation is now {current_generation().version}.")
