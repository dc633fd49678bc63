"""Stored AMA entries again from the formatter, which now keeps page ranges on one line."""

from django.db import migrations


class _Entry:
    """A historical Reference row with the two list methods the formatter reads."""

    def __init__(self, row):
        self._row = row

    def __getattr__(self, name):
        return getattr(self._row, name)

    def author_list(self):
        return [line.strip() for line in self._row.authors.splitlines() if line.strip()]

    def editor_list(self):
        return [line.strip() for line in self._row.editors.splitlines() if line.strip()]


def reformat(apps, schema_editor):
    from references.formatting import format_ama

    Reference = apps.get_model("references", "Reference")
    changed = []
    for row in Reference.objects.iterator(chunk_size=2000):
        html = format_ama(_Entry(row))
        if html != row.formatted_html:
            row.formatted_html = html
            changed.append(row)
        if len(changed) >= 2000:
            Reference.objects.bulk_update(changed, ["formatted_html"])
            changed = []
    Reference.objects.bulk_update(changed, ["formatted_html"])


class Migration(migrations.Migration):
    dependencies = [("references", "0001_initial")]

    operations = [migrations.RunPython(reformat, migrations.RunPython.noop)]
