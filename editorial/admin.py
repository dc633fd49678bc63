import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.contrib.redirects.admin import RedirectAdmin
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from reversion import set_comment
from reversion.admin import VersionAdmin
from reversion.models import Version

from editorial.diffs import compare_versions
from editorial.forms import ConflictSafeForm
from editorial.history import record_deletion

HISTORY_SHOWN = 200


class EditorialAdmin(VersionAdmin):
    """Admin for content kept under revision history.

    Adds to django-reversion's history, restore and recover: a compare page with a line diff, a "Deleted"
    revision on delete (so anything deleted can be recovered), and, when the form is a
    ``ConflictSafeForm``, refusal of saves that would overwrite someone else's newer change.
    """

    object_history_template = "editorial/object_history.html"
    recover_list_template = "editorial/recover_list.html"
    history_latest_first = True

    class Media:
        # Markdown editors' image uploads: refusals shown beside the editor, alt text asked for.
        js = ["editorial/timezone.js", "editorial/markdown-uploads.js", "editorial/unsaved-text.js"]

    def get_object(self, request, object_id, from_field=None):
        if request.method == "POST" and transaction.get_connection().in_atomic_block:
            self._lock_row(object_id, from_field)
        return super().get_object(request, object_id, from_field)

    def _lock_row(self, object_id, from_field):
        """Hold the record's row until the save commits, so the conflict check sees any save made meanwhile.

        Two editors posting at the same instant both passed the check before; now the second waits for
        the first to commit, then reads its version and is refused like any later save.
        """
        field = self.model._meta.pk if from_field is None else self.model._meta.get_field(from_field)
        try:
            value = field.to_python(unquote(object_id))
        except (ValidationError, ValueError):
            return  # get_object answers None for a malformed id, and the admin its usual message
        list(self.model._base_manager.select_for_update().filter(**{field.name: value}).values_list("pk"))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        names = {name for _title, options in fieldsets for name in admin.utils.flatten(options["fields"])}
        if issubclass(self.form, ConflictSafeForm) and "loaded_version" not in names:
            (title, options), *rest = fieldsets
            fieldsets = [(title, {**options, "fields": [*options["fields"], "loaded_version"]}), *rest]
        return fieldsets

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        # The admin shows help text as HTML; ours is plain text, so "/articles/<slug>/" must show as written.
        if formfield is not None and formfield.help_text:
            formfield.help_text = escape(formfield.help_text)
        if formfield is not None and isinstance(db_field, models.DateTimeField) and db_field.editable:
            # Shown with the editor's zone (editorial/timezones.py), so a schedule is never read in UTC by mistake.
            zone = timezone.get_current_timezone_name()
            formfield.help_text = format_html("{} Times are in {} time.", formfield.help_text, zone)
        return formfield

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if "data" in kwargs and obj is not None and obj.pk is not None:
            queryset = kwargs["queryset"].filter(**{inline.get_formset(request, obj).fk.name: obj})
            kwargs["data"] = vanished_rows_as_new(kwargs["data"], prefix, queryset)
        return kwargs

    def get_urls(self):
        opts = self.model._meta
        urls = [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{opts.app_label}_{opts.model_name}_compare",
            )
        ]
        return urls + super().get_urls()

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        context = {}
        if obj is not None:
            versions = Version.objects.get_for_object(obj).select_related("revision__user").order_by("-pk")
            context["versions"] = list(versions[:HISTORY_SHOWN])
            context["can_restore"] = self.has_change_permission(request, obj)
        return super().history_view(request, object_id, {**context, **(extra_context or {})})

    # Deleting keeps the last state as a revision, so it shows in "Recover deleted ...".

    def delete_model(self, request, obj):
        record_deletion([obj], user=request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        record_deletion(list(queryset), user=request.user)
        super().delete_queryset(request, queryset)

    # Restores: only versions of this admin's model, and a clear message when the old state cannot return.

    def _version_of_this_model(self, version_id, **lookups):
        content_type = ContentType.objects.get_for_model(self.model)
        if not Version.objects.filter(pk=version_id, content_type=content_type, **lookups).exists():
            raise Http404("No such version.")

    def revision_view(self, request, object_id, version_id, extra_context=None):
        self._version_of_this_model(version_id, object_id=unquote(object_id))
        return self._restore_or_explain(request, super().revision_view, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        self._version_of_this_model(version_id)
        return self._restore_or_explain(request, super().recover_view, version_id, extra_context=extra_context)

    def response_change(self, request, obj):
        # A restore or a recovery goes through the change form; say which happened, not "was changed".
        url_name = getattr(request.resolver_match, "url_name", "") or ""
        if not url_name.endswith(("_revision", "_recover")):
            return super().response_change(request, obj)
        opts = self.model._meta
        if url_name.endswith("_recover"):
            message = (
                f"The deleted {opts.verbose_name} “{obj}” was recovered; the recovery is a new version in its history."
            )
        else:
            message = (
                f"The {opts.verbose_name} “{obj}” was restored to an earlier version; the restore is a new "
                "version in its history, so the version it replaced can still be restored."
            )
        set_comment(message.split(";")[0] + ".")
        self.message_user(request, message, messages.SUCCESS)
        return redirect(f"admin:{opts.app_label}_{opts.model_name}_change", obj.pk)

    def _restore_or_explain(self, request, view, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except IntegrityError:
            # E.g. a deleted article whose address another article has taken since.
            messages.error(
                request,
                f"This {self.model._meta.verbose_name} cannot be restored as it was: another record now uses "
                "the same unique value (such as its slug). Change that record first, then try again.",
            )
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    # Compare two versions.

    def compare_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such record.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        versions = Version.objects.get_for_object(obj).select_related("revision__user").order_by("-pk")
        new = _version_from(versions, request.GET.get("new")) or versions.first()
        if new is None:
            raise Http404("This record has no saved versions yet.")
        old = _version_from(versions, request.GET.get("old")) or versions.filter(pk__lt=new.pk).first()
        if old is None:
            raise Http404("This is the first saved version; there is nothing earlier to compare with.")
        if old.pk > new.pk:
            old, new = new, old
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": f"Changes to {obj}",
            "subtitle": None,
            "opts": opts,
            "object": obj,
            "old": old,
            "new": new,
            "changes": compare_versions(self.model, old.field_dict, new.field_dict),
            "history_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]),
            "can_restore": self.has_change_permission(request, obj),
        }
        return TemplateResponse(request, "editorial/compare.html", context)


def vanished_rows_as_new(data, prefix, queryset):
    """Inline formset POST data in which rows deleted since the form was opened come back as new rows.

    Someone else's save may have removed a row the editor's form still shows (their save is also a
    conflict, refused by ConflictSafeForm). Its id no longer exists, which a formset can only report as
    an error on a hidden field; as a new row instead, "save again to keep yours" keeps it, and a row the
    editor had ticked for deletion as well simply goes.
    """
    try:
        initial = int(data.get(f"{prefix}-INITIAL_FORMS", 0))
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except ValueError:
        return data  # the formset reports a broken management form itself
    pk_name = queryset.model._meta.pk.name
    ids = [data.get(f"{prefix}-{index}-{pk_name}", "") for index in range(initial)]
    try:
        existing = {str(pk) for pk in queryset.filter(pk__in=[pk for pk in ids if pk]).values_list("pk", flat=True)}
    except (ValueError, ValidationError):
        return data
    vanished = [index for index, pk in enumerate(ids) if pk not in existing]
    if not vanished:
        return data
    order = [index for index in range(initial) if index not in vanished] + vanished + list(range(initial, total))
    row_key = re.compile(rf"^{re.escape(prefix)}-(\d+)-(.+)$")
    rows, renumbered = {}, data.copy()
    for key in list(renumbered.keys()):
        match = row_key.match(key)
        if match:
            rows.setdefault(int(match[1]), {})[match[2]] = renumbered.getlist(key)
            del renumbered[key]
    for position, index in enumerate(order):
        for name, values in rows.get(index, {}).items():
            renumbered.setlist(f"{prefix}-{position}-{name}", [""] if index in vanished and name == pk_name else values)
    renumbered[f"{prefix}-INITIAL_FORMS"] = str(initial - len(vanished))
    return renumbered


def _version_from(versions, value):
    """The version of ``versions`` whose id is ``value``; None when absent; 404 when malformed or foreign."""
    if value in (None, ""):
        return None
    if not str(value).isdigit():
        raise Http404("Bad version id.")
    version = versions.filter(pk=int(value)).first()
    if version is None:
        raise Http404("No such version of this record.")
    return version


class EditorRedirectForm(forms.ModelForm):
    """Redirects of old addresses on this site; refuses chains and loops, which browsers would follow slowly."""

    class Meta:
        model = Redirect
        fields = ["old_path", "new_path"]
        help_texts = {
            "old_path": "The old address on this site, starting with a slash: /acupuncture.shtml or /old-page/.",
            "new_path": "Where readers should go instead: /articles/section/article/ or a full https:// address.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_path"].required = True
        self.instance.site_id = self.instance.site_id or Site.objects.get_current().pk

    def clean_old_path(self):
        old_path = self.cleaned_data["old_path"].strip()
        if not old_path.startswith("/"):
            raise forms.ValidationError("Start the old address with a slash, e.g. /acupuncture.shtml.")
        taken = Redirect.objects.filter(site_id=self.instance.site_id, old_path=old_path).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("There is already a redirect from this address; edit that one instead.")
        return old_path

    def clean(self):
        cleaned_data = super().clean()
        old_path, new_path = cleaned_data.get("old_path"), (cleaned_data.get("new_path") or "").strip()
        if old_path and new_path:
            if old_path == new_path:
                self.add_error("new_path", "A redirect cannot lead to its own address.")
            onward = Redirect.objects.filter(site_id=self.instance.site_id, old_path=new_path).first()
            if onward is not None:
                self.add_error(
                    "new_path",
                    f"{new_path} itself redirects to {onward.new_path}; point straight there instead.",
                )
        return cleaned_data


admin.site.unregister(Redirect)


@admin.register(Redirect)
class EditorRedirectAdmin(RedirectAdmin):
    form = EditorRedirectForm
    list_display = ["old_path", "new_path"]
    list_filter = []
    radio_fields = {}
    search_fields = ["old_path", "new_path"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(site_id=Site.objects.get_current().pk)
