import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from reversion.models import Version

# How far back the conflict message looks for the version the editor had opened.
VERSIONS_SEARCHED = 50


def version_stamp(value):
    """The text form of a record's ``updated_at``, as carried by the edit form."""
    return value.isoformat() if value else ""


class ConflictSafeForm(forms.ModelForm):
    """An admin form that refuses to overwrite changes saved by someone else since it was opened.

    The form carries the record's ``updated_at`` as loaded; if the record has been saved since, the save
    is refused with a link to the other change, and the form comes back with everything the editor typed.
    Saving again after that is deliberate, so the second attempt goes through.
    The model needs an ``updated_at = models.DateTimeField(auto_now=True)`` field.
    """

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["loaded_version"].initial = version_stamp(self.instance.updated_at)

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            return cleaned_data
        loaded = self.cleaned_data.get("loaded_version", "")
        current = version_stamp(self.instance.updated_at)
        if loaded != current:
            # The form comes back carrying the current version: saving again means "keep mine".
            data = self.data.copy()
            data[self.add_prefix("loaded_version")] = current
            self.data = data
            raise ValidationError(_conflict_message(self.instance, loaded), code="edit_conflict")
        return cleaned_data


def _to_milliseconds(value):
    """A timestamp at the precision versions store it (Django's JSON serializer keeps milliseconds)."""
    if isinstance(value, str):
        try:
            value = datetime.datetime.fromisoformat(value)
        except ValueError:
            return None
    if not isinstance(value, datetime.datetime):
        return None
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def _conflict_message(instance, loaded_stamp):
    opts = instance._meta
    versions = list(
        Version.objects.get_for_object(instance).select_related("revision__user").order_by("-pk")[:VERSIONS_SEARCHED]
    )
    latest = versions[0] if versions else None
    opened_at = _to_milliseconds(loaded_stamp)
    opened = next((v for v in versions if _to_milliseconds(v.field_dict.get("updated_at")) == opened_at), None)
    try:
        if latest and opened and opened.pk != latest.pk:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_compare", args=[instance.pk])
            url += f"?old={opened.pk}&new={latest.pk}"
        else:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[instance.pk])
    except NoReverseMatch:
        url = ""
    user = latest.revision.user if latest else None
    who = (user.get_full_name() or user.get_username()) if user else "Someone else"
    # To the second and with the zone: two saves a minute apart must not read alike.
    saved_at = formats.date_format(timezone.localtime(instance.updated_at), "j M Y, H:i:s")
    when = f"{saved_at} ({timezone.get_current_timezone_name()} time)"
    return format_html(
        "{} saved this {} at {}, after you opened it, so your changes have not been saved. "
        "Everything you typed is still in the form below. "
        '<a href="{}">See what they changed</a>, then save again to replace their version with yours '
        "(or reload the page to start again from theirs).",
        who,
        opts.verbose_name,
        when,
        url,
    )
