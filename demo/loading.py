"""Loading the demo content in ``demo/content/``: a TOML file of site settings, sections and redirects,
markdown files with TOML front matter for the articles and pages, and the references as CSL-JSON.

Everything is saved through the same paths editors use: references through the reference importer, the rest
through each model's ``full_clean()`` and ``save()`` (so markdown, citations and search columns are rendered
once, on save).
"""

import datetime
import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.utils import timezone

from articles.citations import cited_keys
from articles.models import Article, Section, Status
from pages.models import Page, SiteSettings
from references import importing
from references.models import Reference

CONTENT = Path(__file__).resolve().parent / "content"
FRONT_MATTER_FENCE = "+++"


class DemoContentError(Exception):
    """The demo content files are inconsistent; the message names the file and what is wrong."""


@dataclass
class MarkdownFile:
    slug: str
    fields: dict
    body: str


def read_markdown_files(folder):
    """The ``*.md`` files of ``folder``, each split into its TOML front matter and its markdown body."""
    files = []
    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        fence, front_matter, body = text.split(FRONT_MATTER_FENCE + "\n", 2) if text.startswith("+++") else ("", "", "")
        if fence or not front_matter:
            raise DemoContentError(
                f"{path.name}: must start with TOML front matter between {FRONT_MATTER_FENCE} lines."
            )
        try:
            fields = tomllib.loads(front_matter)
        except tomllib.TOMLDecodeError as error:
            raise DemoContentError(f"{path.name}: {error}") from error
        files.append(MarkdownFile(slug=path.stem, fields=fields, body=body.strip() + "\n"))
    return files


def load_references():
    """Import the demo references that are not in the library yet; return how many there are in all."""
    text = (CONTENT / "references.json").read_text(encoding="utf-8")
    preview = importing.preview_import(text, importing.CSL_JSON)
    if preview.invalid:
        problems = "; ".join(f"line {entry.line}: {', '.join(entry.errors)}" for entry in preview.invalid)
        raise DemoContentError(f"references.json: {problems}")
    result = importing.import_entries(preview.entries)
    if result.failed:
        raise DemoContentError(f"references.json: {result.failed[0].errors}")
    return len(preview.entries)


def load_site(today=None):
    """Load everything; return {kind: count}. Records that exist already (by slug) are updated."""
    today = today or timezone.localdate()
    site = tomllib.loads((CONTENT / "site.toml").read_text(encoding="utf-8"))
    counts = {"references": load_references()}
    known_keys = set(Reference.objects.values_list("key", flat=True))

    sections = {}
    for order, fields in enumerate(site["sections"], start=1):
        slug = fields.pop("slug")
        sections[slug] = _save(Section, {"slug": slug}, {**fields, "order": order * 10})
    counts["sections"] = len(sections)

    articles, related = {}, {}
    for file in read_markdown_files(CONTENT / "articles"):
        if unknown := set(cited_keys(file.body)) - known_keys:
            raise DemoContentError(f"articles/{file.slug}.md cites unknown keys: {', '.join(sorted(unknown))}")
        fields = dict(file.fields)
        section = sections[fields.pop("section")]
        related[file.slug] = fields.pop("related", [])
        fields.update(body=file.body, status=Status.PUBLISHED, last_reviewed=_review_date(fields, file.slug, today))
        articles[file.slug] = _save(Article, {"section": section, "slug": file.slug}, fields)
    for slug, related_slugs in related.items():
        articles[slug].related.set([articles[other] for other in related_slugs])
    counts["articles"] = len(articles)

    pages = read_markdown_files(CONTENT / "pages")
    for file in pages:
        _save(Page, {"slug": file.slug}, {**file.fields, "body": file.body})
    counts["pages"] = len(pages)

    settings = SiteSettings.load()
    for name, value in site["site_settings"].items():
        setattr(settings, name, value)
    settings.save()

    # An address of the previous site, answered with a 301 (django.contrib.redirects).
    for redirect in site.get("redirects", []):
        Redirect.objects.update_or_create(
            site=Site.objects.get_current(), old_path=redirect["old_path"], defaults={"new_path": redirect["new_path"]}
        )
    return counts


def _review_date(fields, slug, today):
    """``reviewed_months_ago`` counts back from the day the demo is loaded, so its review dates never go stale."""
    if "reviewed_months_ago" in fields:
        return today - datetime.timedelta(days=round(30.44 * fields.pop("reviewed_months_ago")))
    if "last_reviewed" in fields:
        return datetime.date.fromisoformat(fields.pop("last_reviewed"))
    raise DemoContentError(f"articles/{slug}.md: give reviewed_months_ago (or last_reviewed).")


def _save(model, lookup, fields):
    """Create or update one record through ``full_clean()`` and ``save()``."""
    instance = model.objects.filter(**lookup).first() or model(**lookup)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance
