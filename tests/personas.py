"""Who the tests sign in as: an organisation collecting with the default policies since a year,
and its owner (alice), controller (carla) and viewer (victor). tests/conftest.py makes them
fixtures; a test folder or file that needs another organisation defines its own `org`."""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User

from innen.collection.models import CollectionSettings
from innen.collection.policies import policy_install_defaults
from innen.dunning.defaults import default_business_policy
from innen.dunning.planner import InvoiceFacts, plan_invoice
from innen.dunning.policy import StepKind
from innen.organisations.models import Membership, Organisation, Role
from tests import factories

PASSWORD = "x-long-password"


def call_due_date(today: date) -> date:
    """A due date for which the default business ladder's call is due today, and no later
    step yet: a call never falls on a weekend or holiday, and a step moved off one moves the
    later steps with it, so the days overdue that give a call today vary with the calendar."""
    policy = default_business_policy()
    for days in range(14, 30):
        due = today - timedelta(days=days)
        facts = InvoiceFacts(1, 1, due, Decimal("100.00"))
        kinds = [d.step.kind for d in plan_invoice(facts, policy, today).actions]
        if kinds[-1:] == [StepKind.CALL_TASK]:
            return due
    raise AssertionError(f"no due date gives a call on {today}")


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
