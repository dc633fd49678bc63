"""Hot reads as PostgreSQL prepared statements: parsed and planned once per database connection, not per request.

A page's reads are index look-ups that take PostgreSQL a few hundredths of a millisecond to run, but several
tenths to parse and plan: the article page's one statement of previous, next, related articles and references
spends 0.6 ms planning for 0.1 ms of work. ``PreparedStatement`` keeps that plan in the database session. The
first time a connection runs the statement it sends ``PREPARE`` and ``EXECUTE`` together, in one round trip and
one query (so query counts are the same on every request); afterwards only ``EXECUTE``.

Only for statements whose best plan does not depend on the values passed (look-ups by key, a section's reading
order, the directory search, whose covering indexes fix its plan): after a few executions PostgreSQL may keep one
generic plan for all values, which would be wrong for a search whose words can match ten articles or ten thousand.

Prepared statements live in the server session: a statement the session no longer has (a pooler handed the
connection another session) or whose plan no longer fits its tables (a migration changed a column under a running
worker) is prepared again and run once more, outside a transaction; inside one the error ends it, so a pooler in
front should keep each client's session (PgBouncer's session pooling). Other databases run the SQL as it is
(SQLite's driver keeps compiled statements).
"""

import re
import weakref

from django.db import DatabaseError, connections

# Per driver connection: {statement name: True when prepared on it, None when not known}. A connection that
# Django closes and opens again (CONN_MAX_AGE, a failed health check) is a new driver object: nothing prepared.
_PREPARED = weakref.WeakKeyDictionary()

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


class PreparedStatement:
    """A named read, with ``%(name)s`` placeholders, each declared with its PostgreSQL type::

    ARTICLE = PreparedStatement("article_page", "SELECT ... WHERE id = %(id)s", id="bigint")
    rows = ARTICLE.fetchall(params, using="default")
    """

    def __init__(self, name, sql, *, other_databases=None, **types):
        """``other_databases``: the SQL for databases other than PostgreSQL, when theirs must differ (no arrays)."""
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise ValueError(f"Statement name {name!r}: lower-case letters, digits and underscores only.")
        self.name, self.sql, self.other_sql = name, sql, other_databases or sql
        order = list(dict.fromkeys(_PLACEHOLDER.findall(sql)))
        if missing := set(order) - set(types):
            raise ValueError(f"Statement {name}: no type given for {', '.join(sorted(missing))}.")
        numbered = _PLACEHOLDER.sub(lambda match: f"${order.index(match.group(1)) + 1}", sql)
        # The PREPARE text goes through the driver's parameter formatting with the EXECUTE: a literal % doubled.
        declared = f" ({', '.join(types[key] for key in order)})" if order else ""
        self._prepare = f"PREPARE {name}{declared} AS {numbered.replace('%', '%%')}"
        self._execute = f"EXECUTE {name}" + (f" ({', '.join(f'%({key})s' for key in order)})" if order else "")

    def fetchall(self, params, *, using="default"):
        """Run the statement with ``params`` (a dict) on the ``using`` database and return its rows."""
        connection = connections[using]
        with connection.cursor() as cursor:  # opens the connection, so connection.connection is the live one
            if connection.vendor != "postgresql":
                cursor.execute(self.other_sql, params)
                return cursor.fetchall()
            try:
                return self._run(connection, cursor, params)
            except DatabaseError as error:
                code = getattr(error.__cause__, "pgcode", None)
                if connection.in_atomic_block or code not in (_STATEMENT_MISSING, _PLAN_OUTDATED):
                    raise  # in a transaction, the error has ended it: nothing can be run again
                # The session's copy is gone (a pooler handed over another session) or its plan no longer fits
                # the tables (a migration changed a column under a running worker): prepared again, once.
                if code == _PLAN_OUTDATED:
                    cursor.execute(f"DEALLOCATE {self.name}")
                _PREPARED[connection.connection][self.name] = False
                return self._run(connection, cursor, params)

    def _run(self, connection, cursor, params):
        prepared = _PREPARED.setdefault(connection.connection, {})
        if self.name in prepared and prepared[self.name] is None:  # an earlier PREPARE may or may not have run
            cursor.execute("SELECT 1 FROM pg_prepared_statements WHERE name = %s", [self.name])
            prepared[self.name] = cursor.fetchone() is not None
        if prepared.get(self.name):
            cursor.execute(self._execute, params)
            return cursor.fetchall()
        try:
            cursor.execute(f"{self._prepare}; {self._execute}", params)
        except DatabaseError:
            prepared[self.name] = None  # which of the two failed is not known: asked next time
            raise
        prepared[self.name] = True
        return cursor.fetchall()


def column_list(alias, fields, *, using):
    """The columns of ``fields`` as a statement's SELECT list names them, each after the table's ``alias``: what
    ``model_instance`` reads back."""
    quote = connections[using].ops.quote_name
    return ", ".join(f"{alias}.{quote(field.column)}" for field in fields)


def model_instance(model, fields, row, *, using):
    """A ``model`` instance from the first ``len(fields)`` values of a row a statement returned, each value converted
    as a queryset would convert it (SQLite hands over dates as text and booleans as 0/1, PostgreSQL JSON as text).

    Fields left out are deferred, as with ``only()``. For hot reads whose queryset took as long to build as the
    statement took to run.
    """
    connection = connections[using]
    # Kept on the Django connection itself (one per thread and database), which the converters refer to: they go
    # with it when a thread's connection is dropped.
    readers = getattr(connection, "_model_readers", None)
    if readers is None:
        readers = connection._model_readers = {}
    key = (model, tuple(fields))
    if (reader := readers.get(key)) is None:
        reader = readers[key] = _Reader(model, fields, connection)
    return reader.instance(row, connection, using)


class _Reader:
    """How a row's values become a model's: each column's converters, worked out once per connection."""

    def __init__(self, model, fields, connection):
        self.model = model
        # from_db takes a subset of the fields in the model's own order.
        order = {field: position for position, field in enumerate(model._meta.concrete_fields)}
        self.positions = sorted(range(len(fields)), key=lambda index: order[fields[index]])
        self.attnames = [fields[index].attname for index in self.positions]
        self.converters = []
        for index in self.positions:
            column = fields[index].get_col(model._meta.db_table)
            functions = [*connection.ops.get_db_converters(column), *column.get_db_converters(connection)]
            self.converters.append((column, functions))

    def instance(self, row, connection, using):
        values = []
        for index, (column, functions) in zip(self.positions, self.converters, strict=True):
            value = row[index]
            for function in functions:
                value = function(value, column, connection)
            values.append(value)
        return self.model.from_db(using, self.attnames, values)


# SQLSTATEs of a prepared statement that cannot run as prepared: it does not exist in this session
# (invalid_sql_statement_name), or its cached plan's result type no longer matches the tables ("cached plan must
# not change result type", raised as feature_not_supported, which no other statement here can raise).
_STATEMENT_MISSING, _PLAN_OUTDATED = "26000", "0A000"
