"""Collection in /admin/: the settings to edit, what happened only to read.

Policies and their steps are edited here on purpose (an unlawful ladder is refused before it
is stored), as are segment policies, a customer's own policy and excluded invoices. Holds,
messages, actions and runs are what happened: they change only through the services, which
write the dossier events (`innen.readonly_admin`).
"""

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from innen.collection.models import (
    Action,
    CustomerCollection,
    Hold,
    InvoiceExclusion,
    Message,
    Policy,
    PolicyChange,
    PolicyStep,
    Run,
    SegmentPolicy,
)
from innen.collection.policies import step_to_domain
from innen.dunning.checks import policy_problems
from innen.dunning.policy import CustomerKind, LateStart
from innen.dunning.policy import Policy as DomainPolicy
from innen.readonly_admin import ReadOnlyAdmin, ReadOnlyInline


class PolicyStepFormSet(BaseInlineFormSet[PolicyStep, Policy, ModelForm[PolicyStep]]):
    """Refuse, before anything is stored, a ladder the law does not allow."""

    def clean(self) -> None:
        super().clean()
        rows = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if any(form.errors for form in self.forms):
            return
        try:
            steps = tuple(
                step_to_domain(PolicyStep(**{k: v for k, v in row.items() if k in STEP_FIELDS}))
                for row in sorted(rows, key=lambda row: row["position"])
            )
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
        parent = self.instance
        domain = DomainPolicy(
            name=parent.name,
            customer_kind=CustomerKind(parent.customer_kind),
            steps=steps,
            skip_passed_steps=parent.skip_passed_steps,
            late_start=LateStart(parent.late_start),
        )
        problems = policy_problems(domain)
        if problems:
            raise ValidationError([str(problem) for problem in problems])

    def save_new(self, form: ModelForm[PolicyStep], commit: bool = True) -> PolicyStep:
        # A step is its policy's organisation's, which the form does not offer to choose.
        form.instance.organisation_id = self.instance.organisation_id
        return super().save_new(form, commit)


STEP_FIELDS = {
    "position",
    "kind",
    "name",
    "offset_days",
    "anchor",
    "day_count",
    "min_open_amount",
    "channels",
    "pay_term_days",
    "claims_costs",
    "claims_interest",
    "needs_approval",
}


class PolicyStepInline(admin.TabularInline[PolicyStep, Policy]):
    model = PolicyStep
    formset = PolicyStepFormSet
    exclude = ["organisation"]
    extra = 0
    ordering = ["position"]


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin[Policy]):
    list_display = ["name", "customer_kind", "is_default", "organisation"]
    list_filter = ["organisation", "customer_kind"]
    inlines = [PolicyStepInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A policy never moves to another organisation: its steps are in its messages.
        return ["organisation"] if obj is not None else []


@admin.register(PolicyChange)
class PolicyChangeAdmin(ReadOnlyAdmin):
    list_display = ["policy", "changed_at", "changed_by", "organisation"]
    list_filter = ["organisation"]


@admin.register(SegmentPolicy)
class SegmentPolicyAdmin(admin.ModelAdmin[SegmentPolicy]):
    list_display = ["segment", "customer_kind", "policy", "organisation"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["organisation"] if obj is not None else []


@admin.register(CustomerCollection)
class CustomerCollectionAdmin(admin.ModelAdmin[CustomerCollection]):
    list_display = ["customer", "policy", "excluded", "organisation"]
    raw_id_fields = ["customer"]
    exclude = ["organisation"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Its organisation is its customer's, and a row never moves to another one.
        return ["customer"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.organisation_id = obj.customer.organisation_id
        super().save_model(request, obj, form, change)


@admin.register(InvoiceExclusion)
class InvoiceExclusionAdmin(admin.ModelAdmin[InvoiceExclusion]):
    list_display = ["invoice", "reason", "created_at", "organisation"]
    raw_id_fields = ["invoice"]
    exclude = ["organisation"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Its organisation is its invoice's, and a row never moves to another one.
        return ["invoice"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.organisation_id = obj.invoice.organisation_id
        super().save_model(request, obj, form, change)


@admin.register(Hold)
class HoldAdmin(ReadOnlyAdmin):
    list_display = ["customer", "invoice", "reason", "starts_on", "ends_on"]
    list_filter = ["organisation", "reason"]
    raw_id_fields = ["customer", "invoice"]


class ActionInline(ReadOnlyInline):
    model = Action
    fields = ("invoice", "kind", "scheduled_on", "pay_before", "open_amount", "status")


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["customer", "kind", "decided_on", "status", "channels"]
    list_filter = ["organisation", "status", "kind"]
    raw_id_fields = ["customer"]
    inlines = [ActionInline]


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ["invoice", "kind", "scheduled_on", "decided_on", "status"]
    list_filter = ["organisation", "kind", "status"]
    raw_id_fields = ["invoice", "message"]


@admin.register(Run)
class RunAdmin(ReadOnlyAdmin):
    list_display = [
        "organisation",
        "run_date",
        "dry_run",
        "batches_total",
        "started_at",
        "finished_at",
    ]
