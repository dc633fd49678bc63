"""Site search in tiers: a title vector, GIN indexes on the title and rank vectors, and a covering title index from
which a common word's first page and bounded count are read without visiting the table."""

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


def fill_title_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("articles", "Article")
    Article.objects.using(schema_editor.connection.alias).update(
        title_vector=SearchVector("title", config="english")
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_citation_by_reference_index")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="title_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(fill_title_vectors, migrations.RunPython.noop, elidable=True),
        AddIndexOnPostgreSQL(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(fields=["title_vector"], name="article_title_vector_gin"),
        ),
        AddIndexOnPostgreSQL(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(fields=["rank_vector"], name="article_rank_vector_gin"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["title", "id"],
                include=("status", "publish_at", "title_vector", "rank_vector"),
                name="article_search_by_title",
            ),
        ),
    ]
