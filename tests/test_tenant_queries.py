"""The rules tests/tenant_queries.py holds every request's queries to, on statements as the ORM
writes them."""

from tests.tenant_queries import Inspector

INVOICE_BY_KEY = (
    'SELECT "ledger_invoice"."id" FROM "ledger_invoice" WHERE "ledger_invoice"."id" = %s'
)
INVOICE_OF_ORGANISATION = (
    'SELECT "ledger_invoice"."id", "ledger_invoice"."customer_id" FROM "ledger_invoice" '
    'WHERE ("ledger_invoice"."id" = %s AND "ledger_invoice"."organisation_id" = %s)'
)
CUSTOMER_BY_KEY = (
    'SELECT "ledger_customer"."id" FROM "ledger_customer" WHERE "ledger_customer"."id" = %s'
)
ALL_CUSTOMERS = (
    'SELECT "ledger_customer"."id" FROM "ledger_customer" WHERE "ledger_customer"."name" = %s'
)
STEPS_OF_POLICY_BUT = (
    'DELETE FROM "collection_policystep" WHERE ("collection_policystep"."policy_id" = %s '
    'AND NOT ("collection_policystep"."id" IN (%s, %s)))'
)


def _violations(statements, request_values):
    inspector = Inspector()
    inspector.tenant_statements.extend(statements)
    return inspector.violations(set(request_values))


def test_a_key_from_the_url_without_the_organisation_fails():
    assert _violations([(INVOICE_BY_KEY, [7])], {"7"})


def test_the_same_key_with_the_organisation_passes_and_then_its_rows_keys_may_be_followed():
    statements = [(INVOICE_OF_ORGANISATION, [7, 1]), (CUSTOMER_BY_KEY, [3]), (INVOICE_BY_KEY, [7])]
    assert _violations(statements, {"7"}) == []


def test_a_table_read_without_any_key_or_organisation_fails():
    assert _violations([(ALL_CUSTOMERS, ["Jansen"])], {"Jansen"})


def test_posted_ids_confined_by_a_key_already_chosen_pass():
    assert _violations([(STEPS_OF_POLICY_BUT, [1, 4, 5])], {"4", "5"}) == []


def test_a_lookup_by_a_credential_is_a_way_in():
    by_prefix = 'SELECT "api_apitoken"."id" FROM "api_apitoken" WHERE "api_apitoken"."prefix" = %s'
    assert _violations([(by_prefix, ["abc"])], {"abc"}) == []


def test_shared_tables_are_not_tenant_queries():
    rates = 'SELECT "rates_interestrate"."id" FROM "rates_interestrate"'
    inspector = Inspector()
    inspector(lambda *args: None, rates, (), False, {})
    assert inspector.tenant_statements == []
