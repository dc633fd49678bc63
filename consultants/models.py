import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.functions import Cos, Radians, Sin
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from consultants import geo

RENEWAL_PERIOD = datetime.timedelta(days=365)
# What the distance search reads of every listing it weighs besides the coordinates: the renewal date, the
# sort keys and the filters' columns (the search indexes hold them, after their own key columns).
SEARCH_COLUMNS = [
    "renewal_due", "name", "id", "home_visits", "office_visits", "telehealth", "accepting_clients",
]  # fmt: skip
# Where a listing is, as the distance search measures it (the sphere_* fields).
SPHERE_COLUMNS = ["sphere_x", "sphere_y", "sphere_z"]
SLUG_ATTEMPTS = 5  # the last one adds a random suffix, so a burst of identical submissions always ends


class Status(models.TextChoices):
    PENDING = "pending", "Pending moderation"
    PUBLISHED = "published", "Published"
    EXPIRED = "expired", "Expired"
    REJECTED = "rejected", "Rejected"


class CredentialKind(models.TextChoices):
    IBCLC = "IBCLC", "IBCLC (International Board Certified Lactation Consultant)"
    CLC = "CLC", "CLC (Certified Lactation Counselor)"
    CBC = "CBC", "CBC (Certified Breastfeeding Counselor)"
    CLE = "CLE", "CLE (Certified Lactation Educator)"
    LLL_LEADER = "LLL", "La Leche League Leader"
    BREASTFEEDING_COUNSELLOR = "BFC", "Breastfeeding Counsellor (ABA, NCT or similar)"
    MIDWIFE = "MW", "Midwife"
    NURSE = "RN", "Registered Nurse"
    DOCTOR = "MD", "Physician (MD/DO)"
    OTHER = "OTHER", "Other"


class TelehealthArea(models.TextChoices):
    REGION = "region", "My state or province"
    COUNTRY = "country", "My whole country"


def country_choices():
    return geo.country_choices()


class Language(models.Model):
    name = models.CharField(max_length=60, unique=True)
    code = models.SlugField(max_length=12, unique=True, help_text='A short code such as "en" or "es".')

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ListingQuerySet(models.QuerySet):
    def published(self, today: datetime.date | None = None):
        """Listings the public may see: published and not past their renewal date."""
        today = today or timezone.localdate()
        return self.filter(status=Status.PUBLISHED, renewal_due__gte=today)

    def pending(self):
        return self.filter(status=Status.PENDING)

    def renewal_due_within(self, days: int, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(
            status=Status.PUBLISHED, renewal_due__gte=today, renewal_due__lte=today + datetime.timedelta(days=days)
        )

    def overdue(self, today: datetime.date | None = None):
        """Published listings whose renewal date has passed: hidden already, to be marked expired."""
        return self.filter(status=Status.PUBLISHED, renewal_due__lt=today or timezone.localdate())


class ServiceFlags:
    """How a consultant sees clients, in words: shared by listings and search results (``selectors.Result``)."""

    home_visits: bool
    office_visits: bool
    telehealth: bool

    @property
    def home_visits_only(self):
        return self.home_visits and not self.office_visits

    @property
    def services(self):
        labels = {"home_visits": "Home visits", "office_visits": "Office visits", "telehealth": "Telehealth"}
        return [label for name, label in labels.items() if getattr(self, name)]


class Listing(ServiceFlags, models.Model):
    name = models.CharField(max_length=120, help_text="The consultant's name as parents will see it.")
    slug = models.SlugField(max_length=140, unique=True, blank=True, help_text="Filled in from the name if empty.")
    practice_name = models.CharField(max_length=160, blank=True)
    about = models.TextField(blank=True, max_length=2000, help_text="A few sentences about the practice.")

    home_visits = models.BooleanField(default=False)
    office_visits = models.BooleanField(default=False)
    telehealth = models.BooleanField(default=False)
    telehealth_area = models.CharField(
        max_length=10,
        choices=TelehealthArea,
        default=TelehealthArea.REGION,
        help_text="Where telehealth clients may live (licensing usually limits this to a state or province).",
    )
    languages = models.ManyToManyField(Language, blank=True, related_name="listings")
    areas_served = models.CharField(max_length=300, blank=True, help_text="Towns or areas visited, in words.")
    accepting_clients = models.BooleanField("accepting new clients", default=True)

    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(help_text="Shown on the profile; renewal reminders go here.")
    website_url = models.URLField("website", blank=True)
    address = models.CharField(
        "street address", max_length=200, blank=True, help_text="Never shown for home-visit-only consultants."
    )
    city = models.CharField(max_length=100)
    region = models.CharField("state, province or region", max_length=100, blank=True)
    postcode = models.CharField("ZIP or postcode", max_length=20, blank=True)
    country = models.CharField(max_length=2, choices=country_choices, default="US")
    latitude = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text="Filled in from the ZIP code or city when left empty.",
    )
    longitude = models.FloatField(null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)])
    # The coordinates as a point on a sphere of radius 1, kept by the database on every write: the distance search
    # compares straight-line (chord) distances between such points, a few multiplications per listing, where the
    # great-circle formula took trigonometry on both coordinates of each of the hundreds of listings it weighs.
    sphere_x = models.GeneratedField(
        expression=Cos(Radians("latitude")) * Cos(Radians("longitude")),
        output_field=models.FloatField(),
        db_persist=True,
    )
    sphere_y = models.GeneratedField(
        expression=Cos(Radians("latitude")) * Sin(Radians("longitude")),
        output_field=models.FloatField(),
        db_persist=True,
    )
    sphere_z = models.GeneratedField(
        expression=Sin(Radians("latitude")), output_field=models.FloatField(), db_persist=True
    )
    # The geonames region of the coordinates: what telehealth searches compare, whatever was typed above.
    region_code = models.CharField(max_length=10, blank=True, editable=False)

    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING, db_index=True)
    renewal_due = models.DateField(
        null=True, blank=True, help_text="The listing stops showing after this date until it is renewed."
    )
    renewal_reminder_sent_for = models.DateField(
        null=True, blank=True, editable=False, help_text="The renewal date a reminder was last emailed for."
    )
    renewal_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="renewals",
        help_text="For a renewal request: the published listing it updates once approved.",
    )
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ListingQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            # The distance search (consultants.selectors): a latitude range of published listings, longitude read
            # from the index, and everything the search filters and sorts by after them, so the hundreds of
            # listings it weighs are read from the index alone (an index-only scan; a covering index on SQLite)
            # and only the page's twenty from the table. Key columns rather than INCLUDE, which SQLite lacks.
            models.Index(
                fields=["latitude", "longitude", *SEARCH_COLUMNS, *SPHERE_COLUMNS],
                condition=Q(status=Status.PUBLISHED),
                name="listing_published_near",
            ),
            # Telehealth from afar: the searcher's country, then whole-country or same-region consultants.
            models.Index(
                fields=["country", "telehealth_area", "region_code", *SEARCH_COLUMNS, *SPHERE_COLUMNS],
                condition=Q(status=Status.PUBLISHED, telehealth=True),
                name="listing_telehealth_near",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="listing_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="listing_longitude_range",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.PUBLISHED) | Q(renewal_due__isnull=False, latitude__isnull=False),
                name="listing_published_has_renewal_date_and_place",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.fill_coordinates()
        if self.slug:
            return super().save(*args, **kwargs)
        # Two submissions of one name and city at the same instant (a double-clicked Submit) both find the
        # slug free; the unique index decides, and the loser takes the next free slug instead of failing.
        for attempt in range(SLUG_ATTEMPTS):
            self.slug = self._unique_slug(random_suffix=attempt == SLUG_ATTEMPTS - 1)
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                if not Listing.objects.filter(slug=self.slug).exclude(pk=self.pk).exists():
                    raise  # another constraint failed: not ours to retry
                self.slug = ""
        raise IntegrityError(f"No free slug for {self.name!r} after {SLUG_ATTEMPTS} attempts.")

    def get_absolute_url(self):
        return reverse("consultants:detail", kwargs={"slug": self.slug})

    def get_country_display(self):
        # Django's generated method calls the field's choices callable, sorting every country, on each call.
        return geo.countries().get(self.country, self.country)

    def public_paths(self):
        return {"self": self.get_absolute_url()}

    @property
    def public_address(self):
        """The street address parents may see: none for consultants who only visit homes."""
        return "" if self.home_visits_only else self.address

    def fill_coordinates(self):
        """Geocode the postcode or city when no coordinates were given; note the region either way."""
        if self.latitude is None or self.longitude is None:
            place = geo.locate(postcode=self.postcode, city=self.city, region=self.region, country=self.country)
            if place is None:
                return
            self.latitude, self.longitude = round(place.latitude, 6), round(place.longitude, 6)
            self.region_code = place.region
        elif not self.region_code:
            place = geo.nearest_place(self.latitude, self.longitude)
            self.region_code = place.region if place.country == self.country else ""

    def clean(self):
        super().clean()
        self.fill_coordinates()
        if self.latitude is None:
            raise ValidationError(
                {"city": "We couldn't find this city or postcode. Check the spelling, or enter the coordinates."}
            )
        if self.status == Status.PUBLISHED and self.renewal_due is None:
            self.renewal_due = timezone.localdate() + RENEWAL_PERIOD

    def _unique_slug(self, *, random_suffix=False):
        base = slugify(f"{self.name} {self.city}")[:120] or "consultant"
        if random_suffix:
            return f"{base}-{secrets.token_hex(4)}"
        slug, number = base, 2
        while Listing.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, number = f"{base}-{number}", number + 1
        return slug


class Credential(models.Model):
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="credentials")
    kind = models.CharField("credential", max_length=10, choices=CredentialKind)
    number = models.CharField("credential number", max_length=40, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False, related_name="+"
    )

    class Meta:
        ordering = ["listing", "kind"]
        constraints = [models.UniqueConstraint(fields=["listing", "kind"], name="credential_once_per_listing")]
        indexes = [models.Index(fields=["kind", "listing"], name="credential_kind_listing")]

    def __str__(self):
        return f"{self.kind} {self.number}".strip()

    @property
    def is_verified(self):
        return self.verified_at is not None


class PendingListing(Listing):
    """The moderators' queue: the same listings, shown in the admin as their own list."""

    class Meta:
        proxy = True
        verbose_name = "pending listing"
