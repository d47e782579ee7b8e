"""The recommended ladders per behaviour segment, made as policies an owner can then edit.

For each default policy and each behaviour with a recommended variant
(`innen.dunning.variants`: an earlier call with a plan offer for "in trouble", a friendlier
reminder sooner for "forgetful", no call for "punctual"), a policy is made from the default
(once, by name) and chosen for that behaviour where nothing was chosen yet. While an
experiment runs, its control group keeps the plain policy (`innen.collection.experiment`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.db import transaction
from django.utils.translation import gettext

from innen.collection.behaviour import behaviour_policies, behaviour_policy_set
from innen.collection.models import Policy
from innen.collection.policies import policy_create, policy_to_domain
from innen.dossier.record import SYSTEM
from innen.dunning.variants import VARIED, recommended
from innen.organisations.models import Organisation
from innen.risk.segments import LABELS, Behaviour


@transaction.atomic
def recommended_policies_install(
    organisation: Organisation, today: date, *, actor: str = SYSTEM
) -> list[Policy]:
    """Make the recommended policies (those not made yet) and choose each for its behaviour
    where no policy was chosen; returns the policies chosen now."""
    chosen = behaviour_policies(organisation)
    installed = []
    for default in Policy.objects.filter(organisation=organisation, is_default=True):
        base = policy_to_domain(default)
        for behaviour in VARIED:
            variant = recommended(base, behaviour)
            if variant is base or (behaviour, default.customer_kind) in chosen:
                continue
            name = f"{default.name}: {gettext(LABELS[Behaviour(behaviour)])}"[:100]
            policy = Policy.objects.filter(organisation=organisation, name=name).first()
            if policy is None:
                policy = policy_create(
                    organisation=organisation, domain=replace(variant, name=name)
                )
            behaviour_policy_set(
                organisation=organisation,
                behaviour=Behaviour(behaviour),
                customer_kind=default.customer_kind,
                policy=policy,
                today=today,
                actor=actor,
            )
            installed.append(policy)
    return installed
