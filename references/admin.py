from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html

from references.models import Reference


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["key", "kind", "short_title", "container_title", "year", "cited_in"]
    list_filter = ["kind", "epub_ahead_of_print", "year"]
    search_fields = ["key", "authors", "title", "container_title", "doi", "pmid"]
    readonly_fields = ["formatted_preview"]
    fieldsets = [
        (None, {"fields": ["key", "kind", "formatted_preview"]}),
        (
            "Authors and title",
            {"fields": ["authors", "authors_et_al", "title", "title_translated", "original_language"]},
        ),
        (
            "Source",
            {
                "fields": [
                    "container_title",
                    "editors",
                    "edition",
                    "publisher",
                    "publisher_place",
                    "degree",
                    "year",
                    "volume",
                    "issue",
                    "pages",
                    "epub_ahead_of_print",
                    "published_online",
                ]
            },
        ),  # fmt: skip
        ("Identifiers and links", {"fields": ["doi", "pmid", "url", "accessed", "note"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=Count("citations"))

    @admin.display(description="title")
    def short_title(self, reference):
        return reference.title[:80]

    @admin.display(ordering="citation_count", description="cited in")
    def cited_in(self, reference):
        return reference.citation_count

    @admin.display(description="AMA entry")
    def formatted_preview(self, reference):
        if not reference.pk:
            return "Shown once saved."
        return format_html("<div>{}</div>", reference.formatted_html)
