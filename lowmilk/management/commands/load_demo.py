import datetime

from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from reversion import create_revision, set_comment

from articles.citations import cited_keys
from articles.models import Article, Section, Status
from consultants.demo import load_demo_listings
from lowmilk.demo import content
from pages.models import Page, SiteSettings
from references.models import Reference


class Command(BaseCommand):
    help = "Load the demo sections, articles, references, pages and site settings. Safe to run again."

    @transaction.atomic
    @create_revision()  # editorial: the demo content's first version in each record's history
    def handle(self, *args, **options):
        set_comment("Demo content loaded.")
        known_keys = {entry["key"] for entry in content.REFERENCES}
        for article in content.ARTICLES:
            unknown = set(cited_keys(article["body"])) - known_keys
            if unknown:
                raise CommandError(f"Demo article {article['slug']!r} cites unknown keys: {', '.join(sorted(unknown))}")

        for entry in content.REFERENCES:
            fields = dict(entry)
            key = fields.pop("key")
            fields["authors"] = "\n".join(fields.get("authors", []))
            fields["editors"] = "\n".join(fields.get("editors", []))
            for date_field in ("accessed", "published_online"):
                if fields.get(date_field):
                    fields[date_field] = datetime.date.fromisoformat(fields[date_field])
            _save(Reference, {"key": key}, fields)

        sections = {}
        for order, entry in enumerate(content.SECTIONS, start=1):
            fields = {key: value for key, value in entry.items() if key != "slug"}
            sections[entry["slug"]] = _save(Section, {"slug": entry["slug"]}, {**fields, "order": order * 10})

        articles = {}
        for order, entry in enumerate(content.ARTICLES, start=1):
            fields = {key: value for key, value in entry.items() if key not in ("slug", "section", "related")}
            fields.update(
                status=Status.PUBLISHED,
                order=order * 10,
                last_reviewed=datetime.date.fromisoformat(entry["last_reviewed"]),
            )
            section = sections[entry["section"]]
            articles[entry["slug"]] = _save(Article, {"section": section, "slug": entry["slug"]}, fields)
        for entry in content.ARTICLES:
            articles[entry["slug"]].related.set([articles[slug] for slug in entry.get("related", [])])

        for entry in content.PAGES:
            fields = {key: value for key, value in entry.items() if key != "slug"}
            _save(Page, {"slug": entry["slug"]}, fields)

        settings = SiteSettings.load()
        for name, value in content.SITE_SETTINGS.items():
            setattr(settings, name, value)
        settings.save()
        listings = load_demo_listings()

        # editorial: an address of the previous site, answered with a 301 (django.contrib.redirects).
        for old_path, new_path in content.REDIRECTS:
            Redirect.objects.update_or_create(
                site=Site.objects.get_current(), old_path=old_path, defaults={"new_path": new_path}
            )

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content loaded: {len(sections)} sections, {len(articles)} articles, "
                f"{len(content.REFERENCES)} references, {len(content.PAGES)} pages, {listings} consultant listings."
            )
        )


def _save(model, lookup, fields):
    """Create or update one record through save(), so stored HTML and citations are rendered."""
    instance = model.objects.filter(**lookup).first() or model(**lookup)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance
