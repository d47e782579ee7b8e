"""Pages under /account/: the second sign-in step, one's own security, owners' pages."""

from django.urls import URLPattern, URLResolver, path

from innen.accounts import organisation_views, signin_views, two_factor_views

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
    path("members/", organisation_views.members, name="members"),
    path("members/<int:pk>/role/", organisation_views.member_role, name="member-role"),
    path("organisation/security/", organisation_views.security, name="organisation-security"),
]
