import datetime

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from import_export import fields, resources, widgets
from import_export.admin import ImportExportModelAdmin

from consultants import services
from consultants.models import Credential, CredentialKind, Language, Listing, PendingListing, Status
from editorial.admin import EditorialAdmin
from editorial.forms import ConflictSafeForm


class CredentialsWidget(widgets.Widget):
    """Credentials in one CSV cell: "IBCLC 123456 2027-05-31; LLL" (number and expiry optional)."""

    def clean(self, value, row=None, **kwargs):
        credentials = []
        for part in str(value or "").split(";"):
            words = part.split()
            if not words:
                continue
            kind, rest = words[0].upper(), words[1:]
            if kind not in CredentialKind.values:
                raise ValueError(f"Unknown credential {words[0]!r}; use one of {', '.join(CredentialKind.values)}.")
            expires_on = None
            if rest and "-" in rest[-1]:
                try:
                    expires_on = datetime.date.fromisoformat(rest.pop())
                except ValueError:
                    raise ValueError(f"Credential expiry must be a date like 2027-05-31, not {words[-1]!r}.") from None
            credentials.append({"kind": kind, "number": " ".join(rest)[:40], "expires_on": expires_on})
        return credentials

    def render(self, value, obj=None, **kwargs):
        """Credentials (or the dicts ``clean`` returned) back into one cell."""
        parts = []
        for credential in value or []:
            if isinstance(credential, Credential):
                credential = {"kind": credential.kind, "number": credential.number, "expires_on": credential.expires_on}
            expires_on = credential["expires_on"].isoformat() if credential["expires_on"] else ""
            parts.append(" ".join(filter(None, [credential["kind"], credential["number"], expires_on])))
        return "; ".join(parts)


class ListingResource(resources.ModelResource):
    languages = fields.Field(
        attribute="languages", column_name="languages", widget=widgets.ManyToManyWidget(Language, field="code")
    )
    credentials = fields.Field(attribute="imported_credentials", column_name="credentials", widget=CredentialsWidget())

    class Meta:
        model = Listing
        import_id_fields = ["slug"]
        fields = [
            "slug", "name", "practice_name", "email", "phone", "website_url", "address", "city", "region",
            "postcode", "country", "latitude", "longitude", "home_visits", "office_visits", "telehealth",
            "telehealth_area", "languages", "areas_served", "accepting_clients", "status", "renewal_due",
            "credentials",
        ]  # fmt: skip
        clean_model_instances = True
        skip_unchanged = False

    def get_queryset(self):
        return Listing.objects.prefetch_related("languages", "credentials")

    def dehydrate_credentials(self, listing):
        return CredentialsWidget().render(listing.credentials.all())

    def import_instance(self, instance, row, **kwargs):
        # A moved address in the CSV without coordinates gets geocoded afresh.
        super().import_instance(instance, row, **kwargs)
        if not row.get("latitude") and not row.get("longitude"):
            instance.latitude = instance.longitude = None

    def after_save_instance(self, instance, row, **kwargs):
        new = getattr(instance, "imported_credentials", None)
        if new is None or kwargs.get("dry_run"):
            return
        services.replace_credentials(instance, [Credential(**values) for values in new])


class CredentialInline(admin.TabularInline):
    model = Credential
    fields = ["kind", "number", "expires_on", "verified_at", "verified_by"]
    readonly_fields = ["verified_at", "verified_by"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("verified_by")


class RenewalDueFilter(admin.SimpleListFilter):
    title = "renewal"
    parameter_name = "renewal"

    def lookups(self, request, model_admin):
        return [("due30", "Due within 30 days"), ("overdue", "Past the renewal date")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "due30":
            return queryset.filter(renewal_due__gte=today, renewal_due__lte=today + datetime.timedelta(days=30))
        if self.value() == "overdue":
            return queryset.filter(renewal_due__lt=today)
        return queryset


class CredentialVerifiedFilter(admin.SimpleListFilter):
    title = "credentials"
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("no", "Some not verified"), ("yes", "All verified")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(unverified_count__gt=0)
        if self.value() == "yes":
            return queryset.filter(unverified_count=0)
        return queryset


@admin.register(Listing)
class ListingAdmin(ImportExportModelAdmin, EditorialAdmin):
    form = ConflictSafeForm  # two moderators editing one listing: the later save is refused, nothing typed is lost
    resource_classes = [ListingResource]
    list_display = ["name", "city", "country", "status", "renewal_due", "credentials_verified", "accepting_clients"]
    list_filter = ["status", RenewalDueFilter, CredentialVerifiedFilter, "country", "telehealth", "home_visits"]
    search_fields = ["name", "practice_name", "email", "city", "postcode", "slug"]
    date_hierarchy = "renewal_due"
    inlines = [CredentialInline]
    filter_horizontal = ["languages"]
    readonly_fields = ["renewal_of", "submitted_at", "updated_at", "region_code"]
    actions = ["approve", "reject", "verify_credentials"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "slug", "practice_name", "about"]}),
        ("Moderation", {"fields": ["status", "renewal_due", "renewal_of", "submitted_at", "updated_at"]}),
        (
            "Services",
            {
                "fields": [
                    ("home_visits", "office_visits", "telehealth"),
                    "telehealth_area",
                    "languages",
                    "areas_served",
                    "accepting_clients",
                ]
            },
        ),
        ("Contact", {"fields": ["email", "phone", "website_url"]}),
        (
            "Location",
            {
                "fields": ["address", "city", "region", "postcode", "country", ("latitude", "longitude")],
                "description": "Leave latitude and longitude empty to fill them in from the ZIP code or city.",
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(unverified_count=Count("credentials", filter=Q(credentials__verified_at__isnull=True)))
        )

    @admin.display(boolean=True, description="credentials verified", ordering="unverified_count")
    def credentials_verified(self, listing):
        return listing.unverified_count == 0

    @admin.action(description="Approve and publish for a year", permissions=["change"])
    def approve(self, request, queryset):
        approved = 0
        for listing in queryset.filter(status__in=[Status.PENDING, Status.EXPIRED, Status.REJECTED]):
            try:
                services.approve_listing(listing)
            except ValidationError as error:
                self.message_user(request, f"{listing}: not approved: {'; '.join(error.messages)}", messages.ERROR)
            else:
                approved += 1
        self.message_user(request, f"Approved {approved} listing(s).", messages.SUCCESS)

    @admin.action(description="Reject", permissions=["change"])
    def reject(self, request, queryset):
        count = 0
        for listing in queryset.exclude(status=Status.REJECTED):
            services.reject_listing(listing)
            count += 1
        self.message_user(request, f"Rejected {count} listing(s).", messages.SUCCESS)

    @admin.action(description="Mark credentials verified (records you and today)", permissions=["change"])
    def verify_credentials(self, request, queryset):
        count = sum(services.verify_credentials(listing, by=request.user) for listing in queryset)
        self.message_user(request, f"Verified {count} credential(s).", messages.SUCCESS)


@admin.register(PendingListing)
class PendingListingAdmin(ListingAdmin):
    """The moderation queue: pending submissions and renewals, oldest first."""

    list_display = ["name", "city", "country", "submitted_at", "is_renewal", "credentials_verified"]
    list_filter = ["country"]
    ordering = ["submitted_at"]
    date_hierarchy = None

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=Status.PENDING).select_related("renewal_of")

    @admin.display(boolean=True, description="renewal")
    def is_renewal(self, listing):
        return listing.renewal_of_id is not None

    def has_import_permission(self, request):
        return False


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
