from itertools import pairwise

from django.contrib.postgres.indexes import GinIndex
from django.core.paginator import Page
from django.db import connections, models
from django.db.models import Value
from django.db.models.functions import Concat, Upper
from django.urls import reverse
from django.utils.functional import cached_property

from core.pagination import BoundedPaginator
from references.formatting import format_ama
from references.kinds import Kind


class ReferenceQuerySet(models.QuerySet):
    def search(self, text):
        """References whose key, authors, title or container contain ``text`` (case-insensitive).

        One stored column holds them all in capitals, so on PostgreSQL a single trigram index finds any
        substring; the database capitalises ``text`` too, so both sides fold letters the same way.
        """
        return self.filter(search_text__contains=Upper(Value(text)))


# Reference.search's test written out (LIKE wildcards in the text taken literally, capitalised by the database):
# the site search runs it for every search, and building the same filter through the ORM took longer than the query.
_CONTAINS_SQL = (
    "search_text LIKE '%%' || REPLACE(REPLACE(REPLACE(UPPER(%s), '\\', '\\\\'), '%%', '\\%%'), '_', '\\_')"
    " || '%%' ESCAPE '\\'"
)


# A phrase with a word join (see has_word_join) on PostgreSQL: found through the index of word joins (migration
# 0005), then checked as a substring (strpos: the same test as the LIKE above, which the trigram index would take).
_PHRASE_SQL = (
    "reference_word_joins(search_text) @> reference_word_joins(UPPER(%s)) AND strpos(search_text, UPPER(%s)) > 0"
)


def has_word_join(text):
    """Whether two words of ``text`` of three letters or more meet at a space: what the index of word joins holds."""
    return any(len(first) >= 3 and len(second) >= 3 for first, second in pairwise(text.split(" ")))


class ReferenceManager(models.Manager.from_queryset(ReferenceQuerySet)):
    def first_matching(self, *, required, excluded=(), limit):
        """(key, formatted_html) of the first ``limit`` references found whose text contains every one of the
        ``required`` words and none of the ``excluded`` (site search), in key order: any ones, not the first by key,
        so that the database stops at the limit instead of sorting every match."""
        if not required:
            return []
        conditions, params = [], []
        joins = connections[self.db].vendor == "postgresql"
        for text in required:
            if joins and has_word_join(text):
                conditions.append(_PHRASE_SQL)
                params += [text, text]
            else:
                conditions.append(_CONTAINS_SQL)
                params.append(text)
        conditions += [f"NOT ({_CONTAINS_SQL})"] * len(excluded)
        sql = (
            f"SELECT key, formatted_html FROM {self.model._meta.db_table}"  # noqa: S608 - the SQL is this module's own
            f" WHERE {' AND '.join(conditions)} LIMIT %s"
        )
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, [*params, *excluded, limit])
            return sorted(cursor.fetchall())

    def search_page(self, text, number, *, per_page, bound):
        """Page ``number`` of the references that contain ``text`` (``search``), in key order, as
        ``Paginator.get_page`` gives it (not a number: the first; out of range: the last); its rows are (pk, key,
        formatted_html). The paginator counts up to ``bound`` matches, and ``more`` says there were more.

        One statement counts the matches in whatever order is cheapest (a sequential scan that stops early, or the
        trigram index; key order would walk the whole key index for a rare name) and reads the page from the key
        index; a page past the end costs a second one.
        """
        number = _page_number(number)
        in_range = 1 <= number <= -(-bound // per_page)
        offset = (number - 1) * per_page if in_range else 0
        counted, rows = self._counted_page(text, offset=offset, per_page=per_page, bound=bound)
        paginator = BoundedPaginator((), per_page, bound=bound, counted=counted)
        if not (in_range and rows):  # past the end, or below one: the last page, as Paginator.get_page gives it
            number = paginator.num_pages
            offset = (number - 1) * per_page
            rows = self._counted_page(text, offset=offset, per_page=per_page, bound=bound)[1] if counted else []
        # The page holds no more than the bound: its last page may stop short of a whole one.
        return Page(rows[: paginator.count - (number - 1) * per_page], number, paginator)

    def _counted_page(self, text, *, offset, per_page, bound):
        """How many references contain ``text``, counted up to ``bound`` + 1, and the (pk, key, formatted_html)
        rows of the page at ``offset`` in key order."""
        table = self.model._meta.db_table
        sql = f"""
            SELECT counted.n, page.id, page.key, page.formatted_html
            FROM (
                SELECT COUNT(*) AS n FROM (SELECT 1 FROM {table} WHERE {_CONTAINS_SQL} LIMIT %s) AS matches
            ) AS counted
            LEFT JOIN (SELECT id, key, formatted_html FROM {table} WHERE {_CONTAINS_SQL}
                       ORDER BY key LIMIT %s OFFSET %s) AS page ON 1 = 1
            ORDER BY page.key
        """  # noqa: S608 - the SQL is this module's own; the search is a parameter
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, [text, bound + 1, text, per_page, offset])
            rows = cursor.fetchall()
        return rows[0][0], [row[1:] for row in rows if row[1] is not None]

    def total(self):
        """How many references the library holds: on PostgreSQL the row its triggers keep (migration 0004)."""
        connection = connections[self.db]
        if connection.vendor != "postgresql":
            return self.count()
        with connection.cursor() as cursor:
            cursor.execute("SELECT total FROM references_total")
            return cursor.fetchone()[0]

    def in_key_order(self):
        """Every reference as (pk, key, formatted_html) rows in key order, to paginate: see KeyOrderedReferences."""
        return KeyOrderedReferences(self)


def _page_number(number):
    """``number`` as an int, or 1 if it is not one (as Paginator.get_page reads it)."""
    try:
        return int(number)
    except (TypeError, ValueError):
        return 1


class KeyOrderedReferences:
    """Every reference in key order, as a Paginator reads it: ``count()`` is the total the database keeps, and a
    slice first finds its first key in the key index alone, from whichever end is nearer, rather than reading every
    row before it (OFFSET read 25,000 rows for the middle page of 50,000 references).
    """

    def __init__(self, references):
        self.references = references

    @cached_property
    def total(self):
        return self.references.total()

    def count(self):
        return self.total

    def __getitem__(self, window):
        # Written out: building the same statement through the ORM took longer than running it.
        start, stop = window.start or 0, window.stop
        if not start:
            first, params = "", []
        elif start <= self.total // 2:
            first = "WHERE key >= (SELECT key FROM references_reference ORDER BY key LIMIT 1 OFFSET %s)"
            params = [start]
        else:
            first = "WHERE key >= (SELECT key FROM references_reference ORDER BY key DESC LIMIT 1 OFFSET %s)"
            params = [self.total - start - 1]
        sql = f"SELECT id, key, formatted_html FROM references_reference {first} ORDER BY key LIMIT %s"  # noqa: S608
        with connections[self.references.db].cursor() as cursor:
            cursor.execute(sql, [*params, stop - start])
            return cursor.fetchall()


class Reference(models.Model):
    key = models.SlugField(
        "citation key",
        max_length=100,
        unique=True,
        help_text="Short unique name used to cite this reference in articles, e.g. clavey1996 → [@clavey1996].",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.JOURNAL)
    authors = models.TextField(
        blank=True,
        help_text='One author per line, family name first: "Jenner, C." or "Hall-Lord, Marie Louise". '
        "An organisation can be written as is.",
    )
    authors_et_al = models.BooleanField(
        "author list ends with et al.", default=False, help_text="Tick when only the first authors are listed."
    )
    title = models.CharField(max_length=500)
    title_translated = models.BooleanField(
        default=False,
        help_text="The title is an English translation of a non-English original; it is shown in [square brackets].",
    )
    original_language = models.CharField(max_length=50, blank=True, help_text="e.g. Bulgarian.")
    container_title = models.CharField(
        "journal / book / website",
        max_length=300,
        blank=True,
        help_text="Journal abbreviation (Acupunct Med), the book a chapter is in, or the website's name.",
    )
    editors = models.TextField(blank=True, help_text="Book editors for a chapter, one per line, family name first.")
    edition = models.CharField(max_length=30, blank=True, help_text='e.g. "2nd".')
    publisher = models.CharField(max_length=200, blank=True, help_text="Publisher, or the university for a thesis.")
    publisher_place = models.CharField(max_length=100, blank=True)
    degree = models.CharField(max_length=100, blank=True, help_text='For a thesis, e.g. "Master\'s thesis".')
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    volume = models.CharField(max_length=30, blank=True)
    issue = models.CharField(max_length=30, blank=True)
    pages = models.CharField(max_length=50, blank=True, help_text="e.g. 107-8 or 35-45.")
    doi = models.CharField(
        "DOI", max_length=200, blank=True, help_text="Without https://doi.org/, e.g. 10.1136/aim.20.2-3.107"
    )
    pmid = models.CharField("PMID", max_length=20, blank=True)
    url = models.URLField("URL", max_length=500, blank=True)
    accessed = models.DateField(null=True, blank=True, help_text="When a web source was last accessed.")
    epub_ahead_of_print = models.BooleanField(default=False)
    published_online = models.DateField(
        null=True, blank=True, help_text="Online publication date (epub ahead of print)."
    )
    note = models.CharField(max_length=300, blank=True)
    formatted_html = models.TextField(editable=False, blank=True, help_text="AMA entry, computed on save.")
    # What reference search matches, kept by the database on every write (bulk imports included). Fields are
    # joined by a line break, which a search box cannot send, so a search never spans two fields.
    search_text = models.GeneratedField(
        expression=Upper(
            Concat(
                "key",
                Value("\n"),
                "authors",
                Value("\n"),
                "title",
                Value("\n"),
                "container_title",
                output_field=models.TextField(),
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReferenceManager()

    class Meta:
        ordering = ["key"]
        indexes = [
            models.Index(fields=["doi"]),
            models.Index(fields=["pmid"]),
            # Substring search (LIKE '%...%') through trigrams; PostgreSQL only, where the library is large.
            GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="reference_search_trgm"),
        ]

    def __str__(self):
        return f"{self.key}: {self.title[:80]}"

    def save(self, *args, **kwargs):
        self.formatted_html = format_ama(self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "formatted_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("references:list") + f"#{self.key}"

    def author_list(self):
        return [line.strip() for line in self.authors.splitlines() if line.strip()]

    def editor_list(self):
        return [line.strip() for line in self.editors.splitlines() if line.strip()]
