"""A run's batches say whose they are: added empty, filled from their run, then required."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def fill_from_run(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE collection_runbatch SET organisation_id = (SELECT organisation_id"
            " FROM collection_run WHERE collection_run.id = collection_runbatch.run_id)"
        )
        if connection.vendor == "postgresql":
            # The new foreign key is checked at commit; PostgreSQL refuses to ALTER a table
            # with such checks pending, and the next operation makes the column NOT NULL.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _organisation(null: bool) -> models.ForeignKey[Any, Any]:
    return models.ForeignKey(
        null=null,
        on_delete=django.db.models.deletion.CASCADE,
        related_name="+",
        to="organisations.organisation",
    )


class Migration(migrations.Migration):

    dependencies = [
        ("collection", "0012_steps_settings_exclusions_keyed_by_organisation"),
        ("organisations", "0002_require_two_factor"),
    ]

    operations = [
        migrations.AddField(model_name="runbatch", name="organisation", field=_organisation(True)),
        migrations.RunPython(fill_from_run, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="runbatch", name="organisation", field=_organisation(False)
        ),
    ]
