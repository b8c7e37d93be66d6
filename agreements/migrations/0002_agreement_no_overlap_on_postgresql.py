"""On PostgreSQL, the database itself refuses two overlapping agreements for one municipality.

An agreement valid until further notice (no end date) holds only its start date: it lasts until
the next agreement starts and supersedes it, so only a second agreement starting the same day, or
a fixed period around that day, overlaps it.

An exclusion constraint needs btree_gist (for `municipality_id WITH =`) and has no SQLite
equivalent, so it is added only on PostgreSQL; `Agreement.clean()` gives the same rule, with a
Swedish message, on every database.
"""

from django.db import migrations

CONSTRAINT = "agreement_dates_do_not_overlap"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE agreements_agreement ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(municipality_id WITH =, daterange(starts_on, COALESCE(ends_on, starts_on), '[]') WITH &&)"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE agreements_agreement DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [migrations.RunPython(add_constraint, drop_constraint, elidable=False)]
