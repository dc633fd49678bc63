"""Prepared statements: planned once per database connection, one query per run, safe across reconnects."""

import pytest
from django.db import DatabaseError, connection, transaction

from core.prepared import PreparedStatement, model_instance
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")

TITLE = PreparedStatement(
    "test_article_title", "SELECT title FROM articles_article WHERE id = %(id)s AND title LIKE '%%'", id="bigint"
)


def _prepared_names():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


def test_a_statement_returns_its_rows_in_one_query_every_time(django_assert_num_queries):
    article = ArticleFactory(title="Skin to skin")

    for _ in range(3):  # the first run prepares and executes in the same round trip
        with django_assert_num_queries(1):
            assert TITLE.fetchall({"id": article.pk}) == [("Skin to skin",)]


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # closing the connection ends a test transaction
def test_postgresql_plans_it_once_per_connection_and_again_on_a_new_one():
    article = ArticleFactory(title="Night feeds")
    TITLE.fetchall({"id": article.pk})
    assert "test_article_title" in _prepared_names()
    with connection.execute_wrapper(_recorder := _Recorder()):
        TITLE.fetchall({"id": article.pk})
    assert _recorder.sql == ["EXECUTE test_article_title (%(id)s)"]

    connection.close()  # as CONN_MAX_AGE or a failed health check would: the new session has nothing prepared
    assert TITLE.fetchall({"id": article.pk}) == [("Night feeds",)]
    assert "test_article_title" in _prepared_names()


@on_postgresql
def test_a_run_that_failed_after_preparing_does_not_prepare_twice():
    cast = PreparedStatement("test_integer_cast", "SELECT %(value)s::integer", value="text")
    with pytest.raises(DatabaseError), transaction.atomic():
        cast.fetchall({"value": "not a number"})  # PREPARE ran, EXECUTE failed; which one failed is not known

    assert "test_integer_cast" in _prepared_names()  # kept by the session through the rollback
    assert cast.fetchall({"value": "7"}) == [(7,)]  # not a second PREPARE, which would fail as a duplicate


def test_names_and_parameter_types_are_checked_when_declared():
    with pytest.raises(ValueError, match="lower-case"):
        PreparedStatement("Article Page", "SELECT 1")
    with pytest.raises(ValueError, match="no type given for id"):
        PreparedStatement("by_id", "SELECT %(id)s")


class _Recorder:
    def __init__(self):
        self.sql = []

    def __call__(self, execute, sql, params, many, context):
        self.sql.append(sql)
        return execute(sql, params, many, context)


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # recovery runs outside transactions only
def test_a_statement_the_session_lost_is_prepared_again():
    """As when a connection pooler hands the connection another database session."""
    article = ArticleFactory(title="Pumping")
    TITLE.fetchall({"id": article.pk})
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE test_article_title")

    assert TITLE.fetchall({"id": article.pk}) == [("Pumping",)]
    assert "test_article_title" in _prepared_names()


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_statement_whose_table_changed_under_it_is_prepared_again():
    """As when a release migrates a column while workers of the previous one still run."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE test_prepared_change (id integer PRIMARY KEY, value integer)")
        cursor.execute("INSERT INTO test_prepared_change VALUES (1, 5)")
    try:
        value = PreparedStatement(
            "test_changed_value", "SELECT * FROM test_prepared_change WHERE id = %(id)s", id="int"
        )
        assert value.fetchall({"id": 1}) == [(1, 5)]
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE test_prepared_change ALTER COLUMN value TYPE text")

        assert value.fetchall({"id": 1}) == [(1, "5")]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE test_prepared_change")


COUNT = PreparedStatement("test_article_count", "SELECT count(*) FROM articles_article")


def test_a_statement_without_parameters_runs_too():
    ArticleFactory()

    assert COUNT.fetchall({}) == COUNT.fetchall({}) == [(1,)]


def test_a_row_becomes_a_model_instance_typed_as_a_queryset_would_read_it():
    from articles.models import Article

    article = ArticleFactory(toc=[{"id": "why", "title": "Why", "children": []}])
    fields = [Article._meta.get_field(name) for name in ("id", "title", "publish_at", "last_reviewed", "toc")]
    rows = PreparedStatement(
        "test_article_row",
        "SELECT id, title, publish_at, last_reviewed, toc FROM articles_article WHERE id = %(id)s",
        id="bigint",
    ).fetchall({"id": article.pk})

    built = model_instance(Article, fields, rows[0], using="default")

    read = Article.objects.only("title", "publish_at", "last_reviewed", "toc").get(pk=article.pk)
    assert [getattr(built, field.attname) for field in fields] == [getattr(read, field.attname) for field in fields]
    assert built._state.db == "default" and not built._state.adding
    assert "body" in built.get_deferred_fields()  # the rest is read on first use, as with only()


def test_a_threads_connection_and_what_it_kept_for_model_instance_are_freed_with_the_thread():
    # Threaded servers (runserver) open a connection per thread: what model_instance works out for one must not
    # keep it alive once the thread has gone.
    import gc
    import threading
    import weakref

    from django.db import connections

    from articles.models import Article

    article = ArticleFactory()
    fields = [Article._meta.get_field("id"), Article._meta.get_field("publish_at")]
    kept = []

    def read_in_a_thread():
        connection = connections["default"]
        kept.append(weakref.ref(connection))
        model_instance(Article, fields, [article.pk, article.publish_at], using="default")
        connection.close()

    thread = threading.Thread(target=read_in_a_thread)
    thread.start()
    thread.join()
    del thread
    gc.collect()

    assert kept[0]() is None
