"""Every table of innen's own apps is keyed by organisation, or reached through a row that is.

Sharding by organisation (docs/scaling.md) needs each tenant row to say whose it is. A new
model fails here until it has an `organisation` foreign key, or is listed with the parent
that keys it (tests/tenant_queries.py's REACHED_VIA), or is listed as shared by everyone.
"""

from django.apps import apps

from innen.organisations.models import Organisation
from tests.tenant_queries import REACHED_VIA

# Not tenant data: the tenant itself and what every organisation shares.
SHARED = {
    "organisations_organisation": "the tenant itself",
    "rates_interestrate": "the statutory interest rates, the same for everyone",
    "workers_workerbeat": "the worker processes, which serve every organisation",
}


def _innen_models():
    # Django's tables behind many-to-many fields count too (include_auto_created).
    models = apps.get_models(include_auto_created=True)
    return [m for m in models if m.__module__.startswith("innen.")]


def test_every_innen_table_is_keyed_by_organisation_or_listed():
    unkeyed = []
    for model in _innen_models():
        table = model._meta.db_table
        field = next((f for f in model._meta.fields if f.name == "organisation"), None)
        keyed = field is not None and field.related_model is Organisation
        if not keyed and table not in REACHED_VIA and table not in SHARED:
            unkeyed.append(table)
    assert unkeyed == []


def test_each_listed_table_is_reached_through_a_foreign_key_to_a_keyed_parent():
    by_table = {m._meta.db_table: m for m in _innen_models()}
    for table, parent in REACHED_VIA.items():
        model = by_table[table]
        parents = {f.related_model._meta.db_table for f in model._meta.fields if f.is_relation}
        assert parent in parents, f"{table} has no foreign key to {parent}"
        parent_fields = by_table[parent]._meta.fields
        assert any(f.name == "organisation" for f in parent_fields), parent


def test_the_lists_name_only_tables_that_exist_and_have_no_organisation():
    by_table = {m._meta.db_table: m for m in _innen_models()}
    for table in [*REACHED_VIA, *SHARED]:
        assert table in by_table, table
        assert all(f.name != "organisation" for f in by_table[table]._meta.fields), table
