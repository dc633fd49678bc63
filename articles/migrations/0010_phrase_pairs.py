"""Quoted phrases of site search through GIN indexes of word pairs.

``article_terms_and_pairs(vector)`` is the vector with every pair of adjacent words added as one lexeme ("milk
suppli", no position); ``article_phrase_pairs(query)`` makes each phrase of two adjacent words in a tsquery such a
lexeme. Matching a search with its phrases made pairs against the indexed expression needs no word positions, so
PostgreSQL answers it from the index instead of reading (and decompressing) the search vector of every candidate.
A phrase of three words, or with a stop word inside, keeps the positional check (search.py).
"""

from django.db import migrations

FUNCTIONS = r"""
CREATE FUNCTION article_terms_and_pairs(vector tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT vector || coalesce((
    SELECT array_to_tsvector(array_agg(first.lexeme || ' ' || second.lexeme))
    FROM (SELECT lexeme, position FROM unnest(vector) AS word, unnest(word.positions) AS position) AS first
    JOIN (SELECT lexeme, position FROM unnest(vector) AS word, unnest(word.positions) AS position) AS second
      ON second.position = first.position + 1
  ), ''::tsvector)
$fn$;

CREATE FUNCTION article_phrase_pairs(query tsquery) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT regexp_replace(
    query::text, $re$(?<!<-> )'((?:[^']|'')*)' <-> '((?:[^']|'')*)'(?! <->)$re$, $to$'\1 \2'$to$, 'g'
  )::tsquery
$fn$;
"""

INDEXES = """
CREATE INDEX article_search_pairs_gin ON articles_article USING gin (article_terms_and_pairs(search_vector));
CREATE INDEX article_rank_pairs_gin ON articles_article USING gin (article_terms_and_pairs(rank_vector));
"""

DROP = """
DROP INDEX article_rank_pairs_gin;
DROP INDEX article_search_pairs_gin;
DROP FUNCTION article_phrase_pairs(tsquery);
DROP FUNCTION article_terms_and_pairs(tsvector);
"""


def create(apps, schema_editor):
    """PostgreSQL only, and outside the model's declared indexes: SQLite remakes tables from those."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTIONS)
        # Building the pair indexes computes every article's pairs (about 4 ms each): longer than the site's own
        # statement timeout on a large site. SET LOCAL lasts until the migration's transaction ends.
        schema_editor.execute("SET LOCAL statement_timeout = 0")
        schema_editor.execute(INDEXES)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_search_tiers")]

    operations = [migrations.RunPython(create, drop)]
