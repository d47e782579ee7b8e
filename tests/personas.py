"""Who the tests sign in as: an organisation collecting with the default policies since a year,
and its owner (alice), controller (carla) and viewer (victor). tests/conftest.py makes them
fixtures; a test folder or file that needs another organisation defines its own `org`."""

from datetime import date, timedelta

from django.contrib.auth.models import User

from innen.collection.models import CollectionSettings
from innen.collection.policies import policy_install_defaults
from innen.organisations.models import Membership, Organisation, Role
from tests import factories

PASSWORD = "x-long-password"


def collecting_organisation(name: str, today: date) -> Organisation:
    organisation = factories.organisation(name)
    policy_install_defaults(organisation=organisation)
    CollectionSettings.objects.create(
        organisation=organisation, starts_on=today - timedelta(days=365)
    )
    return organisation


def member(org: Organisation, username: str, role: Role | str) -> User:
    user = User.objects.create_user(username, password=PASSWORD)
    Membership.objects.create(user=user, organisation=org, role=role)
    return user
