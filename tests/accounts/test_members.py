"""Owners change roles and remove members; the organisation keeps an owner; all is recorded."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse

from innen.accounts import members
from innen.accounts.models import MemberEvent, MemberEventKind
from innen.organisations.models import Membership, Role
from tests import factories

pytestmark = pytest.mark.django_db


def membership(user, org):
    return Membership.objects.get(user=user, organisation=org)


def test_an_owner_removes_a_member_and_it_is_recorded(client, alice, carol, org):
    client.force_login(alice)
    response = client.post(reverse("member-remove", args=[membership(carol, org).pk]), follow=True)
    assert not Membership.objects.filter(user=carol).exists()
    assert "carol is geen lid meer." in response.content.decode()
    event = MemberEvent.objects.get()
    assert (event.kind, event.subject, event.actor_name) == (
        MemberEventKind.REMOVED,
        "carol",
        "alice",
    )
    assert event.role_before == Role.VIEWER
    client.force_login(carol)
    assert client.get(reverse("home")).status_code == 403


def test_a_removed_member_loses_access_at_once(client, alice, bob, org):
    client.force_login(bob)
    assert client.get(reverse("collection")).status_code == 200
    Membership.objects.filter(user=bob).delete()
    assert client.get(reverse("collection")).status_code == 403


def test_an_owner_cannot_remove_themselves(client, alice, bob, org):
    Membership.objects.filter(user=bob).update(role=Role.OWNER)
    client.force_login(alice)
    response = client.post(reverse("member-remove", args=[membership(alice, org).pk]), follow=True)
    assert "U kunt uzelf niet verwijderen" in response.content.decode()
    assert membership(alice, org).role == Role.OWNER
    assert not MemberEvent.objects.exists()


def test_the_last_owner_is_never_removed(alice, org):
    only_owner = Membership.objects.get(user=alice)
    # Not even by someone else (an admin acting for the organisation).
    admin = User.objects.create_user("admin")
    with pytest.raises(ValidationError, match="minstens één eigenaar"):
        members.membership_remove(membership=only_owner, actor=admin)
    assert Membership.objects.filter(user=alice, role=Role.OWNER).exists()
    assert not MemberEvent.objects.exists()


def test_another_owner_may_be_removed(client, alice, bob, org):
    Membership.objects.filter(user=bob).update(role=Role.OWNER)
    client.force_login(alice)
    client.post(reverse("member-remove", args=[membership(bob, org).pk]))
    assert not Membership.objects.filter(user=bob).exists()


def test_the_last_owner_cannot_demote_themselves(client, alice, org):
    client.force_login(alice)
    response = client.post(
        reverse("member-role", args=[membership(alice, org).pk]),
        {"role": Role.CONTROLLER},
        follow=True,
    )
    assert membership(alice, org).role == Role.OWNER
    assert "minstens één eigenaar" in response.content.decode()
    assert not MemberEvent.objects.exists()


def test_a_role_change_is_recorded_with_before_and_after(client, alice, carol, org):
    client.force_login(alice)
    client.post(reverse("member-role", args=[membership(carol, org).pk]), {"role": Role.CONTROLLER})
    event = MemberEvent.objects.get()
    assert (event.kind, event.role_before, event.role_after) == (
        MemberEventKind.ROLE_CHANGED,
        Role.VIEWER,
        Role.CONTROLLER,
    )
    page = client.get(reverse("members")).content.decode()
    assert "Rol gewijzigd" in page
    assert "Meekijker → Credit controller" in page


@pytest.mark.parametrize("member", ["bob", "carol"])
def test_controllers_and_viewers_may_not_remove_or_withdraw(client, member, request, alice, org):
    client.force_login(request.getfixturevalue(member))
    target = membership(alice, org)
    assert client.post(reverse("member-remove", args=[target.pk])).status_code == 403
    assert client.post(reverse("invitation-revoke", args=[1])).status_code == 403
    assert Membership.objects.filter(pk=target.pk).exists()


@pytest.mark.parametrize("member", ["bob", "carol"])
def test_controllers_and_viewers_see_no_members_link(client, member, request):
    client.force_login(request.getfixturevalue(member))
    page = client.get(reverse("home")).content.decode()
    assert reverse("members") not in page
    assert reverse("member-invite") not in page


def test_an_owner_cannot_remove_a_member_of_another_organisation(client, alice):
    other = factories.organisation("Other B.V.")
    stranger = Membership.objects.create(
        user=User.objects.create_user("mallory"), organisation=other, role=Role.VIEWER
    )
    client.force_login(alice)
    assert client.post(reverse("member-remove", args=[stranger.pk])).status_code == 404
    assert Membership.objects.filter(pk=stranger.pk).exists()


def test_the_members_page_is_dutch(client, alice, bob, org):
    client.force_login(alice)
    client.post(reverse("member-invite"), {"email": "dirk@example.nl", "role": Role.VIEWER})
    page = client.get(reverse("members")).content.decode()
    for dutch in (
        "Een collega uitnodigen",
        "E-mailadres",
        "Uitnodiging versturen",
        "Openstaande uitnodigingen",
        "Intrekken",
        "Verwijderen",
        "Recente wijzigingen",
        "Uitgenodigd",
    ):
        assert dutch in page
    for english in ("Invite a colleague", "Send invitation", "Withdraw", "Remove", "Invited"):
        assert english not in page
