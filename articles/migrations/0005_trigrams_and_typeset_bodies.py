"""pg_trgm for "Did you mean ...?" on PostgreSQL, and every stored body rendered again: citations now follow
AMA's placement and ranges, and the plain text keeps blocks apart."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


def render_bodies(apps, schema_editor):
    from articles.citations import render_with_citations
    from articles.search import RANK_VECTOR, SEARCH_VECTOR
    from core.markdown import plain_text

    Article = apps.get_model("articles", "Article")
    articles = Article.objects.using(schema_editor.connection.alias)
    changed = []
    for article in articles.only("body", "body_html", "body_text").iterator(chunk_size=500):
        rendered = render_with_citations(article.body)
        article.body_html, article.body_text = rendered.html, plain_text(rendered.html)
        changed.append(article)
        if len(changed) >= 500:
            articles.bulk_update(changed, ["body_html", "body_text"])
            changed = []
    articles.bulk_update(changed, ["body_html", "body_text"])
    if schema_editor.connection.vendor == "postgresql":
        articles.update(search_vector=SEARCH_VECTOR, rank_vector=RANK_VECTOR)


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_merge_20261123_1722")]

    operations = [TrigramExtension(), migrations.RunPython(render_bodies, migrations.RunPython.noop)]
