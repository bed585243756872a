"""Trigram indexes for the compliance dashboard's search (issue 16).

The search matches part of a first name, last name or email address
(`icontains`, on PostgreSQL `UPPER(column::text) LIKE UPPER('%...%')`). No
b-tree index serves that, so the planner read the whole user table: 129 ms
for one search of the 5,000-staff organisation among 100,000 users. These GIN
indexes on the same expressions let it combine three index scans: 8 ms. Only
on PostgreSQL (pg_trgm is a trusted extension there); elsewhere nothing."""

from django.db import migrations

COLUMNS = ("first_name", "last_name", "email")


def _name(column: str) -> str:
    return f"training_user_{column}_upper_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{_name(column)}" ON "training_user" '
            f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{_name(column)}"')


class Migration(migrations.Migration):
    dependencies = [("training", "0010_privacy_source_registrations")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
