from django import forms
from django.forms import inlineformset_factory
from django.utils.choices import BaseChoiceIterator

from consultants.models import Credential, CredentialKind, Listing, Status
from consultants.selectors import SearchFilters, language_choices
from core import widgets
from core.honeypot import HoneypotMixin

RADIUS_CHOICES = [(10, "10"), (25, "25"), (50, "50"), (100, "100")]
DEFAULT_RADIUS = 25
# Until a place is known the unit follows it: miles where people measure in miles, km elsewhere.
UNIT_CHOICES = [("", "mi (US) or km"), ("mi", "miles"), ("km", "km")]
SERVICE_CHOICES = [("home", "Home visits"), ("office", "Office visits"), ("telehealth", "Telehealth")]
# For addresses edited by hand (the form itself never sends such values).
LOCATION_NOT_UNDERSTOOD = "Your location was not understood; use your location again, or type a ZIP code or city"
LOCATION_ERRORS = dict.fromkeys(("invalid", "min_value", "max_value"), LOCATION_NOT_UNDERSTOOD)
# Places where distances default to miles; everywhere else km (the person may choose either).
MILES_COUNTRIES = {"US"}


class FixedChoices(BaseChoiceIterator):
    """(value, label) pairs, already in the form Django normalises choices to, that never change.

    Django takes a choice iterator as it is, where it checks every pair of a list each time a form is made (in
    its copy of each select, and twice for the language list set per form): a fifth of the finder form's
    construction. Copies share the pairs, which are tuples.
    """

    def __init__(self, pairs):
        self.pairs = tuple(pairs)

    def __iter__(self):
        return iter(self.pairs)

    def __deepcopy__(self, memo):
        return self


class ConsultantSearchForm(forms.Form):
    place = forms.CharField(
        label="ZIP code or city",
        max_length=200,
        required=False,
        widget=widgets.TextInput(attrs={"type": "search", "placeholder": "e.g. 02138, Melbourne or Cambridge MA"}),
        error_messages={"max_length": "Enter a ZIP code or a city name of 200 characters or fewer"},
    )
    lat = forms.FloatField(
        required=False,
        min_value=-90,
        max_value=90,
        widget=widgets.HiddenInput,
        error_messages=LOCATION_ERRORS,
    )
    lng = forms.FloatField(
        required=False,
        min_value=-180,
        max_value=180,
        widget=widgets.HiddenInput,
        error_messages=LOCATION_ERRORS,
    )
    radius = forms.TypedChoiceField(
        label="Within",
        choices=FixedChoices(RADIUS_CHOICES),
        coerce=int,
        required=False,
        initial=DEFAULT_RADIUS,
        widget=widgets.Select,
        error_messages={"invalid_choice": "Choose a distance from the list: 10, 25, 50 or 100"},
    )
    unit = forms.ChoiceField(
        label="Unit", choices=FixedChoices(UNIT_CHOICES), required=False, widget=widgets.Select,
        error_messages={"invalid_choice": "Choose miles or km"},
    )  # fmt: skip
    credential = forms.ChoiceField(
        choices=FixedChoices(
            [("", "Any credential"), *[(kind.value, kind.value if kind.value != "LLL" else "LLL Leader")
                                       for kind in CredentialKind]]
        ),
        required=False,
        widget=widgets.Select,
        error_messages={"invalid_choice": "Choose a credential from the list"},
    )  # fmt: skip
    services = forms.MultipleChoiceField(
        choices=FixedChoices(SERVICE_CHOICES),
        required=False,
        widget=widgets.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose services from the list: home visits, office visits or telehealth"},
    )
    # Its choices are read once per form (in __init__), as plain (code, name) rows.
    language = forms.ChoiceField(
        required=False, widget=widgets.Select, error_messages={"invalid_choice": "Choose a language from the list"},
    )  # fmt: skip
    accepting = forms.BooleanField(label="Accepting new clients", required=False, widget=widgets.CheckboxInput)

    # Filters sit beside the results, outside the <form> element, and join it through the form attribute.
    FILTERS = ("credential", "services", "language", "accepting")

    def __init__(self, *args, form_id="consultant-search", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = FixedChoices([("", "Any language"), *language_choices()])
        for name in self.FILTERS:
            self.fields[name].widget.attrs["form"] = form_id

    def clean(self):
        data = super().clean()
        # The coordinates are hidden fields: their problem is told once, above the form, not beside them.
        if self._errors.pop("lat", None) or self._errors.pop("lng", None):
            self._errors.pop("lng", None)
            self.add_error(None, LOCATION_NOT_UNDERSTOOD)
            return data
        if (data.get("lat") is None) != (data.get("lng") is None):
            raise forms.ValidationError("Your location was only half received; please search again.")
        if not data.get("place") and data.get("lat") is None and "place" not in self.errors:
            self.add_error("place", "Enter a ZIP code or a city, or use your location")
        return data

    @classmethod
    def is_search(cls, query) -> bool:
        """Whether a query string asks for a search (any of the form's fields), rather than the empty finder."""
        return any(name in query for name in cls.base_fields)

    @property
    def active_filter_count(self) -> int:
        data = self.cleaned_data
        return sum(bool(data.get(name)) for name in self.FILTERS)

    def filters(self) -> SearchFilters:
        data = self.cleaned_data
        return SearchFilters(
            credential=data["credential"],
            services=tuple(data["services"]),
            language=data["language"],
            accepting_only=data["accepting"],
        )

    def unit_for(self, country: str) -> str:
        """The unit asked for, else the one people use in the searcher's country."""
        return self.cleaned_data["unit"] or ("mi" if country in MILES_COUNTRIES else "km")

    def chosen_radius(self) -> int:
        return self.cleaned_data["radius"] or DEFAULT_RADIUS


EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"


class ListingSubmissionForm(HoneypotMixin, forms.ModelForm):
    website_url = forms.URLField(
        label="Website",
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
        error_messages={"invalid": "Enter a web address in the correct format, like www.example.com"},
    )
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
            # Browsers and password managers fill these in for people (WCAG 1.3.5).
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "practice_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "region": forms.TextInput(attrs={"autocomplete": "address-level1"}),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code"}),
            "country": forms.Select(attrs={"autocomplete": "country"}),
        }
        # Messages say what to do, in GOV.UK's words.
        error_messages = {
            "name": {"required": "Enter your name"},
            "email": {"required": "Enter your email address", "invalid": EMAIL_FORMAT},
            "city": {"required": "Enter your town or city"},
            "country": {"required": "Select your country", "invalid_choice": "Select your country from the list"},
            "languages": {"required": "Select at least one language you consult in"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].required = True
        self.fields["languages"].help_text = "The languages you consult in."
        self.renewal_of = None

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ("home_visits", "office_visits", "telehealth")):
            self.add_error("home_visits", "Select at least one way you see clients")
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
    default_error_messages = {"too_few_forms": "Give at least one credential"}


CredentialFormSet = inlineformset_factory(
    Listing,
    Credential,
    formset=RequireOneCredential,
    fields=["kind", "number", "expires_on"],
    widgets={"expires_on": forms.DateInput(attrs={"type": "date"})},
    error_messages={
        "kind": {"required": "Select the credential"},
        "expires_on": {"invalid": "Enter the expiry date as a real date, like 31 12 2027"},
    },
    extra=2,
    min_num=1,
    max_num=5,
    validate_min=True,
    validate_max=True,
    can_delete=False,
)
