from django.contrib import admin
from django.db.models import Count
from markdownx.admin import MarkdownxModelAdmin

from articles.forms import ArticleAdminForm
from articles.models import Article, Citation, Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "order", "article_count"]
    list_editable = ["order"]
    search_fields = ["title", "intro"]
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(ordering="article_count", description="articles")
    def article_count(self, section):
        return section.article_count


class CitationInline(admin.TabularInline):
    model = Citation
    fields = ["number", "reference", "occurrences"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "References cited (numbered from the body on save)"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reference")


@admin.register(Article)
class ArticleAdmin(MarkdownxModelAdmin):
    form = ArticleAdminForm
    list_display = ["title", "section", "status", "publish_at", "last_reviewed", "next_review_due"]
    list_filter = ["status", "section", "last_reviewed"]
    search_fields = ["title", "summary", "body", "authors"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["related"]
    list_select_related = ["section"]
    inlines = [CitationInline]
    fieldsets = [
        (None, {"fields": ["section", "title", "slug", "summary", "body"]}),
        ("Publishing", {"fields": ["status", "publish_at", "order"]}),
        ("Review", {"fields": ["authors", "medical_reviewer", "last_reviewed", "review_interval_months"]}),
        ("Related and search engines", {"fields": ["related", "seo_description"]}),
    ]

    @admin.display(description="next review due")
    def next_review_due(self, article):
        return article.next_review_due
