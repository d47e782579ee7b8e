"""The invoices an online payment pays say whose they are.

Django's own table behind `OnlinePayment.invoices` becomes an explicit model with the same
table and columns (only the migration state changes), then gets the payment's organisation:
added empty, filled from the payment, then required.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def fill_from_payment(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE portal_onlinepayment_invoices SET organisation_id = (SELECT organisation_id"
            " FROM portal_onlinepayment"
            " WHERE portal_onlinepayment.id = portal_onlinepayment_invoices.onlinepayment_id)"
        )
        if connection.vendor == "postgresql":
            # The new foreign key is checked at commit; PostgreSQL refuses to ALTER a table
            # with such checks pending, and the next operation makes the column NOT NULL.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _to(model: str, null: bool = False) -> models.ForeignKey[Any, Any]:
    return models.ForeignKey(
        null=null, on_delete=django.db.models.deletion.CASCADE, related_name="+", to=model
    )


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0002_portal_codes_outlive_a_key_change"),
        ("ledger", "0011_invoice_fewer_indexes"),
        ("organisations", "0002_require_two_factor"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OnlinePaymentInvoice",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("onlinepayment", _to("portal.onlinepayment")),
                        ("invoice", _to("ledger.invoice")),
                    ],
                    options={
                        "db_table": "portal_onlinepayment_invoices",
                        "unique_together": {("onlinepayment", "invoice")},
                    },
                ),
                migrations.AlterField(
                    model_name="onlinepayment",
                    name="invoices",
                    field=models.ManyToManyField(
                        related_name="+", through="portal.OnlinePaymentInvoice", to="ledger.invoice"
                    ),
                ),
            ]
        ),
        migrations.AddField(
            model_name="onlinepaymentinvoice",
            name="organisation",
            field=_to("organisations.organisation", null=True),
        ),
        migrations.RunPython(fill_from_payment, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="onlinepaymentinvoice",
            name="organisation",
            field=_to("organisations.organisation"),
        ),
    ]
