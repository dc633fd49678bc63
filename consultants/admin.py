import datetime
import re

from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.utils import timezone
from import_export import fields, resources, widgets
from import_export.admin import ImportExportModelAdmin
from reversion import set_comment

from consultants import services
from consultants.models import Credential, CredentialKind, Language, Listing, PendingListing, Status
from editorial.admin import EditorialAdmin
from editorial.forms import ConflictSafeForm

_DATE_SHAPED = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


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
            # Numbers may hold dashes too ("IB-40014"); only a last word shaped like a date is the expiry.
            if rest and _DATE_SHAPED.fullmatch(rest[-1]):
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
        # A status change in the file is a moderation step: the row is saved with its stored status and
        # the moderation service (emails, revision) makes the change once the row is in.
        stored = Listing.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
        stored = stored or Status.PENDING
        if instance.status != stored:
            if instance.status not in (Status.PUBLISHED, Status.REJECTED):
                raise ValidationError(
                    {
                        "status": f"Only approving (published) or rejecting can change a status; this row asks for "
                        f"{instance.status!r} on a {stored} listing."
                    }
                )
            instance.requested_status = instance.status
            instance.status = stored

    def after_save_instance(self, instance, row, **kwargs):
        if kwargs.get("dry_run"):
            return
        new = getattr(instance, "imported_credentials", None)
        if new is not None:
            services.replace_credentials(instance, [Credential(**values) for values in new])
        requested = getattr(instance, "requested_status", None)
        if requested:
            services.moderate(instance, requested, by=kwargs.get("user"))


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


# The change form's moderation buttons: POST name -> (service, Recent actions entry, message to the moderator).
_DECISIONS = {
    "_approve": (
        services.approve_listing,
        "Approved and published.",
        "“{}” is approved and published; the consultant has been emailed.",
    ),
    "_reject": (services.reject_listing, "Rejected.", "“{}” is rejected; the submitter has been emailed."),
    "_verify": (
        services.verify_credentials,
        "Credentials verified.",
        "Credentials of “{}” recorded as verified by you today.",
    ),
}


@admin.register(Listing)
class ListingAdmin(ImportExportModelAdmin, EditorialAdmin):
    form = ConflictSafeForm  # two moderators editing one listing: the later save is refused, nothing typed is lost
    change_form_template = "admin/consultants/listing/change_form.html"
    resource_classes = [ListingResource]
    list_display = ["name", "city", "country", "status", "renewal_due", "credentials_verified", "accepting_clients"]
    list_filter = ["status", RenewalDueFilter, CredentialVerifiedFilter, "country", "telehealth", "home_visits"]
    search_fields = ["name", "practice_name", "email", "city", "postcode", "slug"]
    date_hierarchy = "renewal_due"
    inlines = [CredentialInline]
    filter_horizontal = ["languages"]
    # The status moves only through the moderation service (Approve / Reject), never by hand.
    readonly_fields = ["status", "renewal_of", "submitted_at", "updated_at", "region_code"]
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

    # Import and export: every listing's contact details go out, and imports change public listings,
    # so both need the model's own permissions (django-import-export allows any staff otherwise).

    def has_import_permission(self, request):
        opts = self.opts
        return request.user.has_perms(
            [f"{opts.app_label}.{get_permission_codename(action, opts)}" for action in ("add", "change")]
        )

    def has_export_permission(self, request):
        return self.has_view_or_change_permission(request)

    def process_import(self, request, **kwargs):
        with self.create_revision(request):
            set_comment("Imported from a CSV file.")
            return super().process_import(request, **kwargs)

    # Moderation: the change form's buttons and the bulk actions run the same service.

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["moderation_buttons"] = bool(obj and obj.pk and self.has_change_permission(request, obj))
        context["can_approve"] = bool(obj and obj.status != Status.PUBLISHED)
        context["can_reject"] = bool(obj and obj.status != Status.REJECTED)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        decision = next((name for name in _DECISIONS if name in request.POST), None)
        if decision is None or not self.has_change_permission(request, obj):
            return super().response_change(request, obj)
        service, logged, message = _DECISIONS[decision]
        try:
            result = service(obj, by=request.user)
        except ValidationError as error:
            self.message_user(request, f"{obj}: {'; '.join(error.messages)}", messages.ERROR)
            return redirect(request.path)
        listing = result if isinstance(result, Listing) else obj
        self.log_change(request, listing, logged)
        self.message_user(request, message.format(listing), messages.SUCCESS)
        return redirect("admin:consultants_listing_change", listing.pk)

    @admin.action(description="Approve and publish for a year", permissions=["change"])
    def approve(self, request, queryset):
        approved = 0
        for listing in queryset.filter(status__in=[Status.PENDING, Status.EXPIRED, Status.REJECTED]):
            try:
                listing = services.approve_listing(listing, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{listing}: not approved: {'; '.join(error.messages)}", messages.ERROR)
            else:
                self.log_change(request, listing, "Approved and published (bulk action).")
                approved += 1
        self.message_user(request, f"Approved {approved} listing(s).", messages.SUCCESS)

    @admin.action(description="Reject", permissions=["change"])
    def reject(self, request, queryset):
        count = 0
        for listing in queryset.exclude(status=Status.REJECTED):
            services.reject_listing(listing, by=request.user)
            self.log_change(request, listing, "Rejected (bulk action).")
            count += 1
        self.message_user(request, f"Rejected {count} listing(s).", messages.SUCCESS)

    @admin.action(description="Mark credentials verified (records you and today)", permissions=["change"])
    def verify_credentials(self, request, queryset):
        count = 0
        for listing in queryset:
            verified = services.verify_credentials(listing, by=request.user)
            if verified:
                self.log_change(request, listing, f"Verified {verified} credential(s) (bulk action).")
            count += verified
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
