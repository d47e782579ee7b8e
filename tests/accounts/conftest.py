import pytest
from django.contrib.auth.models import User

from innen.organisations.models import Membership, Organisation, Role
from tests import factories

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def org() -> Organisation:
    return factories.organisation("Alice B.V.")


@pytest.fixture
def alice(org) -> User:
    """The owner."""
    user = User.objects.create_user("alice", password=PASSWORD)
    Membership.objects.create(user=user, organisation=org, role=Role.OWNER)
    return user


@pytest.fixture
def bob(org) -> User:
    """A credit controller."""
    user = User.objects.create_user("bob", password=PASSWORD)
    Membership.objects.create(user=user, organisation=org, role=Role.CONTROLLER)
    return user


@pytest.fixture
def carol(org) -> User:
    """A viewer."""
    user = User.objects.create_user("carol", password=PASSWORD)
    Membership.objects.create(user=user, organisation=org, role=Role.VIEWER)
    return user
