"""The invitation e-mail: the link to join, in the organisation's language.

Account e-mail goes straight through Django's configured e-mail backend, not through the
outbox: it is not a message to a customer and has no dossier.
"""

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from innen.accounts.models import Invitation


def invitation_link(token: str) -> str:
    """The link in the e-mail, on the public address the site is reached at (SITE_URL)."""
    return f"{settings.SITE_URL.rstrip('/')}{reverse('invitation', args=[token])}"


def send_invitation(invitation: Invitation, token: str, inviter: User) -> None:
    organisation = invitation.organisation
    with translation.override(organisation.default_language):
        context = {
            "organisation": organisation.name,
            "inviter": inviter.get_full_name() or inviter.get_username(),
            "role": invitation.get_role_display(),
            "link": invitation_link(token),
            "until": date_format(timezone.localtime(invitation.expires_at), "j F Y, H:i"),
            "two_factor": organisation.require_two_factor,
        }
        # One line: a line break in a header would be refused by Django (BadHeaderError).
        subject = " ".join(
            render_to_string("accounts/email/invitation_subject.txt", context).split()
        )
        body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
