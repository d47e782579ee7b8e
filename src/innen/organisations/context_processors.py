from django.http import HttpRequest

from innen.organisations.models import Membership
from innen.organisations.requests import membership_of, organisation_or_none


def current_organisation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    memberships = (
        Membership.objects.filter(user=user).select_related("organisation")
        if user is not None and user.is_authenticated
        else Membership.objects.none()
    )
    return {
        "organisation": organisation_or_none(request),
        "membership": membership_of(request),
        "memberships": memberships,
    }
