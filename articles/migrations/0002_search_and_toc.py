import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models


class AddIndexOnPostgreSQL(migrations.AddIndex):
    """Adds the index to the model state everywhere, but creates it only on PostgreSQL (SQLite has no GIN)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def compress_search_vector_with_lz4(apps, schema_editor):
    """Search reads every matching vector to rank it; lz4 decompresses several times faster than the default."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)")
        if cursor.fetchone():
            cursor.execute("ALTER TABLE articles_article ALTER COLUMN search_vector SET COMPRESSION lz4")


def fill_search_fields(apps, schema_editor):
    """Give existing articles their plain text, table of contents and search vector."""
    from articles.citations import plain_text, render_with_citations

    Article = apps.get_model("articles", "Article")
    for article in Article.objects.using(schema_editor.connection.alias).only("body"):
        rendered = render_with_citations(article.body)
        article.body_text = plain_text(rendered.html)
        article.toc = rendered.toc
        article.save(update_fields=["body_text", "toc"])
    if schema_editor.connection.vendor == "postgresql":
        # The vector as this migration knows it (later migrations add columns that the live code fills too).
        Article.objects.using(schema_editor.connection.alias).update(
            search_vector=SearchVector("title", weight="A", config="english")
            + SearchVector("summary", weight="B", config="english")
            + SearchVector("body_text", weight="C", config="english")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="body_text",
            field=models.TextField(blank=True, editable=False, help_text="The body as plain text, for site search."),
        ),
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="toc",
            field=models.JSONField(
                blank=True,
                default=list,
                editable=False,
                help_text="The body's headings, from save.",
                verbose_name="table of contents",
            ),
        ),
        AddIndexOnPostgreSQL(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="article_search_vector_gin"),
        ),
        migrations.RunPython(compress_search_vector_with_lz4, migrations.RunPython.noop),
        migrations.RunPython(fill_search_fields, migrations.RunPython.noop, elidable=True),
    ]
