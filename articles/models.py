import datetime
from functools import reduce
from operator import or_

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import SearchVectorField
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from markdownx.models import MarkdownxField

from articles import search
from articles.addresses import addresses
from articles.citations import render_with_citations
from core.markdown import plain_text, render_markdown
from references.models import Reference


class Section(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(unique=True, help_text="Part of the web address: /articles/<slug>/.")
    intro = models.TextField(
        blank=True, help_text="A short introduction shown above the section's articles (markdown)."
    )
    intro_html = models.TextField(editable=False, blank=True)
    order = models.PositiveIntegerField(default=0, help_text="Sections are listed from the lowest number.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.intro_html = render_markdown(self.intro)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return addresses().section(self.slug)

    def public_paths(self):
        """The section's address and those of its published articles, which all contain the section slug."""
        paths = {"section": self.get_absolute_url()}
        if self.pk is not None:
            for pk, slug in Article.objects.published().filter(section=self).values_list("pk", "slug"):
                paths[("article", pk)] = f"{paths['section']}{slug}/"
        return paths


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


# The source and search columns of an article, which its page never shows.
NOT_ON_PAGE = ("body", "body_text", "search_vector", "rank_vector", "title_vector", "summary_words")


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles readers may see: published, with a publish time that has come."""
        return self.filter(status=Status.PUBLISHED, publish_at__lte=timezone.now())

    def review_due_by(self, date):
        """Articles whose next review (last reviewed + review interval) falls on or before ``date``."""
        intervals = self.order_by().values_list("review_interval_months", flat=True).distinct()
        conditions = [
            Q(review_interval_months=months, last_reviewed__lte=_latest_review_date_due_by(date, months))
            for months in intervals
        ]
        return self.filter(reduce(or_, conditions)) if conditions else self.none()

    def search(self, query, *, page=1, per_page=search.RESULTS_PER_PAGE):
        """A Page of these articles matching the site-search ``query``, best first, each with a ``snippet``."""
        return search.search_page(self, query, page=page, per_page=per_page)

    def spelling_suggestion(self, query):
        """``query`` with misspelt words corrected from the site's own words when that finds some of these
        articles, or "" (see search.py)."""
        return search.spelling_suggestion(self, query, terms=SearchTerm.objects.all())

    def for_page(self):
        """The columns an article page shows, with its section: none of the source or search columns."""
        return self.select_related("section").defer(*NOT_ON_PAGE)


class Article(models.Model):
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(max_length=200)
    slug = models.SlugField(help_text="Part of the web address: /articles/<section>/<slug>/.")
    summary = models.TextField(max_length=500, help_text="One or two sentences shown in lists and search results.")
    body = MarkdownxField(
        help_text="Markdown. Cite references with [@key] or several at once with [@key1; @key2]; "
        "numbers are given in order of first appearance."
    )
    body_html = models.TextField(editable=False, blank=True)
    body_text = models.TextField(editable=False, blank=True, help_text="The body as plain text, for site search.")
    toc = models.JSONField(
        "table of contents", editable=False, default=list, blank=True, help_text="The body's headings, from save."
    )
    # Full-text search: a tsvector column with a GIN index on PostgreSQL; unused (and empty) on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    # Title and summary only: small enough to stay in the row, so ordering matches never reads search_vector.
    rank_vector = SearchVectorField(null=True, editable=False)
    # The title alone: results whose title holds the search come first.
    title_vector = SearchVectorField(null=True, editable=False)
    # Each word of the summary with its lexeme ({"feeding": "feed"}), to highlight a search in it (PostgreSQL only).
    summary_words = models.JSONField(default=dict, editable=False, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        default=timezone.now,
        help_text="A published article appears on the site from this time. Set a future time to schedule it.",
    )
    order = models.PositiveIntegerField(default=0, help_text="Position within its section, lowest first.")
    authors = models.CharField(max_length=300, blank=True)
    medical_reviewer = models.CharField(max_length=200, blank=True)
    last_reviewed = models.DateField(default=datetime.date.today)
    review_interval_months = models.PositiveSmallIntegerField(
        default=24, help_text="How often the content must be reviewed by a qualified person."
    )
    related = models.ManyToManyField("self", blank=True, symmetrical=False, related_name="+")
    seo_description = models.CharField(
        "SEO description", max_length=160, blank=True, help_text="For search engines; the summary is used if empty."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["section__order", "order", "title"]
        constraints = [models.UniqueConstraint(fields=["section", "slug"], name="article_slug_unique_in_section")]
        indexes = [
            models.Index(fields=["status", "publish_at"]),
            # A section's articles in reading order, read straight from the index: the first few of each section
            # (home, /articles/), a page of a section, the articles before and after one. publish_at is only
            # filtered on, so it is not a key column: one before the order would make every read sort.
            models.Index(fields=["section", "status", "order", "title"], name="article_section_order"),
            # How many articles of a section are published, counted from the index alone (the section page).
            models.Index(fields=["section", "status", "publish_at"], name="article_section_published"),
            # fastupdate off: an edit writes its words into the index at once (an article save takes about 55 ms
            # instead of 27) rather than into a pending list that every search then reads in full until VACUUM
            # clears it (462 pages, a millisecond a search, on the bench after a day of edits). Migration 0013.
            GinIndex(fields=["search_vector"], name="article_search_vector_gin", fastupdate=False),
            # Site search finds the articles whose title, or title and summary, hold a rare search through these,
            GinIndex(fields=["title_vector"], name="article_title_vector_gin", fastupdate=False),
            GinIndex(fields=["rank_vector"], name="article_rank_vector_gin", fastupdate=False),
            # Quoted phrases of two words are found through GIN indexes of word pairs that migration 0010 creates on
            # PostgreSQL only, with the SQL functions they index (SQLite remakes tables from these declarations).
            # A common search's first page and bounded count are read in title order from this index alone.
            models.Index(
                fields=["title", "id"],
                include=["status", "publish_at", "title_vector", "rank_vector"],
                name="article_search_by_title",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        save_articles([self], write=lambda articles: super(Article, self).save(*args, **kwargs))

    def get_absolute_url(self):
        return addresses().article(self.section.slug, self.slug)

    def public_paths(self):
        """The public address of a published article (drafts have no public address to keep)."""
        return {"article": self.get_absolute_url()} if self.status == Status.PUBLISHED else {}

    @property
    def next_review_due(self):
        return _add_months(self.last_reviewed, self.review_interval_months)

    @property
    def show_toc(self):
        """Long articles (three or more sections) get a table of contents."""
        return len(self.toc) >= 3

    @property
    def is_live(self):
        return self.status == Status.PUBLISHED and self.publish_at <= timezone.now()


def _add_months(date, months):
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    for day in (date.day, 30, 29, 28):
        try:
            return date.replace(year=year, month=month, day=day)
        except ValueError:
            continue


def _latest_review_date_due_by(date, months):
    """The latest last-reviewed date whose review, ``months`` later, falls due on or before ``date``."""
    latest = _add_months(date, -months)
    # Month ends clamp (31 Jan + 1 month = 28 Feb), so a few later days may fall due on ``date`` too.
    while _add_months(latest + datetime.timedelta(days=1), months) <= date:
        latest += datetime.timedelta(days=1)
    return latest


class Citation(models.Model):
    """A reference cited in an article, with its number there and how many times it is cited."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="citations")
    # Indexed below with the columns "cited in" reads, rather than on its own.
    reference = models.ForeignKey(
        "references.Reference", on_delete=models.PROTECT, related_name="citations", db_index=False
    )
    number = models.PositiveIntegerField()
    occurrences = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["article", "number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="citation_number_unique_in_article"),
            models.UniqueConstraint(fields=["article", "reference"], name="citation_reference_once_per_article"),
        ]
        indexes = [
            # Where a page of the reference library is cited, from the index alone: a reference's citations are
            # written with each citing article, so they lie on as many table pages as there are citations.
            models.Index(fields=["reference", "article", "number"], name="citation_by_reference"),
        ]

    def __str__(self):
        return f"[{self.number}] {self.reference.key} in {self.article}"


class SearchTerm(models.Model):
    """A word of an article's title, summary or headings: what site search suggests for a misspelt query.

    Filled in as articles are saved (``save_articles``); a suggestion is offered only when it finds published
    articles, so words of drafts or of deleted articles never show.
    """

    word = models.CharField(max_length=60, primary_key=True)

    class Meta:
        ordering = ["word"]
        # Trigram index for pg_trgm's similarity operator (created on PostgreSQL only, see the migration).
        indexes = [GinIndex(fields=["word"], opclasses=["gin_trgm_ops"], name="search_term_trigram_gin")]

    def __str__(self):
        return self.word


# pg_trgm's % operator (word__trigram_similar), which uses the index; django.contrib.postgres is not installed.
SearchTerm._meta.get_field("word").register_lookup(TrigramSimilar)


def save_articles(articles, *, write):
    """Save ``articles`` with everything derived from their markdown: the one way an article is saved.

    Renders each body (sanitised HTML, plain text for search, table of contents), lets ``write(articles)`` store
    the rows (``Model.save`` for one, ``bulk_create`` for many), then replaces their citation rows and updates
    their search vectors, all in one transaction. ``Article.save()``, imports, the demo loader and the bench
    generator all come through here.
    """
    cited = []
    for article in articles:
        rendered = render_with_citations(article.body)
        article.body_html, article.body_text, article.toc = rendered.html, plain_text(rendered.html), rendered.toc
        cited.append(rendered.cited)
    with transaction.atomic():
        write(articles)
        keys = {item.key for items in cited for item in items}
        ids = dict(Reference.objects.filter(key__in=keys).values_list("key", "id"))
        Citation.objects.filter(article__in=articles).delete()
        Citation.objects.bulk_create(
            Citation(article=article, reference_id=ids[item.key], number=item.number, occurrences=item.occurrences)
            for article, items in zip(articles, cited, strict=True)
            for item in items
            if item.key in ids  # an unknown key is refused by the admin form; elsewhere it is left uncited
        )
        search.update_search_vectors(Article.objects.filter(pk__in=[article.pk for article in articles]))
        SearchTerm.objects.bulk_create(
            (SearchTerm(word=word) for word in search.vocabulary(articles)), ignore_conflicts=True, batch_size=1000
        )
