"""Owners' pages: the organisation's members, their roles, invitations and removal."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from innen.accounts import members as services
from innen.accounts.forms import InviteForm, RoleForm
from innen.accounts.invitation_mail import send_invitation
from innen.accounts.models import Invitation, MemberEvent
from innen.organisations.decorators import organisation_required, owner_required
from innen.organisations.models import Membership
from innen.organisations.requests import organisation_of, signed_in_user

RECENT_EVENTS = 20


def _page(request: HttpRequest, invite_form: InviteForm, status: int = 200) -> HttpResponse:
    organisation = organisation_of(request)
    rows = (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__username")
    )
    with_app = set(
        TOTPDevice.objects.filter(
            confirmed=True, user__memberships__organisation=organisation
        ).values_list("user_id", flat=True)
    )
    pending = Invitation.objects.filter(
        organisation=organisation,
        accepted_at=None,
        revoked_at=None,
        expires_at__gt=timezone.now(),
    ).order_by("email")
    context = {
        "rows": [(m, m.user_id in with_app, RoleForm(initial={"role": m.role})) for m in rows],
        "organisation": organisation,
        "invite_form": invite_form,
        "days": services.INVITATION_DAYS,
        "pending": pending,
        "events": MemberEvent.objects.filter(organisation=organisation).order_by(
            "-occurred_at", "-pk"
        )[:RECENT_EVENTS],
    }
    return render(request, "accounts/members.html", context, status=status)


@organisation_required
@owner_required
def members(request: HttpRequest) -> HttpResponse:
    return _page(request, InviteForm())


@require_POST
@organisation_required
@owner_required
def member_invite(request: HttpRequest) -> HttpResponse:
    """Invite by e-mail; when the e-mail cannot be sent, no invitation is left behind."""
    form = InviteForm(request.POST)
    if form.is_valid():
        inviter = signed_in_user(request)
        try:
            with transaction.atomic():
                invitation, token = services.invitation_create(
                    organisation=organisation_of(request),
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    invited_by=inviter,
                )
                send_invitation(invitation, token, inviter)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except OSError:
            form.add_error(None, _("The e-mail could not be sent; nobody was invited. Try again."))
        else:
            messages.success(
                request,
                _("An invitation went to %(email)s.") % {"email": invitation.email},
            )
            return redirect("members")
    return _page(request, form, status=400)


@require_POST
@organisation_required
@owner_required
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, organisation=organisation_of(request), pk=pk)
    if services.invitation_revoke(invitation=invitation, actor=signed_in_user(request)):
        messages.success(
            request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email}
        )
    return redirect("members")


@require_POST
@organisation_required
@owner_required
def member_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, organisation=organisation_of(request), pk=pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles."))
        return redirect("members")
    try:
        changed = services.membership_role_change(
            membership=membership, role=form.cleaned_data["role"], actor=signed_in_user(request)
        )
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(user)s is now %(role)s.")
            % {"user": changed.user.get_username(), "role": changed.get_role_display()},
        )
    return redirect("members")


@require_POST
@organisation_required
@owner_required
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("user"), organisation=organisation_of(request), pk=pk
    )
    try:
        services.membership_remove(membership=membership, actor=signed_in_user(request))
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(user)s is no longer a member.") % {"user": membership.user.get_username()},
        )
    return redirect("members")
