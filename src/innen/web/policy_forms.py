"""The policy editor's forms: the policy's settings and its steps (a formset, one form a step).

They only read what was typed; whether the ladder may be used, and whether the change keeps
what was already done, is for `innen.collection.policy_edit` to say.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from innen import dunning
from innen.collection.models import (
    Anchor,
    Channel,
    DayCount,
    LateStart,
    Policy,
    PolicyStep,
    SegmentPolicy,
    StepKind,
)
from innen.collection.policy_edit import PolicyEdit
from innen.dunning.policy import CustomerKind
from innen.money import ZERO

STEP_FIELDS = (
    "kind",
    "name",
    "offset_days",
    "anchor",
    "day_count",
    "channels",
    "pay_term_days",
    "min_open_amount",
    "claims_interest",
    "claims_costs",
    "needs_approval",
)


class PolicyForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)
    is_default = forms.BooleanField(
        label=_("default"),
        required=False,
        help_text=_("Used for every customer of its kind by default."),
    )
    segments = forms.CharField(
        label=_("segments"),
        required=False,
        max_length=2000,
        help_text=_(
            "Customers of these segments (comma-separated) follow this policy; a customer's"
            " own policy comes first."
        ),
    )
    skip_passed_steps = forms.BooleanField(
        label=_("skip steps whose moment passed"),
        required=False,
        help_text=_("After a pause, go straight to the step that is due now."),
    )
    late_start = forms.ChoiceField(
        label=_("an invoice that arrives overdue starts"), choices=LateStart.choices
    )
    min_days_between_messages = forms.IntegerField(
        label=_("days between messages"),
        min_value=0,
        max_value=365,
        help_text=_(
            "The run sends a customer no second message within this many days; "
            "a 14-day letter or other legal letter is never held back."
        ),
    )

    def clean_segments(self) -> frozenset[str]:
        text: str = self.cleaned_data.get("segments", "")
        segments = frozenset(part.strip() for part in text.split(",") if part.strip())
        too_long = [segment for segment in segments if len(segment) > 50]
        if too_long:
            raise forms.ValidationError(
                _("A segment has at most 50 characters: %(segment)s"),
                params={"segment": too_long[0]},
            )
        return segments


class StepForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("kind"), choices=StepKind.choices)
    name = forms.CharField(label=_("name"), max_length=100)
    offset_days = forms.IntegerField(label=_("days"), min_value=-365, max_value=365)
    anchor = forms.ChoiceField(label=_("counted"), choices=Anchor.choices)
    day_count = forms.ChoiceField(label=_("day count"), choices=DayCount.choices)
    channels = forms.MultipleChoiceField(
        label=_("channels"),
        choices=Channel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pay_term_days = forms.IntegerField(
        label=_("new pay-before term (days)"), required=False, min_value=0, max_value=365
    )
    min_open_amount = forms.DecimalField(
        label=_("minimum open amount"),
        required=False,
        min_value=ZERO,
        max_digits=12,
        decimal_places=2,
        localize=True,
    )
    claims_interest = forms.BooleanField(label=_("claims interest"), required=False)
    claims_costs = forms.BooleanField(label=_("claims collection costs"), required=False)
    needs_approval = forms.BooleanField(label=_("needs approval"), required=False)

    def has_changed(self) -> bool:
        """A new row left without a name and days adds no step, whatever its lists show: a
        browser posts the first choice of each list and the boxes as they stand."""
        left_empty = not self["id"].value() and not self["name"].value()
        if left_empty and self["offset_days"].value() in (None, ""):
            return False
        return super().has_changed()

    def step(self) -> dunning.policy.Step:
        data = self.cleaned_data
        return dunning.policy.Step(
            kind=dunning.policy.StepKind(data["kind"]),
            name=data["name"],
            offset_days=data["offset_days"],
            anchor=dunning.policy.Anchor(data["anchor"]),
            day_count=dunning.policy.DayCount(data["day_count"]),
            min_open_amount=Decimal(data["min_open_amount"] or ZERO),
            channels=frozenset(dunning.policy.Channel(c) for c in data["channels"]),
            pay_term_days=data["pay_term_days"],
            claims_costs=data["claims_costs"],
            claims_interest=data["claims_interest"],
            needs_approval=data["needs_approval"],
        )


StepFormSet = forms.formset_factory(
    StepForm, extra=1, can_order=True, can_delete=True, max_num=30, validate_max=True
)


def policy_initial(policy: Policy) -> dict[str, Any]:
    segments = SegmentPolicy.objects.filter(policy=policy).order_by("segment")
    return {
        "name": policy.name,
        "is_default": policy.is_default,
        "segments": ", ".join(segments.values_list("segment", flat=True)),
        "skip_passed_steps": policy.skip_passed_steps,
        "late_start": policy.late_start,
        "min_days_between_messages": policy.min_days_between_messages,
    }


def steps_initial(policy: Policy) -> list[dict[str, Any]]:
    steps: list[PolicyStep] = list(policy.steps.order_by("position"))
    return [
        {"id": step.pk, "ORDER": number, **{name: getattr(step, name) for name in STEP_FIELDS}}
        for number, step in enumerate(steps, start=1)
    ]


def bound_forms(policy: Policy, data: Any) -> tuple[PolicyForm, Any]:
    """The policy form and the steps formset as posted."""
    return PolicyForm(data), StepFormSet(data, prefix="steps", initial=steps_initial(policy))


def unbound_forms(policy: Policy) -> tuple[PolicyForm, Any]:
    return PolicyForm(initial=policy_initial(policy)), StepFormSet(
        prefix="steps", initial=steps_initial(policy)
    )


def edit_from(policy: Policy, form: PolicyForm, steps: Any) -> PolicyEdit:
    """The change valid forms ask for, steps in the order given (removed ones left out)."""
    data = form.cleaned_data
    ordered: list[StepForm] = list(steps.ordered_forms)
    domain = dunning.policy.Policy(
        name=data["name"],
        customer_kind=CustomerKind(policy.customer_kind),
        steps=tuple(step_form.step() for step_form in ordered),
        skip_passed_steps=data["skip_passed_steps"],
        late_start=dunning.policy.LateStart(data["late_start"]),
        min_days_between_messages=data["min_days_between_messages"],
    )
    return PolicyEdit(
        domain=domain,
        step_ids=tuple(step_form.cleaned_data.get("id") for step_form in ordered),
        segments=data["segments"],
        is_default=data["is_default"],
    )


class PolicyChoice(forms.ModelChoiceField[Policy]):
    def label_from_instance(self, obj: Policy) -> str:
        return f"{obj.name} ({obj.get_customer_kind_display()})"


class PolicyNewForm(forms.Form):
    """A new policy: its name, the policy whose ladder it starts from, and a segment."""

    name = forms.CharField(label=_("name"), max_length=100)
    source = PolicyChoice(
        label=_("Start from"),
        queryset=Policy.objects.none(),
        empty_label=None,
        help_text=_("The new policy starts as a copy of this ladder; change it afterwards."),
    )
    segment = forms.CharField(
        label=_("segment"),
        max_length=50,
        required=False,
        help_text=_(
            "Customers of this segment (of the policy's kind) follow the new policy; empty: "
            "no one yet."
        ),
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        policies = Policy.objects.filter(organisation=organisation).order_by(
            "-is_default", "customer_kind", "name"
        )
        field = self.fields["source"]
        assert isinstance(field, PolicyChoice)
        field.queryset = policies
        default = policies.filter(is_default=True, customer_kind=CustomerKind.BUSINESS.value)
        self.fields["source"].initial = default.values_list("pk", flat=True).first()
