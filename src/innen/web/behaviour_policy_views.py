"""The policy per behaviour segment, on the policies page: an organisation's setting.

A customer without a policy of its own or its segment's follows the policy chosen here for its
behaviour segment (computed daily, `innen.predictions.behaviours`), else the default. Every
member sees the choices; only owners change them, through
`innen.collection.behaviour.behaviour_policy_set` (one dossier event per change).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from innen.collection.behaviour import behaviour_policies, behaviour_policy_set
from innen.collection.behaviour_variants import recommended_policies_install
from innen.collection.models import Policy
from innen.dossier.record import actor_name
from innen.ledger.models import CustomerKind
from innen.organisations.decorators import organisation_required
from innen.organisations.models import Organisation
from innen.organisations.requests import is_owner, organisation_of, signed_in_user
from innen.risk.segments import DESCRIPTIONS, LABELS, Behaviour

OWNERS_ONLY_PAGE = "web/policy_owners_only.html"


@dataclass(frozen=True)
class Choice:
    """One select: the policy for customers of `kind` in a behaviour segment."""

    field: str
    kind_label: str
    options: list[tuple[int, str]]
    selected: int | None


@dataclass(frozen=True)
class BehaviourRow:
    behaviour: str
    label: str
    description: str
    choices: list[Choice]


def behaviour_rows(organisation: Organisation) -> list[BehaviourRow]:
    """Each behaviour segment with, per kind of customer, the policies to choose from."""
    chosen = behaviour_policies(organisation)
    policies = list(Policy.objects.filter(organisation=organisation).order_by("name"))
    rows = []
    for behaviour in Behaviour:
        choices = [
            Choice(
                f"behaviour-{behaviour.value}-{kind.value}",
                str(kind.label),
                [(p.pk, p.name) for p in policies if p.customer_kind == kind],
                chosen.get((behaviour.value, kind.value)),
            )
            for kind in CustomerKind
        ]
        rows.append(
            BehaviourRow(
                behaviour.value,
                gettext(LABELS[behaviour]),
                gettext(DESCRIPTIONS[behaviour]),
                choices,
            )
        )
    return rows


@require_POST
@organisation_required
def behaviour_policies_save(request: HttpRequest) -> HttpResponse:
    """Store the policy chosen per behaviour segment and kind, or make and choose the
    recommended ones (owners only)."""
    if not is_owner(request):
        return render(request, OWNERS_ONLY_PAGE, status=403)
    organisation = organisation_of(request)
    policies = {p.pk: p for p in Policy.objects.filter(organisation=organisation)}
    actor = actor_name(signed_in_user(request))
    if request.POST.get("action") == "recommended":
        made = recommended_policies_install(organisation, timezone.localdate(), actor=actor)
        messages.success(
            request,
            gettext("%(count)s recommended policies chosen for behaviour segments.")
            % {"count": len(made)},
        )
        return redirect("policies")
    refused = False
    for behaviour in Behaviour:
        for kind in CustomerKind:
            value = request.POST.get(f"behaviour-{behaviour.value}-{kind.value}", "")
            policy = policies.get(int(value)) if value.isdigit() else None
            try:
                behaviour_policy_set(
                    organisation=organisation,
                    behaviour=behaviour,
                    customer_kind=kind.value,
                    policy=policy,
                    today=timezone.localdate(),
                    actor=actor,
                )
            except ValidationError as refusal:
                refused = True
                for problem in refusal.messages:
                    messages.error(request, problem)
    if not refused:
        messages.success(request, gettext("The policies per behaviour segment are saved."))
    return redirect("policies")
