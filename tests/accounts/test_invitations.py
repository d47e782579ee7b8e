"""An owner invites a colleague by e-mail; the link works once, for a week, and only itself."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from innen.accounts import members
from innen.accounts.models import Invitation, MemberEvent, MemberEventKind
from innen.organisations.models import Membership, Role
from tests.accounts.conftest import PASSWORD
from tests.accounts.helpers import app_code, sign_in_verified

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "paars-olifant-zeilt-7"


def invite(client, owner, email="dirk@example.nl", role=Role.CONTROLLER):
    client.force_login(owner)
    return client.post(reverse("member-invite"), {"email": email, "role": role})


def link_in(mail) -> str:
    match = re.search(r"https?://\S+/account/invitation/\S+/", mail.body)
    assert match, mail.body
    return match.group(0)


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def accept(client, path, password=NEW_PASSWORD):
    return client.post(path, {"new_password1": password, "new_password2": password})


def test_an_invited_colleague_sets_a_password_and_signs_in_with_the_role(
    client, alice, org, mailoutbox, settings
):
    settings.SITE_URL = "https://innen.example.nl/"
    response = invite(client, alice)
    assert response["Location"] == reverse("members")
    (mail,) = mailoutbox
    assert mail.to == ["dirk@example.nl"]
    assert mail.subject == "Uitnodiging voor Alice B.V. in innen"
    assert "als Creditcontroller" in mail.body or "als credit" in mail.body.lower()
    link = link_in(mail)
    assert link.startswith("https://innen.example.nl/account/invitation/")
    client.logout()

    page = client.get(path_of(link))
    assert page.status_code == 200
    assert "Kies een wachtwoord" in page.content.decode() or "wachtwoord" in page.content.decode()
    response = accept(client, path_of(link))
    assert response["Location"] == reverse("home")

    client.logout()
    signed_in = client.post(
        reverse("login"), {"username": "dirk@example.nl", "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302
    home = client.get(reverse("home"))
    assert home.context["membership"].role == Role.CONTROLLER
    assert home.context["organisation"] == org
    kinds = list(MemberEvent.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == [MemberEventKind.INVITED, MemberEventKind.JOINED]


def test_the_email_is_in_english_for_an_english_organisation(client, alice, org, mailoutbox):
    org.default_language = "en"
    org.save()
    invite(client, alice)
    assert mailoutbox[0].subject == "Invitation to Alice B.V. in innen"


def test_the_stored_invitation_holds_no_working_token(client, alice, mailoutbox):
    invite(client, alice)
    token = path_of(link_in(mailoutbox[0])).rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get()
    assert token not in invitation.token_hash
    assert invitation.token_hash == members.token_hash(token)


def test_a_weak_password_is_refused_and_nobody_joins(client, alice, mailoutbox):
    invite(client, alice)
    client.logout()
    response = accept(client, path_of(link_in(mailoutbox[0])), password="1234")
    assert response.status_code == 400
    assert "Dit wachtwoord is te kort" in response.content.decode()
    assert not User.objects.filter(username="dirk@example.nl").exists()
    assert Invitation.objects.get().accepted_at is None


def test_a_used_link_is_refused_and_changes_nothing(client, alice, mailoutbox):
    invite(client, alice)
    path = path_of(link_in(mailoutbox[0]))
    client.logout()
    accept(client, path)
    client.logout()
    response = accept(client, path, password="een-ander-wachtwoord-9")
    assert response.status_code == 410
    assert "al gebruikt" in response.content.decode()
    user = User.objects.get(username="dirk@example.nl")
    assert user.check_password(NEW_PASSWORD)


def test_the_database_lets_an_invitation_be_used_once(alice, org):
    _invitation, token = members.invitation_create(
        organisation=org, email="dirk@example.nl", role=Role.VIEWER, invited_by=alice
    )
    members.invitation_accept_new(token=token, password=NEW_PASSWORD)
    with pytest.raises(members.InvitationRefused) as refused:
        members.invitation_accept_new(token=token, password=NEW_PASSWORD)
    assert refused.value.reason is members.Refusal.USED
    assert Membership.objects.filter(organisation=org).count() == 2


def test_an_expired_link_is_refused_and_changes_nothing(client, alice, mailoutbox):
    invite(client, alice)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.logout()
    path = path_of(link_in(mailoutbox[0]))
    assert client.get(path).status_code == 410
    response = accept(client, path)
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    assert not User.objects.filter(username="dirk@example.nl").exists()


def test_an_invitation_is_valid_for_seven_days(alice, org):
    invitation, _token = members.invitation_create(
        organisation=org, email="dirk@example.nl", role=Role.VIEWER, invited_by=alice
    )
    assert invitation.expires_at - invitation.created_at < timedelta(days=7, seconds=5)
    assert invitation.expires_at - invitation.created_at > timedelta(days=7, seconds=-5)


def test_a_forged_link_is_refused(client, alice, mailoutbox):
    invite(client, alice)
    client.logout()
    path = path_of(link_in(mailoutbox[0]))
    forged = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    response = accept(client, forged)
    assert response.status_code == 404
    assert "niet geldig" in response.content.decode()
    assert client.get(reverse("invitation", args=["made-up"])).status_code == 404
    assert not User.objects.filter(username="dirk@example.nl").exists()


def test_a_withdrawn_invitation_no_longer_opens(client, alice, mailoutbox):
    invite(client, alice)
    invitation = Invitation.objects.get()
    client.post(reverse("invitation-revoke", args=[invitation.pk]))
    client.logout()
    response = client.get(path_of(link_in(mailoutbox[0])))
    assert response.status_code == 410
    assert "ingetrokken" in response.content.decode()


def test_a_new_invitation_replaces_the_open_one(client, alice, mailoutbox):
    invite(client, alice)
    invite(client, alice, role=Role.VIEWER)
    client.logout()
    assert client.get(path_of(link_in(mailoutbox[0]))).status_code == 410
    accept(client, path_of(link_in(mailoutbox[1])))
    assert Membership.objects.get(user__username="dirk@example.nl").role == Role.VIEWER


def test_a_member_is_not_invited_again(client, alice, bob, mailoutbox):
    bob.email = "bob@example.nl"
    bob.save()
    response = invite(client, alice, email="BOB@example.nl")
    assert response.status_code == 400
    assert "is al lid" in response.content.decode()
    assert mailoutbox == []
    assert not Invitation.objects.exists()


def test_an_invitation_that_cannot_be_mailed_is_not_made(client, alice, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
    response = invite(client, alice)
    assert response.status_code == 400
    assert "niemand is uitgenodigd" in response.content.decode()
    assert not Invitation.objects.exists()
    assert not MemberEvent.objects.exists()


def test_someone_with_an_account_joins_after_signing_in(client, alice, org, mailoutbox):
    other = User.objects.create_user("erik@example.nl", password=PASSWORD)
    invite(client, alice, email="erik@example.nl", role=Role.VIEWER)
    client.logout()
    path = path_of(link_in(mailoutbox[0]))
    page = client.get(path)
    assert reverse("login") in page.content.decode()
    client.force_login(other)
    assert client.post(path)["Location"] == reverse("home")
    assert Membership.objects.get(user=other, organisation=org).role == Role.VIEWER


def test_someone_signed_in_as_another_user_cannot_use_the_link(client, alice, carol, mailoutbox):
    invite(client, alice)
    client.force_login(carol)
    path = path_of(link_in(mailoutbox[0]))
    assert "iemand anders" in client.get(path).content.decode()
    client.post(path)
    assert Invitation.objects.get().accepted_at is None


def test_when_the_organisation_requires_two_factors_the_newcomer_sets_up_an_app_first(
    client, alice, org, mailoutbox
):
    org.require_two_factor = True
    org.save()
    sign_in_verified(client, alice)
    client.post(reverse("member-invite"), {"email": "dirk@example.nl", "role": Role.VIEWER})
    assert "authenticator" in mailoutbox[0].body
    client.logout()
    response = accept(client, path_of(link_in(mailoutbox[0])))
    assert response["Location"].startswith(reverse("two-factor-setup"))
    assert client.get(reverse("home"))["Location"].startswith(reverse("two-factor-setup"))
    setup = client.get(reverse("two-factor-setup"))
    assert setup.status_code == 200
    device = TOTPDevice.objects.get(user__username="dirk@example.nl")
    client.post(reverse("two-factor-setup"), {"code": app_code(device)})
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("member", ["bob", "carol"])
def test_controllers_and_viewers_may_not_invite(client, member, request, mailoutbox):
    client.force_login(request.getfixturevalue(member))
    response = client.post(reverse("member-invite"), {"email": "x@example.nl", "role": Role.OWNER})
    assert response.status_code == 403
    assert mailoutbox == []
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("email", ["not-an-address", "x" * 140 + "@example.nl"])
def test_a_bad_address_is_refused_and_nobody_is_invited(client, alice, mailoutbox, email):
    response = invite(client, alice, email=email)
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert mailoutbox == []
    assert not Invitation.objects.exists()
