"""How many references the library holds, kept exact by PostgreSQL on every write (``Reference.objects.total()``).

COUNT(*) over the library read every row for each page of /references/ (5 ms at 50,000 references). One row,
updated by statement triggers in the same transaction as each insert or delete (bulk imports included), and
reset by TRUNCATE (restores, test flushes), answers at once. SQLite counts the table instead: a table that
SQLite's schema editor rebuilds would lose its triggers.
"""

from django.db import migrations

CREATE = """
CREATE TABLE references_total (
    id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    total bigint NOT NULL CHECK (total >= 0)
);
INSERT INTO references_total (id, total) SELECT 1, count(*) FROM references_reference;

CREATE FUNCTION references_total_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE references_total
    SET total = total + (CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END) * (SELECT count(*) FROM changed);
    RETURN NULL;
END $$;
CREATE FUNCTION references_total_reset() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE references_total SET total = 0;
    RETURN NULL;
END $$;

CREATE TRIGGER references_total_insert AFTER INSERT ON references_reference
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION references_total_change();
CREATE TRIGGER references_total_delete AFTER DELETE ON references_reference
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION references_total_change();
CREATE TRIGGER references_total_truncate AFTER TRUNCATE ON references_reference
    FOR EACH STATEMENT EXECUTE FUNCTION references_total_reset();
"""

DROP = """
DROP TRIGGER references_total_truncate ON references_reference;
DROP TRIGGER references_total_delete ON references_reference;
DROP TRIGGER references_total_insert ON references_reference;
DROP FUNCTION references_total_reset();
DROP FUNCTION references_total_change();
DROP TABLE references_total;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("references", "0003_search_text")]

    operations = [migrations.RunPython(create, drop)]
