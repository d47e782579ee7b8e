"""The owner's page for API tokens: list them, make one (shown once), revoke one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from innen.api.models import ApiToken, Scope
from innen.api.tokens import api_token_create, api_token_revoke
from innen.organisations.decorators import organisation_required, owners_only
from innen.organisations.requests import organisation_of, signed_in_user


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What uses it, e.g. the accounting package."),
    )
    scope = forms.ChoiceField(
        label=_("Scope"), choices=Scope.choices, initial=Scope.READ, widget=forms.RadioSelect
    )


@never_cache
@organisation_required
@owners_only("web/forbidden.html")
def token_list(request: HttpRequest) -> HttpResponse:
    """The organisation's tokens; a POST makes a new one and shows its secret this once."""
    form = TokenForm(request.POST or None)
    created = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created = api_token_create(
                    organisation=organisation_of(request),
                    name=form.cleaned_data["name"],
                    scope=form.cleaned_data["scope"],
                    created_by=signed_in_user(request),
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
        if created is None:
            status = 400
        else:
            form = TokenForm()
    tokens = ApiToken.objects.filter(organisation=organisation_of(request)).select_related(
        "created_by"
    )
    context = {"tokens": tokens, "form": form, "created": created}
    return render(request, "api/tokens.html", context, status=status)


@require_POST
@organisation_required
@owners_only("web/forbidden.html")
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, organisation=organisation_of(request), pk=pk)
    api_token_revoke(token)
    messages.success(
        request, gettext("Token %(name)s is revoked: it no longer works.") % {"name": token.name}
    )
    return redirect("api-tokens")
