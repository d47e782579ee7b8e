"""Who belongs to an organisation: invitations, joining, roles and removal.

Every change writes a `MemberEvent` in the same transaction, so the members page can say
who invited, promoted or removed whom, and when. An organisation always keeps an owner.
"""

import hashlib
import secrets
from datetime import datetime, timedelta
from enum import Enum

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from innen.accounts.models import Invitation, MemberEvent, MemberEventKind
from innen.organisations.models import Membership, Organisation, Role

# Long enough to reach someone back from a week off, short enough that a forgotten
# e-mail in an old mailbox no longer opens the organisation.
INVITATION_DAYS = 7

LAST_OWNER = gettext_lazy(
    "An organisation keeps at least one owner: make someone else owner first."
)


class Refusal(Enum):
    """Why an invitation link does not open."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"


class InvitationRefused(Exception):
    def __init__(self, reason: Refusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now(now: datetime | None) -> datetime:
    return now if now is not None else timezone.now()


def _name(user: User | None) -> str:
    return user.get_username() if user is not None else ""


def _record(
    organisation: Organisation,
    kind: MemberEventKind,
    *,
    actor: User | None,
    subject: str,
    now: datetime,
    before: str = "",
    after: str = "",
) -> None:
    MemberEvent.objects.create(
        organisation=organisation,
        occurred_at=now,
        kind=kind,
        actor=actor,
        actor_name=_name(actor),
        subject=subject,
        role_before=before,
        role_after=after,
    )


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of the roles.")})


def account_for(email: str) -> User | None:
    """The existing account an invitation to `email` is for, if there is one."""
    return (
        User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email))
        .order_by("pk")
        .first()
    )


@transaction.atomic
def invitation_create(
    *,
    organisation: Organisation,
    email: str,
    role: str,
    invited_by: User,
    now: datetime | None = None,
) -> tuple[Invitation, str]:
    """Make an invitation and return it with the token for its link (never stored).

    An earlier invitation to the same address still open is withdrawn: only the newest
    link works.
    """
    now = _now(now)
    email = email.strip().lower()
    _check_role(role)
    existing = account_for(email)
    if existing is not None and existing.memberships.filter(organisation=organisation).exists():
        raise ValidationError({"email": _("%(email)s is already a member.") % {"email": email}})
    Invitation.objects.filter(
        organisation=organisation, email=email, accepted_at=None, revoked_at=None
    ).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=token_hash(token),
        invited_by=invited_by,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    _record(
        organisation, MemberEventKind.INVITED, actor=invited_by, subject=email, now=now, after=role
    )
    return invitation, token


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: User, now: datetime | None = None) -> bool:
    """Withdraw an invitation not yet used; return whether it was still open."""
    now = _now(now)
    withdrawn = Invitation.objects.filter(
        pk=invitation.pk, accepted_at=None, revoked_at=None
    ).update(revoked_at=now)
    if withdrawn:
        _record(
            invitation.organisation,
            MemberEventKind.INVITATION_REVOKED,
            actor=actor,
            subject=invitation.email,
            now=now,
            after=invitation.role,
        )
    return bool(withdrawn)


def invitation_open(token: str, now: datetime | None = None) -> Invitation:
    """The invitation a link's token opens, or `InvitationRefused` saying why not."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None:
        raise InvitationRefused(Refusal.UNKNOWN)
    if invitation.accepted_at is not None:
        raise InvitationRefused(Refusal.USED)
    if invitation.revoked_at is not None:
        raise InvitationRefused(Refusal.REVOKED)
    if invitation.expires_at <= _now(now):
        raise InvitationRefused(Refusal.EXPIRED)
    return invitation


def _claim(token: str, now: datetime) -> Invitation:
    """Mark the invitation used; of two requests with one link, only one gets here."""
    invitation = invitation_open(token, now)
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at=None, revoked_at=None, expires_at__gt=now
    ).update(accepted_at=now)
    if claimed != 1:
        raise InvitationRefused(Refusal.USED)
    return invitation


def _join(invitation: Invitation, user: User, now: datetime) -> Membership:
    if Membership.objects.filter(user=user, organisation=invitation.organisation).exists():
        raise ValidationError(_("You are already a member of this organisation."))
    Invitation.objects.filter(pk=invitation.pk).update(accepted_by=user)
    membership = Membership.objects.create(
        user=user, organisation=invitation.organisation, role=invitation.role
    )
    _record(
        invitation.organisation,
        MemberEventKind.JOINED,
        actor=user,
        subject=user.get_username(),
        now=now,
        after=invitation.role,
    )
    return membership


@transaction.atomic
def invitation_accept_new(*, token: str, password: str, now: datetime | None = None) -> User:
    """A new user: their account, named by the invited address, with the chosen password."""
    now = _now(now)
    invitation = _claim(token, now)
    if account_for(invitation.email) is not None:
        raise ValidationError(_("There is already an account for this address: sign in first."))
    user = User.objects.create_user(invitation.email, email=invitation.email, password=password)
    _join(invitation, user, now)
    return user


@transaction.atomic
def invitation_accept_existing(
    *, token: str, user: User, now: datetime | None = None
) -> Membership:
    """Someone who already has an account (in another organisation) joins this one too."""
    now = _now(now)
    invitation = _claim(token, now)
    return _join(invitation, user, now)


def _keep_an_owner(locked: Membership) -> None:
    """Refuse when `locked` is its organisation's only owner."""
    # Lock every owner row, so two owners stepping down at once cannot both succeed.
    owners = Membership.objects.select_for_update().filter(
        organisation_id=locked.organisation_id, role=Role.OWNER
    )
    if len(owners.values_list("pk", flat=True)) <= 1:
        raise ValidationError({"role": LAST_OWNER})


@transaction.atomic
def membership_role_change(
    *, membership: Membership, role: str, actor: User | None = None, now: datetime | None = None
) -> Membership:
    """Give a member another role; the organisation's last owner keeps theirs."""
    _check_role(role)
    locked = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    before = locked.role
    if before == role:
        return locked
    if before == Role.OWNER:
        _keep_an_owner(locked)
    locked.role = role
    locked.save(update_fields=["role"])
    _record(
        locked.organisation,
        MemberEventKind.ROLE_CHANGED,
        actor=actor,
        subject=locked.user.get_username(),
        now=_now(now),
        before=before,
        after=role,
    )
    return locked


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User, now: datetime | None = None) -> None:
    """Take a member out of the organisation; never its last owner, never oneself."""
    locked = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    if locked.user_id == actor.pk:
        raise ValidationError(_("You cannot remove yourself: ask another owner."))
    if locked.role == Role.OWNER:
        _keep_an_owner(locked)
    locked.delete()
    _record(
        locked.organisation,
        MemberEventKind.REMOVED,
        actor=actor,
        subject=locked.user.get_username(),
        now=_now(now),
        before=locked.role,
    )
