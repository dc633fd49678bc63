"""Bulk content for benchmarks: sections, long cited articles and a large reference library.

Articles are about 2,100 words like the Wagtail peer's page (10 ``##`` parts with paragraphs, a list, a
``###`` heading, bold text and links) and cite ``--citations`` references each, some more than once. Every
article is saved through ``articles.models.save_articles``, in batches of bulk inserts.
"""

import datetime
import random
import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, Section, Status, save_articles
from core.markdown import render_markdown
from pagecache.generation import content_changed
from references.formatting import format_ama
from references.models import Kind, Reference

VOCABULARY = (
    "milk supply breastfeeding baby parent pumping latch feeding nipple breast hormone prolactin oxytocin "
    "lactation consultant session night day hours weight gain diaper output colostrum mature let-down "
    "reflex skin contact comfort herbal galactagogue medication doctor midwife study trial evidence sample "
    "result effect dose week month newborn infant tissue gland duct flow volume stimulation emptying "
    "practice support family rest water food sleep routine position hold cradle football side-lying"
)
WORDS = VOCABULARY.split()
JOURNALS = ["Breastfeed Med", "J Hum Lact", "Acupunct Med", "Pediatrics", "Int Breastfeed J", "Matern Child Nutr"]
FAMILY_NAMES = ["Jenner", "Clavey", "Kvist", "Li", "Sheng", "Nedkova", "West", "Marasco", "Hale", "Neville"]
LAYOUTS = 5
SLOT = re.compile(r"@slot(\d+)")


class Command(BaseCommand):
    help = "Generate bulk sections, articles (with citations and related articles) and references for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000)
        parser.add_argument("--citations", type=int, default=30, help="Distinct references cited per article.")
        parser.add_argument("--references", type=int, default=50_000)
        parser.add_argument("--sections", type=int, default=20)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--batch-size", type=int, default=2_000)

    def handle(self, *args, **options):
        if options["references"] < options["citations"]:
            raise CommandError("--references must be at least --citations.")
        if Reference.objects.filter(key__startswith="gen-").exists():
            raise CommandError("Generated content is already there; use a fresh database.")
        rng = random.Random(options["seed"])  # noqa: S311 (repeatable test data, not secrets)
        batch = options["batch_size"]
        if connection.vendor == "postgresql":
            # A batch's search vectors (2,000 long articles in one UPDATE) and the VACUUM take longer than the
            # site's statement timeout on a busy machine: this command's own connection runs without it.
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")
        with transaction.atomic():
            reference_ids = self.create_references(rng, options["references"], batch)
            sections = self.create_sections(options["sections"])
            self.create_articles(rng, sections, reference_ids, options["articles"], options["citations"], batch)
            content_changed()
        # Fresh planner statistics (and PostgreSQL's visibility map), as autovacuum or `PRAGMA optimize` would give.
        with connection.cursor() as cursor:
            vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block  # VACUUM needs autocommit
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {options['sections']} sections, {options['articles']} articles citing "
                f"{options['citations']} references each, {options['references']} references."
            )
        )

    def create_references(self, rng, count, batch):
        references = []
        for n in range(count):
            authors = [f"{rng.choice(FAMILY_NAMES)}, {chr(65 + rng.randrange(26))}." for _ in range(rng.randint(1, 8))]
            reference = Reference(
                key=f"gen-{n:06d}",
                kind=Kind.JOURNAL,
                authors="\n".join(authors),
                title=_sentence(rng, 8, 16).rstrip("."),
                container_title=rng.choice(JOURNALS),
                year=rng.randint(1980, 2025),
                volume=str(rng.randint(1, 60)),
                issue=str(rng.randint(1, 12)),
                pages=f"{(first := rng.randint(1, 900))}-{first + rng.randint(2, 20)}",
                doi=f"10.{rng.randint(1000, 9999)}/gen.{n}",
                pmid=str(10_000_000 + n),
            )
            reference.formatted_html = format_ama(reference)
            references.append(reference)
        Reference.objects.bulk_create(references, batch_size=batch)
        return [reference.pk for reference in references]

    def create_sections(self, count):
        sections = [
            Section(
                title=f"Generated section {n}",
                slug=f"generated-{n}",
                intro="Articles generated for benchmarks.",
                intro_html=render_markdown("Articles generated for benchmarks."),
                order=1000 + n,
            )
            for n in range(count)
        ]
        Section.objects.bulk_create(sections)
        return list(Section.objects.filter(slug__startswith="generated-").order_by("order"))

    def create_articles(self, rng, sections, reference_ids, count, citations, batch):
        layouts = [_layout(rng, citations) for _ in range(LAYOUTS)]
        now = timezone.now()
        ids = []
        for start in range(0, count, batch):
            articles = []
            for n in range(start, min(start + batch, count)):
                keys = rng.sample(range(len(reference_ids)), citations)
                title = _sentence(rng, 3, 7).rstrip(".")
                articles.append(
                    Article(
                        section=sections[n % len(sections)],
                        title=title,
                        slug=f"{slugify(title)[:40]}-{n}",
                        summary=_sentence(rng, 15, 30),
                        body=SLOT.sub(lambda match, keys=keys: f"@gen-{keys[int(match[1])]:06d}", layouts[n % LAYOUTS]),
                        status=Status.PUBLISHED,
                        publish_at=now - datetime.timedelta(days=1),
                        order=n // len(sections),
                        authors="Diana West, Lisa Marasco",
                        medical_reviewer="Dr. A. Reviewer",
                        last_reviewed=datetime.date(2025, 3, 14),
                    )
                )
            save_articles(articles, write=Article.objects.bulk_create)
            ids += [article.pk for article in articles]
        related = [
            Article.related.through(from_article_id=article_id, to_article_id=other)
            for article_id in ids
            for other in rng.sample(ids, min(3, len(ids)))
            if other != article_id
        ]
        Article.related.through.objects.bulk_create(related, batch_size=batch)


def _sentence(rng, low, high):
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def _layout(rng, citations):
    """A ~2,100-word article body citing ``@slot0`` to ``@slot<citations - 1>`` in order, some twice."""
    slots = iter(range(citations))
    parts = []
    for part in range(10):
        paragraphs = []
        for _ in range(3):
            sentences = [_sentence(rng, 10, 20) for _ in range(4)]
            if (slot := next(slots, None)) is not None:
                sentences[1] = f"{sentences[1][:-1]} [@slot{slot}]."
                if slot >= 4 and slot % 4 == 0:
                    sentences[3] = f"{sentences[3][:-1]} [@slot{slot - 4}; @slot{slot}]."
            paragraphs.append(" ".join(sentences))
        paragraphs[0] = paragraphs[0].replace(" milk ", " **milk** ", 1)
        items = "\n".join(f"- {_sentence(rng, 4, 9)}" for _ in range(4))
        link = f"See [a guide to {rng.choice(WORDS)}](https://example.org/guide/{part}/) for more."
        parts.append(
            f"## {_sentence(rng, 2, 5).rstrip('.')}\n\n{paragraphs[0]}\n\n{items}\n\n{paragraphs[1]} {link}\n\n"
            f"### {_sentence(rng, 2, 4).rstrip('.')}\n\n{paragraphs[2]}"
        )
    return "\n\n".join(parts)
