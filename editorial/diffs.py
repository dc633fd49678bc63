"""Readable differences between two saved versions of a model, for the admin's "compare" page."""

import difflib
from dataclasses import dataclass, field

from django.db import models

# Text fields longer than this, or with several lines, are compared line by line.
LONG_TEXT = 120


@dataclass
class DiffLine:
    kind: str  # "same", "added", "removed" or "gap"
    text: str
    old_number: int | None = None
    new_number: int | None = None


@dataclass
class FieldChange:
    label: str
    old: str = ""
    new: str = ""
    lines: list[DiffLine] = field(default_factory=list)

    @property
    def is_text(self):
        return bool(self.lines)


def line_diff(old, new, *, context=3):
    """Return the changed lines of ``new`` against ``old`` with ``context`` unchanged lines around each change.

    Lines are returned as text; templates escape them, so markdown or HTML in a body is shown, never run.
    """
    old_lines, new_lines = (old or "").splitlines(), (new or "").splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    lines = []
    for index, group in enumerate(matcher.get_grouped_opcodes(context)):
        if index:
            lines.append(DiffLine("gap", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(
                    DiffLine("same", old_lines[i], i + 1, j + 1)
                    for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                )
                continue
            lines.extend(DiffLine("removed", old_lines[i], old_number=i + 1) for i in range(i1, i2))
            lines.extend(DiffLine("added", new_lines[j], new_number=j + 1) for j in range(j1, j2))
    return lines


def _display(model_field, value):
    """A field's stored value as editors know it (choice labels, related objects' names, Yes/No)."""
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ManyToManyField):
        related = model_field.related_model._default_manager.filter(pk__in=value)
        names = sorted(str(obj) for obj in related)
        return ", ".join(names) or "—"
    if isinstance(model_field, models.ForeignKey):
        obj = model_field.related_model._default_manager.filter(pk=value).first()
        return str(obj) if obj is not None else f"(deleted #{value})"
    if isinstance(model_field, models.BooleanField):
        return "Yes" if value else "No"
    return str(value)


def compare_versions(model, old_fields, new_fields):
    """Return a FieldChange for every editable field whose value differs between two versions' field dicts."""
    changes = []
    for model_field in [*model._meta.fields, *model._meta.many_to_many]:
        if not model_field.editable or model_field.auto_created:
            continue
        name = model_field.attname
        old, new = old_fields.get(name), new_fields.get(name)
        if isinstance(model_field, models.ManyToManyField):
            old, new = sorted(old or []), sorted(new or [])
        if old == new:
            continue
        label = str(model_field.verbose_name).capitalize()
        is_text = isinstance(model_field, models.TextField | models.CharField) and not model_field.choices
        if is_text and ("\n" in f"{old or ''}{new or ''}" or len(f"{old or ''}{new or ''}") > LONG_TEXT):
            changes.append(FieldChange(label, lines=line_diff(old, new)))
        else:
            changes.append(FieldChange(label, _display(model_field, old), _display(model_field, new)))
    return changes
