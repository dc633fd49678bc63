from django import forms

from articles.citations import cited_keys
from editorial.forms import ConflictSafeForm
from references.models import Reference


class ArticleAdminForm(ConflictSafeForm):
    """The admin's article form (ModelAdmin supplies the model and fields): refuses unknown citation keys
    and saves that would overwrite another editor's newer change."""

    def clean_body(self):
        body = self.cleaned_data["body"]
        keys = cited_keys(body)
        known = set(Reference.objects.filter(key__in=keys).values_list("key", flat=True))
        unknown = [key for key in keys if key not in known]
        if unknown:
            listed = ", ".join(f"[@{key}]" for key in unknown)
            raise forms.ValidationError(
                f"Unknown reference key{'s' if len(unknown) > 1 else ''}: {listed}. "
                "Add the reference to the library first, or correct the key.",
                code="unknown_citation",
            )
        return body
