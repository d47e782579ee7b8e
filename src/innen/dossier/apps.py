from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossierConfig(AppConfig):
    name = "innen.dossier"
    verbose_name = _("Dossier")
