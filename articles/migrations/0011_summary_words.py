"""Each summary's words with their lexemes, stored at save time so that search results highlight the summary
without parsing it again for every search."""

from django.db import migrations, models


def fill_summary_words(apps, schema_editor):
    from articles.search import SUMMARY_WORDS

    if schema_editor.connection.vendor != "postgresql":
        return
    # Every row is rewritten, and with it the entries of the word-pair indexes (migration 0010): minutes on a large
    # site, longer than the site's own statement timeout. SET LOCAL lasts until the migration's transaction ends.
    schema_editor.execute("SET LOCAL statement_timeout = 0")
    Article = apps.get_model("articles", "Article")
    Article.objects.using(schema_editor.connection.alias).update(summary_words=SUMMARY_WORDS)


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_phrase_pairs")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="summary_words",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.RunPython(fill_summary_words, migrations.RunPython.noop, elidable=True),
    ]
