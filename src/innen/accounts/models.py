"""Invitations to join an organisation, and the record of who changed its members.

An invitation's link carries a random token; only its SHA-256 is stored, so the table
does not hold a working link. `accepted_at` and `revoked_at` make it single-use: the
acceptance is a conditional update that only one request can win (see `members`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innen.organisations.models import Organisation, Role


class Invitation(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            # Used or withdrawn, never both: the one that happened first stands.
            models.CheckConstraint(
                condition=models.Q(accepted_at__isnull=True) | models.Q(revoked_at__isnull=True),
                name="invitation_used_or_revoked",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} @ {self.organisation} ({self.role})"


class MemberEventKind(models.TextChoices):
    INVITED = "invited", _("Invited")
    INVITATION_REVOKED = "invitation_revoked", _("Invitation withdrawn")
    JOINED = "joined", _("Joined")
    ROLE_CHANGED = "role_changed", _("Role changed")
    REMOVED = "removed", _("Removed")


class MemberEvent(models.Model):
    """One change to who belongs to an organisation and with what role; appended only.

    Names are copied in, so the record still reads right after a user is gone.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="member_events"
    )
    occurred_at = models.DateTimeField(_("when"))
    kind = models.CharField(_("event"), max_length=30, choices=MemberEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_name = models.CharField(_("by"), max_length=254)
    subject = models.CharField(_("member"), max_length=254)
    role_before = models.CharField(max_length=20, choices=Role.choices, blank=True)
    role_after = models.CharField(max_length=20, choices=Role.choices, blank=True)

    class Meta:
        verbose_name = _("member event")
        verbose_name_plural = _("member events")
        indexes = [models.Index(fields=["organisation", "-occurred_at"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.kind} {self.subject}"
