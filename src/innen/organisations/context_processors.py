from django.http import HttpRequest

from innen.organisations.models import Membership


def current_organisation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    memberships = (
        Membership.objects.filter(user=user).select_related("organisation")
        if user is not None and user.is_authenticated
        else Membership.objects.none()
    )
    return {
        "organisation": getattr(request, "organisation", None),
        "membership": getattr(request, "membership", None),
        "memberships": memberships,
    }
