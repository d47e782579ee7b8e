"""The rate tables in /admin/: add a rate or a correction; a row is read-only once in use.

Every save goes through `innen.rates.services`, so the admin keeps the rules of
`innen law rates add`: the change days, no unknown half-year in between, a reason for a
correction. Nothing is deleted: a wrong row is corrected by a new one.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone

from innen.rates.models import InterestRate
from innen.rates.services import (
    RateError,
    check_amendable,
    rate_amend,
    rates_add,
    rates_check,
)

FIELD_OF_ERROR = {"from": "effective", "consumer": "rate", "commercial": "rate"}


class InterestRateForm(forms.ModelForm[InterestRate]):
    class Meta:
        model = InterestRate
        fields = ["table", "effective", "rate", "source", "confirmed", "reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            if self.instance.pk is None:
                rates_check(
                    effective=data["effective"],
                    rates={data["table"]: data["rate"]},
                    source=data.get("source", ""),
                    confirmed=data.get("confirmed", True),
                    reason=data.get("reason", ""),
                )
            else:
                check_amendable(InterestRate.objects.get(pk=self.instance.pk), data["rate"])
        except RateError as exc:
            field = FIELD_OF_ERROR.get(exc.field, exc.field)
            self.add_error(field if field in self.fields else None, exc.message)
        return data


@admin.register(InterestRate)
class InterestRateAdmin(admin.ModelAdmin[InterestRate]):
    form = InterestRateForm
    list_display = [
        "table",
        "effective",
        "rate",
        "confirmed",
        "source",
        "replaces",
        "first_used_on",
        "added_by",
    ]
    list_filter = ["table", "confirmed"]
    search_fields = ["source", "reason"]
    ordering = ["table", "-effective", "-pk"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["added_by", "created_at", "first_used_on"]
        return [
            "table",
            "effective",
            "reason",
            "replaces",
            "added_by",
            "created_at",
            "first_used_on",
        ]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A row in force or used by a letter or an export is corrected by a new row.
        if obj is not None and (
            obj.first_used_on is not None or obj.effective <= timezone.localdate()
        ):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: InterestRate, form: Any, change: bool) -> None:
        if change:
            rate_amend(row=obj, rate=obj.rate, source=obj.source, confirmed=obj.confirmed)
            return
        (row,) = rates_add(
            effective=obj.effective,
            rates={obj.table: obj.rate},
            source=obj.source,
            confirmed=obj.confirmed,
            reason=obj.reason,
            added_by=f"admin: {request.user}",
        )
        obj.pk = row.pk
