"""One row per rate change of the statutory (art. 6:119 BW) and commercial (6:119a) tables.

Rows are never changed once a letter or an export used them: a correction is a new row for
the same table and day that names the row it replaces and why (`innen.rates.services`).
The tables are the same for every organisation: they are the law, not a setting.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Table(models.TextChoices):
    STATUTORY = "statutory", _("Statutory interest (art. 6:119 BW)")
    COMMERCIAL = "commercial", _("Commercial interest (art. 6:119a BW)")


class InterestRate(models.Model):
    table = models.CharField(_("table"), max_length=10, choices=Table.choices)
    effective = models.DateField(_("in force from"))
    rate = models.DecimalField(_("rate (% per year)"), max_digits=5, decimal_places=2)
    source = models.CharField(
        _("source"), max_length=500, help_text=_("Where it was published, e.g. Stb. 2026, 123")
    )
    confirmed = models.BooleanField(
        _("confirmed"), default=True, help_text=_("Off when no primary source was found")
    )
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    reason = models.CharField(_("reason for the correction"), max_length=500, blank=True)
    added_by = models.CharField(_("added by"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    first_used_on = models.DateField(
        _("first used on"),
        null=True,
        blank=True,
        help_text=_("The first day a letter or an export used it; from then it is read-only"),
    )

    class Meta:
        verbose_name = _("interest rate")
        verbose_name_plural = _("interest rates")
        ordering = ["table", "effective", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rate__gte=0, rate__lt=100), name="rate_a_percentage"
            ),
            models.UniqueConstraint(
                fields=["table", "effective"],
                condition=models.Q(replaces__isnull=True),
                name="one_original_rate_per_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_table_display()} {self.effective.isoformat()}: {self.rate}%"
