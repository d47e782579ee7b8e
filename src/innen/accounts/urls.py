"""Pages under /account/: the second sign-in step, one's own security, owners' pages."""

from django.urls import URLPattern, URLResolver, path

from innen.accounts import (
    invitation_views,
    member_views,
    organisation_views,
    signin_views,
    two_factor_views,
)

urlpatterns: list[URLPattern | URLResolver] = [
    path("two-factor/verify/", signin_views.verify, name="two-factor-verify"),
    path("two-factor/", two_factor_views.overview, name="two-factor"),
    path("two-factor/setup/", two_factor_views.setup, name="two-factor-setup"),
    path(
        "two-factor/recovery-codes/",
        two_factor_views.recovery_codes_new,
        name="two-factor-recovery-codes",
    ),
    path("two-factor/remove/", two_factor_views.remove, name="two-factor-remove"),
    path("members/", member_views.members, name="members"),
    path("members/invite/", member_views.member_invite, name="member-invite"),
    path("members/<int:pk>/role/", member_views.member_role, name="member-role"),
    path("members/<int:pk>/remove/", member_views.member_remove, name="member-remove"),
    path(
        "invitations/<int:pk>/withdraw/",
        member_views.invitation_revoke,
        name="invitation-revoke",
    ),
    path("invitation/<str:token>/", invitation_views.accept, name="invitation"),
    path("organisation/security/", organisation_views.security, name="organisation-security"),
]
