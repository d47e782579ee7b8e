"""What `CurrentOrganisationMiddleware` puts on a request, and the one way views read it.

Every organisation-scoped view reads its organisation and the user's role through these
helpers, never from the URL, and filters every query by the organisation.
"""

from typing import cast

from django.contrib.auth.models import User
from django.http import HttpRequest

from innen.organisations.models import Membership, Organisation


class OrganisationRequest(HttpRequest):
    """A request as the middleware leaves it; for typing only, Django never makes one.

    Both are None for a visitor who is signed out or a member of no organisation.
    """

    organisation: Organisation | None
    membership: Membership | None


def as_organisation_request(request: HttpRequest) -> OrganisationRequest:
    return cast(OrganisationRequest, request)


def organisation_or_none(request: HttpRequest) -> Organisation | None:
    """The organisation if the user is a member of one, else None (signed out, or no member)."""
    # getattr: a request that never passed the middleware (a bare test request) has neither.
    return cast(Organisation | None, getattr(request, "organisation", None))


def organisation_of(request: HttpRequest) -> Organisation:
    """The organisation of a request that passed `organisation_required` (so never None)."""
    organisation = organisation_or_none(request)
    if organisation is None:
        raise PermissionError("this view needs an organisation")
    return organisation


def membership_of(request: HttpRequest) -> Membership | None:
    return cast(Membership | None, getattr(request, "membership", None))


def can_write(request: HttpRequest) -> bool:
    """Whether the user may act here (owner or credit controller), not only view."""
    membership = membership_of(request)
    return membership is not None and membership.can_write


def is_owner(request: HttpRequest) -> bool:
    membership = membership_of(request)
    return membership is not None and membership.is_owner


def signed_in_user(request: HttpRequest) -> User:
    """The user of a request that passed `organisation_required` (so never anonymous)."""
    if not isinstance(request.user, User):
        raise PermissionError("this view needs a signed-in user")
    return request.user
