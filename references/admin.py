import secrets

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from reversion import set_comment

from editorial.admin import EditorialAdmin
from editorial.forms import ConflictSafeForm
from references import exporting, importing
from references.models import Reference

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
_SESSION_KEY = "reference-import"


class ReferenceImportForm(forms.Form):
    file = forms.FileField(help_text="A BibTeX (.bib), RIS (.ris) or CSL-JSON (.json) file, up to 5 MB.")
    format = forms.ChoiceField(
        choices=[("", "Tell from the file"), *importing.FORMAT_CHOICES], required=False, label="Format"
    )

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("file")
        if upload is None:
            return cleaned_data
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                "The file is larger than 5 MB. Import it with `manage.py import_references FILE` instead."
            )
        try:
            text = importing.decode_upload(upload.read())
        except importing.UnreadableFile as error:
            raise forms.ValidationError(str(error)) from error
        file_format = cleaned_data.get("format") or importing.detect_format(upload.name, text)
        if not file_format:
            raise forms.ValidationError("Could not tell the file's format: choose it in the list.")
        cleaned_data.update(text=text, format=file_format, filename=upload.name)
        return cleaned_data


@admin.register(Reference)
class ReferenceAdmin(EditorialAdmin):
    form = ConflictSafeForm
    change_list_template = "admin/references/reference/change_list.html"
    actions = ["export_bibtex", "export_ris", "export_csl_json"]
    list_display = ["key", "kind", "short_title", "container_title", "year", "cited_in"]
    list_filter = ["kind", "epub_ahead_of_print", "year"]
    search_fields = ["key", "authors", "title", "container_title", "doi", "pmid"]
    readonly_fields = ["formatted_preview"]
    fieldsets = [
        (None, {"fields": ["key", "kind", "formatted_preview"]}),
        (
            "Authors and title",
            {"fields": ["authors", "authors_et_al", "title", "title_translated", "original_language"]},
        ),
        (
            "Source",
            {
                "fields": [
                    "container_title",
                    "editors",
                    "edition",
                    "publisher",
                    "publisher_place",
                    "degree",
                    "year",
                    "volume",
                    "issue",
                    "pages",
                    "epub_ahead_of_print",
                    "published_online",
                ]
            },
        ),  # fmt: skip
        ("Identifiers and links", {"fields": ["doi", "pmid", "url", "accessed", "note"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=Count("citations"))

    @admin.display(description="title")
    def short_title(self, reference):
        return reference.title[:80]

    @admin.display(ordering="citation_count", description="cited in")
    def cited_in(self, reference):
        return reference.citation_count

    @admin.display(description="AMA entry")
    def formatted_preview(self, reference):
        if not reference.pk:
            return "Shown once saved."
        return format_html("<div>{}</div>", reference.formatted_html)

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="references_reference_import"),
            path(
                "import/confirm/",
                self.admin_site.admin_view(self.import_confirm_view),
                name="references_reference_import_confirm",
            ),
            path("export/", self.admin_site.admin_view(self.export_view), name="references_reference_export"),
            *super().get_urls(),
        ]

    # Import: upload, preview (nothing saved), confirm.

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ReferenceImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            preview = importing.preview_import(data["text"], data["format"])
            token = secrets.token_urlsafe(16)
            # The file waits in the session (not in the page) between preview and confirmation.
            request.session[_SESSION_KEY] = {
                "token": token,
                "text": data["text"],
                "format": data["format"],
                "filename": data["filename"],
            }
            return self._import_page(
                request,
                "admin/references/reference/import_preview.html",
                preview=preview,
                token=token,
                filename=data["filename"],
            )
        return self._import_page(request, "admin/references/reference/import_form.html", form=form)

    def import_confirm_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        changelist = reverse("admin:references_reference_changelist")
        pending = request.session.get(_SESSION_KEY) or {}
        if request.method != "POST" or not pending or request.POST.get("token") != pending.get("token"):
            self.message_user(request, "Nothing to import: upload the file again.", messages.WARNING)
            return redirect("admin:references_reference_import")
        # Checked again: the library may have changed since the preview.
        preview = importing.preview_import(pending["text"], pending["format"])
        with self.create_revision(request):
            set_comment(f"Imported from {pending['filename']}.")
            result = importing.import_entries(preview.entries)
        del request.session[_SESSION_KEY]
        created = len(result.created)
        summary = (
            f"Imported {created} new reference{'s' if created != 1 else ''} from {pending['filename']}; "
            f"{len(preview.duplicates)} duplicate{'s' if len(preview.duplicates) != 1 else ''} skipped"
        )
        skipped_invalid = len(preview.invalid) + len(result.failed)
        if skipped_invalid:
            lines = ", ".join(str(entry.line) for entry in [*preview.invalid, *result.failed][:20])
            summary += (
                f"; {skipped_invalid} invalid entr{'ies' if skipped_invalid != 1 else 'y'} skipped (lines {lines})"
            )
        self.message_user(request, summary + ".", messages.SUCCESS if created else messages.WARNING)
        return redirect(changelist)

    def _import_page(self, request, template, **context):
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "Import references",
                **context,
            },
        )

    # Export.

    def export_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return _export_response(Reference.objects.all(), request.GET.get("format", "bibtex"))

    @admin.action(description="Export selected references as BibTeX", permissions=["view"])
    def export_bibtex(self, request, queryset):
        return _export_response(queryset, "bibtex")

    @admin.action(description="Export selected references as RIS", permissions=["view"])
    def export_ris(self, request, queryset):
        return _export_response(queryset, "ris")

    @admin.action(description="Export selected references as CSL-JSON", permissions=["view"])
    def export_csl_json(self, request, queryset):
        return _export_response(queryset, "csl-json")


_EXPORTS = {
    "bibtex": (exporting.to_bibtex, "application/x-bibtex", "references.bib"),
    "ris": (exporting.to_ris, "application/x-research-info-systems", "references.ris"),
    "csl-json": (exporting.to_csl_json, "application/vnd.citationstyles.csl+json", "references.json"),
}


def _export_response(queryset, export_format):
    if export_format not in _EXPORTS:
        export_format = "bibtex"
    convert, content_type, filename = _EXPORTS[export_format]
    response = HttpResponse(convert(queryset.order_by("key")), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
