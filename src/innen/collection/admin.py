from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet

from innen.collection.models import (
    Action,
    CustomerCollection,
    Hold,
    InvoiceExclusion,
    Message,
    Policy,
    PolicyStep,
    Run,
    SegmentPolicy,
)
from innen.collection.policies import step_to_domain
from innen.dunning.checks import policy_problems
from innen.dunning.policy import CustomerKind
from innen.dunning.policy import Policy as DomainPolicy


class PolicyStepFormSet(BaseInlineFormSet):
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
        )
        problems = policy_problems(domain)
        if problems:
            raise ValidationError([str(problem) for problem in problems])


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


class PolicyStepInline(admin.TabularInline):
    model = PolicyStep
    formset = PolicyStepFormSet
    extra = 0
    ordering = ["position"]


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ["name", "customer_kind", "is_default", "organisation"]
    list_filter = ["organisation", "customer_kind"]
    inlines = [PolicyStepInline]


@admin.register(SegmentPolicy)
class SegmentPolicyAdmin(admin.ModelAdmin):
    list_display = ["segment", "customer_kind", "policy", "organisation"]


@admin.register(CustomerCollection)
class CustomerCollectionAdmin(admin.ModelAdmin):
    list_display = ["customer", "policy", "excluded"]
    raw_id_fields = ["customer"]


@admin.register(InvoiceExclusion)
class InvoiceExclusionAdmin(admin.ModelAdmin):
    list_display = ["invoice", "reason", "created_at"]
    raw_id_fields = ["invoice"]


@admin.register(Hold)
class HoldAdmin(admin.ModelAdmin):
    list_display = ["customer", "invoice", "reason", "starts_on", "ends_on"]
    list_filter = ["organisation", "reason"]
    raw_id_fields = ["customer", "invoice"]


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ("invoice", "kind", "scheduled_on", "pay_before", "open_amount", "status")
    readonly_fields = fields
    can_delete = False


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["customer", "kind", "decided_on", "status", "channels"]
    list_filter = ["organisation", "status", "kind"]
    raw_id_fields = ["customer"]
    inlines = [ActionInline]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["invoice", "kind", "scheduled_on", "decided_on", "status"]
    list_filter = ["organisation", "kind", "status"]
    raw_id_fields = ["invoice", "message"]


@admin.register(Run)
class RunAdmin(admin.ModelAdmin):
    list_display = ["organisation", "run_date", "dry_run", "started_at", "finished_at"]
    readonly_fields = ["summary"]
