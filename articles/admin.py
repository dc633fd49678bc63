from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from markdownx.admin import MarkdownxModelAdmin
from reversion import set_comment

from articles import views
from articles.forms import ArticleAdminForm
from articles.models import Article, Section, Status
from editorial.admin import EditorialAdmin
from editorial.forms import ConflictSafeForm


@admin.register(Section)
class SectionAdmin(EditorialAdmin):
    form = ConflictSafeForm  # two editors changing one section: the later save is refused, nothing typed is lost
    list_display = ["title", "slug", "order", "article_count"]
    list_editable = ["order"]
    search_fields = ["title", "intro"]
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(ordering="article_count", description="articles")
    def article_count(self, section):
        return section.article_count


@admin.register(Article)
class ArticleAdmin(EditorialAdmin, MarkdownxModelAdmin):
    form = ArticleAdminForm
    list_display = ["title", "section", "publication", "last_reviewed", "next_review_due"]
    list_filter = ["status", "section", "last_reviewed"]
    search_fields = ["title", "summary", "body", "authors"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["related"]
    list_select_related = ["section"]
    actions = ["mark_reviewed"]
    fieldsets = [
        (None, {"fields": ["section", "title", "slug", "summary", "body", "references_cited"]}),
        (
            "Publishing",
            {
                "fields": ["status", "publish_at", "order"],
                "description": "Draft: only staff can preview it. Published with a time that has come: live now. "
                "Published with a future time: scheduled, it appears on its own at that time.",
            },
        ),
        ("Review", {"fields": ["authors", "medical_reviewer", "last_reviewed", "review_interval_months"]}),
        ("Related and search engines", {"fields": ["related", "seo_description"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Only a deliberate "mark as reviewed" moves the review date of an existing article.
        return ["references_cited", "last_reviewed"] if obj is not None else ["references_cited"]

    # Shown, never submitted: citation rows are rebuilt from the body on every save, so a formset of them
    # would carry row ids that the next save (or another editor's) has replaced.
    @admin.display(description="References cited")
    def references_cited(self, article):
        citations = article.citations.select_related("reference").order_by("number") if article.pk else []
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((c.number, c.reference, c.occurrences) for c in citations),
        )
        if not rows:
            return "None yet: cite a reference in the body with [@key]; the list is numbered on save."
        return format_html(
            '<table class="references-cited"><caption>Numbered from the body on save</caption>'
            "<thead><tr><th>number</th><th>reference</th><th>times cited</th></tr></thead><tbody>{}</tbody></table>",
            rows,
        )

    @admin.display(description="publication", ordering="publish_at")
    def publication(self, article):
        if article.status == Status.DRAFT:
            return "Draft"
        if article.is_live:
            return "Published"
        return f"Scheduled for {date_format(timezone.localtime(article.publish_at), 'DATETIME_FORMAT')}"

    @admin.display(description="next review due")
    def next_review_due(self, article):
        return article.next_review_due

    def view_on_site(self, article):
        """Live articles at their public address; drafts and scheduled ones in the staff preview."""
        if article.is_live:
            return article.get_absolute_url()
        return reverse("admin:articles_article_preview", args=[article.pk])

    def get_urls(self):
        return [
            path(
                "<int:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "<int:object_id>/mark-reviewed/",
                self.admin_site.admin_view(self.mark_reviewed_view),
                name="articles_article_mark_reviewed",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        """The article on the public design, for staff, with a "Preview: not published" banner."""
        article = get_object_or_404(Article.objects.select_related("section"), pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        if article.is_live:
            return redirect(article.get_absolute_url())
        return views.render_article(request, article, preview=True)

    def mark_reviewed_view(self, request, object_id):
        """Ask, then set the article's last-reviewed date to today (a new revision)."""
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        today = timezone.localdate()
        if request.method == "POST":
            with self.create_revision(request):
                _mark_reviewed([article], today)
            self.log_change(request, article, f"Marked as reviewed on {today:%Y-%m-%d}.")
            self.message_user(
                request, f"“{article}” marked as reviewed today; next review due {article.next_review_due}."
            )
            return redirect(_safe_next(request, reverse("admin:articles_article_change", args=[article.pk])))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Mark “{article}” as reviewed",
            "opts": self.model._meta,
            "article": article,
            "today": today,
            "next_due": Article(
                last_reviewed=today, review_interval_months=article.review_interval_months
            ).next_review_due,
        }
        return TemplateResponse(request, "editorial/mark_reviewed.html", context)

    @admin.action(description="Mark selected articles as reviewed today", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        articles = list(queryset)
        today = timezone.localdate()
        _mark_reviewed(articles, today)
        for article in articles:
            self.log_change(request, article, f"Marked as reviewed on {today:%Y-%m-%d} (bulk action).")
        count = len(articles)
        self.message_user(
            request, f"{count} article{'s' if count != 1 else ''} marked as reviewed today.", messages.SUCCESS
        )


def _mark_reviewed(articles, today):
    """Set last_reviewed to ``today``; saved through save() so the change is a revision of its own."""
    set_comment(f"Marked as reviewed on {today:%Y-%m-%d}.")
    for article in articles:
        article.last_reviewed = today
        article.save()


def _safe_next(request, default):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default
