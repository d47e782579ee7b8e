"""An organisation collecting with innen's default ladders since 1 January 2026."""

from datetime import date

from innen.collection.models import CollectionSettings
from innen.collection.policies import policy_install_defaults
from innen.organisations.models import Organisation
from tests import factories

STARTED = date(2026, 1, 1)


def collecting_organisation() -> Organisation:
    organisation = factories.organisation()
    policy_install_defaults(organisation=organisation)
    CollectionSettings.objects.create(organisation=organisation, starts_on=STARTED)
    return organisation
