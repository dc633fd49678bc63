from django.contrib import admin
from django.db import models
from django.shortcuts import redirect
from markdownx.admin import MarkdownxModelAdmin

from core.uploads import SafeImageField
from editorial.admin import EditorialAdmin
from editorial.forms import ConflictSafeForm
from pages.models import ContactMessage, Page, SiteSettings


@admin.register(Page)
class PageAdmin(EditorialAdmin, MarkdownxModelAdmin):
    form = ConflictSafeForm
    list_display = ["title", "slug", "nav_order", "updated_at"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(SiteSettings)
class SiteSettingsAdmin(EditorialAdmin):
    form = ConflictSafeForm
    formfield_overrides = {models.ImageField: {"form_class": SafeImageField}}  # verified image, random name
    fieldsets = [
        (None, {"fields": ["site_name", "tagline", "contact_email"]}),
        ("Donations", {"fields": ["donation_url", "donation_appeal"]}),
        ("Promoted book", {"fields": ["book_title", "book_authors", "book_cover", "book_blurb", "book_url"]}),
        ("Footer", {"fields": ["copyright_holders", "copyright_start_year", "disclaimer"]}),
    ]

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # There is only one record: go straight to it.
        return redirect("admin:pages_sitesettings_change", SiteSettings.load().pk)

    def view_on_site(self, obj):
        return "/"


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "name", "email", "received_at", "handled"]
    list_editable = ["handled"]
    list_filter = ["handled", "received_at"]
    search_fields = ["name", "email", "subject", "message"]
    readonly_fields = ["name", "email", "subject", "message", "received_at"]
    date_hierarchy = "received_at"
    actions = ["mark_handled"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Mark selected messages as handled")
    def mark_handled(self, request, queryset):
        updated = queryset.update(handled=True)
        self.message_user(request, f"{updated} message{'s' if updated != 1 else ''} marked as handled.")
