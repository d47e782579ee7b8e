"""Two requests with one invitation link at the same moment: the database lets one through."""

import threading

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections

from innen.accounts import members
from innen.accounts.models import MemberEvent, MemberEventKind
from innen.organisations.models import Membership, Role
from tests import factories


def accept(token, start, outcomes):
    try:
        start.wait(timeout=10)
        members.invitation_accept_new(token=token, password="paars-olifant-zeilt-7")
        outcomes.append("joined")
    except members.InvitationRefused as refused:
        outcomes.append(refused.reason)
    except Exception as exc:
        outcomes.append(exc)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_an_invitation_used_twice_at_once_makes_one_account():
    if connection.vendor != "postgresql":
        pytest.skip("two connections at once: PostgreSQL (SQLite's test database is in memory)")
    org = factories.organisation("Alice B.V.")
    owner = User.objects.create_user("alice", password="x-long-password")
    Membership.objects.create(user=owner, organisation=org, role=Role.OWNER)
    _invitation, token = members.invitation_create(
        organisation=org, email="dirk@example.nl", role=Role.VIEWER, invited_by=owner
    )
    start, outcomes = threading.Barrier(2), []
    threads = [threading.Thread(target=accept, args=(token, start, outcomes)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(map(str, outcomes)) == sorted(["joined", str(members.Refusal.USED)])
    assert User.objects.filter(username="dirk@example.nl").count() == 1
    assert MemberEvent.objects.filter(kind=MemberEventKind.JOINED).count() == 1
