from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasefileConfig(AppConfig):
    """The case file built from the dossier: timeline, claim and export (no models)."""

    name = "innen.casefile"
    verbose_name = _("Case file")
