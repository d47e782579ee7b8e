"""Telling an organisation's owners that a connection needs them (sign in again).

Like the invitation, this is account e-mail: straight through Django's e-mail backend, in
the organisation's language. The connection's page shows the same state.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from innen.connections.models import Connection
from innen.organisations.models import Role


def sign_in_needed(connection: Connection) -> int:
    """E-mail every owner that `connection` must be connected again; how many were told."""
    owners = [
        m.user.email
        for m in connection.organisation.memberships.filter(role=Role.OWNER).select_related("user")
        if m.user.email
    ]
    if not owners:
        return 0
    link = f"{settings.SITE_URL.rstrip('/')}{reverse('connections')}"
    with translation.override(connection.organisation.default_language):
        package = connection.get_kind_display()
        subject = _("%(package)s needs you to sign in again") % {"package": package}
        body = _(
            "innen can no longer read your invoices from %(package)s: the sign-in was "
            "withdrawn or has expired. Until you connect again, innen's ledger does not "
            "follow %(package)s. Connect again here: %(link)s"
        ) % {"package": package, "link": link}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, owners)
    return len(owners)
