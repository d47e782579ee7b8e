"""Policy steps, customers' collection settings and excluded invoices say whose they are.

Each gets its parent's organisation: added empty, filled from the parent, then required.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# (model, table, the foreign key to the keyed parent, the parent's table)
KEYED = [
    ("policystep", "collection_policystep", "policy_id", "collection_policy"),
    ("customercollection", "collection_customercollection", "customer_id", "ledger_customer"),
    ("invoiceexclusion", "collection_invoiceexclusion", "invoice_id", "ledger_invoice"),
]


def fill_from_parent(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for _, table, key, parent in KEYED:
            cursor.execute(
                f"UPDATE {table} SET organisation_id ="
                f" (SELECT organisation_id FROM {parent} WHERE {parent}.id = {table}.{key})"
            )
        if connection.vendor == "postgresql":
            # The new foreign keys are checked at commit; PostgreSQL refuses to ALTER a table
            # with such checks pending, and the next operations make the columns NOT NULL.
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
        ("collection", "0011_friendly_reminder_kind"),
        ("ledger", "0011_invoice_fewer_indexes"),
        ("organisations", "0002_require_two_factor"),
    ]

    operations = [
        *(
            migrations.AddField(model_name=model, name="organisation", field=_organisation(True))
            for model, *_ in KEYED
        ),
        migrations.RunPython(fill_from_parent, migrations.RunPython.noop),
        *(
            migrations.AlterField(model_name=model, name="organisation", field=_organisation(False))
            for model, *_ in KEYED
        ),
    ]
