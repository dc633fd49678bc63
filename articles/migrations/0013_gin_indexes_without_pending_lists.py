"""The article search indexes updated at each edit, not through GIN's pending list.

With fastupdate on, an edit's thousands of words and word pairs go to a pending list that every search reads in
full until VACUUM (or the list reaching gin_pending_list_limit) merges it into the index. The option is changed
in place (no rebuild) and what is already pending is merged now; PostgreSQL only, like the indexes themselves.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

INDEXES = [
    "article_search_vector_gin",
    "article_title_vector_gin",
    "article_rank_vector_gin",
    "article_search_pairs_gin",  # migration 0010's, outside the model's declared indexes
    "article_rank_pairs_gin",
]


def fastupdate(value):
    def alter(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("SET LOCAL statement_timeout = 0")  # merging a long pending list takes a while
        for name in INDEXES:
            schema_editor.execute(f"ALTER INDEX {name} SET (fastupdate = {value})")
            if value == "off":
                schema_editor.execute(f"SELECT gin_clean_pending_list('{name}'::regclass)")

    return alter


def declared(field, name, **options):
    return GinIndex(fields=[field], name=name, **options)


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_section_published_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(fastupdate("off"), fastupdate("on"))],
            state_operations=[
                operation
                for field, name in [
                    ("search_vector", "article_search_vector_gin"),
                    ("title_vector", "article_title_vector_gin"),
                    ("rank_vector", "article_rank_vector_gin"),
                ]
                for operation in (
                    migrations.RemoveIndex(model_name="article", name=name),
                    migrations.AddIndex(model_name="article", index=declared(field, name, fastupdate=False)),
                )
            ],
        ),
    ]
