"""Site search suggestions ("Did you mean ...?"): pg_trgm on PostgreSQL and the words articles are made of; and
every stored body rendered again, as citations now follow AMA's placement and ranges and the plain text keeps
blocks apart."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models


class AddIndexOnPostgreSQL(migrations.AddIndex):
    """Adds the index to the model state everywhere, but creates it only on PostgreSQL (SQLite has no GIN)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def render_bodies(apps, schema_editor):
    from articles.citations import render_with_citations
    from articles.search import RANK_VECTOR, SEARCH_VECTOR, vocabulary
    from core.markdown import plain_text

    Article = apps.get_model("articles", "Article")
    SearchTerm = apps.get_model("articles", "SearchTerm")
    articles = Article.objects.using(schema_editor.connection.alias)
    changed = []

    def flush():
        articles.bulk_update(changed, ["body_html", "body_text"])
        SearchTerm.objects.using(articles.db).bulk_create(
            [SearchTerm(word=word) for word in vocabulary(changed)], ignore_conflicts=True, batch_size=1000
        )
        changed.clear()

    for article in articles.only("title", "summary", "toc", "body", "body_html", "body_text").iterator(chunk_size=500):
        rendered = render_with_citations(article.body)
        article.body_html, article.body_text = rendered.html, plain_text(rendered.html)
        changed.append(article)
        if len(changed) >= 500:
            flush()
    flush()
    if schema_editor.connection.vendor == "postgresql":
        articles.update(search_vector=SEARCH_VECTOR, rank_vector=RANK_VECTOR)


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_merge_20261123_1722")]

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name="SearchTerm",
            fields=[("word", models.CharField(max_length=60, primary_key=True, serialize=False))],
            options={"ordering": ["word"]},
        ),
        AddIndexOnPostgreSQL(
            model_name="searchterm",
            index=GinIndex(fields=["word"], name="search_term_trigram_gin", opclasses=["gin_trgm_ops"]),
        ),
        migrations.RunPython(render_bodies, migrations.RunPython.noop),
    ]
