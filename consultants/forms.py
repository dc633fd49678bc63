from django import forms
from django.forms import inlineformset_factory

from consultants.models import Credential, CredentialKind, Language, Listing, Status
from consultants.selectors import SearchFilters
from core.honeypot import HoneypotMixin

RADIUS_CHOICES = [(10, "10"), (25, "25"), (50, "50"), (100, "100")]
UNIT_CHOICES = [("km", "km"), ("mi", "miles")]
SERVICE_CHOICES = [("home", "Home visits"), ("office", "Office visits"), ("telehealth", "Telehealth")]
# Countries whose people think in miles.
MILES_COUNTRIES = {"US", "GB", "LR", "MM"}


class ConsultantSearchForm(forms.Form):
    place = forms.CharField(
        label="ZIP code or city",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "e.g. 02138, Melbourne or Cambridge, MA"}),
        error_messages={"max_length": "That is longer than any place name; please type a ZIP code or a city."},
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lng = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    radius = forms.TypedChoiceField(label="Within", choices=RADIUS_CHOICES, coerce=int, required=False, initial=25)
    unit = forms.ChoiceField(label="Unit", choices=UNIT_CHOICES, required=False)
    credential = forms.ChoiceField(
        choices=[("", "Any credential"), *[(kind.value, kind.value if kind.value != "LLL" else "LLL Leader")
                                           for kind in CredentialKind]],
        required=False,
    )  # fmt: skip
    services = forms.MultipleChoiceField(choices=SERVICE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple)
    language = forms.ModelChoiceField(
        queryset=Language.objects.all(), to_field_name="code", required=False, empty_label="Any language"
    )
    accepting = forms.BooleanField(label="Accepting new clients", required=False)

    def clean(self):
        data = super().clean()
        if (data.get("lat") is None) != (data.get("lng") is None):
            raise forms.ValidationError("Your location was only half received; please search again.")
        return data

    @property
    def has_search(self):
        data = self.cleaned_data
        return bool(data.get("place")) or data.get("lat") is not None

    def filters(self) -> SearchFilters:
        data = self.cleaned_data
        return SearchFilters(
            credential=data["credential"],
            services=tuple(data["services"]),
            language=data["language"].code if data["language"] else "",
            accepting_only=data["accepting"],
        )

    def unit_for(self, country: str) -> str:
        """The unit asked for, else the one people use in the searcher's country."""
        return self.cleaned_data["unit"] or ("mi" if country in MILES_COUNTRIES else "km")


class ListingSubmissionForm(HoneypotMixin, forms.ModelForm):
    website_url = forms.URLField(label="Website", required=False, max_length=200, assume_scheme="https")
    is_renewal = forms.BooleanField(
        label="I am renewing my existing listing",
        required=False,
        help_text="Use the email address that is on your current listing.",
    )

    class Meta:
        model = Listing
        fields = [
            "name", "practice_name", "about", "email", "phone", "website_url",
            "home_visits", "office_visits", "telehealth", "telehealth_area", "languages", "areas_served",
            "accepting_clients", "address", "city", "region", "postcode", "country",
        ]  # fmt: skip
        labels = {"name": "Your name", "email": "Email address"}
        help_texts = {
            "address": "Shown on your profile unless you only visit clients at home.",
            "postcode": "US ZIP codes place you most precisely.",
        }
        widgets = {
            "about": forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
            "languages": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].required = True
        self.fields["languages"].help_text = "The languages you consult in."
        self.renewal_of = None

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ("home_visits", "office_visits", "telehealth")):
            self.add_error("home_visits", "Choose at least one way you see clients.")
        if data.get("is_renewal") and data.get("email"):
            self.renewal_of = (
                Listing.objects.filter(
                    email__iexact=data["email"], renewal_of=None, status__in=[Status.PUBLISHED, Status.EXPIRED]
                )
                .order_by("-renewal_due")
                .first()
            )
            if self.renewal_of is None:
                self.add_error(
                    "email",
                    "We have no listing with this email address. Use the address on your current listing, "
                    "or untick “renewing” to submit a new one.",
                )
        return data

    def save(self, commit=True):
        listing = super().save(commit=False)
        listing.status = Status.PENDING
        listing.renewal_of = self.renewal_of
        if commit:
            listing.save()
            self.save_m2m()
        return listing


class RequireOneCredential(forms.BaseInlineFormSet):
    default_error_messages = {"too_few_forms": "Please give at least one credential."}


CredentialFormSet = inlineformset_factory(
    Listing,
    Credential,
    formset=RequireOneCredential,
    fields=["kind", "number", "expires_on"],
    widgets={"expires_on": forms.DateInput(attrs={"type": "date"})},
    extra=2,
    min_num=1,
    max_num=5,
    validate_min=True,
    validate_max=True,
    can_delete=False,
)
