"""The published history of both tables (innen/law/published_rates.csv) into the database.

A later release that adds published rows to that file adds a migration like this one; rows
already recorded for a table and day (by `innen law rates add`, say) are left alone.
"""

from django.apps.registry import Apps
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db import migrations


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from innen.rates.seeding import seed_published

    seed_published(apps.get_model("rates", "InterestRate"))


class Migration(migrations.Migration):
    dependencies = [("rates", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
