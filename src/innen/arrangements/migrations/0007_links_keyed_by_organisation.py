"""The links of promises, payment plans and disputes to their invoices and holds say whose they
are.

Django's own tables behind the many-to-many fields become explicit models with the same
tables and columns (only the migration state changes), then each gets its arrangement's
organisation: added empty, filled from the arrangement, then required.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# (the link model, the arrangement's model and field, the linked model's field and model,
#  the field's related_name)
LINKS = [
    ("PromiseInvoice", "promise", "invoices", "invoice", "ledger.invoice", "promises"),
    ("PromiseHold", "promise", "holds", "hold", "collection.hold", "+"),
    ("PlanInvoice", "paymentplan", "invoices", "invoice", "ledger.invoice", "payment_plans"),
    ("PlanHold", "paymentplan", "holds", "hold", "collection.hold", "+"),
    ("DisputeInvoice", "dispute", "invoices", "invoice", "ledger.invoice", "disputes"),
    ("DisputeHold", "dispute", "holds", "hold", "collection.hold", "disputes"),
]


def _to(model: str) -> models.ForeignKey[Any, Any]:
    return models.ForeignKey(
        on_delete=django.db.models.deletion.CASCADE, related_name="+", to=model
    )


def _as_explicit(
    link: str, owner: str, field: str, linked: str, to: str, related_name: str
) -> list[migrations.operations.base.Operation]:
    """The state of a table Django made for a many-to-many field, as a model of its own."""
    return [
        migrations.CreateModel(
            name=link,
            fields=[
                ("id", models.BigAutoField(
                    auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                )),
                (owner, _to(f"arrangements.{owner}")),
                (linked, _to(to)),
            ],
            options={
                "db_table": f"arrangements_{owner}_{field}",
                "unique_together": {(owner, linked)},
            },
        ),
        migrations.AlterField(
            model_name=owner,
            name=field,
            field=models.ManyToManyField(
                related_name=related_name, through=f"arrangements.{link}", to=to
            ),
        ),
    ]


def fill_from_arrangement(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for _, owner, field, *_ in LINKS:
            table, parent = f"arrangements_{owner}_{field}", f"arrangements_{owner}"
            cursor.execute(
                f"UPDATE {table} SET organisation_id ="
                f" (SELECT organisation_id FROM {parent} WHERE {parent}.id = {table}.{owner}_id)"
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
        ("arrangements", "0006_instalments_answers_keyed_by_organisation"),
        ("ledger", "0011_invoice_fewer_indexes"),
        ("organisations", "0002_require_two_factor"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[op for link in LINKS for op in _as_explicit(*link)]
        ),
        *(
            migrations.AddField(model_name=link, name="organisation", field=_organisation(True))
            for link, *_ in LINKS
        ),
        migrations.RunPython(fill_from_arrangement, migrations.RunPython.noop),
        *(
            migrations.AlterField(model_name=link, name="organisation", field=_organisation(False))
            for link, *_ in LINKS
        ),
    ]
