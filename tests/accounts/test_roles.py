"""Roles: owners manage members, controllers act, viewers look; several organisations."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from innen.organisations.models import Membership, Role
from tests import factories

pytestmark = pytest.mark.django_db


def membership(user, org):
    return Membership.objects.get(user=user, organisation=org)


def test_an_owner_sees_the_members_with_their_roles(client, alice, bob, carol):
    client.force_login(alice)
    response = client.get(reverse("members"))
    html = response.content.decode()
    assert response.status_code == 200
    assert all(name in html for name in ("alice", "bob", "carol"))


@pytest.mark.parametrize("member", ["bob", "carol"])
def test_controllers_and_viewers_may_not_manage_members(client, member, request, alice):
    user = request.getfixturevalue(member)
    client.force_login(user)
    assert client.get(reverse("members")).status_code == 403
    target = Membership.objects.get(user=alice)
    response = client.post(reverse("member-role", args=[target.pk]), {"role": Role.VIEWER})
    assert response.status_code == 403
    assert membership(alice, target.organisation).role == Role.OWNER


def test_an_owner_changes_a_members_role(client, alice, carol, org):
    client.force_login(alice)
    target = membership(carol, org)
    response = client.post(reverse("member-role", args=[target.pk]), {"role": Role.CONTROLLER})
    assert response["Location"] == reverse("members")
    assert membership(carol, org).role == Role.CONTROLLER


def test_an_unknown_role_changes_nothing(client, alice, carol, org):
    client.force_login(alice)
    client.post(reverse("member-role", args=[membership(carol, org).pk]), {"role": "admin"})
    assert membership(carol, org).role == Role.VIEWER


def test_the_last_owner_keeps_the_owner_role(client, alice, org):
    client.force_login(alice)
    own = membership(alice, org)
    response = client.post(
        reverse("member-role", args=[own.pk]), {"role": Role.VIEWER}, follow=True
    )
    assert membership(alice, org).role == Role.OWNER
    assert "minstens één eigenaar" in response.content.decode()


def test_an_owner_may_step_down_when_another_owner_remains(client, alice, bob, org):
    Membership.objects.filter(user=bob).update(role=Role.OWNER)
    client.force_login(alice)
    client.post(reverse("member-role", args=[membership(alice, org).pk]), {"role": Role.VIEWER})
    assert membership(alice, org).role == Role.VIEWER
    assert client.get(reverse("members")).status_code == 403


def test_an_owner_cannot_change_roles_in_another_organisation(client, alice):
    other = factories.organisation("Other B.V.")
    stranger = Membership.objects.create(
        user=factories_user("mallory"), organisation=other, role=Role.OWNER
    )
    client.force_login(alice)
    response = client.post(reverse("member-role", args=[stranger.pk]), {"role": Role.VIEWER})
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.role == Role.OWNER


def test_a_viewer_reads_but_may_not_act(client, carol):
    client.force_login(carol)
    assert client.get(reverse("collection")).status_code == 200
    assert client.post(reverse("collection-run")).status_code == 403


def test_a_controller_may_act(client, bob):
    client.force_login(bob)
    assert client.post(reverse("collection-run")).status_code == 302


def test_a_member_of_two_organisations_switches_between_them(client, alice, org):
    second = factories.organisation("Tweede B.V.")
    Membership.objects.create(user=alice, organisation=second, role=Role.VIEWER)
    client.force_login(alice)
    assert client.get(reverse("home")).context["organisation"] == org
    client.post(reverse("switch-organisation"), {"organisation": second.pk})
    response = client.get(reverse("home"))
    assert response.context["organisation"] == second
    assert response.context["membership"].role == Role.VIEWER


def test_switching_to_an_organisation_one_is_not_a_member_of_is_refused(client, alice, org):
    other = factories.organisation("Other B.V.")
    client.force_login(alice)
    response = client.post(reverse("switch-organisation"), {"organisation": other.pk})
    assert response.status_code == 400
    assert client.get(reverse("home")).context["organisation"] == org


def test_a_stale_choice_falls_back_to_an_organisation_one_belongs_to(client, alice, org):
    second = factories.organisation("Tweede B.V.")
    second_membership = Membership.objects.create(user=alice, organisation=second)
    client.force_login(alice)
    client.post(reverse("switch-organisation"), {"organisation": second.pk})
    second_membership.delete()
    assert client.get(reverse("home")).context["organisation"] == org


def factories_user(username):
    return User.objects.create_user(username, password="x-long-password")
