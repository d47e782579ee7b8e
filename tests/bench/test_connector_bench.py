import pytest

from innen.bench import connector as bench


@pytest.mark.django_db
def test_the_connector_figure_is_a_whole_first_sync_from_the_moneybird_fake(settings):
    from innen.ledger.models import Invoice

    settings.MONEYBIRD_API_URL = "restored by the settings fixture"
    (figure,) = bench.connector_sync(invoices=60)

    assert figure.name == "connector_sync_invoices_per_second"
    assert figure.value > 0
    assert Invoice.objects.filter(organisation__name="Bench Connector B.V.").count() == 60
